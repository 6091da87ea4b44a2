import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DispatcherPool, makeClassifier, sendRequest } from '../../src/core/send';
import type { PreparedRequest } from '../../src/core/send/types';
import { buildExchangeView, maskedCurl, type ExchangeContext } from '../../src/extension/panel/exchange';
import { HistoryStore, type MementoLike } from '../../src/extension/panel/history';
import { toCurl } from '../../src/core/send/curl';
import { listen, readAll, type TestServer } from '../fixtures/send/helpers';
import { runCli } from '../fixtures/adversarial/run-cli';

// Secrets go out through every path Reqlint has: CLI send (text, JSON, cookie jar), CLI lint (text,
// JSON, SARIF), the panel's exchange view, its history as stored, and "Copy as cURL". The server
// echoes every secret back in headers, cookies and the body (the worst case). Then everything printed
// and everything written under a temporary HOME, working folder and temp folder is searched for
// each secret's value: there must be no hit.

const PRIVATE_ENV_SECRET = 'tok_PRIVATEENV_9f8e7d6c5b4a3210';
const PROCESS_ENV_SECRET = 'PROCESSENV_SECRET_1234567890abcd';
const STORE_SECRET = 'STORE_SECRET_fedcba9876543210zz';
const HARDCODED_SECRET = 'smk_live_HARDCODED0123456789abcdef';
const ALL = [PRIVATE_ENV_SECRET, PROCESS_ENV_SECRET, STORE_SECRET, HARDCODED_SECRET];

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

function hits(where: string, text: string, secrets: readonly string[] = ALL): string[] {
  return secrets.filter((s) => text.includes(s)).map((s) => `${where}: ${s}`);
}

