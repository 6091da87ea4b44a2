import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { cleanup, lintAll, lines, lintRule, lintPayload } from '../fixtures/rules/harness';

const RULE = 'body/invalid-json';

describe('rule body/invalid-json', () => {
  after(cleanup);

  it('fires on a trailing comma at the offending place', () => {
    const f = lintRule(RULE, 'POST https://a.test/x\nContent-Type: application/json\n\n{\n  "a": 1,\n}\n');
    assert.deepEqual(lines(f), [6]);
    assert.match(f[0].message, /Trailing comma/);
  });

  it('reports a broken < file.json in that file', () => {
    const r = lintAll('POST https://a.test/x\nContent-Type: application/json\n\n< ./body.json\n', { files: { 'body.json': '{\n  "a": \n}\n' } });
    const f = r.findings.filter((x) => x.rule === RULE);
    assert.equal(f.length, 1);
    assert.equal(f[0].file, join(r.dir, 'body.json'));
    assert.equal(f[0].range.start.line, 2);
  });

  it('reports a < file that cannot be read on its path', () => {
    const f = lintRule(RULE, 'POST https://a.test/x\nContent-Type: application/json\n\n< ./missing.json\n');
    assert.deepEqual(lines(f), [4]);
    assert.match(f[0].message, /ENOENT/);
  });

  it('does not fire for valid JSON, bare or quoted {{holes}}, or a non-JSON body', () => {
    assert.deepEqual(lintRule(RULE, 'POST https://a.test/x\nContent-Type: application/json\n\n{"n": {{count}}, "s": "{{name}}", "o": {{obj}}}\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST https://a.test/x\n\nhello world\n'), []);
    // An httpyac script block after a request is code, not a body.
    assert.deepEqual(lintAll('GET https://a.test/json\n\n{{\n  test.status(200);\n}}\n').findings.filter((f) => f.rule === RULE || f.rule === 'transport/content-type'), []);
    assert.deepEqual(lintPayload('[{"a": 1}, {"b": [true, null]}]', 'POST https://a.test/x', RULE), []);
  });
});
