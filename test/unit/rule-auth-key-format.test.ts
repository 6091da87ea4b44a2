import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'auth/key-format';

describe('rule auth/key-format', () => {
  after(cleanup);

  it('fires on a QR Studio key not starting smk_, on the header value', () => {
    const text = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: sk_live_123\n\n{}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [2]);
    assert.equal(textAt(text, f[0]), 'sk_live_123');
  });

  it('judges a key written in a file variable the header uses', () => {
    assert.deepEqual(lines(lintRule(RULE, '@k = pk_123\n\n###\nGET https://api.qrstudio.agency/api/v1/keys/5/\nX-Api-Key: {{k}}\n')), [5]);
  });

  it('does not fire for smk_ keys, for keys from an environment (unknown), or for other APIs', () => {
    assert.deepEqual(lintRule(RULE, 'GET https://api.qrstudio.agency/api/v1/keys/5/\nX-Api-Key: smk_abc\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://api.qrstudio.agency/api/v1/keys/5/\nX-Api-Key: {{qrKey}}\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://track.scanova.io/ct\nX-API-Key: sk_123\n'), []);
  });
});
