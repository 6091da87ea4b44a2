// Panel snapshots for the visual harness, built from the five documented APIs' answers: a tracking
// 422 (FastAPI `detail[]`), a QBar bulk answer with per-item errors, a QR Studio 429 with
// Retry-After, a Scanova 200, plus hostile and huge bodies. Shapes follow src/protocol/messages.ts.

const M = '••••••';

const pos = (line, character) => ({ line, character });
const range = (l1, c1, l2, c2) => ({ start: pos(l1, c1), end: pos(l2, c2) });

function slice(text, contentType, extra = {}) {
  const bytes = Buffer.byteLength(text, 'utf8');
  return { text, imageBase64: null, totalBytes: bytes, sliceBytes: bytes, truncated: false, contentType, isBinary: false, isImage: false, available: true, problem: null, ...extra };
}

const hdrs = (obj) => Object.entries(obj).map(([name, value]) => ({ name, value }));

function history(now, entries) {
  return { entries, filter: { status: '', category: '' }, total: entries.length, limit: 100 };
}

function entry(ex) {
  return { id: ex.id, key: ex.key, requestName: ex.requestName, method: ex.method, url: ex.url, status: ex.status, category: ex.category, startedAt: ex.startedAt, durationMs: ex.durationMs };
}

const TRACKING = 'file:///workspace/api/tracking.http';
const QBAR = 'file:///workspace/api/qbar.http';
const QRSTUDIO = 'file:///workspace/api/qrstudio.http';
const SCANOVA = 'file:///workspace/api/scanova.http';

