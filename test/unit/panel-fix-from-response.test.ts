import { strict as assert } from 'node:assert';
import { classifyResponse, type Classification, type ResponseSource } from '../../src/core/classify';
import { applyTextEdits } from '../../src/core/fix/apply';
import { fixesFromResponse, whatToCheck, type ResponseFixInput } from '../../src/core/fix/from-response';
import { parseHttp } from '../../src/core/http/parser';
import { emailHash } from '../../src/core/profiles/formats';

function source(text: string, index = 0): ResponseSource {
  const file = parseHttp(text);
  return { filePath: '/ws/api.http', fileText: text, request: file.requests[index], lines: file.lines };
}

function classify(status: number, body: unknown, url: string, headers: Record<string, string> = {}): Classification {
  return classifyResponse({ status, headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body), request: { method: 'POST', url } });
}

function run(text: string, c: Classification, extra: Partial<ResponseFixInput> = {}) {
  const r = fixesFromResponse({ classification: c, source: source(text), ...extra });
  return { ...r, apply: (i: number) => applyTextEdits(text, r.fixes[i].edits).text };
}

const TRACKING = `# @name createEvent
POST https://track.scanova.io/server-events
Content-Type: application/json
X-API-Key: {{trackingKey}}

{
  "site_id": "site_8842",
  "event_name": "purchase",
  "scan_session_id": "sess-1234",
  "conversion_value": { "amount": 49.9, "currency": "usd" }
}
`;

