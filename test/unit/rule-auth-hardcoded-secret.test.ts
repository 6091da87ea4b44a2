import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'auth/hardcoded-secret';

describe('rule auth/hardcoded-secret', () => {
  after(cleanup);

  it('warns on a literal key in the profile header, on the value, and suggests moving it to a variable', () => {
    const text = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: smk_live_123\n\n{}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [2]);
    assert.equal(f[0].severity, 'warning');
    assert.equal(textAt(text, f[0]), 'smk_live_123');
    const fix = f[0].fixes![0];
    assert.equal(fix.kind, 'suggestion');
    assert.equal(applyFix(text, fix), '@qrstudioApiKey = smk_live_123\nPOST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{qrstudioApiKey}}\n\n{}\n');
  });

  it('warns on a literal bearer token for any API and keeps the scheme word when moving it', () => {
    const text = 'GET https://api.example.com/me\nAuthorization: Bearer eyJhbGciOi.x.y\n';
    const f = lintRule(RULE, text);
    assert.equal(f.length, 1);
    assert.match(applyFix(text, f[0].fixes![0]), /Authorization: Bearer \{\{token\}\}/);
  });

  it('does not fire for variables, placeholders, or non-credential headers', () => {
    assert.deepEqual(lintRule(RULE, 'GET https://api.example.com/me\nAuthorization: Bearer {{token}}\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://api.example.com/me\nX-API-Key: YOUR_API_KEY\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://api.example.com/me\nX-Request-Id: abc123\nAccept: application/json\n'), []);
  });
});
