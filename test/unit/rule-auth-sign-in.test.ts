import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../src/core/fix/apply';
import { cleanup, lines, lintAll, lintRule } from '../fixtures/rules/harness';

const ENV = JSON.stringify(
  {
    dev: {
      Security: {
        Auth: {
          api: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Token URL': 'https://id.example/token', 'Client ID': 'c1' },
          user: { Type: 'OAuth2', 'Grant Type': 'Password', 'Token URL': 'https://id.example/token', 'Client ID': 'c2', Username: 'alice', Password: 'wonderland' },
          broken: { Type: 'OAuth2', 'Grant Type': 'Magic' },
        },
      },
    },
    $shared: { Security: { Auth: { everywhere: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Token URL': 'https://id.example/token', 'Client ID': 'c3', 'Client Secret': '{{secret}}' } } } },
  },
  null,
  2,
);
const PRIVATE = JSON.stringify({ dev: { Security: { Auth: { api: { 'Client Secret': 's3cret' } } } } }, null, 2);
const req = (ref: string): string => `GET https://api.example/me\nAuthorization: Bearer {{${ref}}}\n`;
const files = { 'http-client.env.json': ENV, 'http-client.private.env.json': PRIVATE };
const dev = { config: { environment: 'dev' }, files };

describe('rules: OAuth 2.0 sign-ins (auth/unknown-sign-in, auth/sign-in-incomplete, auth/secret-in-shared-env, auth/sign-in-no-environment)', () => {
  after(cleanup);

  it('a complete entry, its secret in the private file, is clean, and no variable/undefined fires on the reference', () => {
    const all = lintAll(req('$auth.token("api")'), dev).findings;
    assert.deepEqual(all.map((f) => f.rule), []);
    assert.deepEqual(lintAll(req('$auth.idToken("api")'), dev).findings.map((f) => f.rule), []);
  });

  it('auth/unknown-sign-in names the defined ones and offers the near miss', () => {
    const text = req('$auth.token("usre")');
    const f = lintRule('auth/unknown-sign-in', text, dev);
    assert.deepEqual(lines(f), [2]);
    assert.match(f[0].message, /No sign-in named "usre" in environment "dev"\. Did you mean "user"\? Defined: api, broken, everywhere, user\./);
    assert.equal(applyTextEdits(text, f[0].fixes![0].edits).text, req('$auth.token("user")'));
    assert.deepEqual(lintRule('auth/unknown-sign-in', req('$auth.token("zzzzzz")'), dev).map((x) => x.fixes), [undefined]);
  });

  it('auth/sign-in-incomplete lists the missing fields with the entry\'s place, and a wrong grant', () => {
    const files2 = { 'http-client.env.json': ENV };
    const f = lintRule('auth/sign-in-incomplete', req('$auth.token("api")'), { config: { environment: 'dev' }, files: files2 });
    assert.equal(f.length, 1);
    assert.match(f[0].message, /Sign-in "api" lacks "Client Secret" for the Client Credentials grant \(.*http-client\.env\.json:5; secrets go in http-client\.private\.env\.json\)/);
    assert.equal(f[0].related?.[0].range.start.line, 4);
    const g = lintRule('auth/sign-in-incomplete', req('$auth.token("broken")'), dev);
    assert.match(g[0].message, /"Grant Type" "Magic" of sign-in "broken" is not one of/);
    assert.deepEqual(lintRule('auth/sign-in-incomplete', req('$auth.token("api")'), dev), []);
  });

  it('auth/secret-in-shared-env flags a literal Password in the committed file, not a {{variable}} or the private file', () => {
    const f = lintRule('auth/secret-in-shared-env', req('$auth.token("user")'), dev);
    assert.equal(f.length, 1);
    assert.equal(f[0].severity, 'warning');
    assert.match(f[0].message, /"Password" of sign-in "user" is written in the shared environment file \(.*http-client\.env\.json:\d+\), which is committed\. Move it to http-client\.private\.env\.json/);
    assert.deepEqual(lintRule('auth/secret-in-shared-env', req('$auth.token("api")'), dev), []);
    assert.deepEqual(lintRule('auth/secret-in-shared-env', req('$auth.token("everywhere")'), dev), []);
  });

  it('auth/sign-in-no-environment fires only when no environment is selected and the entry is not under $shared', () => {
    const none = { files };
    const f = lintRule('auth/sign-in-no-environment', req('$auth.token("api")'), none);
    assert.deepEqual(lines(f), [2]);
    assert.match(f[0].message, /needs an environment/);
    assert.deepEqual(lintRule('auth/sign-in-no-environment', req('$auth.token("everywhere")'), none), []);
    assert.deepEqual(lintRule('auth/sign-in-no-environment', req('$auth.token("api")'), dev), []);
    assert.deepEqual(lintRule('auth/unknown-sign-in', req('$auth.token("api")'), none), [], 'unknown-sign-in leaves the no-environment case to its own rule');
  });
});
