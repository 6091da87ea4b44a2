import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/range';
const QR = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\nContent-Type: application/json\n\n';

describe('rule body/range', () => {
  after(cleanup);

  it('fires on size_inches over 15, on the value, and clamps to 15', () => {
    const text = `${QR}{"data": "x", "size_inches": 15.5}\n`;
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [5]);
    assert.equal(textAt(text, f[0]), '15.5');
    assert.equal(applyFix(text, f[0].fixes![0]), text.replace('15.5', '15'));
  });

  it('applies plan caps only when the config sets the plan (free ≤ 3 inches, starter DPI ≤ 300)', () => {
    const text = `${QR}{"data": "x", "size_inches": 4, "dpi": 600}\n`;
    assert.deepEqual(lintRule(RULE, text), []);
    const free = lintRule(RULE, text, { config: { plans: { qrstudio: 'free' } } });
    assert.equal(free.length, 1);
    assert.match(free[0].message, /plan 'free' allows at most 3/);
    assert.equal(applyFix(text, free[0].fixes![0]), text.replace('"size_inches": 4', '"size_inches": 3'));
    const starter = lintRule(RULE, text, { config: { plans: { qrstudio: 'starter' } } });
    assert.equal(starter.length, 1);
    assert.match(starter[0].message, /dpi/);
  });

  it('does not fire at the bound or for a {{variable}}', () => {
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "size_inches": 15}\n`), []);
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "size_inches": {{size}}}\n`), []);
  });
});
