import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'auth/missing';

describe('rule auth/missing', () => {
  after(cleanup);

  it('fires on a tracking server event without X-API-Key, on the request line, with an add-header fix that defines the variable', () => {
    const text = 'POST https://track.scanova.io/server-events\nContent-Type: application/json\n\n{"event_name": "scan"}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [1]);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /X-API-Key/);
    const fix = f[0].fixes![0];
    assert.equal(fix.kind, 'safe');
    const fixed = applyFix(text, fix);
    assert.match(fixed, /^@scanovaTrackingApiKey = REPLACE_ME\n/);
    assert.match(fixed, /Content-Type: application\/json\nX-API-Key: \{\{scanovaTrackingApiKey\}\}\n/);
    assert.deepEqual(lintRule(RULE, fixed), []);
  });

  it('reuses an existing key variable instead of defining a second one', () => {
    const text = '@apiKey = k\n\n###\nGET https://management.scanova.io/qr/\n';
    const f = lintRule(RULE, text);
    assert.equal(f.length, 1);
    const fixed = applyFix(text, f[0].fixes![0]);
    assert.equal(fixed, '@apiKey = k\n\n###\nGET https://management.scanova.io/qr/\nAuthorization: {{apiKey}}\n');
  });

  it('does not fire when the header is present, on endpoints documented without auth, or for unknown hosts', () => {
    assert.deepEqual(lintRule(RULE, 'POST https://track.scanova.io/server-events\nx-api-key: {{key}}\n\n{}\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST https://track.scanova.io/ct\nContent-Type: application/json\n\n{}\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://api.qrstudio.agency/q/abc/\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET https://example.com/qr/\n'), []);
  });

  it('accepts the documented alternative credential (QR Studio JWT in Authorization)', () => {
    assert.deepEqual(lintRule(RULE, 'POST https://api.qrstudio.agency/api/v1/generate/\nAuthorization: Bearer {{jwt}}\n\n{}\n'), []);
    assert.equal(lintRule(RULE, 'POST https://api.qrstudio.agency/api/v1/generate/\n\n{}\n').length, 1);
  });

  it('does not fire when the host is a {{variable}} it cannot resolve (unknown, not wrong)', () => {
    assert.deepEqual(lintRule(RULE, 'POST {{host}}/server-events\n\n{}\n'), []);
  });

  it('resolves a host variable defined in the file', () => {
    assert.deepEqual(lines(lintRule(RULE, '@host = https://track.scanova.io\n\n###\nPOST {{host}}/server-events\n\n{}\n')), [4]);
  });

  it('for an API whose page names no header, fires only when no credential-like header is sent (base URL from the config)', () => {
    const config = { baseUrls: { 'qbar-scanner': ['https://qbar.example.test/v1'] } };
    const hit = lintRule(RULE, 'POST https://qbar.example.test/v1/qr\n\n{"url": "https://x.test"}\n', { config });
    assert.equal(hit.length, 1);
    assert.match(hit[0].message, /does not name the header/);
    assert.equal(hit[0].fixes, undefined);
    assert.deepEqual(lintRule(RULE, 'POST https://qbar.example.test/v1/qr\nX-Api-Key: {{k}}\n\n{"url": "https://x.test"}\n', { config }), []);
    assert.deepEqual(lintRule(RULE, 'POST https://qbar.example.test/v1/qr\n\n{"url": "https://x.test"}\n'), [], 'no base URL configured: no match');
  });
});
