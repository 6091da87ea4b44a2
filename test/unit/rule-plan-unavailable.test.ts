import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'plan/unavailable';
const QR = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\nContent-Type: application/json\n\n';

describe('rule plan/unavailable', () => {
  after(cleanup);

  it('fires on a custom logo under the free plan', () => {
    const f = lintRule(RULE, `${QR}{"data": "x", "logo_url": "https://cdn.example.com/l.png"}\n`, { config: { plans: { qrstudio: 'free' } } });
    assert.deepEqual(lines(f), [5]);
    assert.match(f[0].message, /custom logos/);
  });

  it('does not fire without a plan, on starter, or without a logo', () => {
    const text = `${QR}{"data": "x", "logo_url": "https://cdn.example.com/l.png"}\n`;
    assert.deepEqual(lintRule(RULE, text), []);
    assert.deepEqual(lintRule(RULE, text, { config: { plans: { qrstudio: 'starter' } } }), []);
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x"}\n`, { config: { plans: { qrstudio: 'free' } } }), []);
  });

  it('does not fire when the plan is configured for another API', () => {
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "logo_url": "{{logo}}"}\n`, { config: { plans: { 'scanova-tracking': 'free' } } }), []);
  });

  it('counts a logo given as a {{variable}} (the feature is used whatever the value), but not {{variables}} in other fields', () => {
    const free = { config: { plans: { qrstudio: 'free' } } };
    assert.equal(lintRule(RULE, `${QR}{"data": "x", "logo_url": "{{logo}}"}\n`, free).length, 1);
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "{{data}}", "size_inches": {{size}}, "color": "{{colour}}"}\n`, free), []);
  });

  it('fires on the bulk endpoint under the free plan (path set by an extending profile), items still checked one by one', () => {
    const profiles = [join(__dirname, '..', 'fixtures', 'profiles', 'qrstudio-bulk.json')];
    const text = 'POST https://api.qrstudio.agency/api/v1/bulk/\nX-Api-Key: {{k}}\nIdempotency-Key: {{$uuid}}\nContent-Type: application/json\n\n[\n  {"data": "a"},\n  {"data": "b", "size_inches": 99}\n]\n';
    const f = lintRule(RULE, text, { config: { profiles, plans: { qrstudio: 'free' } } });
    assert.deepEqual(lines(f), [6]);
    assert.match(f[0].message, /bulk generation/);
    assert.deepEqual(lines(lintRule('body/range', text, { config: { profiles } })), [8]);
    assert.deepEqual(lintRule(RULE, text, { config: { profiles, plans: { qrstudio: 'starter' } } }), []);
  });
});
