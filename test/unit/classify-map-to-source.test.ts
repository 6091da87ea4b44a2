import { strict as assert } from 'node:assert';
import { classifyResponse } from '../../src/core/classify/classify';
import { mapClassificationToSource } from '../../src/core/classify/map-to-source';
import type { Classification } from '../../src/core/classify/types';
import { parseHttp } from '../../src/core/http/parser';
import { LineIndex, type Range } from '../../src/core/text/position';

const HTTP = [
  '### create event',
  '# @name createEvent',
  'POST https://track.scanova.io/server-events',
  'Content-Type: application/json',
  'X-API-Key: {{trackingKey}}',
  '',
  '{',
  '  "event_name": "purchase",',
  '  "scan_session_id": "{{$uuid}}",',
  '  "site_id": {{siteId}},',
  '  "conversion_value": {',
  '    "amount": 10,',
  '    "currency": "usd"',
  '  }',
  '}',
  '',
  '### bulk',
  'POST https://api.qrstudio.agency/api/v1/bulk/?dpi=600&format=png',
  'X-Api-Key: {{qsKey}}',
  'Content-Type: application/json',
  '',
  '[',
  '  {"data": "https://a.example", "size_inches": 2},',
  '  {"data": "https://b.example", "size_inches": 2},',
  '  {"data": "https://c.example", "size_inches": 2},',
  '  {"data": "https://d.example", "size_inches": 40}',
  ']',
  '',
  '### file body',
  'POST https://track.scanova.io/server-events',
  'Content-Type: application/json',
  '',
  '< ./event.json',
  '',
].join('\n');

const EVENT_JSON = '{\n  "event_name": "signup",\n  "conversion_value": { "currency": "EURO" }\n}\n';
const FILE = '/project/api/events.http';
const JSON_FILE = '/project/api/event.json';

const file = parseHttp(HTTP);
const lines = new LineIndex(HTTP);
const [create, bulk, fromFile] = file.requests;

