import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintAll, lintRule, textAt } from '../fixtures/rules/harness';

const REQ = 'GET https://api.test/items\n\n';

describe('rules assert/unknown-field, assert/unknown-condition, assert/invalid', () => {
  after(cleanup);

  it('assert/unknown-field: a misspelt field, with a safe fix; js is a warning; a near miss of nothing has no fix', () => {
    const text = `${REQ}?? stauts == 200\n?? js response.ok isTrue\n?? frobnicate == 1\n?? status == 200\n`;
    const f = lintRule('assert/unknown-field', text);
    assert.deepEqual(lines(f), [3, 4, 5]);
    assert.equal(textAt(text, f[0]), 'stauts');
    assert.match(applyFix(text, f[0].fixes![0]), /\?\? status == 200\n\?\? js/);
    assert.equal(f[1].severity, 'warning');
    assert.equal(f[2].fixes, undefined);
  });

  it('assert/unknown-condition: names the word, fixes eq → == and a case slip; a good line stays clean', () => {
    const text = `${REQ}?? status eq 200\n?? body $.name startswith A\n?? header X-A\n?? body $.total == 3\n`;
    const f = lintRule('assert/unknown-condition', text);
    assert.deepEqual(lines(f), [3, 4, 5]);
    assert.equal(textAt(text, f[0]), 'eq');
    assert.match(applyFix(text, f[0].fixes![0]), /\?\? status == 200/);
    assert.match(applyFix(text, f[1].fixes![0]), /startsWith A/);
    assert.match(f[2].message, /no condition/);
  });

  it('assert/invalid: missing value, superfluous value (safe fix), bad path, bad pattern, non-number, header without name', () => {
    const text = `${REQ}?? status ==\n?? body $.a exists true\n?? body $.a[ == 1\n?? body $.a matches (x)\\1\n?? status == OK\n?? header == x\n?? duration > 500\n?? body $.n > {{limit}}\n`;
    const f = lintRule('assert/invalid', text);
    assert.deepEqual(lines(f), [3, 4, 5, 6, 7, 8]);
    assert.equal(applyFix(text, f[1].fixes![0]).split('\n')[3], '?? body $.a exists');
    assert.equal(textAt(text, f[2]), '[');
    assert.match(f[3].message, /RE2/);
    assert.match(f[4].message, /not a number/);
  });

  it('variable/undefined also reads {{…}} in expected values', () => {
    const text = `@limit = 3\n${REQ}?? body $.n > {{limit}}\n?? body $.n == {{nope}}\n`;
    const { findings } = lintAll(text);
    const undef = findings.filter((x) => x.rule === 'variable/undefined');
    assert.deepEqual(undef.map((x) => x.range.start.line + 1), [5]);
    assert.equal(textAt(text, undef[0]), '{{nope}}');
  });

  it('a file full of correct assertions has no assert/* finding', () => {
    const text = `${REQ}?? status == 200\n?? header content-type includes json\n?? body $.items[0].id exists\n?? body items.length >= 1\n?? duration < 2000\n?? body $.name matches ^[A-Z]\n?? status not equals 500\n`;
    const { findings } = lintAll(text);
    assert.deepEqual(findings.filter((x) => x.rule.startsWith('assert/')), []);
  });
});