describe('adversarial: secrets never reach output or disk', function () {
  this.timeout(60_000);
  let home: string;
  let cwd: string;
  let tmp: string;
  let echo: TestServer;
  const printed: Array<[string, string]> = [];

  before(async () => {
    home = mkdtempSync(join(tmpdir(), 'reqlint-secrets-'));
    cwd = join(home, 'project');
    tmp = join(home, 'tmp');
    mkdirSync(cwd);
    mkdirSync(tmp);
    // Echoes the request's headers and body back, in a header, a cookie and the JSON body.
    echo = await listen(async (req, res) => {
      const body = (await readAll(req)).toString();
      const all = JSON.stringify({ headers: req.headers, url: req.url, body });
      res.writeHead(401, { 'content-type': 'application/json', 'x-echo': encodeURIComponent(all).slice(0, 4000), 'set-cookie': 'sess=opaque-session-id; Path=/' });
      res.end(JSON.stringify({ error: { code: 'UNAUTHORIZED', message: `bad key ${String(req.headers['x-api-key'])} for ${req.url}`, echo: all } }));
    });
    writeFileSync(join(cwd, 'http-client.env.json'), JSON.stringify({ dev: { base: echo.url } }));
    writeFileSync(join(cwd, 'http-client.private.env.json'), JSON.stringify({ dev: { token: PRIVATE_ENV_SECRET } }));
    writeFileSync(
      join(cwd, 'api.http'),
      [
        '### private env file',
        '# @name privateEnv',
        'POST {{base}}/a?token={{token}}',
        'Authorization: Bearer {{token}}',
        'Content-Type: application/json',
        '',
        '{"key": "{{token}}"}',
        '',
        '### process environment',
        '# @name processEnv',
        'POST {{base}}/b',
        'X-Api-Key: {{$processEnv REQLINT_ADV_SECRET}}',
        'Content-Type: application/json',
        '',
        '{"k": "{{$processEnv REQLINT_ADV_SECRET}}"}',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(cwd, 'hardcoded.http'),
      ['POST https://api.qrstudio.agency/api/v1/generate/', `X-Api-Key: ${HARDCODED_SECRET}`, 'Content-Type: application/json', '', '{"data": "https://example.com", "data_type": "url"}', ''].join('\n'),
    );
  });
  after(async () => {
    await echo.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('reqlint send (text and JSON, with a cookie jar) prints and writes no secret value', async () => {
    const env = { HOME: home, TMPDIR: tmp, REQLINT_ADV_SECRET: PROCESS_ENV_SECRET };
    for (const format of ['text', 'json']) {
      const r = await runCli(['send', 'api.http', '--all', '--env', 'dev', '--format', format, '--no-retry', '--cookie-jar', join(cwd, '.cookies.json')], cwd, env);
      assert.equal(r.code, 1, r.stderr);
      // The sends really happened (the echo answered 401 twice).
      assert.equal((r.stdout.match(/401/g) ?? []).length >= 2, true, r.stdout);
      printed.push([`send ${format} stdout`, r.stdout], [`send ${format} stderr`, r.stderr]);
    }
  });

  it('reqlint lint (text, JSON, SARIF) names the hard-coded secret without echoing it', async () => {
    for (const format of ['text', 'json', 'sarif']) {
      const r = await runCli(['lint', 'hardcoded.http', '--format', format], cwd, { HOME: home, TMPDIR: tmp });
      assert.match(r.stdout, /auth\/hardcoded-secret/);
      // The "move it to a variable" fix must carry the value to be applicable, so its edit text is
      // left out of the scan; every message, title and location is searched.
      const shown = format === 'text' ? r.stdout : JSON.stringify(JSON.parse(r.stdout), (k, v: unknown) => (k === 'fixes' ? undefined : v));
      printed.push([`lint ${format} stdout`, shown], [`lint ${format} stderr`, r.stderr]);
    }
  });

  it('the panel: exchange view, stored history and Copy as cURL mask every secret', async () => {
    const pool = new DispatcherPool({ env: {} });
    try {
      const prepared: PreparedRequest = {
        method: 'POST',
        url: `${echo.url}/panel?key=${STORE_SECRET}`,
        headers: [
          ['X-Api-Key', STORE_SECRET],
          ['Authorization', `Bearer ${PROCESS_ENV_SECRET}`],
          ['Content-Type', 'application/json'],
        ],
        body: { kind: 'text', text: JSON.stringify({ token: PRIVATE_ENV_SECRET }) },
        options: {},
        secrets: [STORE_SECRET, PROCESS_ENV_SECRET, PRIVATE_ENV_SECRET],
      };
      const result = await sendRequest(prepared, { pool, classifier: makeClassifier(null) });
      assert.equal(result.status, 401);
      const ctx: ExchangeContext = { id: 'x1', key: null, requestName: 'panel', prepared, source: null, uriOf: (p) => `file://${p}`, fixes: [], checkHint: null, sliceBytes: 64 * 1024 };
      const view = buildExchangeView(result, ctx);
      printed.push(['exchange view', JSON.stringify(view)], ['copy as cURL', maskedCurl(prepared)], ['toCurl masked', toCurl(prepared, { maskSecrets: true })]);
      // The history as the extension stores it: written to a file under the temporary HOME.
      const stateFile = join(home, 'globalState.json');
      const memento: MementoLike = {
        get: <T>(key: string): T | undefined => {
          try {
            return (JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, T>)[key];
          } catch {
            return undefined;
          }
        },
        update: (key: string, value: unknown) => Promise.resolve(writeFileSync(stateFile, JSON.stringify({ [key]: value }))),
      };
      const history = new HistoryStore(memento, 10);
      await history.add({ view, curl: maskedCurl(prepared) });
      assert.ok(readFileSync(stateFile, 'utf8').length > 100, 'the history was written');
      // The unmasked cURL is what the user asked to copy to run it: it must hold the secret (the scan is not blind).
      assert.ok(toCurl(prepared, { maskSecrets: false }).includes(STORE_SECRET));
    } finally {
      await pool.destroy();
    }
  });

  it('scan: no secret value in anything printed or written under HOME, the working folder or TMPDIR', () => {
    assert.ok(printed.length >= 10, `only ${printed.length} outputs were collected; run the whole describe`);
    const found: string[] = [];
    for (const [where, text] of printed) found.push(...hits(where, text));
    const written = filesUnder(home).filter((p) => !p.endsWith('http-client.private.env.json') && !p.endsWith('hardcoded.http'));
    assert.ok(written.some((p) => p.endsWith('.cookies.json')), 'the cookie jar was written');
    for (const p of written) found.push(...hits(p, readFileSync(p, 'latin1')));
    assert.deepEqual(found, []);
  });
});
