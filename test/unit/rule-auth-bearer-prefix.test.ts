import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'auth/bearer-prefix';

describe('rule auth/bearer-prefix', () => {
  after(cleanup);

  it('fires on "Authorization: Bearer …" to the Scanova management API, on the header line, and the fix strips the prefix', () => {
    const text = 'GET https://management.scanova.io/qr/\nAuthorization: Bearer {{scanovaKey}}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [2]);
    assert.equal(f[0].range.start.character, 0);
    assert.equal(f[0].fixes![0].kind, 'safe');
    assert.equal(applyFix(text, f[0].fixes![0]), 'GET https://management.scanova.io/qr/\nAuthorization: {{scanovaKey}}\n');
  });

  it('is case-insensitive about the scheme word', () => {
    assert.equal(lintRule(RULE, 'DELETE https://management.scanova.io/qr/Qf94/\nAuthorization: bearer abc\n').length, 1);
  });

  it('does not fire for the raw key, for another API that takes Bearer, or for a key held wholly in a variable', () => {
    assert.deepEqual(lintRule(RULE, 'GET https://management.scanova.io/qr/\nAuthorization: abc\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://api.example.com/qr/\nAuthorization: Bearer abc\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://management.scanova.io/qr/\nAuthorization: {{scanovaAuth}}\n'), []);
  });
});
