import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'transport/https-required';

describe('rule transport/https-required', () => {
  after(cleanup);

  it('errors on plain HTTP to QR Studio /api/* (426) and switches the request line to https', () => {
    const text = 'POST http://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\n\n{}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [1]);
    assert.equal(f[0].severity, 'error');
    assert.match(f[0].message, /426/);
    assert.equal(applyFix(text, f[0].fixes![0]), text.replace('http://', 'https://'));
  });

  it('fixes the scheme in the file variable the URL starts with', () => {
    const text = '@base = http://api.qrstudio.agency\n\n###\nGET {{base}}/api/v1/keys/1/\nX-Api-Key: {{k}}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [4]);
    assert.equal(applyFix(text, f[0].fixes![0]), text.replace('http://', 'https://'));
  });

  it('warns (not errors) on any credentialed request over http:// to a non-loopback host', () => {
    const f = lintRule(RULE, 'GET http://management.scanova.io/qr/\nAuthorization: {{k}}\n');
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
  });

  it('does not fire for loopback, for requests without a credential, for the public scan path, or for an unresolved host', () => {
    assert.deepEqual(lintRule(RULE, 'GET http://127.0.0.1:8080/api/v1/keys/\nX-Api-Key: {{k}}\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET http://localhost/x\nAuthorization: {{k}}\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST http://127.0.0.1:4010/qrstudio/api/v1/generate/\nX-Api-Key: {{k}}\n\n{}\n', { config: { baseUrls: { qrstudio: ['http://127.0.0.1:4010/qrstudio'] } } }), []);
    assert.deepEqual(lintRule(RULE, 'GET http://example.com/page\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET http://api.qrstudio.agency/q/abc/\n'), []);
    assert.deepEqual(lintRule(RULE, 'GET {{base}}/api/v1/keys/\nX-Api-Key: {{k}}\n'), []);
  });
});
