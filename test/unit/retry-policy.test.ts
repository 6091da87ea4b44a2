import { strict as assert } from 'node:assert';
import { classifyError, classifyResponse } from '../../src/core/classify/classify';
import { KNOWN_APIS, profileById } from '../../src/core/classify/known-apis';
import type { Classification } from '../../src/core/classify/types';
import { decideRetry } from '../../src/core/retry/decide';
import { DEFAULT_RETRY_POLICY, maxRetriesFor, resolveRetryPolicy } from '../../src/core/retry/policy';
import { parseRetryAfter } from '../../src/core/retry/retry-after';
import { formatDuration } from '../../src/core/text/format';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const fixed = (r: number) => () => r;

function answer(status: number, headers: Record<string, string> = {}, body?: unknown, profile?: string): Classification {
  return classifyResponse({
    status,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
    profile: profile ? profileById(profile) : null,
    now: NOW,
  });
}

describe('retry: parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    assert.deepEqual(parseRetryAfter('12', NOW), { ms: 12000, kind: 'seconds', reason: null });
    assert.equal(parseRetryAfter('  0 ', NOW).ms, 0);
  });
  it('reads the three HTTP date forms relative to now', () => {
    assert.equal(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', NOW).ms, 30000);
    assert.equal(parseRetryAfter('Sunday, 01-Mar-26 12:01:00 GMT', NOW).ms, 60000);
    assert.equal(parseRetryAfter('Sun Mar  1 12:00:05 2026', NOW).ms, 5000);
  });
  it('ignores a negative value with a reason', () => {
    const r = parseRetryAfter('-5', NOW);
    assert.equal(r.ms, null);
    assert.match(r.reason!, /negative/);
  });
  it('ignores garbage with a reason', () => {
    for (const v of ['banana', '12s', '', '   ', 'Mon, 99 Foo 2026 12:00:00 GMT']) {
      const r = parseRetryAfter(v, NOW);
      assert.equal(r.ms, null, v);
      assert.ok(r.reason, v);
    }
    assert.equal(parseRetryAfter(undefined, NOW).ms, null);
  });
  it('gives 0 for a date in the past, with a reason', () => {
    const r = parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', NOW);
    assert.equal(r.ms, 0);
    assert.match(r.reason!, /past/);
  });
  it('caps absurd waits at a year and notes fractional seconds', () => {
    assert.equal(parseRetryAfter('99999999999', NOW).ms, 365 * 24 * 3600 * 1000);
    const f = parseRetryAfter('1.5', NOW);
    assert.equal(f.ms, 1500);
    assert.match(f.reason!, /whole number/);
  });
  it('takes the first of several comma-joined values', () => {
    const r = parseRetryAfter('12, 30', NOW);
    assert.equal(r.ms, 12000);
    assert.match(r.reason!, /several/);
  });
});

