import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileTokenStore } from '../../src/core/auth/oauth2/store';
import { defaultConfig } from '../../src/core/config/types';
import { parseHttp } from '../../src/core/http/parser';
import { createSession, openFileRun, runRequests, type RequestOutcome } from '../../src/core/pipeline';
import { bodyText, discardBody, maskSecrets } from '../../src/core/send';
import { cliAuthIO } from '../../src/cli/auth-io';
import { startMockServer, type MockServer } from '../../src/mock/server';

describe('pipeline: signing in with OAuth 2.0 on the road', function () {
  this.timeout(20000);
  let mock: MockServer;
  let dir: string;
  before(async () => {
    mock = await startMockServer({ port: 0 });
  });
  after(() => mock.close());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-auth-pipe-'));
    mock.reset();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function envFiles(secret = 'demo-secret'): void {
    writeFileSync(
      join(dir, 'http-client.env.json'),
      JSON.stringify({ dev: { base: mock.baseUrls.oauth, Security: { Auth: { demo: { Type: 'OAuth2', 'Grant Type': 'Client Credentials', 'Token URL': '{{base}}/token', 'Client ID': 'demo-client', Scope: 'read' } } } } }, null, 2),
    );
    writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { Security: { Auth: { demo: { 'Client Secret': secret } } } } }, null, 2));
  }

  async function run(text: string, cacheFile?: string): Promise<{ outcomes: Array<{ kind: string; status: number | null; body: string; message: string; secrets: string[] }> }> {
    const filePath = join(dir, 'api.http');
    writeFileSync(filePath, text);
    const session = createSession({ config: defaultConfig(dir), profiles: [], environment: 'dev', auth: cliAuthIO(cacheFile, 'send', false) });
    const fileRun = openFileRun(session, { file: parseHttp(text), filePath, workspaceRoot: dir });
    const outcomes: Array<{ kind: string; status: number | null; body: string; message: string; secrets: string[] }> = [];
    try {
      await runRequests(session, fileRun, fileRun.file.requests, {
        report: async (o: RequestOutcome) => {
          if (o.kind === 'not-sent') {
            outcomes.push({ kind: o.kind, status: null, body: '', message: o.message, secrets: [] });
            return;
          }
          outcomes.push({ kind: o.kind, status: o.result.status, body: bodyText(o.result.body, 65536), message: o.result.error?.message ?? '', secrets: o.prepared.secrets });
          await discardBody(o.result.body);
        },
      });
    } finally {
      await session.pool.destroy();
    }
    return { outcomes };
  }

  const REQ = '### me\nGET {{base}}/api/me\nAuthorization: Bearer {{$auth.token("demo")}}\n';

  it('fetches the token before the request is prepared, sends it, and masks it', async () => {
    envFiles();
    const { outcomes } = await run(`${REQ}\n### again\nGET {{base}}/api/me\nAuthorization: Bearer {{$auth.token("demo")}}\n`);
    assert.deepEqual(outcomes.map((o) => [o.kind, o.status]), [['sent', 200], ['sent', 200]]);
    assert.deepEqual(JSON.parse(outcomes[0].body), { sub: 'demo-client', client_id: 'demo-client', scope: 'read' });
    const token = outcomes[0].secrets.find((s) => s.length > 20);
    assert.ok(token, 'the token is one of the request secrets');
    assert.equal(maskSecrets(`Bearer ${token}`, outcomes[0].secrets).includes(token), false);
  });

  it('a refused sign-in is not sent, with the token endpoint\'s error and what to do', async () => {
    envFiles('wrong');
    const { outcomes } = await run(REQ);
    assert.equal(outcomes[0].kind, 'not-sent');
    assert.match(outcomes[0].message, /sign-in "demo" failed: the token endpoint answered 401 invalid_client .*Client Secret/);
    const unknown = await run('GET {{base}}/api/me\nAuthorization: Bearer {{$auth.token("other")}}\n');
    assert.match(unknown.outcomes[0].message, /no sign-in named "other" in environment "dev"\. Defined: demo\./);
  });

  it('keeps the token in --auth-cache across runs; a 401 invalid_token drops it, signs in again and sends once more', async () => {
    envFiles();
    const cache = join(dir, 'tokens.json');
    await run(REQ, cache);
    const first = await new FileTokenStore(cache).get('dev/demo');
    assert.ok(first);
    assert.equal(statSync(cache).mode & 0o777, 0o600);
    // A second run reuses the cached token.
    assert.deepEqual((await run(REQ, cache)).outcomes.map((o) => o.status), [200]);
    assert.equal((await new FileTokenStore(cache).get('dev/demo'))?.accessToken, first.accessToken);
    // The server revokes it: the next run's first answer is 401 invalid_token, then a new token gets a 200.
    await fetch(`${mock.baseUrls.oauth}/revoke`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${first.accessToken}` });
    const { outcomes } = await run(REQ, cache);
    assert.deepEqual(outcomes.map((o) => [o.kind, o.status]), [['sent', 200]]);
    const renewed = await new FileTokenStore(cache).get('dev/demo');
    assert.notEqual(renewed?.accessToken, first.accessToken);
  });
});
