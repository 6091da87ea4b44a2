// Hostile and broken answers: the classifier must return a sane classification quickly and never throw.
import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { classifyResponse, normalizeHeaders, parseRateLimitFields } from '../../src/core/classify/classify';
import { MAX_BODY_BYTES } from '../../src/core/classify/body';
import { classifierProfileFrom } from '../../src/core/classify/from-profile';
import { profileForUrl } from '../../src/core/classify/known-apis';
import { dottedSegments, pointerForField } from '../../src/core/classify/pointer';
import { ERROR_CATEGORIES, type Classification } from '../../src/core/classify/types';
import { readXmlError } from '../../src/core/classify/xml';
import { builtinProfiles } from '../../src/core/profiles/load';

function sane(c: Classification): void {
  assert.ok(ERROR_CATEGORIES.includes(c.category), c.category);
  assert.equal(typeof c.retryable, 'boolean');
  assert.ok(c.retryAfterMs === null || (Number.isFinite(c.retryAfterMs) && c.retryAfterMs >= 0));
  assert.ok(typeof c.message === 'string' && c.message.length > 0 && c.message.length <= 500);
  assert.ok(typeof c.advice === 'string' && c.advice.length > 0);
  assert.ok(Array.isArray(c.fieldErrors) && Array.isArray(c.itemErrors));
  // The result must survive JSON output unchanged.
  assert.deepEqual(JSON.parse(JSON.stringify(c)), c);
}

