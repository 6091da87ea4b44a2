// The retry policy: what to retry, how long to wait, when to stop.
export { DEFAULT_RETRY_POLICY, maxRetriesFor, resolveRetryPolicy, type RetryPolicy } from './policy';
export { parseRetryAfter, RETRY_AFTER_LIMIT_MS, type ParsedRetryAfter } from './retry-after';
export { decideRetry, type RandomSource, type RetryDecision } from './decide';
