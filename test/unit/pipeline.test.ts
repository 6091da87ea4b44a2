import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type ProjectConfig } from '../../src/core/config/types';
import { parseHttp } from '../../src/core/http/parser';
import { createSession, openFileRun, runRequests, saveSessionCookies, sendSettings, type RequestOutcome, type SendSession } from '../../src/core/pipeline';
import { discardBody } from '../../src/core/send';
import { json, listen, readAll, type TestServer } from '../fixtures/send/helpers';

function configWith(dir: string, send: Record<string, unknown>): ProjectConfig {
  return { ...defaultConfig(dir), path: join(dir, 'reqlint.config.json'), raw: { send } };
}

describe('pipeline: the config send section', () => {
  it('applies time-outs, proxy, redirects and limits; flags win over the config, the config over editor fallbacks', () => {
    const cfg = configWith('/proj', { timeoutMs: 1234, connectTimeoutMs: 55, followRedirects: false, proxy: null, maxBodyBytes: 4096, maxDecodedBytes: 8192 });
    const s = sendSettings(cfg, {}, { timeoutMs: 30000, proxy: 'http://fallback:1' });
    assert.deepEqual(s.defaults, { timeoutMs: 1234, connectTimeoutMs: 55, followRedirects: false, proxy: null });
    assert.deepEqual(s.limits, { maxBodyBytes: 4096, maxDecodedBytes: 8192 });
    assert.equal(s.retry, true);
    const flags = sendSettings(cfg, { timeoutMs: 9, connectTimeoutMs: 0, proxy: 'http://p:3', retry: false, insecure: true });
    assert.deepEqual(flags.defaults, { timeoutMs: 9, connectTimeoutMs: 0, followRedirects: false, proxy: 'http://p:3' });
    assert.equal(flags.retry, false);
    assert.equal(flags.insecure, true);
    const bare = sendSettings(defaultConfig('/proj'), {}, { timeoutMs: 30000, proxy: 'http://fallback:1' });
    assert.deepEqual(bare.defaults, { timeoutMs: 30000, connectTimeoutMs: null, followRedirects: true, proxy: 'http://fallback:1' });
    assert.equal(bare.limits, undefined);
  });

  it('finds TLS options by host:port, then host, with paths relative to the config', () => {
    const cfg = configWith('/proj/cfg', { tls: { 'api.example:8443': { cert: 'c.pem', key: '/abs/k.pem' }, 'api.example': { ca: 'ca.pem', insecure: true } } });
    const s = sendSettings(cfg);
    assert.deepEqual(s.tlsFor('https://api.example:8443/x'), { caFile: null, certFile: join('/proj/cfg', 'c.pem'), keyFile: '/abs/k.pem', pfxFile: null, passphrase: null, insecure: false });
    assert.equal(s.tlsFor('https://api.example/x').caFile, join('/proj/cfg', 'ca.pem'));
    assert.equal(s.tlsFor('https://api.example/x').insecure, true);
    assert.deepEqual(s.tlsFor('https://other.example/'), {});
  });

  it('keeps cookies in a jar file per environment when the config asks, and in --cookie-jar when given', () => {
    assert.equal(sendSettings(configWith('/p', {})).cookieJarFile('dev'), null);
    assert.equal(sendSettings(configWith('/p', { cookies: true })).cookieJarFile('dev'), join('/p', '.reqlint', 'cookies', 'dev.json'));
    assert.equal(sendSettings(configWith('/p', { cookies: true })).cookieJarFile(null), join('/p', '.reqlint', 'cookies', 'default.json'));
    assert.equal(sendSettings(configWith('/p', { cookies: true }), { cookieJarFile: '/x/jar.json' }).cookieJarFile('dev'), '/x/jar.json');
  });
});