describe('classify: bad input', () => {
  it('reads only the first MiB of a huge JSON body and still finds the error', () => {
    const big = Buffer.concat([Buffer.from('{"error": {"code": "VALIDATION_ERROR", "message": "Invalid input", "fields": [{"field": "url", "message": "URL is required"}]}, "blob": "'), Buffer.alloc(5 * MAX_BODY_BYTES, 0x61), Buffer.from('"}')]);
    const c = classifyResponse({ status: 400, headers: { 'content-type': 'application/json' }, body: big });
    sane(c);
    assert.equal(c.category, 'validation');
    assert.equal(c.code, 'VALIDATION_ERROR');
    assert.deepEqual(c.fieldErrors.map((f) => f.pointer), ['/url']);
    assert.ok(c.notes.some((n) => /first MiB/.test(n)));
  });

  it('accepts a body the caller already cut short, and a huge string body', () => {
    const c = classifyResponse({ status: 422, headers: { 'content-type': 'application/json' }, body: '{"detail": [{"loc": ["body", "name"], "msg": "required", "type": "missing"}], "more": [1, 2, 3', bodyTruncated: true });
    sane(c);
    assert.deepEqual(c.fieldErrors.map((f) => f.pointer), ['/name']);
    const s = classifyResponse({ status: 500, headers: {}, body: 'x'.repeat(3 * MAX_BODY_BYTES) });
    sane(s);
    assert.equal(s.category, 'server');
  });

  it('salvages a JSON preview cut at 1 MiB, or shorter than its Content-Length, without being told', () => {
    const full = Buffer.concat([Buffer.from('{"detail": [{"loc": ["body", "events", 2, "event_name"], "msg": "field required", "type": "missing"}], "echo": "'), Buffer.alloc(2 * MAX_BODY_BYTES, 0x62)]);
    const c = classifyResponse({ status: 422, headers: { 'content-type': 'application/json' }, body: full.subarray(0, MAX_BODY_BYTES) });
    assert.deepEqual(c.fieldErrors.map((f) => f.pointer), ['/events/2/event_name']);
    assert.ok(c.notes.some((n) => /cut short/.test(n)), JSON.stringify(c.notes));
    const short = '{"error": {"code": "VALIDATION_ERROR", "message": "Invalid input", "fields": [{"field": "url", "message": "URL is required"}]}, "extra": [1, 2';
    const d = classifyResponse({ status: 400, headers: { 'content-type': 'application/json', 'content-length': '5000' }, body: short });
    assert.equal(d.code, 'VALIDATION_ERROR');
    assert.deepEqual(d.fieldErrors.map((f) => f.pointer), ['/url']);
  });

  it('returns quickly for pathological bodies (deep nesting, unclosed tags, many keys)', () => {
    const bodies: Array<[string, string]> = [
      ['application/json', '['.repeat(MAX_BODY_BYTES)],
      ['application/json', '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)],
      ['application/json', JSON.stringify({ errors: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`field_${i}`, ['bad']])) })],
      ['application/json', JSON.stringify({ errors: Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [String(i), 'bad'])) })],
      ['text/html', '<title'.repeat(150_000)],
      ['text/html', '<'.repeat(MAX_BODY_BYTES)],
      ['text/plain', 'a'.repeat(MAX_BODY_BYTES)],
      ['', '\u0000\u0001\u0002'.repeat(1000)],
    ];
    for (const [ct, body] of bodies) {
      const t0 = process.hrtime.bigint();
      const c = classifyResponse({ status: 400, headers: { 'content-type': ct }, body });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      sane(c);
      // Not a speed target (that is the benchmark's job): a guard against a hang.
      assert.ok(ms < 5000, `${ct} ${body.slice(0, 20)}… took ${ms} ms`);
    }
  });

  it('caps kept errors at 1,000 so a runaway answer cannot flood the editor', () => {
    const c = classifyResponse({ status: 422, headers: {}, body: JSON.stringify({ errors: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [String(i), 'bad'])) }) });
    assert.equal(c.itemErrors.length, 1000);
  });

  it('treats an invalid status as a server error with a note', () => {
    for (const status of [0, -1, 42, 600, 1.5, Number.NaN]) {
      const c = classifyResponse({ status, headers: {}, body: null });
      sane(c);
      assert.equal(c.category, 'server');
      assert.ok(c.notes.some((n) => /not a valid HTTP status/.test(n)));
    }
  });

  it('accepts headers as records, arrays of pairs and fetch Headers', () => {
    assert.equal(normalizeHeaders({ 'Retry-After': '5', 'X-Multi': ['a', 'b'] }).get('x-multi'), 'a, b');
    assert.equal(normalizeHeaders([['Retry-After', '5'], ['retry-after', '6']]).get('retry-after'), '5, 6');
    assert.equal(normalizeHeaders(new Headers({ 'X-Request-Id': 'h1' })).get('x-request-id'), 'h1');
    assert.equal(normalizeHeaders(null).size, 0);
    const c = classifyResponse({ status: 429, headers: new Headers({ 'Retry-After': '3' }), body: null });
    assert.equal(c.retryAfterMs, 3000);
  });

  it('does not read a success body as field errors', () => {
    const c = classifyResponse({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Menu', qrid: 'Q1' }) });
    assert.equal(c.category, 'success');
    assert.deepEqual(c.fieldErrors, []);
  });

  it('never throws for arbitrary statuses, headers and bytes (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 599 }),
        fc.dictionary(fc.constantFrom('content-type', 'retry-after', 'location', 'x-request-id', 'ratelimit-reset'), fc.string({ maxLength: 40 })),
        fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.json({ maxDepth: 4 }), fc.string({ maxLength: 200 })),
        (status, headers, body) => {
          sane(classifyResponse({ status, headers, body, now: 0 }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('never throws for arbitrary JSON error-like shapes (property)', () => {
    const key = fc.constantFrom('error', 'errors', 'detail', 'message', 'code', 'fields', 'field', 'index', 'loc', 'msg', 'title', 'status', 'type', 'data', 'path', 'source', 'pointer', 'created', 'summary', 'error_code', 'error_message', 'non_field_errors', '0', '3');
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, fc.string({ maxLength: 10 }), fc.integer(), fc.constant(null), fc.boolean(), fc.array(tie('tree'), { maxLength: 4 }), fc.dictionary(key, tie('tree'), { maxKeys: 5 })),
    }));
    fc.assert(
      fc.property(fc.integer({ min: 200, max: 599 }), tree, (status, body) => {
        sane(classifyResponse({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
      }),
      { numRuns: 500 },
    );
  });
});

describe('classify: profiles and pointers', () => {
  it('matches the hosts the pages name, and configured base URLs for QBar and Scantrust', () => {
    assert.equal(profileForUrl('https://management.scanova.io/qr/')?.id, 'scanova-management');
    assert.equal(profileForUrl('https://TRACK.scanova.io/ct')?.id, 'scanova-tracking');
    assert.equal(profileForUrl('https://api.qrstudio.agency/api/v1/generate/')?.id, 'qrstudio');
    assert.equal(profileForUrl('https://example.com/'), null);
    assert.equal(profileForUrl('https://{{host}}/x'), null);
    assert.equal(profileForUrl('not a url'), null);
    const cfg = [{ profile: 'qbar-scanner', baseUrl: 'https://qbar.example.com/api' }, { profile: 'scantrust', baseUrl: 'https://st.example.com' }];
    assert.equal(profileForUrl('https://qbar.example.com/api/qr', cfg)?.id, 'qbar-scanner');
    assert.equal(profileForUrl('https://qbar.example.com/apix/qr', cfg), null);
    assert.equal(profileForUrl('https://st.example.com/products/', cfg)?.id, 'scantrust');
  });

  it('adapts the loaded built-in profiles without losing the documented retry facts', () => {
    const byId = Object.fromEntries(builtinProfiles().map((p) => [p.id, classifierProfileFrom(p)]));
    assert.deepEqual(byId.qrstudio.retry.maxRetriesByStatus, { '500': 1 });
    assert.equal(byId['scanova-tracking'].retry.rateLimitFallbackMs, 60_000);
    assert.equal(byId.scantrust.quirks.statusCategories?.['406'], 'conflict');
    const quota = classifyResponse({ status: 429, headers: {}, body: JSON.stringify({ detail: "Monthly quota of 5 exceeded for plan 'free'." }), profile: byId.qrstudio });
    assert.equal(quota.category, 'plan-limit');
    const known = classifyResponse({ status: 406, headers: {}, body: JSON.stringify({ error_code: '8000', error_message: 'SQL Timeout' }), profile: byId.scantrust });
    assert.equal(known.category, 'conflict');
    // The page's section titles travel with the answer for the side panel; no address is invented.
    const limited = classifyResponse({ status: 429, headers: {}, body: null, profile: byId['scanova-tracking'] });
    assert.equal(limited.docsSection, byId['scanova-tracking'].docsSectionNames?.['rate-limited']);
    assert.equal(typeof limited.docsSection, 'string');
    assert.equal(limited.docs, null);
    const noProfile = classifyResponse({ status: 429, headers: {}, body: null });
    assert.equal(noProfile.docsSection, null);
  });

  it('turns the field-name spellings APIs use into JSON pointers', () => {
    assert.equal(pointerForField('conversion_value.currency'), '/conversion_value/currency');
    assert.equal(pointerForField('items[3].size_inches'), '/items/3/size_inches');
    assert.equal(pointerForField('conversion_value[currency]'), '/conversion_value/currency');
    assert.equal(pointerForField("a['b.c']"), '/a/b.c');
    assert.equal(pointerForField('$.a.b'), '/a/b');
    assert.equal(pointerForField('/already/a/pointer'), '/already/a/pointer');
    assert.equal(pointerForField('#/age'), '/age');
    assert.equal(pointerForField('a~b/c'), '/a~0b~1c');
    assert.deepEqual(dottedSegments('items.0.qty'), ['items', 0, 'qty']);
  });
});

describe('classify: XML error documents and rate-limit fields', () => {
  it('reads only error roots and survives unclosed tags', () => {
    assert.equal(readXmlError('<?xml version="1.0"?><ListBucketResult><Name>b</Name></ListBucketResult>'), null);
    assert.equal(readXmlError('<Error><Code>'.repeat(5000)), null);
    const x = readXmlError('<!-- note --><Error><Code>AccessDenied</Code><Message>Access &amp; denied</Message></Error>');
    assert.deepEqual([x?.code, x?.message], ['AccessDenied', 'Access & denied']);
  });

  it('a non-error XML body is plain text, and a success stays a success', () => {
    const c = classifyResponse({ status: 200, headers: { 'content-type': 'application/xml' }, body: '<ListBucketResult><Name>b</Name></ListBucketResult>' });
    assert.equal(c.category, 'success');
    assert.ok(!c.notes.some((n) => n.includes('fell back')), c.notes.join('; '));
  });

  it('parses both IETF RateLimit drafts', () => {
    assert.deepEqual(parseRateLimitFields('"default";r=0;t=30', '"default";q=100;w=60'), { remaining: 0, resetSeconds: 30, windowSeconds: 60 });
    assert.deepEqual(parseRateLimitFields('limit=100, remaining=7, reset=12', undefined), { remaining: 7, resetSeconds: 12, windowSeconds: null });
    assert.deepEqual(parseRateLimitFields('"x";r=1.5', 'w=abc'), { remaining: null, resetSeconds: null, windowSeconds: null });
  });
});
