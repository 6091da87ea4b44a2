import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'idempotency/missing-key';

describe('rule idempotency/missing-key', () => {
  after(cleanup);

  it('informs on a POST to a QR Studio endpoint that honours Idempotency-Key and adds {{$uuid}}', () => {
    const text = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\n\n{}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [1]);
    assert.equal(f[0].severity, 'info');
    assert.equal(applyFix(text, f[0].fixes![0]), 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\nIdempotency-Key: {{$uuid}}\n\n{}\n');
  });

  it('does not fire with a key (any case, or a variable), on GET, or for APIs without idempotency support', () => {
    assert.deepEqual(lintRule(RULE, 'POST https://api.qrstudio.agency/api/v1/generate/\nidempotency-key: {{id}}\n\n{}\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://api.qrstudio.agency/api/v1/keys/1/\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST https://track.scanova.io/server-events\n\n{}\n'), []);
  });
});
