import { sendRequest, type SendHooks } from '../send/send';
import type { SendResult } from '../send/types';
import type { SendClassification } from '../send/wire';
import type { ClassifyPlan } from './classify';
import type { PipelineIO, RunItem } from './io';
import type { Prepared } from './prepare';
import type { SendSession } from './session';

/**
 * Send step: puts the request on the wire with the session's pool, body limits, cookie jar and rate
 * limiter, the plan's retry policy and idempotency header, reporting progress to `io`. Never throws
 * for transport problems (they are in `result.error`).
 */
export function sendStep(session: SendSession, item: RunItem, prepared: Prepared, c: ClassifyPlan, io: PipelineIO): Promise<SendResult<SendClassification>> {
  const { plan } = c;
  const p = io.progress;
  const hooks: SendHooks<SendClassification> = {};
  if (p?.attemptStart) hooks.onAttemptStart = (n) => p.attemptStart?.(item, n, prepared.method);
  if (p?.rateLimitWait) hooks.onRateLimitWait = (ms) => p.rateLimitWait?.(item, ms, plan.rateLimit?.label ?? 'the documented rate limit');
  if (p?.retryWait) hooks.onRetryWait = (ms, reason, next) => p.retryWait?.(item, ms, reason, next);
  // Left out when nobody draws it: the hook would cost a call per body chunk.
  if (p?.bytes) hooks.onProgress = (bytes, total) => p.bytes?.(item, bytes, total);
  return sendRequest<SendClassification>(
    prepared,
    {
      pool: session.pool,
      ...(io.signal ? { signal: io.signal } : {}),
      classifier: c.classifier,
      retry: c.retry,
      rateLimit: plan.rateLimit ? { limiter: session.limiter, key: plan.rateLimit.key, limit: plan.rateLimit.limit } : null,
      cookieJar: prepared.useCookieJar ? session.jar : null,
      idempotencyKeyHeader: plan.idempotencyKeyHeader,
      limits: session.settings.limits,
    },
    hooks,
  );
}
