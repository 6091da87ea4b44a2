import type { Classification } from '../classify/types';
import { formatDuration } from '../text/format';
import { maxRetriesFor, type RetryPolicy } from './policy';

/** A source of uniform random numbers in [0, 1) (inject a fixed one in tests). */
export type RandomSource = () => number;

/** The outcome of `decideRetry`: wait `delayMs` (ms) and send again, or stop, each with a reason for people. */
export type RetryDecision =
  | { retry: true; delayMs: number; reason: string; source: 'retry-after' | 'documented-fallback' | 'backoff' }
  | { retry: false; reason: string };

/**
 * Decides whether to send again after `attempt` (1-based: 1 is the first send) produced `c`. Pure:
 * the same inputs and random source give the same answer. Backoff is "full jitter": a uniform wait in
 * [0, min(maxBackoffMs, baseDelayMs × 2^(attempt−1))). A Retry-After above `maxRetryAfterMs` stops (or
 * is clamped when the policy says `clamp`).
 */
export function decideRetry(attempt: number, c: Classification, policy: RetryPolicy, random: RandomSource = Math.random): RetryDecision {
  const n = Number.isFinite(attempt) && attempt >= 1 ? Math.floor(attempt) : 1;
  if (c.category === 'success') return { retry: false, reason: 'the request succeeded' };
  if (c.category === 'partial-success') return { retry: false, reason: 'part of the batch was accepted; resending all of it would duplicate the accepted items' };
  if (c.category === 'redirect') return { retry: false, reason: 'a redirect is followed or fixed in the URL, not retried' };
  if (!c.retryable) return { retry: false, reason: `${c.category} answers do not change on a resend` };
  if (c.status === null) {
    if (!policy.retryNetworkTimeouts) return { retry: false, reason: 'the policy does not retry network failures' };
  } else if (!policy.retryStatuses.includes(c.category === 'rate-limited' ? 429 : c.status)) {
    return { retry: false, reason: `the policy does not retry HTTP ${c.status}` };
  }
  const limit = maxRetriesFor(policy, c.status);
  if (n > limit) {
    return { retry: false, reason: limit === 0 ? 'the policy allows no retries' : `gave up after ${limit} ${limit === 1 ? 'retry' : 'retries'}` };
  }
  if (c.retryAfterMs !== null && policy.honourRetryAfter) {
    const asked = Math.max(0, c.retryAfterMs);
    const from = c.retryAfterSource === 'header' ? 'Retry-After' : c.retryAfterSource === 'rate-limit-header' ? 'RateLimit-Reset' : 'the answer';
    if (asked > policy.maxRetryAfterMs) {
      if (policy.retryAfterOverMax === 'stop') {
        return { retry: false, reason: `${from} asks for ${formatDuration(asked)}, more than the ${formatDuration(policy.maxRetryAfterMs)} maximum wait` };
      }
      return { retry: true, delayMs: policy.maxRetryAfterMs, reason: `${from} asks for ${formatDuration(asked)}; waiting the ${formatDuration(policy.maxRetryAfterMs)} maximum`, source: 'retry-after' };
    }
    return { retry: true, delayMs: asked, reason: `${from} asks for ${formatDuration(asked)}`, source: 'retry-after' };
  }
  if (c.category === 'rate-limited' && policy.rateLimitFallbackMs !== null) {
    const ms = Math.min(policy.rateLimitFallbackMs, policy.maxRetryAfterMs);
    return { retry: true, delayMs: ms, reason: `no Retry-After; the API's documented wait is ${formatDuration(policy.rateLimitFallbackMs)}`, source: 'documented-fallback' };
  }
  const windowMs = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** (n - 1));
  let r = Number(random());
  if (!Number.isFinite(r) || r < 0) r = 0;
  if (r >= 1) r = 1 - Number.EPSILON;
  const delayMs = Math.floor(r * windowMs);
  return { retry: true, delayMs, reason: `retry ${n} of ${limit}: backoff with jitter, ${formatDuration(delayMs)} of a ${formatDuration(windowMs)} window`, source: 'backoff' };
}
