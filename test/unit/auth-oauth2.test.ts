import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { missingFields, readAuthConfigs, type OAuthConfig } from '../../src/core/auth/oauth2/config';
import { TokenError } from '../../src/core/auth/oauth2/errors';
import { pkceChallenge, undiciTokenHttp, type OAuthInteraction, type TokenHttp } from '../../src/core/auth/oauth2/grants';
import { OAuthManager, isInvalidTokenChallenge, resolveAuthConfig } from '../../src/core/auth/oauth2/manager';
import { authRefsIn, fetchRequestTokens } from '../../src/core/auth/oauth2/request-tokens';
import { FileTokenStore, MemoryTokenStore } from '../../src/core/auth/oauth2/store';
import { parseHttp } from '../../src/core/http/parser';
import { buildScope } from '../../src/core/vars/scope';
import { startMockServer, type MockServer } from '../../src/mock/server';

const noVars = (t: string): { text: string; unresolved: string[] } => ({ text: t, unresolved: [] });

function cfgOf(mock: MockServer, fields: Record<string, unknown>, dir: string, env = 'dev'): OAuthConfig {
  const file = join(dir, 'http-client.env.json');
  writeFileSync(file, JSON.stringify({ [env]: { Security: { Auth: { api: { Type: 'OAuth2', 'Token URL': `${mock.baseUrls.oauth}/token`, ...fields } } } } }, null, 2));
  const c = readAuthConfigs([file], env).entries.get('api');
  assert.ok(c);
  return c;
}

/** Counts the token endpoint's requests while passing them on. */
function countingHttp(): { http: TokenHttp; calls: Array<{ url: string; body: string | null; auth: string | undefined }> } {
  const inner = undiciTokenHttp();
  const calls: Array<{ url: string; body: string | null; auth: string | undefined }> = [];
  return {
    calls,
    http: (req) => {
      calls.push({ url: req.url, body: req.body, auth: req.headers.authorization });
      return inner(req);
    },
  };
}

/** Plays the browser: follows the authorization server's redirect to the loopback listener, as a browser would. */
function browser(tamper?: (u: URL) => void): OAuthInteraction & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    async openBrowser(url) {
      opened.push(url);
      const u = new URL(url);
      tamper?.(u);
      const res = await request(u);
      await res.body.dump();
      const location = res.headers.location;
      assert.equal(res.statusCode, 302, 'the authorization server redirects back');
      const back = await request(String(location));
      await back.body.dump();
      return true;
    },
    showDeviceCode() {
      throw new Error('not a device flow');
    },
  };
}