describe('pipeline: runRequests', function () {
  this.timeout(20000);
  let server: TestServer;
  let dir: string;
  const seen: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];

  before(async () => {
    server = await listen(async (req, res) => {
      const body = (await readAll(req)).toString('utf8');
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/login') return json(res, 200, { token: 'tok-123' }, { 'set-cookie': 'sid=abc; Path=/' });
      if (req.url === '/moved') {
        res.writeHead(302, { location: '/login', 'content-length': '0' });
        res.end();
        return;
      }
      if (req.url === '/big') return json(res, 200, { pad: 'x'.repeat(5000) });
      json(res, 400, { detail: 'bad' });
    });
    dir = mkdtempSync(join(tmpdir(), 'reqlint-pipeline-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (seen.length = 0));

  async function runFile(text: string, send: Record<string, unknown>, steps: SendSession['steps'] = {}, signal?: AbortSignal): Promise<{ outcomes: RequestOutcome[]; session: SendSession }> {
    const filePath = join(dir, 'reqs.http');
    writeFileSync(filePath, text);
    const file = parseHttp(text);
    const session = createSession({ config: configWith(dir, send), profiles: [], environment: null, steps });
    const run = openFileRun(session, { file, filePath });
    const outcomes: RequestOutcome[] = [];
    try {
      await runRequests(session, run, file.requests, { report: (o) => void outcomes.push(o), ...(signal ? { signal } : {}) });
    } finally {
      await session.pool.destroy();
    }
    for (const o of outcomes) if (o.kind === 'sent') await discardBody(o.result.body);
    return { outcomes, session };
  }

  it('reports in order, chains named answers, and names the line of a request that cannot be prepared', async () => {
    const { outcomes } = await runFile(
      `# @name login\nPOST ${server.url}/login\n\n###\nGET ${server.url}/use\nAuthorization: Bearer {{login.response.body.$.token}}\n\n###\nGET {{nowhere}}/x\n`,
      {},
    );
    assert.deepEqual(outcomes.map((o) => o.kind), ['sent', 'sent', 'not-sent']);
    assert.equal(seen[1].headers.authorization, 'Bearer tok-123');
    const last = outcomes[2];
    assert.ok(last.kind === 'not-sent');
    assert.equal(last.line, 9);
    assert.match(last.message, /\{\{nowhere\}\}/);
    const second = outcomes[1];
    assert.ok(second.kind === 'sent');
    assert.equal(second.result.status, 400);
    assert.equal(second.result.classification?.category, 'validation');
  });

  it('honours followRedirects false and maxBodyBytes from the config', async () => {
    const { outcomes } = await runFile(`GET ${server.url}/moved\n\n###\nGET ${server.url}/big\n`, { followRedirects: false, maxBodyBytes: 1024 });
    const [moved, big] = outcomes;
    assert.ok(moved.kind === 'sent' && big.kind === 'sent');
    assert.equal(moved.result.status, 302);
    assert.equal(seen.length, 2, 'the redirect was not followed');
    assert.equal(big.result.body?.bytes, null, 'a body over maxBodyBytes goes to a file');
    assert.ok(big.result.body?.file);
  });

  it('stores cookies in the config jar file and sends them on the next request', async () => {
    const { session } = await runFile(`POST ${server.url}/login\n\n###\nGET ${server.url}/after\n`, { cookies: true });
    assert.equal(seen[1].headers.cookie, 'sid=abc');
    assert.equal(saveSessionCookies(session), null);
    const jarFile = join(dir, '.reqlint', 'cookies', 'default.json');
    assert.ok(existsSync(jarFile));
    assert.match(readFileSync(jarFile, 'utf8'), /"sid"/);
    // A new session reads the saved jar back.
    const again = await runFile(`GET ${server.url}/again\n`, { cookies: true });
    assert.equal(seen[seen.length - 1].headers.cookie, 'sid=abc');
    assert.ok(again.session.jarFile);
  });

  it('runs the named steps in road order, and a refusing step stops the request before the wire', async () => {
    const order: string[] = [];
    const { outcomes } = await runFile(`GET ${server.url}/one\n\n###\nGET ${server.url}/two\n`, {}, {
      authorize: (p, item) => {
        order.push(`authorize ${item.index}`);
        p.headers.push(['X-Token', 't']);
      },
      beforeSend: (_p, item) => {
        order.push(`beforeSend ${item.index}`);
        return item.index === 1 ? { line: 4, message: 'refused by a script' } : undefined;
      },
      afterResponse: (o) => void order.push(`afterResponse ${o.index} ${o.result.status}`),
      assert: (o) => void order.push(`assert ${o.index}`),
    });
    assert.deepEqual(order, ['authorize 0', 'beforeSend 0', 'afterResponse 0 400', 'assert 0', 'authorize 1', 'beforeSend 1']);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers['x-token'], 't');
    assert.ok(outcomes[1].kind === 'not-sent' && outcomes[1].message === 'refused by a script' && outcomes[1].line === 4);
  });

  it('sends nothing once the signal is aborted', async () => {
    const c = new AbortController();
    c.abort();
    const { outcomes } = await runFile(`GET ${server.url}/one\n`, {}, {}, c.signal);
    assert.equal(outcomes.length, 0);
    assert.equal(seen.length, 0);
  });
});
