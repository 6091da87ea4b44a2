import { randomBytes } from 'node:crypto';
import type { RateLimit } from '../../core/send/rate-limit';
import { rateLimited } from '../faults';
import type { MockContext, MockReply, MockRequest } from '../types';

/** First value of a request header (case-insensitive name), trimmed; undefined when absent. */
export function header(req: MockRequest, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined ? undefined : s.trim();
}

/** True for keys the mock treats as revoked or wrong: any key containing `invalid` or `revoked`. */
export function badKey(key: string): boolean {
  return /invalid|revoked/i.test(key);
}

/** Applies a request budget: null when the request may proceed, else the API's 429 with Retry-After. */
export function throttle(apiId: string, req: MockRequest, ctx: MockContext, limitName: string, scopeKey: string, fallback: RateLimit): MockReply | null {
  const wait = ctx.counter.take(`${limitName}|${scopeKey}`, ctx.limit(limitName, fallback));
  if (!wait) return null;
  return rateLimited(apiId, req, Math.max(1, Math.ceil(wait / 1000)));
}

/** A random lower-case hex string of `n` characters. */
export function hex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** Splits a path into non-empty segments. */
export function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** ISO timestamp without milliseconds, as the pages' examples show. */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
