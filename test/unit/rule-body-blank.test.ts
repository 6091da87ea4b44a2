import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/blank';
const REQ = 'POST https://management.scanova.io/qr/\nAuthorization: {{k}}\nContent-Type: application/json\n\n';

describe('rule body/blank', () => {
  after(cleanup);

  it('fires on "name": "" and on white space only, on the value', () => {
    const text = `${REQ}{\n  "name": "",\n  "qr_type": "  ",\n  "category": 1,\n  "info": "{\\"url\\": \\"https://a.test\\"}"\n}\n`;
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [6, 7]);
    assert.equal(textAt(text, f[0]), '""');
  });

  it('does not fire for a non-empty value or a field that is absent', () => {
    assert.deepEqual(lintRule(RULE, `${REQ}{"name": "x", "qr_type": "dy"}\n`), []);
    assert.deepEqual(lintRule(RULE, `${REQ}{"qr_type": "dy"}\n`), []);
  });

  it('does not fire for a {{variable}} value', () => {
    assert.deepEqual(lintRule(RULE, `${REQ}{"name": "{{name}}", "qr_type": {{type}}}\n`), []);
  });
});
