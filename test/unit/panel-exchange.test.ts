import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyResponse, type Classification } from '../../src/core/classify';
import { parseHttp } from '../../src/core/http/parser';
import type { Attempt, PreparedRequest, ResponseBody, SendResult } from '../../src/core/send/types';
import { buildExchangeView, cardMessage, itemCountsFrom, looksBinary, maskedCurl, maskHeaderLines, maskUrl, sendLogLine, sliceBody, utf8Boundary, type ExchangeContext } from '../../src/extension/panel/exchange';
import { compactForStorage, HistoryStore, HISTORY_BODY_CHARS, HISTORY_KEY, type MementoLike } from '../../src/extension/panel/history';

function memBody(text: string | Uint8Array): ResponseBody {
  const bytes = typeof text === 'string' ? new Uint8Array(Buffer.from(text, 'utf8')) : text;
  return { bytes, file: null, size: bytes.length, encodedSize: bytes.length, preview: bytes.subarray(0, 1024), decoded: null, problem: null };
}

function attempt(n: number, status: number | null, extra: Partial<Attempt> = {}): Attempt {
  return {
    number: n,
    startedAt: 1_700_000_000_000 + n * 1000,
    status,
    error: null,
    timings: { dnsMs: 3, connectMs: 4, tlsMs: 5, firstByteMs: 50, downloadMs: 2, totalMs: 70, reusedConnection: false },
    redirects: [],
    url: 'https://track.scanova.io/server-events',
    remoteAddress: '127.0.0.1',
    remotePort: 443,
    httpVersion: '1.1',
    bytesSent: 100,
    bytesReceived: 200,
    retryDelayMs: null,
    retryReason: null,
    requestHeaders: [['X-API-Key', 'live_key_0123456789abcdef'], ['Content-Type', 'application/json']],
    ...extra,
  };
}

const HTTP = `# @name createEvent
POST https://track.scanova.io/server-events
Content-Type: application/json
X-API-Key: {{trackingKey}}

{
  "site_id": "site_8842",
  "scan_session_id": "sess-1234",
  "conversion_value": { "amount": 49.9, "currency": "usd" }
}
`;

function ctx(extra: Partial<ExchangeContext> = {}): ExchangeContext {
  const file = parseHttp(HTTP);
  const prepared: PreparedRequest = {
    method: 'POST',
    url: 'https://track.scanova.io/server-events?api_key=plainsecret123',
    headers: [['X-API-Key', 'live_key_0123456789abcdef']],
    body: { kind: 'text', text: '{"token":"live_key_0123456789abcdef"}' },
    options: {},
    secrets: ['live_key_0123456789abcdef'],
  };
  return {
    id: 'ex1',
    key: { uri: 'file:///ws/api.http', index: 0 },
    requestName: 'createEvent',
    prepared,
    source: { filePath: '/ws/api.http', fileText: HTTP, request: file.requests[0], lines: file.lines },
    uriOf: (p) => `file://${p}`,
    fixes: [],
    checkHint: null,
    sliceBytes: 1024 * 1024,
    ...extra,
  };
}

function result(status: number, body: string, attempts: Attempt[], headers: Array<[string, string]> = [['content-type', 'application/json']]): SendResult<Classification> {
  const c = classifyResponse({ status, headers, body, request: { method: 'POST', url: 'https://track.scanova.io/server-events' }, now: 1_700_000_000_000 });
  return { method: 'POST', url: 'https://track.scanova.io/server-events', status, statusText: 'x', headers, body: memBody(body), error: null, attempts, classification: c, durationMs: 1234, rateLimitWaitMs: 0, addedIdempotencyKey: null };
}