describe('auth: OAuth 2.0 (JetBrains Security.Auth entries)', () => {
  let mock: MockServer;
  let dir: string;
  before(async () => {
    mock = await startMockServer({ port: 0 });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-oauth-'));
    mock.reset();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads entries from the public and private files, field by field, with their places', () => {
    const pub = join(dir, 'http-client.env.json');
    const priv = join(dir, 'http-client.private.env.json');
    writeFileSync(pub, JSON.stringify({ dev: { host: 'x', Security: { Auth: { api: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Client ID': 'demo-client', 'Token URL': 'https://id.example/token', PKCE: true, 'Custom Request Parameters': { audience: 'https://api', resource: { Value: 'r1', Use: 'In Token Request' } } } } } } }, null, 2));
    writeFileSync(priv, JSON.stringify({ dev: { Security: { Auth: { api: { 'Client Secret': 's3cret' } } } } }, null, 2));
    const r = readAuthConfigs([pub, priv], 'dev');
    const c = r.entries.get('api')!;
    assert.equal(c.grantType, 'client_credentials');
    assert.equal(c.clientSecret, 's3cret');
    assert.equal(c.fields.get('client secret')?.private, true);
    assert.equal(c.fields.get('client id')?.private, false);
    assert.equal(c.fields.get('client id')?.file, pub);
    assert.equal(c.fields.get('client id')?.range.start.line, 8);
    assert.deepEqual(c.pkce, { method: 'S256' });
    assert.deepEqual(c.customParams, [{ name: 'audience', value: 'https://api', use: 'everywhere' }, { name: 'resource', value: 'r1', use: 'token' }]);
    assert.deepEqual(missingFields(c), []);
    assert.deepEqual(c.problems, []);
    // Another environment does not see it.
    assert.equal(readAuthConfigs([pub, priv], 'prod').entries.size, 0);
  });

  it('names what an entry lacks and what it misspells', () => {
    const pub = join(dir, 'http-client.env.json');
    writeFileSync(pub, JSON.stringify({ dev: { Security: { Auth: { a: { Type: 'OAuth2', 'Grant Type': 'Password', 'Client ID': 'c' }, b: { Type: 'OAuth2', 'Grant Type': 'Magic' }, c: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Tokn URL': 'x' } } } } }, null, 2));
    const r = readAuthConfigs([pub], 'dev');
    assert.deepEqual(missingFields(r.entries.get('a')!), ['Token URL', 'Username', 'Password']);
    assert.match(r.entries.get('b')!.problems[0].message, /"Grant Type" "Magic" .* is not one of/);
    assert.match(r.entries.get('c')!.problems[0].message, /"Tokn URL" is not a sign-in setting/);
    assert.deepEqual(missingFields(r.entries.get('c')!), ['Token URL', 'Client ID', 'Client Secret']);
  });

  it('client credentials: fetches once (Basic client authentication), then serves the cache until expiry, then fetches again', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Client Credentials', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret', Scope: 'read write' }, dir);
    const { http, calls } = countingHttp();
    let now = 1_000_000;
    const m = new OAuthManager({ store: new MemoryTokenStore(), http, now: () => now });
    const t1 = await m.token(cfg, 'dev');
    assert.equal(t1.scope, 'read write');
    assert.equal(t1.expiresAt, now + 3600_000);
    assert.match(calls[0].auth ?? '', /^Basic /);
    assert.ok(!calls[0].body?.includes('client_secret'));
    const me = await request(`${mock.baseUrls.oauth}/api/me`, { headers: { authorization: `Bearer ${t1.accessToken}` } });
    assert.equal(me.statusCode, 200);
    assert.deepEqual(await me.body.json(), { sub: 'demo-client', client_id: 'demo-client', scope: 'read write' });
    const t2 = await m.token(cfg, 'dev');
    assert.equal(t2.accessToken, t1.accessToken);
    assert.equal(calls.length, 1);
    now += 3600_000 - 30_000; // within the refresh skew
    const t3 = await m.token(cfg, 'dev');
    assert.notEqual(t3.accessToken, t1.accessToken);
    assert.equal(calls.length, 2);
  });

  it('client credentials "in body" sends client_secret in the form; concurrent requests share one sign-in', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Client Credentials', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret', 'Client Credentials': 'in body' }, dir);
    const { http, calls } = countingHttp();
    const m = new OAuthManager({ store: new MemoryTokenStore(), http });
    const [a, b] = await Promise.all([m.token(cfg, 'dev'), m.token(cfg, 'dev')]);
    assert.equal(a.accessToken, b.accessToken);
    assert.equal(calls.length, 1);
    assert.equal(calls[0].auth, undefined);
    assert.match(calls[0].body ?? '', /client_secret=demo-secret/);
  });

  it('a wrong client secret is invalid_client, classified as authentication with advice', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Client Credentials', 'Client ID': 'demo-client', 'Client Secret': 'nope' }, dir);
    const m = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp() });
    await assert.rejects(m.token(cfg, 'dev'), (e: TokenError) => {
      assert.ok(e instanceof TokenError);
      assert.equal(e.code, 'invalid_client');
      assert.equal(e.category, 'authentication');
      assert.equal(e.status, 401);
      assert.match(e.message, /answered 401 invalid_client \(Client authentication failed\.\)/);
      assert.match(e.advice, /Client Secret/);
      return true;
    });
  });

  it('password grant refreshes with the refresh token when the access token expires; a revoked refresh token signs in again', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Password', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret', Username: 'alice', Password: 'wonderland' }, dir);
    const { http, calls } = countingHttp();
    let now = 5_000_000;
    const m = new OAuthManager({ store: new MemoryTokenStore(), http, now: () => now });
    const t1 = await m.token(cfg, 'dev');
    assert.ok(t1.refreshToken);
    now += 3600_000;
    const t2 = await m.token(cfg, 'dev');
    assert.match(calls[1].body ?? '', /grant_type=refresh_token/);
    assert.notEqual(t2.accessToken, t1.accessToken);
    // The server rotates refresh tokens; revoking the current one makes the next refresh fail with invalid_grant.
    await request(`${mock.baseUrls.oauth}/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${t2.refreshToken}` });
    now += 3600_000;
    const t3 = await m.token(cfg, 'dev');
    assert.match(calls[2].body ?? '', /grant_type=refresh_token/);
    assert.match(calls[3].body ?? '', /grant_type=password/);
    assert.ok(t3.accessToken);
  });

  it('a wrong password is invalid_grant with advice to sign in again', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Password', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret', Username: 'alice', Password: 'x' }, dir);
    const m = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp() });
    await assert.rejects(m.token(cfg, 'dev'), (e: TokenError) => e.code === 'invalid_grant' && /Sign in again/.test(e.advice));
  });

  it('after a 401 invalid_token the token is marked expired and the next request refreshes it', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Password', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret', Username: 'alice', Password: 'wonderland' }, dir);
    const { http, calls } = countingHttp();
    const m = new OAuthManager({ store: new MemoryTokenStore(), http });
    const t1 = await m.token(cfg, 'dev');
    await request(`${mock.baseUrls.oauth}/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${t1.accessToken}` });
    const res = await request(`${mock.baseUrls.oauth}/api/me`, { headers: { authorization: `Bearer ${t1.accessToken}` } });
    await res.body.dump();
    assert.equal(res.statusCode, 401);
    assert.ok(isInvalidTokenChallenge(res.statusCode, String(res.headers['www-authenticate'])));
    assert.ok(!isInvalidTokenChallenge(401, 'Bearer realm="x"'));
    await m.invalidate('dev', 'api');
    const t2 = await m.token(cfg, 'dev');
    assert.notEqual(t2.accessToken, t1.accessToken);
    assert.match(calls[1].body ?? '', /grant_type=refresh_token/);
    const ok = await request(`${mock.baseUrls.oauth}/api/me`, { headers: { authorization: `Bearer ${t2.accessToken}` } });
    await ok.body.dump();
    assert.equal(ok.statusCode, 200);
  });

  it('authorization code with PKCE: browser, loopback redirect, state checked, code exchanged with the verifier', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Authorization Code', 'Client ID': 'public-client', 'Client Credentials': 'none', 'Auth URL': `${mock.baseUrls.oauth}/authorize`, 'Redirect URL': 'http://127.0.0.1:0/callback', PKCE: true, Scope: 'openid read' }, dir);
    // Port 0 is not a registrable redirect; pick a free one for the test.
    const probe = await startMockServer({ port: 0 });
    const port = probe.port;
    await probe.close();
    cfg.redirectUrl = `http://127.0.0.1:${port}/callback`;
    const b = browser();
    const m = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp(), interaction: b });
    const t = await m.token(cfg, 'dev');
    assert.ok(t.accessToken);
    assert.ok(t.idToken, 'openid scope gives an ID token');
    const sent = new URL(b.opened[0]);
    assert.equal(sent.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(sent.searchParams.get('code_challenge')?.length, 43);
    assert.equal(sent.searchParams.get('redirect_uri'), cfg.redirectUrl);
    assert.equal(pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk', 'S256'), 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'RFC 7636 appendix B');
  });

  it('authorization code: a redirect with a forged state is refused, a declined sign-in is access_denied', async () => {
    const probe = await startMockServer({ port: 0 });
    const port = probe.port;
    await probe.close();
    const cfg = cfgOf(mock, { 'Grant Type': 'Authorization Code', 'Client ID': 'public-client', 'Client Credentials': 'none', 'Auth URL': `${mock.baseUrls.oauth}/authorize`, 'Redirect URL': `http://127.0.0.1:${port}/cb`, PKCE: true }, dir);
    const forged = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp(), interaction: browser((u) => u.searchParams.set('state', 'forged')) });
    await assert.rejects(forged.token(cfg, 'dev'), (e: TokenError) => e.code === 'state-mismatch');
    const declined = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp(), interaction: browser((u) => u.searchParams.set('login_hint', 'deny')) });
    await assert.rejects(declined.token(cfg, 'dev'), (e: TokenError) => e.code === 'access_denied' && e.category === 'permission');
    // Without a browser (CI) the grant says what to do instead of hanging.
    const ci = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp() });
    await assert.rejects(ci.token(cfg, 'dev'), /needs a person at a browser/);
    // A redirect the listener cannot receive is a config error before any browser opens.
    const far = { ...cfg, redirectUrl: 'https://app.example/cb' };
    const b = browser();
    await assert.rejects(new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp(), interaction: b }).token(far, 'dev'), /not a loopback http:\/\/ address/);
    assert.equal(b.opened.length, 0);
  });

  it('device authorization: shows the code, polls while pending, gets the token once confirmed', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Device Authorization', 'Client ID': 'public-client', 'Client Credentials': 'none', 'Device Auth URL': `${mock.baseUrls.oauth}/device` }, dir);
    const { http, calls } = countingHttp();
    let shown: { userCode: string; verificationUri: string } | null = null;
    let polls = 0;
    const m = new OAuthManager({
      store: new MemoryTokenStore(),
      http,
      interaction: { openBrowser: () => Promise.resolve(false), showDeviceCode: (i) => (shown = i) },
      sleep: async () => {
        polls++;
        // The person confirms after the second poll.
        if (polls === 2 && shown) await (await request(`${shown.verificationUri}?user_code=${shown.userCode}`)).body.dump();
      },
    });
    const t = await m.token(cfg, 'dev');
    assert.ok(t.accessToken);
    assert.ok(shown);
    assert.equal(polls, 2);
    assert.equal(calls.filter((c) => c.body?.includes('device_code')).length, 2, 'one pending poll, one success');
  });

  it('keeps tokens in an owner-only file across runs (--auth-cache)', async () => {
    const cfg = cfgOf(mock, { 'Grant Type': 'Client Credentials', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret' }, dir);
    const file = join(dir, 'cache', 'tokens.json');
    const { http, calls } = countingHttp();
    const t1 = await new OAuthManager({ store: new FileTokenStore(file), http }).token(cfg, 'dev');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const t2 = await new OAuthManager({ store: new FileTokenStore(file), http }).token(cfg, 'dev');
    assert.equal(t2.accessToken, t1.accessToken);
    assert.equal(calls.length, 1);
    const list = await new OAuthManager({ store: new FileTokenStore(file), http }).list();
    assert.deepEqual(list.map((s) => [s.environment, s.name]), [['dev', 'api']]);
    assert.ok(!JSON.stringify(list).includes(t1.accessToken), 'a listing never carries the token');
    // A different client id is another token: the cached one is not reused.
    const other = { ...cfg, clientId: 'public-client', clientAuth: 'none' as const };
    await assert.rejects(new OAuthManager({ store: new FileTokenStore(file), http }).token(other, 'dev'), /unauthorized_client/);
    writeFileSync(file, 'not json');
    await assert.rejects(new OAuthManager({ store: new FileTokenStore(file), http }).token(cfg, 'dev'), /tokens\.json is not valid JSON; delete it/);
    // A folder (or a pipe, a device) given as the cache is refused by name, never read.
    await assert.rejects(new OAuthManager({ store: new FileTokenStore(dir), http }).token(cfg, 'dev'), /token cache is a folder, not a regular file\. Point --auth-cache at a regular file/);
  });

  it('resolves {{variables}} in entries and refuses to send an unresolved one', () => {
    const pub = join(dir, 'http-client.env.json');
    writeFileSync(pub, JSON.stringify({ dev: { Security: { Auth: { api: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Client ID': '{{clientId}}', 'Client Secret': '{{missing}}', 'Token URL': 'https://id.example/token' } } } } }, null, 2));
    const cfg = readAuthConfigs([pub], 'dev').entries.get('api')!;
    assert.throws(
      () => resolveAuthConfig(cfg, (t) => ({ text: t.replace('{{clientId}}', 'cid'), unresolved: t.includes('{{missing}}') ? ['missing'] : [] })),
      /"Client Secret" \(.*http-client\.env\.json:\d+\) uses \{\{missing\}\}, which is not defined in environment "dev"/,
    );
  });

  it('fetches the tokens a request references and the resolver substitutes them as secrets', async () => {
    const pub = join(dir, 'http-client.env.json');
    writeFileSync(pub, JSON.stringify({ dev: { Security: { Auth: { api: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Client ID': 'demo-client', 'Client Secret': 'demo-secret', 'Token URL': `${mock.baseUrls.oauth}/token` } } } } }, null, 2));
    const text = `GET ${mock.baseUrls.oauth}/api/me\nAuthorization: Bearer {{$auth.token("api")}}\n`;
    const file = parseHttp(text);
    const refs = authRefsIn(file.requests[0].headers[0].value.value);
    assert.deepEqual(refs.map((r) => [r.kind, r.name]), [['token', 'api']]);
    const manager = new OAuthManager({ store: new MemoryTokenStore(), http: undiciTokenHttp() });
    const configs = readAuthConfigs([pub], 'dev');
    const got = await fetchRequestTokens([file.requests[0].headers[0].value.value], { configs, environment: 'dev', manager, substitute: noVars });
    const scope = buildScope(file, { filePath: join(dir, 'a.http'), env: 'dev', authTokens: got.lookup });
    const r = scope.resolve(file.requests[0].headers[0].value.value);
    assert.equal(r.text, `Bearer ${got.secrets[0]}`);
    assert.ok(r.secret, 'a token is masked like any secret');
    await assert.rejects(fetchRequestTokens(['{{$auth.token("nope")}}'], { configs, environment: 'dev', manager, substitute: noVars }), /no sign-in named "nope" in environment "dev"\. Defined: api\./);
    // Before sending, the linter's view: defined, value unknown until fetched.
    const lintScope = buildScope(file, { filePath: join(dir, 'a.http'), env: 'dev' });
    assert.ok(lintScope.isDefined('$auth.token("api")'));
    assert.match(lintScope.lookup('$auth.token("api")').problem ?? '', /fetched when the request is sent/);
  });
});