/** The tracking 422: an invalid `scan_session_id` and a lower-case currency, both with fixes. */
export function tracking422(now = Date.now()) {
  const body = JSON.stringify({
    detail: [
      { loc: ['body', 'scan_session_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
      { loc: ['body', 'conversion_value', 'currency'], msg: 'currency must be a 3-letter ISO 4217 code', type: 'value_error' },
    ],
  });
  const ex = {
    id: 'ex-tracking-422',
    key: { uri: TRACKING, index: 0 },
    requestName: 'createEvent',
    method: 'POST',
    url: 'https://track.scanova.io/server-events',
    startedAt: now - 4000,
    receivedAt: now - 3760,
    status: 422,
    statusText: 'Unprocessable Entity',
    category: 'validation',
    durationMs: 236,
    sizeBytes: Buffer.byteLength(body),
    error: null,
    attempts: [{ number: 1, status: 422, error: null, durationMs: 236, waitBeforeMs: 0, reason: null }],
    classification: {
      category: 'validation',
      retryable: false,
      retryAfterMs: null,
      code: null,
      message: '2 field errors, listed below.',
      advice: 'Fix the fields below and send again; the tracking API does not accept a 422 payload on retry.',
      requestId: '6f1c2e0a-93b4-4f7e-a1d2-8c5b7e9f0a13',
      profile: 'scanova-tracking',
      docsUrl: 'https://track.scanova.io/docs/errors#common-422-causes',
      fieldErrors: [
        { pointer: '/scan_session_id', message: 'value is not a valid uuid', location: { uri: TRACKING, range: range(9, 21, 9, 32) } },
        { pointer: '/conversion_value/currency', message: 'currency must be a 3-letter ISO 4217 code', location: { uri: TRACKING, range: range(10, 50, 10, 55) } },
      ],
      itemErrors: [],
      itemCounts: null,
      checkHint: null,
    },
    fixes: [
      { id: 'fix-0', title: 'Use {{$uuid}} for scan_session_id', detail: 'Replaces "sess-1234" with a generated UUID on each send' },
      { id: 'fix-1', title: 'Upper-case currency to "USD"', detail: 'ISO 4217 codes are upper case' },
    ],
    body: slice(body, 'application/json'),
    headers: hdrs({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': '6f1c2e0a-93b4-4f7e-a1d2-8c5b7e9f0a13', date: 'Sun, 22 Nov 2026 06:12:03 GMT' }),
    timings: { dnsMs: 12, connectMs: 31, tlsMs: 48, firstByteMs: 139, downloadMs: 2, totalMs: 236, reusedConnection: false },
    request: {
      method: 'POST',
      url: 'https://track.scanova.io/server-events',
      headers: hdrs({ 'Content-Type': 'application/json', 'X-API-Key': M, 'User-Agent': 'reqlint/0.1.0' }),
      body: '{\n  "site_id": "site_8842",\n  "event_name": "purchase",\n  "scan_session_id": "sess-1234",\n  "conversion_value": { "amount": 49.9, "currency": "usd" }\n}',
      bodyNote: null,
    },
    redirects: [],
  };
  const runner = {
    uri: TRACKING,
    fileLabel: 'api/tracking.http',
    environment: 'staging',
    requests: [
      { key: { uri: TRACKING, index: 0 }, name: 'createEvent', method: 'POST', url: 'https://track.scanova.io/server-events', range: range(1, 0, 11, 1), lastStatus: 422, lastCategory: 'validation', running: false },
      { key: { uri: TRACKING, index: 1 }, name: 'batchEvents', method: 'POST', url: 'https://track.scanova.io/server-events/batch', range: range(13, 0, 30, 1), lastStatus: 200, lastCategory: 'success', running: false },
      { key: { uri: TRACKING, index: 2 }, name: 'browserEvent', method: 'POST', url: 'https://track.scanova.io/ct', range: range(32, 0, 40, 1), lastStatus: null, lastCategory: null, running: false },
    ],
  };
  const older = { ...ex, id: 'ex-old-1', requestName: 'batchEvents', url: 'https://track.scanova.io/server-events/batch', status: 200, category: 'success', startedAt: now - 600_000, durationMs: 181, key: { uri: TRACKING, index: 1 } };
  return { runner, exchange: ex, history: history(now, [entry(ex), entry(older)]), progress: [], countdown: null };
}

/** The QBar bulk create answer: 3 created, items 2 and 4 failed on `url`. */
export function qbarBulk(now = Date.now()) {
  const body = JSON.stringify(
    {
      created: [
        { id: 'qr_7Hk2', url: 'https://shop.example.com/spring', short_url: 'https://qb.ar/7Hk2' },
        { id: 'qr_7Hk3', url: 'https://shop.example.com/summer', short_url: 'https://qb.ar/7Hk3' },
        { id: 'qr_7Hk4', url: 'https://shop.example.com/autumn', short_url: 'https://qb.ar/7Hk4' },
      ],
      errors: [
        { index: 2, errors: [{ field: 'url', message: 'URL is required' }] },
        { index: 4, errors: [{ field: 'url', message: 'URL must start with http:// or https://' }] },
      ],
      summary: { total_submitted: 5, total_created: 3, total_failed: 2 },
      request_id: '550e8400-e29b-41d4-a716-446655440000',
    },
    null,
    2,
  );
  const ex = {
    id: 'ex-qbar-bulk',
    key: { uri: QBAR, index: 1 },
    requestName: 'bulkCreate',
    method: 'POST',
    url: 'https://qbar.example.com/v1/qr/bulk',
    startedAt: now - 9000,
    receivedAt: now - 8400,
    status: 200,
    statusText: 'OK',
    category: 'partial-success',
    durationMs: 603,
    sizeBytes: Buffer.byteLength(body),
    error: null,
    attempts: [{ number: 1, status: 200, error: null, durationMs: 603, waitBeforeMs: 0, reason: null }],
    classification: {
      category: 'partial-success',
      retryable: false,
      retryAfterMs: null,
      code: null,
      message: '3 of 5 items created, 2 failed',
      advice: 'Fix the failed items and submit only those again; the created ones already exist.',
      requestId: '550e8400-e29b-41d4-a716-446655440000',
      profile: 'qbar',
      docsUrl: null,
      fieldErrors: [],
      itemErrors: [
        { index: 2, pointer: '/url', message: 'URL is required', location: { uri: QBAR, range: range(14, 4, 14, 29) } },
        { index: 4, pointer: '/url', message: 'URL must start with http:// or https://', location: { uri: QBAR, range: range(16, 12, 16, 33) } },
      ],
      itemCounts: { submitted: 5, succeeded: 3, failed: 2 },
      checkHint: null,
    },
    fixes: [{ id: 'fix-0', title: 'Insert "url" into item 2', detail: 'Adds "url": "https://" for you to complete' }],
    body: slice(body, 'application/json'),
    headers: hdrs({ 'content-type': 'application/json; charset=utf-8', 'content-length': String(Buffer.byteLength(body)), 'x-request-id': '550e8400-e29b-41d4-a716-446655440000' }),
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 588, downloadMs: 15, totalMs: 603, reusedConnection: true },
    request: {
      method: 'POST',
      url: 'https://qbar.example.com/v1/qr/bulk',
      headers: hdrs({ 'Content-Type': 'application/json', Authorization: `Bearer ${M}` }),
      body: '{ "items": [ … 5 items … ] }',
      bodyNote: null,
    },
    redirects: [],
  };
  const runner = {
    uri: QBAR,
    fileLabel: 'api/qbar.http',
    environment: 'production',
    requests: [
      { key: { uri: QBAR, index: 0 }, name: 'createOne', method: 'POST', url: 'https://qbar.example.com/v1/qr', range: range(0, 0, 8, 1), lastStatus: 201, lastCategory: 'success', running: false },
      { key: { uri: QBAR, index: 1 }, name: 'bulkCreate', method: 'POST', url: 'https://qbar.example.com/v1/qr/bulk', range: range(10, 0, 20, 1), lastStatus: 200, lastCategory: 'partial-success', running: false },
      { key: { uri: QBAR, index: 2 }, name: 'getCode', method: 'GET', url: 'https://qbar.example.com/v1/qr/qr_7Hk2', range: range(22, 0, 24, 0), lastStatus: 404, lastCategory: 'not-found', running: false },
    ],
  };
  return { runner, exchange: ex, history: history(now, [entry(ex)]), progress: [], countdown: null };
}

/** The QR Studio 429 with `Retry-After: 12` after one automatic retry. */
export function qrStudio429(now = Date.now(), retryAfterMs = 12_000) {
  const body = JSON.stringify({ detail: 'Request was throttled. Expected available in 12 seconds.' });
  const ex = {
    id: 'ex-qrstudio-429',
    key: { uri: QRSTUDIO, index: 0 },
    requestName: 'generate',
    method: 'POST',
    url: 'https://api.qrstudio.agency/api/v1/generate/',
    startedAt: now - 1400,
    receivedAt: now,
    status: 429,
    statusText: 'Too Many Requests',
    category: 'rate-limited',
    durationMs: 1390,
    sizeBytes: Buffer.byteLength(body),
    error: null,
    attempts: [
      { number: 1, status: 429, error: null, durationMs: 182, waitBeforeMs: 0, reason: null },
      { number: 2, status: 429, error: null, durationMs: 171, waitBeforeMs: 1000, reason: '429 Retry-After 1 s' },
    ],
    classification: {
      category: 'rate-limited',
      retryable: true,
      retryAfterMs,
      code: null,
      message: 'Request was throttled. Expected available in 12 seconds.',
      advice: "Throttle the client to your plan's requests per minute; sending again before Retry-After does nothing.",
      requestId: 'qrs-01J9Z4K7W2',
      profile: 'qrstudio',
      docsUrl: 'https://api.qrstudio.agency/docs/errors#429-rate-limited',
      fieldErrors: [],
      itemErrors: [],
      itemCounts: null,
      checkHint: null,
    },
    fixes: [],
    body: slice(body, 'application/json'),
    headers: hdrs({ 'content-type': 'application/json', 'retry-after': String(Math.round(retryAfterMs / 1000)), 'x-request-id': 'qrs-01J9Z4K7W2' }),
    timings: { dnsMs: 8, connectMs: 22, tlsMs: 41, firstByteMs: 98, downloadMs: 1, totalMs: 171, reusedConnection: false },
    request: {
      method: 'POST',
      url: 'https://api.qrstudio.agency/api/v1/generate/',
      headers: hdrs({ 'X-Api-Key': M, 'Content-Type': 'application/json' }),
      body: '{ "data": "https://x.com", "size_inches": 4 }',
      bodyNote: null,
    },
    redirects: [],
  };
  const runner = {
    uri: QRSTUDIO,
    fileLabel: 'api/qrstudio.http',
    environment: null,
    requests: [
      { key: { uri: QRSTUDIO, index: 0 }, name: 'generate', method: 'POST', url: 'https://api.qrstudio.agency/api/v1/generate/', range: range(0, 0, 6, 1), lastStatus: 429, lastCategory: 'rate-limited', running: false },
      { key: { uri: QRSTUDIO, index: 1 }, name: 'bulk', method: 'POST', url: 'https://api.qrstudio.agency/api/v1/bulk/', range: range(8, 0, 20, 1), lastStatus: 422, lastCategory: 'validation', running: false },
    ],
  };
  return { runner, exchange: ex, history: history(now, [entry(ex)]), progress: [], countdown: { exchangeId: ex.id, retryAt: now + retryAfterMs, armed: false } };
}

/** A Scanova management 200 with the documented QR code JSON. */
export function scanova200(now = Date.now()) {
  const body = JSON.stringify(
    {
      id: 123,
      qrid: 'Qf94b25d768294148',
      name: 'My QR Code',
      category: 1,
      qr_type: 'dy',
      info: { url: 'https://example.com/landing', campaign: { source: 'print', medium: 'poster', tags: ['spring', 'retail', 'a4'] } },
      is_active: true,
      scan_count: null,
      created: '2025-01-15T10:30:00Z',
      modified: '2025-01-15T10:30:00Z',
    },
    null,
    2,
  );
  const ex = {
    id: 'ex-scanova-200',
    key: { uri: SCANOVA, index: 2 },
    requestName: 'getQr',
    method: 'GET',
    url: 'https://management.scanova.io/qr/Qf94b25d768294148/',
    startedAt: now - 2000,
    receivedAt: now - 1880,
    status: 200,
    statusText: 'OK',
    category: 'success',
    durationMs: 120,
    sizeBytes: Buffer.byteLength(body),
    error: null,
    attempts: [{ number: 1, status: 200, error: null, durationMs: 120, waitBeforeMs: 0, reason: null }],
    classification: {
      category: 'success',
      retryable: false,
      retryAfterMs: null,
      code: null,
      message: 'OK',
      advice: 'Nothing to do.',
      requestId: null,
      profile: 'scanova-management',
      docsUrl: null,
      fieldErrors: [],
      itemErrors: [],
      itemCounts: null,
      checkHint: null,
    },
    fixes: [],
    body: slice(body, 'application/json'),
    headers: hdrs({ 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'cache-control': 'private, max-age=0', vary: 'Accept, Authorization' }),
    timings: { dnsMs: 14, connectMs: 19, tlsMs: 36, firstByteMs: 47, downloadMs: 4, totalMs: 120, reusedConnection: false },
    request: { method: 'GET', url: 'https://management.scanova.io/qr/Qf94b25d768294148/', headers: hdrs({ Authorization: M, Accept: 'application/json' }), body: null, bodyNote: null },
    redirects: [{ status: 301, method: 'GET', url: 'https://management.scanova.io/qr/Qf94b25d768294148', location: 'https://management.scanova.io/qr/Qf94b25d768294148/' }],
  };
  const runner = {
    uri: SCANOVA,
    fileLabel: 'api/scanova.http',
    environment: 'production',
    requests: [
      { key: { uri: SCANOVA, index: 0 }, name: 'createQr', method: 'POST', url: 'https://management.scanova.io/qr/', range: range(0, 0, 12, 1), lastStatus: 400, lastCategory: 'validation', running: false },
      { key: { uri: SCANOVA, index: 1 }, name: 'listQr', method: 'GET', url: 'https://management.scanova.io/qr/', range: range(14, 0, 16, 0), lastStatus: null, lastCategory: null, running: true },
      { key: { uri: SCANOVA, index: 2 }, name: 'getQr', method: 'GET', url: 'https://management.scanova.io/qr/Qf94b25d768294148/', range: range(18, 0, 20, 0), lastStatus: 200, lastCategory: 'success', running: false },
      { key: { uri: SCANOVA, index: 3 }, name: 'deleteQr', method: 'DELETE', url: 'https://management.scanova.io/qr/Qf94b25d768294148/', range: range(22, 0, 24, 0), lastStatus: 204, lastCategory: 'success', running: false },
    ],
  };
  const progress = [{ key: { uri: SCANOVA, index: 1 }, requestName: 'listQr', phase: 'sending', attempt: 1, until: null, message: 'sending, attempt 1' }];
  const h = [entry(ex), { ...entry(ex), id: 'h2', requestName: 'createQr', method: 'POST', status: 400, category: 'validation', startedAt: now - 90_000 }, { ...entry(ex), id: 'h3', requestName: 'deleteQr', method: 'DELETE', status: 204, category: 'success', startedAt: now - 300_000 }];
  return { runner, exchange: ex, history: history(now, h), progress, countdown: null };
}

/** Strings that would run or restyle something if any of them were ever parsed as markup. */
export const XSS_PAYLOADS = [
  '<script>window.__xss = "script"</script>',
  '<img src=x onerror="window.__xss=\'img\'">',
  'javascript:window.__xss="href"',
  '<svg onload="window.__xss=\'svg\'"><script>window.__xss="svg-script"</script></svg>',
  '<style>body{display:none}</style><link rel=stylesheet href="https://evil.example/x.css">',
  '[click me](javascript:window.__xss="md")',
  '"><iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '{{constructor.constructor("window.__xss=1")()}}',
];

/** Every string field the panel shows filled with payloads. */
export function hostile(now = Date.now()) {
  const p = XSS_PAYLOADS.join(' ');
  const base = tracking422(now);
  const bodyObj = { detail: XSS_PAYLOADS.map((x, i) => ({ loc: ['body', x], msg: x, type: `t${i}` })), [XSS_PAYLOADS[0]]: XSS_PAYLOADS[1] };
  const body = JSON.stringify(bodyObj);
  const ex = {
    ...base.exchange,
    id: 'ex-xss',
    requestName: p,
    url: `https://track.scanova.io/${encodeURIComponent(XSS_PAYLOADS[0])}?q=${XSS_PAYLOADS[1]}`,
    statusText: XSS_PAYLOADS[0],
    error: null,
    attempts: [{ number: 1, status: 422, error: null, durationMs: 10, waitBeforeMs: 0, reason: XSS_PAYLOADS[3] }, { number: 2, status: 422, error: null, durationMs: 10, waitBeforeMs: 5, reason: XSS_PAYLOADS[1] }],
    classification: {
      ...base.exchange.classification,
      code: XSS_PAYLOADS[4],
      message: p,
      advice: XSS_PAYLOADS[5],
      checkHint: XSS_PAYLOADS[6],
      requestId: XSS_PAYLOADS[1],
      profile: XSS_PAYLOADS[0],
      docsUrl: XSS_PAYLOADS[2],
      fieldErrors: XSS_PAYLOADS.map((x) => ({ pointer: `/${x}`, message: x, location: null })),
      itemErrors: XSS_PAYLOADS.map((x, i) => ({ index: i, pointer: `/${x}`, message: x, location: null })),
      itemCounts: { submitted: 8, succeeded: 0, failed: 8 },
    },
    fixes: XSS_PAYLOADS.map((x, i) => ({ id: `fix-${i}`, title: x, detail: x })),
    body: slice(body, 'application/json'),
    headers: XSS_PAYLOADS.map((x, i) => ({ name: `x-evil-${i}`, value: x })),
    request: { method: 'POST', url: XSS_PAYLOADS[2], headers: XSS_PAYLOADS.map((x) => ({ name: 'X-Evil', value: x })), body: p, bodyNote: XSS_PAYLOADS[4] },
    redirects: XSS_PAYLOADS.map((x) => ({ status: 302, method: 'GET', url: x, location: x })),
  };
  const runner = {
    ...base.runner,
    fileLabel: XSS_PAYLOADS[1],
    environment: XSS_PAYLOADS[0],
    requests: XSS_PAYLOADS.map((x, i) => ({ key: { uri: TRACKING, index: i }, name: x, method: 'POST', url: x, range: range(i, 0, i, 1), lastStatus: 422, lastCategory: 'validation', running: false })),
  };
  const entries = XSS_PAYLOADS.map((x, i) => ({ ...entry(ex), id: `h${i}`, requestName: x, url: x }));
  return { runner, exchange: ex, history: history(now, entries), progress: [{ key: { uri: TRACKING, index: 0 }, requestName: XSS_PAYLOADS[0], phase: 'waiting', attempt: 2, until: now + 30_000, message: XSS_PAYLOADS[1] }], countdown: null };
}

/** A text answer of which the host sent a 2 MiB slice: one single line, from a 100 MB body. */
export function hugeLine(now = Date.now()) {
  const base = scanova200(now);
  const unit = 'lorem-ipsum-0123456789 ';
  const text = unit.repeat(Math.ceil((2 * 1024 * 1024) / unit.length)).slice(0, 2 * 1024 * 1024 - 6) + 'NEEDLE';
  const ex = {
    ...base.exchange,
    id: 'ex-huge',
    sizeBytes: 100 * 1024 * 1024,
    body: slice(text, 'text/plain', { totalBytes: 100 * 1024 * 1024, truncated: true }),
  };
  return { ...base, exchange: ex, progress: [] };
}

/** A JSON answer just under the tree limit with thousands of array items. */
export function bigJson(now = Date.now()) {
  const base = scanova200(now);
  const items = Array.from({ length: 5000 }, (_, i) => ({ id: i, qrid: `Q${i.toString(16).padStart(12, '0')}`, name: `Code ${i}`, scans: i * 7 }));
  const text = JSON.stringify({ count: items.length, results: items });
  return { ...base, exchange: { ...base.exchange, id: 'ex-bigjson', sizeBytes: Buffer.byteLength(text), body: slice(text, 'application/json') }, progress: [] };
}

/** The Scanova 200 over plain HTTP (the demo's mock): DNS and connect measured, no TLS phase at all. */
export function scanovaHttp(now = Date.now()) {
  const base = scanova200(now);
  const url = 'http://127.0.0.1:4010/qr/Qf94b25d768294148/';
  const ex = { ...base.exchange, id: 'ex-scanova-http', url, timings: { dnsMs: 1, connectMs: 2, tlsMs: null, firstByteMs: 9, downloadMs: 1, totalMs: 14, reusedConnection: false }, durationMs: 14, request: { ...base.exchange.request, url }, redirects: [] };
  return { ...base, exchange: ex, progress: [] };
}

/** The Scanova 200 on a reused connection: only first byte and download were measured. */
export function scanovaReused(now = Date.now()) {
  const base = scanovaHttp(now);
  const ex = { ...base.exchange, id: 'ex-scanova-reused', timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 6, downloadMs: 1, totalMs: 7, reusedConnection: true }, durationMs: 7 };
  return { ...base, exchange: ex };
}

/** A request whose host name does not resolve: no answer, one attempt, a network classification. */
export function dnsFailure(now = Date.now()) {
  const base = scanovaHttp(now);
  const error = 'the host name api.scanova.invalid could not be resolved (ENOTFOUND); check the URL or the environment\'s base URL.';
  const ex = {
    ...base.exchange,
    id: 'ex-dns',
    url: 'https://api.scanova.invalid/qr/',
    status: null,
    statusText: '',
    category: 'network',
    durationMs: 4,
    sizeBytes: 0,
    error,
    attempts: [{ number: 1, status: null, error, durationMs: 4, waitBeforeMs: 0, reason: null }],
    classification: {
      ...base.exchange.classification,
      category: 'network',
      retryable: false,
      message: `Request failed: DNS lookup (api.scanova.invalid): ${error}`,
      advice: 'The host name does not resolve; check the base URL of the selected environment.',
      profile: null,
    },
    body: slice('', null, { available: false }),
    headers: [],
    timings: null,
    redirects: [],
  };
  return { ...base, exchange: ex };
}

/**
 * The tracking 422 in a 300 px side bar: a long request title, a long URL and a long request id
 * (none may widen the page), three fixes that must be in view without scrolling.
 */
export function tracking422Narrow(now = Date.now()) {
  const base = tracking422(now);
  const ex = {
    ...base.exchange,
    id: 'ex-tracking-narrow',
    requestName: 'Send a purchase conversion event for the spring campaign landing page',
    url: 'https://track.scanova.io/server-events?campaign=spring-2026-retail-a4-poster-landing-page-variant-b&utm_source=print',
    classification: { ...base.exchange.classification, requestId: 'req_01JD7Q8Z3X9V4K2M6N8P0R2T4W6Y8A0C2E4G6J8L0N2Q4S6U8W0' },
    fixes: [
      { id: 'fix-0', title: 'Use {{$uuid}} for scan_session_id', detail: 'Edits line 10; then send again.' },
      { id: 'fix-1', title: 'Upper-case currency to "USD"', detail: 'Edits line 11; then send again.' },
      { id: 'fix-2', title: 'Rename "eventName" to "event_name"', detail: 'Edits line 9; then send again.' },
    ],
  };
  const runner = { ...base.runner, fileLabel: 'services/analytics/tracking/conversion-events-for-campaigns.http', requests: base.runner.requests.map((r) => ({ ...r, name: ex.requestName, url: ex.url })) };
  return { ...base, runner, exchange: ex, history: history(now, [entry(ex)]) };
}

/** Named fixtures for the harness's screenshots. */
export const FIXTURES = {
  'tracking-422': tracking422,
  'tracking-422-narrow': tracking422Narrow,
  'qbar-bulk': qbarBulk,
  'qrstudio-429': qrStudio429,
  'scanova-200': scanova200,
  'scanova-http': scanovaHttp,
  'scanova-reused': scanovaReused,
  'dns-failure': dnsFailure,
};

/** A grey-scale PNG of a QR-like grid (finder squares and a deterministic pattern), `scale` pixels per module. */
export async function qrPng(modules = 29, scale = 6) {
  const { deflateSync, crc32 } = await import('node:zlib');
  const size = modules * scale;
  const dark = (x, y) => {
    const finder = (fx, fy) => {
      const dx = x - fx;
      const dy = y - fy;
      if (dx < 0 || dy < 0 || dx > 6 || dy > 6) return null;
      return dx === 0 || dy === 0 || dx === 6 || dy === 6 || (dx >= 2 && dx <= 4 && dy >= 2 && dy <= 4);
    };
    for (const [fx, fy] of [[0, 0], [modules - 7, 0], [0, modules - 7]]) {
      const f = finder(fx, fy);
      if (f !== null) return f;
    }
    return ((x * 7 + y * 13 + x * y) % 5) < 2;
  };
  const rows = Buffer.alloc(size * (size + 1));
  for (let py = 0; py < size; py++) {
    rows[py * (size + 1)] = 0;
    for (let px = 0; px < size; px++) rows[py * (size + 1) + 1 + px] = dark(Math.floor(px / scale), Math.floor(py / scale)) ? 0 : 255;
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td) >>> 0);
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grey-scale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/** The QR Studio render answer: 200 with the PNG itself as the body. */
export async function qrStudioPng(now = Date.now()) {
  const base = qrStudio429(now);
  const png = await qrPng();
  const ex = {
    ...base.exchange,
    id: 'ex-qrstudio-png',
    status: 200,
    statusText: 'OK',
    category: 'success',
    durationMs: 412,
    sizeBytes: png.length,
    attempts: [{ number: 1, status: 200, error: null, durationMs: 412, waitBeforeMs: 0, reason: null }],
    classification: { ...base.exchange.classification, category: 'success', retryable: false, retryAfterMs: null, message: 'OK', advice: 'Nothing to do.', docsUrl: null },
    headers: hdrs({ 'content-type': 'image/png', 'content-length': String(png.length), 'x-request-id': 'qrs-01J9Z4M2Q8' }),
    body: { text: null, imageBase64: png.toString('base64'), totalBytes: png.length, sliceBytes: png.length, truncated: false, contentType: 'image/png', isBinary: true, isImage: true, available: true, problem: null },
  };
  return { ...base, exchange: ex, countdown: null };
}
