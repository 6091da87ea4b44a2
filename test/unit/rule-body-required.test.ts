import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { applyFix, cleanup, lintAll, lines, lintPayload, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/required';
const H = 'Content-Type: application/json\nX-API-Key: {{k}}\n';

describe('rule body/required', () => {
  after(cleanup);

  it('fires on a tracking server event without event_name, at the opening brace of the whole body, and inserts a placeholder', () => {
    const text = `POST https://track.scanova.io/server-events\n${H}\n{\n  "site_id": "s1"\n}\n`;
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [5]);
    assert.equal(textAt(text, f[0]), '{');
    assert.match(f[0].message, /'event_name' is required/);
    assert.equal(applyFix(text, f[0].fixes![0]), text.replace('"s1"\n', '"s1",\n  "event_name": "REPLACE_ME"\n'));
  });

  it('fires for each Scanova QR field (category, info, name, qr_type) and for info.url on the URL category, on the info key', () => {
    const text = 'POST https://management.scanova.io/qr/\nAuthorization: {{k}}\nContent-Type: application/json\n\n{\n  "category": 1,\n  "info": "{\\"title\\": \\"x\\"}"\n}\n';
    const f = lintRule(RULE, text);
    const msgs = f.map((x) => x.message).join('\n');
    assert.match(msgs, /'name' is required/);
    assert.match(msgs, /'qr_type' is required/);
    assert.match(msgs, /info\.url/);
    const url = f.find((x) => /info\.url/.test(x.message))!;
    assert.equal(textAt(text, url), '"info"');
    const fixed = applyFix(text, url.fixes![0]);
    assert.match(fixed, /"info": "\{\\"title\\":\\"x\\",\\"url\\":\\"https:\/\/REPLACE_ME\\"\}"/);
  });

  it('fires for QBar url (base URL from the config), QR Studio data when data_type is url, Scantrust brand', () => {
    assert.equal(lintRule(RULE, 'POST https://qbar.test/api/qr\nContent-Type: application/json\n\n{"name": "x"}\n', { config: { baseUrls: { 'qbar-scanner': ['https://qbar.test/api'] } } }).length, 1);
    assert.equal(lintRule(RULE, 'POST https://api.qrstudio.agency/api/v1/generate/\nContent-Type: application/json\n\n{"data_type": "url"}\n').length, 1);
    assert.equal(lintRule(RULE, 'POST https://st.test/api/v2/products/\nContent-Type: application/json\n\n{"name": "A long enough name"}\n', { config: { baseUrls: { scantrust: ['https://st.test/api/v2'] } } }).length, 1);
  });

  it('does not fire when the field is present, when the condition does not hold, or on an endpoint that documents no required fields', () => {
    assert.deepEqual(lintRule(RULE, `POST https://track.scanova.io/server-events\n${H}\n{"event_name": "scan"}\n`), []);
    assert.deepEqual(lintRule(RULE, `POST https://track.scanova.io/ct\n${H}\n{"site_id": "s"}\n`), []);
    assert.deepEqual(lintRule(RULE, 'POST https://api.qrstudio.agency/api/v1/generate/\n\n{"data_type": "text"}\n'), []);
    assert.deepEqual(lintRule(RULE, 'PATCH https://management.scanova.io/qr/Q1/\n\n{"name": "n"}\n'), []);
  });

  it('does not fire when a {{variable}} may supply the key or the whole object', () => {
    assert.deepEqual(lintRule(RULE, `POST https://track.scanova.io/server-events\n${H}\n{{event}}\n`), []);
    assert.deepEqual(lintRule(RULE, `POST https://track.scanova.io/server-events\n${H}\n{"{{key}}": "scan"}\n`), []);
  });

  it('lints a batch item by item and a < file.json in its own file', () => {
    const f = lintPayload('[\n  {"event_name": "a"},\n  {"site_id": "b"}\n]\n', 'POST https://track.scanova.io/server-events/batch', RULE);
    assert.deepEqual(lines(f), [3]);
    assert.match(f[0].message, /^Item 1: /);
    const wrapped = lintPayload('{"events": [{"site_id": "b"}]}', 'POST https://track.scanova.io/server-events/batch', RULE);
    assert.equal(wrapped.length, 1);
    const r = lintAll(`POST https://track.scanova.io/server-events\n${H}\n< ./ev.json\n`, { files: { 'ev.json': '{\n  "site_id": "s"\n}\n' } });
    const inFile = r.findings.filter((x) => x.rule === RULE);
    assert.equal(inFile.length, 1);
    assert.equal(inFile[0].file, join(r.dir, 'ev.json'));
    assert.equal(inFile[0].range.start.line, 0);
  });

  it('puts a nested missing field on the parent key', () => {
    // Scanova info given as an object: the missing url belongs to the "info" key.
    const text = 'POST https://management.scanova.io/qr/\nContent-Type: application/json\n\n{"name": "n", "qr_type": "dy", "category": 1, "info": {"title": "t"}}\n';
    const f = lintRule(RULE, text);
    assert.equal(f.length, 1);
    assert.equal(textAt(text, f[0]), '"info"');
  });
});