describe('retry: decideRetry', () => {
  it('honours Retry-After on 429 exactly', () => {
    const c = answer(429, { 'Retry-After': '12' });
    const d = decideRetry(1, c, DEFAULT_RETRY_POLICY, fixed(0.99));
    assert.deepEqual(d.retry && [d.delayMs, d.source], [12000, 'retry-after']);
  });
  it('stops when Retry-After is above the maximum, or clamps when told to', () => {
    const c = answer(429, { 'Retry-After': '3600' });
    const stop = decideRetry(1, c, DEFAULT_RETRY_POLICY, fixed(0));
    assert.equal(stop.retry, false);
    assert.match(stop.reason, /1 h.*more than the 1 min maximum/);
    const clamp = decideRetry(1, c, resolveRetryPolicy({ retryAfterOverMax: 'clamp', maxRetryAfterMs: 5000 }), fixed(0));
    assert.deepEqual(clamp.retry && clamp.delayMs, 5000);
  });
  it('uses full-jitter exponential backoff from 1 s for 5xx', () => {
    const c = answer(500);
    const at = (attempt: number, r: number) => {
      const d = decideRetry(attempt, c, DEFAULT_RETRY_POLICY, fixed(r));
      assert.ok(d.retry, d.reason);
      return d.delayMs;
    };
    assert.equal(at(1, 0.5), 500);
    assert.equal(at(2, 0.5), 1000);
    assert.equal(at(3, 0.5), 2000);
    assert.equal(at(1, 0), 0);
    assert.equal(at(3, 0.999999), 3999);
  });
  it('gives up after 3 retries', () => {
    const d = decideRetry(4, answer(503), DEFAULT_RETRY_POLICY, fixed(0.5));
    assert.equal(d.retry, false);
    assert.match(d.reason, /gave up after 3 retries/);
  });
  it('retries a QR Studio 500 once only', () => {
    const qs = KNOWN_APIS.qrstudio.retry;
    const c = answer(500, {}, { detail: 'Render engine failure.' }, 'qrstudio');
    assert.equal(decideRetry(1, c, qs, fixed(0.5)).retry, true);
    const second = decideRetry(2, c, qs, fixed(0.5));
    assert.equal(second.retry, false);
    assert.match(second.reason, /1 retry/);
    // …while a 503 there keeps the usual three.
    assert.equal(decideRetry(3, answer(503, {}, undefined, 'qrstudio'), qs, fixed(0.5)).retry, true);
    assert.equal(maxRetriesFor(qs, 500), 1);
    assert.equal(maxRetriesFor(qs, 503), 3);
  });
  it('uses the documented 60 s when a tracking 429 names no wait', () => {
    const c = answer(429, {}, { detail: 'Rate limit exceeded' }, 'scanova-tracking');
    const d = decideRetry(1, c, KNOWN_APIS['scanova-tracking'].retry, fixed(0.5));
    assert.deepEqual(d.retry && [d.delayMs, d.source], [60000, 'documented-fallback']);
  });
  it('never retries the statuses the pages say to fix first', () => {
    for (const s of [400, 401, 402, 403, 404, 409, 413, 422, 426]) {
      const d = decideRetry(1, answer(s), DEFAULT_RETRY_POLICY, fixed(0.5));
      assert.equal(d.retry, false, String(s));
    }
  });
  it('does not retry a monthly-quota 429 even with a Retry-After', () => {
    const c = answer(429, { 'Retry-After': '5' }, { detail: "Monthly quota of 5 exceeded for plan 'free'." }, 'qrstudio');
    assert.equal(c.category, 'plan-limit');
    assert.equal(decideRetry(1, c, KNOWN_APIS.qrstudio.retry, fixed(0)).retry, false);
  });
  it('does not retry success, partial success or redirects', () => {
    assert.equal(decideRetry(1, answer(200), DEFAULT_RETRY_POLICY).retry, false);
    assert.equal(decideRetry(1, answer(302, { location: '/x' }), DEFAULT_RETRY_POLICY).retry, false);
    const partial = answer(200, {}, { created: [{}], errors: [{ index: 1, errors: [{ field: 'url', message: 'URL is required' }] }] });
    assert.equal(partial.category, 'partial-success');
    assert.match((decideRetry(1, partial, DEFAULT_RETRY_POLICY) as { reason: string }).reason, /duplicate/);
  });
  it('respects a policy that leaves a status out (Scantrust 429, Scanova management 502)', () => {
    assert.equal(answer(429, { 'Retry-After': '5' }, undefined, 'scantrust').retryable, false);
    assert.equal(answer(502, {}, undefined, 'scanova-management').retryable, false);
    const c = answer(502);
    assert.equal(decideRetry(1, c, resolveRetryPolicy({ retryStatuses: [500] }), fixed(0)).retry, false);
  });
  it('retries time-outs and resets but not refused connections', () => {
    const timeout = classifyError(Object.assign(new Error('connect timed out'), { code: 'UND_ERR_CONNECT_TIMEOUT' }));
    const reset = classifyError(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }));
    const refused = classifyError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }));
    assert.equal(decideRetry(1, timeout, DEFAULT_RETRY_POLICY, fixed(0.5)).retry, true);
    assert.equal(decideRetry(1, reset, DEFAULT_RETRY_POLICY, fixed(0.5)).retry, true);
    assert.equal(decideRetry(1, refused, DEFAULT_RETRY_POLICY, fixed(0.5)).retry, false);
    assert.equal(decideRetry(1, timeout, resolveRetryPolicy({ retryNetworkTimeouts: false }), fixed(0.5)).retry, false);
  });
  it('is deterministic for a given random source and sane for odd inputs', () => {
    const c = answer(503);
    const a = decideRetry(2, c, DEFAULT_RETRY_POLICY, fixed(0.25));
    const b = decideRetry(2, c, DEFAULT_RETRY_POLICY, fixed(0.25));
    assert.deepEqual(a, b);
    for (const r of [NaN, -1, 1, 7]) {
      const d = decideRetry(1, c, DEFAULT_RETRY_POLICY, fixed(r));
      assert.ok(d.retry && d.delayMs >= 0 && d.delayMs < 1000, `${r}: ${JSON.stringify(d)}`);
    }
    const d0 = decideRetry(0, c, DEFAULT_RETRY_POLICY, fixed(0.5));
    assert.ok(d0.retry && d0.delayMs === 500);
  });
  it('caps a backoff window at maxBackoffMs', () => {
    const p = resolveRetryPolicy({ maxRetries: 10, maxBackoffMs: 4000 });
    const d = decideRetry(8, answer(500), p, fixed(0.5));
    assert.ok(d.retry && d.delayMs === 2000);
  });
});

describe('retry: policies', () => {
  it('fills gaps and rejects nonsense values', () => {
    const p = resolveRetryPolicy({ maxRetries: -1, baseDelayMs: Number.NaN, rateLimitFallbackMs: -3 });
    assert.equal(p.maxRetries, 3);
    assert.equal(p.baseDelayMs, 1000);
    assert.equal(p.rateLimitFallbackMs, null);
    assert.equal(p.maxRetryAfterMs, 60000);
  });
  it('matches what the pages document per API', () => {
    assert.deepEqual(KNOWN_APIS['scanova-management'].retry.retryStatuses, [429, 500]);
    assert.deepEqual(KNOWN_APIS['scanova-tracking'].retry.retryStatuses, [429, 500, 502, 503, 504]);
    assert.deepEqual(KNOWN_APIS.qrstudio.retry.maxRetriesByStatus, { '500': 1 });
    for (const p of Object.values(KNOWN_APIS)) {
      assert.equal(p.retry.baseDelayMs, 1000, p.id);
      assert.equal(p.retry.maxRetries, 3, p.id);
      assert.ok(p.retry.retryNetworkTimeouts, p.id);
    }
  });
  it('formats durations for advice', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(12000), '12 s');
    assert.equal(formatDuration(1500), '1.5 s');
    assert.equal(formatDuration(120000), '2 min');
    assert.equal(formatDuration(3 * 3600000 + 5 * 60000), '3 h 5 min');
  });
});
