/** How an API wants failed requests retried; every duration is in milliseconds. */
export interface RetryPolicy {
  /** HTTP statuses worth sending again (e.g. 429 and the 5xx family the API documents). */
  retryStatuses: number[];
  /** Most retries after the first attempt (3 means at most 4 attempts). */
  maxRetries: number;
  /** Per-status override of `maxRetries`, keyed by the status as a string (QR Studio: `{ "500": 1 }`). */
  maxRetriesByStatus?: Record<string, number>;
  /** First backoff window in ms; retry n waits a random time in [0, base × 2^(n−1)) ("full jitter"). */
  baseDelayMs: number;
  /** Upper bound in ms of one backoff window, whatever the attempt number. */
  maxBackoffMs: number;
  /** True when a `Retry-After` (header or body hint) decides the wait instead of backoff. */
  honourRetryAfter: boolean;
  /** Longest `Retry-After` wait in ms an automatic retry accepts (default 60,000). */
  maxRetryAfterMs: number;
  /** What to do when the API asks for a longer wait than `maxRetryAfterMs`: give up (`stop`) or wait the maximum (`clamp`). */
  retryAfterOverMax: 'stop' | 'clamp';
  /** Wait in ms for a rate-limit answer that names no delay, when the API documents one; null: use backoff. */
  rateLimitFallbackMs: number | null;
  /** True when time-outs and dropped connections (no answer at all) are retried with backoff. */
  retryNetworkTimeouts: boolean;
}

/** The policy used when no API profile matched: 408, 429 and 5xx gateway/server statuses, 3 retries, 1 s base, full jitter, Retry-After up to 60 s. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  retryStatuses: [408, 429, 500, 502, 503, 504],
  maxRetries: 3,
  baseDelayMs: 1000,
  maxBackoffMs: 30_000,
  honourRetryAfter: true,
  maxRetryAfterMs: 60_000,
  retryAfterOverMax: 'stop',
  rateLimitFallbackMs: null,
  retryNetworkTimeouts: true,
});

/** Returns a full policy from a partial one, filling gaps from `base` (default: `DEFAULT_RETRY_POLICY`); negative or non-finite numbers fall back too. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> | null | undefined, base: Readonly<RetryPolicy> = DEFAULT_RETRY_POLICY): RetryPolicy {
  const p = partial ?? {};
  const num = (v: unknown, d: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : d);
  return {
    retryStatuses: Array.isArray(p.retryStatuses) ? p.retryStatuses.filter((s) => Number.isInteger(s)) : [...base.retryStatuses],
    maxRetries: Math.floor(num(p.maxRetries, base.maxRetries)),
    maxRetriesByStatus: p.maxRetriesByStatus ?? (base.maxRetriesByStatus ? { ...base.maxRetriesByStatus } : undefined),
    baseDelayMs: num(p.baseDelayMs, base.baseDelayMs),
    maxBackoffMs: num(p.maxBackoffMs, base.maxBackoffMs),
    honourRetryAfter: typeof p.honourRetryAfter === 'boolean' ? p.honourRetryAfter : base.honourRetryAfter,
    maxRetryAfterMs: num(p.maxRetryAfterMs, base.maxRetryAfterMs),
    retryAfterOverMax: p.retryAfterOverMax === 'clamp' || p.retryAfterOverMax === 'stop' ? p.retryAfterOverMax : base.retryAfterOverMax,
    rateLimitFallbackMs: p.rateLimitFallbackMs === undefined || (p.rateLimitFallbackMs !== null && num(p.rateLimitFallbackMs, -1) < 0) ? base.rateLimitFallbackMs : p.rateLimitFallbackMs,
    retryNetworkTimeouts: typeof p.retryNetworkTimeouts === 'boolean' ? p.retryNetworkTimeouts : base.retryNetworkTimeouts,
  };
}

/** Most retries the policy allows after an answer with this status (null status: a network failure). */
export function maxRetriesFor(policy: RetryPolicy, status: number | null): number {
  if (status !== null && policy.maxRetriesByStatus) {
    const v = policy.maxRetriesByStatus[String(status)];
    if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  }
  return policy.maxRetries;
}