describe('panel: fixes chosen from an answer (core/fix/from-response)', () => {
  it('a tracking 422 on a bad UUID and a lower-case currency offers both linter repairs on those fields', () => {
    const c = classify(422, { detail: [
      { loc: ['body', 'scan_session_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' },
      { loc: ['body', 'conversion_value', 'currency'], msg: 'currency must be a 3-letter ISO 4217 code', type: 'value_error' },
    ] }, 'https://track.scanova.io/server-events');
    assert.equal(c.category, 'validation');
    const r = run(TRACKING, c);
    assert.deepEqual(r.fixes.map((f) => f.title), ['Use {{$uuid}} for scan_session_id', 'Upper-case currency to "USD"']);
    assert.match(r.apply(0), /"scan_session_id": "\{\{\$uuid\}\}"/);
    assert.match(r.apply(1), /"currency": "USD"/);
    assert.equal(r.checkHint, null);
  });

  it('a raw e-mail rejected in properties becomes user_identifiers.email_hash (SHA-256 of the trimmed, lower-cased address)', () => {
    const text = `POST https://track.scanova.io/server-events
Content-Type: application/json

{
  "event_name": "signup",
  "properties": { "plan": "pro", "email": "Ann@Example.com" }
}
`;
    const c = classify(422, { detail: [{ loc: ['body', 'properties', 'email'], msg: 'raw email not allowed; send a hash', type: 'value_error' }] }, 'https://track.scanova.io/server-events');
    const r = run(text, c);
    assert.equal(r.fixes.length, 1);
    const out = JSON.parse(r.apply(0).split('\n\n')[1]) as Record<string, unknown>;
    assert.deepEqual(out, { event_name: 'signup', properties: { plan: 'pro' }, user_identifiers: { email_hash: emailHash('ann@example.com') } });
  });

  it('a QBar bulk answer with a missing url in item 2 inserts the key into that item only', () => {
    const text = `POST https://qbar.example.com/v1/qr/bulk
Content-Type: application/json

{
  "items": [
    { "url": "https://a.example" },
    { "url": "https://b.example" },
    { "name": "no url" }
  ]
}
`;
    const c = classify(200, { created: [{}, {}], errors: [{ index: 2, errors: [{ field: 'url', message: 'URL is required' }] }], summary: { total_submitted: 3, total_created: 2, total_failed: 1 } }, 'https://qbar.example.com/v1/qr/bulk');
    assert.equal(c.itemErrors.length, 1);
    const r = run(text, c);
    assert.deepEqual(r.fixes.map((f) => f.title), ['Insert "url" in item 2']);
    const body = JSON.parse(r.apply(0).split('\n\n')[1]) as { items: Array<Record<string, string>> };
    assert.deepEqual(body.items[2], { name: 'no url', url: 'https://' });
    assert.deepEqual(body.items[0], { url: 'https://a.example' });
  });

  it('a 401 without the credential header adds the profile header with its variable; a Bearer prefix is stripped', () => {
    const missing = `GET https://management.scanova.io/qr/
Accept: application/json
`;
    const c401 = classify(401, { detail: 'Authentication credentials were not provided.' }, 'https://management.scanova.io/qr/');
    assert.equal(c401.category, 'authentication');
    const auth = { header: 'Authorization', variable: 'scanovaApiKey', forbiddenPrefixes: ['Bearer '] };
    const r = run(missing, c401, { auth });
    assert.equal(r.fixes[0].title, 'Add Authorization: {{scanovaApiKey}}');
    assert.equal(r.apply(0), 'GET https://management.scanova.io/qr/\nAccept: application/json\nAuthorization: {{scanovaApiKey}}\n');

    const bearer = `GET https://management.scanova.io/qr/
Authorization: Bearer {{scanovaApiKey}}
`;
    const r2 = run(bearer, classify(401, { detail: 'Invalid API key.' }, 'https://management.scanova.io/qr/'), { auth });
    assert.equal(r2.fixes[0].title, 'Strip "Bearer" from Authorization');
    assert.equal(r2.apply(0), 'GET https://management.scanova.io/qr/\nAuthorization: {{scanovaApiKey}}\n');
  });

  it('a 426 switches a written http:// URL to https://, and says what to check when the URL is a variable', () => {
    const c = classify(426, { detail: 'HTTPS required.' }, 'http://api.qrstudio.agency/api/v1/generate/');
    const r = run('POST http://api.qrstudio.agency/api/v1/generate/\n', c);
    assert.equal(r.apply(0), 'POST https://api.qrstudio.agency/api/v1/generate/\n');
    const v = run('POST {{base}}/api/v1/generate/\n', c);
    assert.equal(v.fixes.length, 0);
    assert.match(v.checkHint ?? '', /https:\/\//);
  });

  it('a 409 idempotency mismatch puts a fresh key in the Idempotency-Key header', () => {
    const text = 'POST https://api.qrstudio.agency/api/v1/dynamic/\nIdempotency-Key: abc-123\n\n{"data":"x"}\n';
    const c = classify(409, { detail: 'Idempotency-Key reused with a different body.' }, 'https://api.qrstudio.agency/api/v1/dynamic/');
    assert.equal(c.category, 'conflict');
    const r = run(text, c, { newId: () => 'fresh-0001' });
    assert.equal(r.apply(0), 'POST https://api.qrstudio.agency/api/v1/dynamic/\nIdempotency-Key: fresh-0001\n\n{"data":"x"}\n');
  });

  it('a 413 on a batch splits it into requests that fit the limit, names suffixed, every item kept once', () => {
    const text = `# @name batch
POST https://track.scanova.io/server-events/batch
Content-Type: application/json

{
  "events": [
    { "event_name": "a" },
    { "event_name": "b" },
    { "event_name": "c" },
    { "event_name": "d" },
    { "event_name": "e" }
  ]
}
`;
    const c = classify(413, { detail: 'Payload too large' }, 'https://track.scanova.io/server-events/batch');
    assert.equal(c.category, 'payload-too-large');
    const r = run(text, c, { batchLimit: 2 });
    assert.equal(r.fixes[0].title, 'Split the batch into 3 requests of at most 2 items');
    const out = r.apply(0);
    const file = parseHttp(out);
    assert.equal(file.requests.length, 3);
    assert.deepEqual(file.requests.map((q) => q.name), ['batch', 'batch_2', 'batch_3']);
    const names = file.requests.flatMap((q) => (JSON.parse((q.body as { text: { value: string } }).text.value) as { events: Array<{ event_name: string }> }).events.map((e) => e.event_name));
    assert.deepEqual(names, ['a', 'b', 'c', 'd', 'e']);
    assert.ok(file.requests.every((q) => q.url.value === 'https://track.scanova.io/server-events/batch'));
  });

  it('an answer that names no field gets a hint of what to check instead of a guessed edit', () => {
    const c = classify(400, { detail: 'site_id not found or inactive' }, 'https://track.scanova.io/server-events');
    const r = run(TRACKING, c);
    assert.equal(r.fixes.length, 0);
    assert.match(r.checkHint ?? '', /names no field/);
    assert.equal(whatToCheck({ ...c, category: 'success' }), null);
  });

  it('never throws on a body that is not JSON', () => {
    const c = classify(422, { detail: [{ loc: ['body', 'x'], msg: 'field required', type: 'value_error.missing' }] }, 'https://track.scanova.io/server-events');
    const r = run('POST https://track.scanova.io/server-events\n\nnot json {', c);
    assert.deepEqual(r.fixes, []);
  });
});