/** Range of the n-th (0-based) occurrence of `needle` in `text`. */
function rangeOf(text: string, needle: string, nth = 0): Range {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} not in text`);
  return new LineIndex(text).range(at, at + needle.length);
}

function classify(status: number, body: unknown): Classification {
  return classifyResponse({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe('classify: errors back onto the source', () => {
  it('parses the requests this test relies on', () => {
    assert.equal(file.requests.length, 3);
    assert.equal(create.name, 'createEvent');
    assert.equal(create.body?.kind, 'inline');
    assert.equal(fromFile.body?.kind, 'file');
  });

  it('puts a nested field error on the property value in the .http body', () => {
    const c = classify(422, { detail: [{ loc: ['body', 'conversion_value', 'currency'], msg: 'must be a 3-letter ISO 4217 code', type: 'value_error' }] });
    const [f, ...rest] = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: create, lines });
    assert.equal(rest.length, 0);
    assert.equal(f.rule, 'response/field-error');
    assert.equal(f.severity, 'error');
    assert.equal(f.file, FILE);
    assert.equal(f.request, 'createEvent');
    assert.deepEqual(f.range, rangeOf(HTTP, '"usd"'));
    assert.match(f.message, /HTTP 422.*\/conversion_value\/currency.*ISO 4217/);
  });

  it('finds values that are {{holes}} and values after a bare hole', () => {
    const c = classify(422, { detail: [{ loc: ['body', 'scan_session_id'], msg: 'not a UUID', type: 'x' }, { loc: ['body', 'event_name'], msg: 'unknown', type: 'x' }, { loc: ['body', 'site_id'], msg: 'inactive', type: 'x' }] });
    const fs = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: create });
    assert.deepEqual(fs.map((f) => f.range), [rangeOf(HTTP, '"{{$uuid}}"'), rangeOf(HTTP, '"purchase"'), rangeOf(HTTP, '{{siteId}}')]);
  });

  it('puts an item error on that item of an array body, and on its property when named', () => {
    const c = classifyResponse({
      status: 422,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ errors: { '3': 'size_inches > plan max (8)', '1': "Invalid color 'rouge'." }, rendered_before_failure: 1 }),
    });
    const fs = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: bulk });
    assert.equal(fs.length, 2);
    assert.equal(fs[0].rule, 'response/item-error');
    assert.deepEqual(fs[0].range, rangeOf(HTTP, '{"data": "https://b.example", "size_inches": 2}'));
    assert.deepEqual(fs[1].range, rangeOf(HTTP, '40'));
    assert.match(fs[1].message, /item 3 \/size_inches/);
    assert.equal(fs[1].request, 2);
  });

  it('finds bulk items under the wrapper key the endpoint documents', () => {
    const text = 'POST https://track.scanova.io/server-events/batch\nContent-Type: application/json\n\n{"meta": [1], "list": [\n  {"event_name": "a"},\n  {"event_name": "b"}\n]}\n';
    const req = parseHttp(text).requests[0];
    const c = classify(200, { created: [{}], errors: [{ index: 1, errors: [{ field: 'event_name', message: 'unknown event' }] }] });
    const [f] = mapClassificationToSource(c, { filePath: '/p/b.http', fileText: text, request: req }, { itemWrapperKeys: ['list'] });
    assert.deepEqual(f.range, rangeOf(text, '"b"'));
    // Without the hint the first array of objects is used, which here is the same list.
    const [g] = mapClassificationToSource(c, { filePath: '/p/b.http', fileText: text, request: req });
    assert.deepEqual(g.range, rangeOf(text, '"b"'));
  });

  it('puts an item error for a field the item lacks on the item itself', () => {
    const c = classify(200, { created: [{}, {}, {}], errors: [{ index: 0, errors: [{ field: 'color', message: 'bad' }] }] });
    const [f] = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: bulk });
    assert.deepEqual(f.range, rangeOf(HTTP, '{"data": "https://a.example", "size_inches": 2}'));
    assert.match(f.message, /not found in the request/);
  });

  it('lands an unknown pointer on the request line, a missing nested field on its parent key', () => {
    const c = classify(400, { nope: ['Unknown field.'], conversion_value: { precision: ['Required.'] } });
    const [unknown, nested] = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: create });
    assert.deepEqual(unknown.range, create.requestLine);
    assert.equal(unknown.range.start.line, 2);
    assert.match(unknown.message, /\/nope.*not found/);
    assert.deepEqual(nested.range, rangeOf(HTTP, '"conversion_value"'));
  });

  it('maps into a referenced JSON file with that file as the finding file', () => {
    const c = classify(422, { detail: [{ loc: ['body', 'conversion_value', 'currency'], msg: 'bad code', type: 'x' }] });
    const [f] = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: fromFile, bodyFile: { path: JSON_FILE, text: EVENT_JSON } });
    assert.equal(f.file, JSON_FILE);
    assert.deepEqual(f.range, rangeOf(EVENT_JSON, '"EURO"'));
    assert.equal(f.request, 3);
    // Without the file's text, the request line is the honest place.
    const [g] = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: fromFile });
    assert.equal(g.file, FILE);
    assert.deepEqual(g.range, fromFile.requestLine);
  });

  it('maps header and query locations onto the header line and the query parameter', () => {
    const c = classify(422, { detail: [{ loc: ['header', 'x-api-key'], msg: 'invalid', type: 'x' }] });
    const [h] = mapClassificationToSource(c, { filePath: FILE, fileText: HTTP, request: create });
    assert.deepEqual(h.range, create.headers.find((x) => x.name.value === 'X-API-Key')!.range);
    const q = classify(400, { detail: [{ loc: ['query', 'dpi'], msg: 'plan caps DPI at 300', type: 'x' }] });
    const [qf] = mapClassificationToSource(q, { filePath: FILE, fileText: HTTP, request: bulk });
    assert.deepEqual(qf.range, rangeOf(HTTP, 'dpi=600'));
  });

  it('reports an error answer without fields once on the request line, and nothing for success', () => {
    const auth = classify(401, { detail: 'Missing X-API-Key header' });
    const fs = mapClassificationToSource(auth, { filePath: FILE, fileText: HTTP, request: create });
    assert.equal(fs.length, 1);
    assert.equal(fs[0].rule, 'response/error');
    assert.equal(fs[0].severity, 'error');
    assert.deepEqual(fs[0].range, create.requestLine);
    assert.match(fs[0].message, /authentication/);
    const busy = classifyResponse({ status: 503, headers: {}, body: null });
    assert.equal(mapClassificationToSource(busy, { filePath: FILE, fileText: HTTP, request: create })[0].severity, 'warning');
    assert.equal(mapClassificationToSource(auth, { filePath: FILE, fileText: HTTP, request: create }, { summary: false }).length, 0);
    assert.equal(mapClassificationToSource(classify(200, { ok: true }), { filePath: FILE, fileText: HTTP, request: create }).length, 0);
  });

  it('survives a body that is not JSON at all', () => {
    const text = 'POST https://x.example/\nContent-Type: text/plain\n\nnot json {{x}} at all\n';
    const req = parseHttp(text).requests[0];
    const c = classify(400, { name: ['bad'] });
    const [f] = mapClassificationToSource(c, { filePath: '/p/a.http', fileText: text, request: req });
    assert.deepEqual(f.range, req.requestLine);
  });
});