describe('panel: exchange view from a send result', () => {
  it('a tracking 422 lists both field errors at their exact source ranges', () => {
    const body = JSON.stringify({ detail: [
      { loc: ['body', 'scan_session_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
      { loc: ['body', 'conversion_value', 'currency'], msg: 'bad currency', type: 'value_error' },
    ] });
    const v = buildExchangeView(result(422, body, [attempt(1, 422)]), ctx());
    assert.equal(v.category, 'validation');
    const fe = v.classification!.fieldErrors;
    assert.deepEqual(fe.map((f) => f.pointer), ['/scan_session_id', '/conversion_value/currency']);
    // line 7 is `  "scan_session_id": "sess-1234",`; the value starts after the key and colon.
    assert.deepEqual(fe[0].location, { uri: 'file:///ws/api.http', range: { start: { line: 7, character: 21 }, end: { line: 7, character: 32 } } });
    assert.equal(HTTP.split('\n')[7].slice(21, 32), '"sess-1234"');
    assert.equal(HTTP.split('\n')[8].slice(fe[1].location!.range.start.character, fe[1].location!.range.end.character), '"usd"');
  });

  it('masks secrets everywhere: request headers, credential query params, request body, error text', () => {
    const v = buildExchangeView(result(422, '{"detail":"live_key_0123456789abcdef is wrong"}', [attempt(1, 422)]), ctx());
    const all = JSON.stringify(v);
    assert.ok(!all.includes('live_key_0123456789abcdef'), 'secret value leaked');
    assert.ok(!all.includes('plainsecret123'), 'credential query parameter leaked');
    assert.equal(v.request.headers.find((h) => h.name === 'X-API-Key')!.value, '••••cdef');
    assert.match(v.request.url, /api_key=/);
  });

  it('masks credential headers by name even when the value was typed literally', () => {
    assert.deepEqual(maskHeaderLines([['Authorization', 'Bearer abcdefghijklmnopqrstuvwxyz'], ['Accept', 'a']], []), [
      { name: 'Authorization', value: 'Bearer ••••wxyz' },
      { name: 'Accept', value: 'a' },
    ]);
    assert.equal(maskHeaderLines([['x-api-key', 'short']], [])[0].value, '••••');
    assert.equal(maskUrl('https://u:pw@h.example/p?token=abc&x=1', []), 'https://u:••••@h.example/p?token=••••&x=1');
  });

  it('the cURL line kept in the history masks secrets, literal credential headers and credential query parameters', () => {
    const p: PreparedRequest = {
      method: 'POST',
      url: 'https://api.qrstudio.agency/api/v1/generate/?token=abc123456',
      headers: [['X-Api-Key', 'smk_literal_typed_in_file_0001'], ['Authorization', 'Bearer {{not-a-secret}}'], ['Content-Type', 'application/json']],
      body: { kind: 'text', text: '{"k":"envsecretvalue"}' },
      options: {},
      secrets: ['envsecretvalue'],
    };
    const curl = maskedCurl(p);
    for (const leak of ['smk_literal_typed_in_file_0001', 'abc123456', 'envsecretvalue']) assert.ok(!curl.includes(leak), `${leak} leaked: ${curl}`);
    assert.match(curl, /^curl -X POST /);
    assert.match(curl, /Content-Type: application\/json/);
  });

  it('a 429 with Retry-After keeps the wait and the attempts with the waits between them', () => {
    const r = result(429, '{"detail":"Request was throttled."}', [attempt(1, 429, { retryDelayMs: 1000, retryReason: '429 Retry-After 1 s' }), attempt(2, 429)], [['content-type', 'application/json'], ['retry-after', '12']]);
    const v = buildExchangeView(r, ctx());
    assert.equal(v.category, 'rate-limited');
    assert.equal(v.classification!.retryable, true);
    assert.equal(v.classification!.retryAfterMs, 12_000);
    assert.deepEqual(v.attempts.map((a) => [a.number, a.status, a.waitBeforeMs, a.reason]), [[1, 429, 0, null], [2, 429, 1000, '429 Retry-After 1 s']]);
    assert.equal(v.receivedAt, 1_700_000_000_000 + 2000 + 70);
  });

  it('a QBar bulk answer keeps its item errors, placed on the submitted items, with the summary counts', () => {
    const text = `POST https://qbar.example.com/v1/qr/bulk
Content-Type: application/json

{ "items": [ { "url": "https://a" }, { "name": "b" }, { "url": "c" } ] }
`;
    const file = parseHttp(text);
    const body = JSON.stringify({ created: [{ id: 1 }], errors: [{ index: 1, errors: [{ field: 'url', message: 'URL is required' }] }, { index: 2, errors: [{ field: 'url', message: 'URL must start with http:// or https://' }] }], summary: { total_submitted: 3, total_created: 1, total_failed: 2 }, request_id: 'r-1' });
    const v = buildExchangeView(result(200, body, [attempt(1, 200)]), ctx({ source: { filePath: '/ws/q.http', fileText: text, request: file.requests[0], lines: file.lines } }));
    const c = v.classification!;
    assert.equal(c.itemErrors.length, 2);
    assert.deepEqual(c.itemCounts, { submitted: 3, succeeded: 1, failed: 2 });
    assert.equal(c.requestId, 'r-1');
    const loc = c.itemErrors[1].location!;
    assert.equal(text.split('\n')[3].slice(loc.range.start.character, loc.range.end.character), '"c"');
  });

  it('counts items from QR Studio keyed errors', () => {
    assert.deepEqual(itemCountsFrom('{"errors":{"3":"a","17":"b"},"rendered_before_failure":17}', [{ index: 3 }, { index: 17 }]), { submitted: null, succeeded: 17, failed: 2 });
    assert.equal(itemCountsFrom('not json', []), null);
  });
});

describe('panel: body slicing', () => {
  it('cuts text at the slice limit on a character boundary and keeps the total size', () => {
    const text = 'é'.repeat(1000); // 2 bytes each
    const s = sliceBody(memBody(text), 'text/plain', 1001);
    assert.equal(s.truncated, true);
    assert.equal(s.totalBytes, 2000);
    assert.equal(s.sliceBytes, 1000);
    assert.equal(s.text, 'é'.repeat(500));
    assert.equal(utf8Boundary(new Uint8Array([0x61, 0xe2, 0x82])), 1);
    assert.equal(utf8Boundary(new Uint8Array([0x61, 0xe2, 0x82, 0xac])), 4);
  });

  it('reads only the head of a body kept in a temp file, and reports a vanished file as unavailable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-slice-'));
    try {
      const f = join(dir, 'body');
      writeFileSync(f, 'x'.repeat(100_000));
      const body: ResponseBody = { bytes: null, file: f, size: 100_000, encodedSize: 100_000, preview: new Uint8Array(Buffer.from('xxxx')), decoded: null, problem: null };
      const s = sliceBody(body, 'text/plain', 1000);
      assert.equal(s.text!.length, 1000);
      assert.ok(s.truncated && s.available);
      rmSync(f);
      const gone = sliceBody(body, 'text/plain', 1000);
      assert.equal(gone.available, false);
      assert.equal(gone.text, 'xxxx');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends whole small images as base64, never text; binaries as size only', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const img = sliceBody(memBody(png), 'image/png', 1024);
    assert.equal(img.isImage, true);
    assert.equal(img.text, null);
    assert.equal(Buffer.from(img.imageBase64!, 'base64').length, png.length);
    const bin = sliceBody(memBody(new Uint8Array([1, 2, 0, 4])), null, 1024);
    assert.equal(bin.isBinary, true);
    assert.equal(bin.text, null);
    assert.ok(looksBinary(new Uint8Array([0x41, 0x00])));
    assert.ok(!looksBinary(new Uint8Array(Buffer.from('{"a":1}\n'))));
    const svg = sliceBody(memBody('<svg onload="x()"/>'), 'image/svg+xml', 1024);
    assert.equal(svg.isImage, false, 'SVG is a document: shown as text, never rendered');
  });
});

