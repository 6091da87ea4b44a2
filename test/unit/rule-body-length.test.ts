import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/length';
const config = { baseUrls: { scantrust: ['https://scantrust.test/api/v2'] } };
const REQ = 'POST https://scantrust.test/api/v2/products/\nAuthorization: {{t}}\nContent-Type: application/json\n\n';

describe('rule body/length', () => {
  after(cleanup);

  it('fires on a Scantrust product name under 10 characters, on the value', () => {
    const text = `${REQ}{"brand": 3, "name": "Short"}\n`;
    const f = lintRule(RULE, text, { config });
    assert.deepEqual(lines(f), [5]);
    assert.equal(textAt(text, f[0]), '"Short"');
    assert.match(f[0].message, /at least 10 characters; it has 5/);
  });

  it('does not fire at exactly 10 characters or for a {{variable}} name', () => {
    assert.deepEqual(lintRule(RULE, `${REQ}{"brand": 3, "name": "0123456789"}\n`, { config }), []);
    assert.deepEqual(lintRule(RULE, `${REQ}{"brand": 3, "name": "{{n}}"}\n`, { config }), []);
  });

  it('does not fire without a configured base URL (the page names no host)', () => {
    assert.deepEqual(lintRule(RULE, `${REQ}{"brand": 3, "name": "Short"}\n`), []);
  });
});