class Memento implements MementoLike {
  data = new Map<string, unknown>();
  get<T>(key: string): T | undefined {
    return this.data.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.data.set(key, JSON.parse(JSON.stringify(value)));
    return Promise.resolve();
  }
}

describe('panel: history store', () => {
  const view = (id: string, status: number | null, category: Classification['category']) => ({
    ...buildExchangeView(result(status ?? 500, '{}', [attempt(1, status)]), ctx({ id })),
    status,
    category,
  });

  it('keeps the newest N, filters by status class and category, and survives a reload', async () => {
    const m = new Memento();
    const h = new HistoryStore(m, 3);
    await h.add({ view: view('a', 200, 'success'), curl: null });
    await h.add({ view: view('b', 422, 'validation'), curl: 'curl x' });
    await h.add({ view: view('c', 429, 'rate-limited'), curl: null });
    await h.add({ view: view('d', null, 'network'), curl: null });
    assert.deepEqual(h.state({ status: '', category: '' }).entries.map((e) => e.id), ['d', 'c', 'b']);
    assert.deepEqual(h.state({ status: '4xx', category: '' }).entries.map((e) => e.id), ['c', 'b']);
    assert.deepEqual(h.state({ status: '4xx', category: 'validation' }).entries.map((e) => e.id), ['b']);
    assert.deepEqual(h.state({ status: 'none', category: '' }).entries.map((e) => e.id), ['d']);
    const again = new HistoryStore(m, 3);
    assert.equal(again.get('b')!.curl, 'curl x');
    await again.setLimit(1);
    assert.deepEqual(again.state({ status: '', category: '' }).entries.map((e) => e.id), ['d']);
    await again.clear();
    assert.equal(new HistoryStore(m).size, 0);
  });

  it('stores compact, masked views: small body slices, no images, never a secret', async () => {
    const m = new Memento();
    const h = new HistoryStore(m);
    const big = buildExchangeView(result(200, JSON.stringify({ s: 'y'.repeat(200_000) }), [attempt(1, 200)]), ctx({ id: 'big' }));
    await h.add({ view: big, curl: null });
    const stored = JSON.stringify(m.data.get(HISTORY_KEY));
    assert.ok(stored.length < HISTORY_BODY_CHARS + 20_000);
    assert.ok(!stored.includes('live_key_0123456789abcdef'));
    const v = h.get('big')!.view;
    assert.equal(v.body.truncated, true);
    assert.equal(v.body.available, false);
    assert.equal(compactForStorage({ ...big, body: { ...big.body, imageBase64: 'AAAA' } }).body.imageBase64, null);
  });

  it('drops junk found in storage instead of failing', () => {
    const m = new Memento();
    m.data.set(HISTORY_KEY, [{ view: { id: 1 } }, 'x', null]);
    assert.equal(new HistoryStore(m).size, 0);
    m.data.set(HISTORY_KEY, 'not a list');
    assert.equal(new HistoryStore(m).size, 0);
    assert.equal(HistoryStore.clampLimit('x'), 100);
    assert.equal(HistoryStore.clampLimit(0), 1);
    assert.equal(HistoryStore.clampLimit(1e9), 1000);
  });
});

describe('panel: what an answer says, said once', () => {
  it('the card message becomes a count when it only summarises the field errors listed below it', () => {
    const fieldErrors = [
      { pointer: '/event_name', message: 'field required' },
      { pointer: '/conversion_value/currency', message: 'currency must be a 3-letter ISO 4217 code' },
    ];
    assert.equal(cardMessage({ message: '2 field errors: /event_name: field required; /conversion_value/currency: currency must be a 3-letter ISO 4217 code', fieldErrors }), '2 field errors, listed below.');
    assert.equal(cardMessage({ message: '/event_name: field required', fieldErrors: fieldErrors.slice(0, 1) }), '1 field error, listed below.');
    assert.equal(cardMessage({ message: 'HTTP 422 Unprocessable Entity', fieldErrors }), '2 field errors, listed below.');
    // The API's own words stay.
    assert.equal(cardMessage({ message: 'Invalid conversion event', fieldErrors }), 'Invalid conversion event');
    assert.equal(cardMessage({ message: 'Rate limited', fieldErrors: [] }), 'Rate limited');
  });

  it('advice for a 422 names only the fields this answer rejected', () => {
    const body = JSON.stringify({ detail: [{ loc: ['body', 'event_name'], msg: 'field required', type: 'value_error.missing' }] });
    const c = classifyResponse({ status: 422, headers: { 'content-type': 'application/json' }, body, request: { method: 'POST', url: 'https://track.scanova.io/server-events' } });
    assert.match(c.advice, /\/event_name/);
    assert.doesNotMatch(c.advice, /scan_session_id|currency|e-mail/);
  });

  it('the Output channel line names method, masked URL, status, category and time', () => {
    assert.equal(
      sendLogLine({ requestName: 'createEvent', method: 'POST', url: 'https://track.scanova.io/e?api_key=ab••••', status: 422, statusText: 'Unprocessable Entity', category: 'validation', durationMs: 236.4, error: null, attempts: [{ number: 1, status: 422, error: null, durationMs: 236, waitBeforeMs: 0, reason: null }] }),
      'Sent createEvent: POST https://track.scanova.io/e?api_key=ab•••• → 422 Unprocessable Entity (validation) in 236 ms',
    );
    assert.match(sendLogLine({ requestName: 'x', method: 'GET', url: 'http://h/', status: null, statusText: '', category: 'network', durationMs: 3, error: 'refused', attempts: [] }), /→ no answer \(refused\) in 3 ms$/);
  });
});
