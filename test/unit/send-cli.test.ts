import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { startMockServer, type MockServer } from '../../src/mock';
import { JsonDocumentWriter, jsonDocument } from '../../src/cli/commands/send';
import { buildOnce, runCli } from './cli-lint-helpers';

const root = resolve(__dirname, '../..');
/** The CLI bundled once with esbuild (as the build does), so each run starts in milliseconds. */
let cli = '';

async function bundleCli(): Promise<string> {
  if (cli) return cli;
  const out = join(mkdtempSync(join(tmpdir(), 'reqlint-cli-bundle-')), 'cli.js');
  await esbuild.build({ entryPoints: [join(root, 'src/cli/main.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'error', mainFields: ['module', 'main'], define: { REQLINT_VERSION: '"test"' } });
  cli = out;
  return out;
}

// The bundle's temp folder goes once every test in this file has run.
after(() => {
  if (cli) rmSync(dirname(cli), { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function reqlint(args: string[], cwd: string, onStdout?: (s: string, child: ReturnType<typeof spawn>) => void): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      onStdout?.(stdout, child);
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}

describe('reqlint send (end to end against the mock)', function () {
  this.timeout(60000);
  let mock: MockServer;
  let dir: string;
  before(async () => {
    await bundleCli();
    mock = await startMockServer({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'reqlint-cli-send-'));
    writeFileSync(
      join(dir, 'http-client.env.json'),
      JSON.stringify({ mock: { base: mock.origin, qrstudioApiKey: 'smk_mock_pro_0123456789abcdef', scanovaTrackingApiKey: 'mock-tracking-key-0001' } }),
    );
    writeFileSync(
      join(dir, 'api.http'),
      [
        '### create a dynamic QR',
        '# @name create',
        'POST {{base}}/qrstudio/api/v1/dynamic/',
        'X-Api-Key: {{qrstudioApiKey}}',
        'Content-Type: application/json',
        '',
        '{"destination": "https://example.com/landing"}',
        '',
        '### scan it',
        '# @name scan',
        '# @no-redirect',
        'GET {{base}}/qrstudio/q/{{create.response.body.$.short_id}}/',
        '',
        '### a bad generate',
        '# @name badGenerate',
        'POST {{base}}/qrstudio/api/v1/generate/',
        'X-Api-Key: {{qrstudioApiKey}}',
        'Content-Type: application/json',
        '',
        '{"data_type": "url", "size_inches": 20}',
        '',
        '### 503 once, then fine',
        '# @name flaky',
        'POST {{base}}/scanova-tracking/server-events',
        'X-API-Key: {{scanovaTrackingApiKey}}',
        'X-Mock-Status: 503',
        'X-Mock-Retry-After: 0',
        'X-Mock-Fail-Times: 1',
        'Content-Type: application/json',
        '',
        '{"event_name": "purchase", "scan_session_id": "7ad26d4f-3181-4ef8-b6ca-b8f59499dd43"}',
        '',
      ].join('\n'),
    );
  });
  after(async () => {
    await mock.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => mock.reset());

  it('sends --all in order with response references and prints the JSON contract', async () => {
    const r = await reqlint(['send', 'api.http', '--all', '--env', 'mock', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.equal(doc.version, 1);
    const byName = Object.fromEntries(doc.results.map((x: { request: string }) => [x.request, x]));
    assert.deepEqual(doc.results.map((x: { request: string }) => x.request), ['create', 'scan', 'badGenerate', 'flaky']);
    assert.equal(byName.create.status, 201);
    assert.equal(byName.scan.status, 302);
    assert.equal(byName.scan.classification.category, 'redirect');
    assert.equal(byName.badGenerate.status, 400);
    assert.equal(byName.badGenerate.attempts, 1);
    assert.equal(byName.badGenerate.classification.category, 'validation');
    assert.deepEqual(byName.badGenerate.classification.fieldErrors.map((f: { pointer: string }) => f.pointer).sort(), ['/data', '/size_inches']);
    assert.equal(byName.flaky.status, 200);
    assert.equal(byName.flaky.attempts, 2);
    for (const x of doc.results) {
      assert.equal(typeof x.durationMs, 'number');
      assert.ok('classification' in x);
    }
    assert.ok(!r.stdout.includes('smk_mock_pro_0123456789abcdef'), 'the key is masked in the output');
    assert.ok(r.stdout.includes('••••cdef'));
    // Piped (not a terminal): one result per line between the document's first and last lines.
    const lines = r.stdout.trimEnd().split('\n');
    assert.equal(lines[0], '{"version":1,"results":[');
    assert.equal(lines[lines.length - 1], ']}');
    assert.deepEqual(lines.slice(1, -1).map((l) => JSON.parse(l.replace(/,$/, '')).request), ['create', 'scan', 'badGenerate', 'flaky']);
  });

  it('exits 0 when the chosen request answers 2xx/3xx, by --name and by --line', async () => {
    const byName = await reqlint(['send', 'api.http', '--name', 'create', '--env', 'mock'], dir);
    assert.equal(byName.code, 0, byName.stderr);
    assert.match(byName.stdout, /201 Created · success · 1 attempt/);
    const byLine = await reqlint(['send', 'api.http', '--line', '16', '--env', 'mock', '--format', 'json'], dir);
    assert.equal(byLine.code, 1);
    assert.equal(JSON.parse(byLine.stdout).results[0].request, 'badGenerate');
  });

  it('--no-retry makes one attempt', async () => {
    const r = await reqlint(['send', 'api.http', '--name', 'flaky', '--env', 'mock', '--format', 'json', '--no-retry'], dir);
    const x = JSON.parse(r.stdout).results[0];
    assert.deepEqual([r.code, x.status, x.attempts], [1, 503, 1]);
  });

  it('exits 2 with a clear message for bad usage', async () => {
    const several = await reqlint(['send', 'api.http', '--env', 'mock'], dir);
    assert.equal(several.code, 2);
    assert.match(several.stderr, /4 requests; pick one with --name NAME or --line N/);
    const unknown = await reqlint(['send', 'api.http', '--name', 'nope', '--env', 'mock'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no request named 'nope'.*create, scan, badGenerate, flaky/);
    const env = await reqlint(['send', 'api.http', '--all', '--env', 'prod'], dir);
    assert.equal(env.code, 2);
    assert.match(env.stderr, /environment 'prod' is not defined.*Defined: mock/);
    const missing = await reqlint(['send', 'nope.http'], dir);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read nope\.http: file not found/);
  });

  it('reports an unresolved URL variable as not sent, with file and line, and exits 1', async () => {
    const r = await reqlint(['send', 'api.http', '--name', 'create', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const x = JSON.parse(r.stdout).results[0];
    assert.equal(x.status, null);
    assert.match(x.error.message, /api\.http:3: .*\{\{base\}\}/);
  });

  it('takes time-outs from the config\'s send section, and --timeout overrides them', async () => {
    const sub = join(dir, 'cfg');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'reqlint.config.json'), JSON.stringify({ send: { timeoutMs: 300 } }));
    writeFileSync(join(sub, 'slow.http'), `GET ${mock.origin}/qrstudio/q/none/\nX-Mock-Delay: 1500\n`);
    const timedOut = await reqlint(['send', 'slow.http', '--format', 'json', '--no-retry'], sub);
    const x = JSON.parse(timedOut.stdout).results[0];
    assert.equal(x.error.code, 'timeout');
    assert.equal(x.classification.category, 'network');
    const longer = await reqlint(['send', 'slow.http', '--format', 'json', '--timeout', '5000'], sub);
    assert.equal(JSON.parse(longer.stdout).results[0].status, 404);
  });

  it('Ctrl-C cancels the request in flight and prints what finished', async function () {
    if (process.platform === 'win32') this.skip();
    writeFileSync(
      join(dir, 'slow.http'),
      `# @name quick\nGET ${mock.origin}/qrstudio/q/none/\n\n###\n# @name slow\nGET ${mock.origin}/qrstudio/q/none/\nX-Mock-Delay: 20000\n\n###\n# @name never\nGET ${mock.origin}/qrstudio/q/none/\n`,
    );
    const r = await new Promise<Run>((res) => {
      const child = spawn(process.execPath, [cli, 'send', 'slow.http', '--all', '--format', 'json'], { cwd: dir });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      // Interrupt once the slow request has reached the mock.
      const onRequest = (req: import('node:http').IncomingMessage): void => {
        if (req.headers['x-mock-delay']) setTimeout(() => child.kill('SIGINT'), 200);
      };
      mock.server.on('request', onRequest);
      child.on('close', (code) => {
        mock.server.off('request', onRequest);
        res({ code, stdout, stderr });
      });
    });
    assert.equal(r.code, 1, r.stderr);
    const doc = JSON.parse(r.stdout);
    assert.deepEqual(doc.results.map((x: { request: string }) => x.request), ['quick', 'slow']);
    assert.equal(doc.results[0].status, 404);
    assert.equal(doc.results[1].error.code, 'aborted');
    assert.match(r.stderr, /1 request was not sent/);
  });
});

describe('reqlint send --format json document', () => {
  const results = [{ request: 1, status: 200, body: { text: 'a\nb "q"' } }, { request: 'named', status: null, error: { code: 'dns', message: 'x' } }];
  const texts = (indent: boolean): string[] => results.map((r) => (indent ? JSON.stringify(r, null, 2) : JSON.stringify(r)));

  it('on a terminal is exactly JSON.stringify(doc, null, 2) plus a newline', () => {
    assert.equal(jsonDocument(texts(true), true), JSON.stringify({ version: 1, results }, null, 2) + '\n');
    assert.equal(jsonDocument([], true), JSON.stringify({ version: 1, results: [] }, null, 2) + '\n');
  });

  it('writes in pieces of about the chunk size, the same document either way', () => {
    for (const indent of [false, true]) {
      const pieces: string[] = [];
      const w = new JsonDocumentWriter((t) => pieces.push(t), indent, 40);
      for (const t of texts(indent)) w.add(t);
      w.end();
      w.end();
      w.add('{"late":true}');
      assert.ok(pieces.length >= 2, `flushed before the end (${pieces.length} pieces)`);
      assert.equal(pieces.join(''), jsonDocument(texts(indent), indent));
    }
  });

  it('piped is the same document with one compact result per line', () => {
    const text = jsonDocument(texts(false), false);
    assert.deepEqual(JSON.parse(text), { version: 1, results });
    assert.equal(text.split('\n').length, results.length + 3);
    assert.deepEqual(JSON.parse(jsonDocument([], false)), { version: 1, results: [] });
  });
});

describe('reqlint mock (command)', function () {
  this.timeout(30000);
  before(bundleCli);
  it('prints base URLs and an environment, serves, and stops on SIGINT', async () => {
    let checked = false;
    const r = await reqlint(['mock', '--port', '0'], root, (out, child) => {
      if (checked || !out.includes('Press Ctrl-C')) return;
      checked = true;
      const origin = /listening on (http:\/\/\S+)/.exec(out)![1];
      void fetch(`${origin}/qrstudio/q/none/`)
        .then((res) => assert.equal(res.status, 404))
        .finally(() => child.kill('SIGINT'));
    });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /qrstudio\s+http:\/\/127\.0\.0\.1:\d+\/qrstudio\//);
    const envJson = /http-client\.env\.json:\n([\s\S]*?\n})\n/.exec(r.stdout)![1];
    assert.match(JSON.parse(envJson).mock.qrstudioBaseUrl, /\/qrstudio$/);
    assert.match(r.stdout, /reqlint mock stopped/);
  });

  it('refuses a non-loopback host with exit 2', async () => {
    const r = await reqlint(['mock', '--host', '0.0.0.0'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /loopback/);
  });
});

describe('reqlint send with an OpenAPI profile from the config', function () {
  this.timeout(60000);
  // The built dist/cli.js, as users run it: the OpenAPI reader is a bundle of its own that send loads on demand.
  it('names the documented error model of the answer (errorModel) in --format json', async () => {
    await buildOnce();
    const http = await import('node:http');
    // Answers as the pets spec documents: 422 with its validation body.
    const server = http.createServer((_req, res) => {
      res.writeHead(422, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: [{ loc: ['body', 'name'], msg: 'field required', type: 'value_error.missing' }] }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-cli-openapi-'));
    try {
      const spec = join(root, 'test/fixtures/openapi/specs/pets-30.yaml');
      writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ openapi: [{ spec, id: 'pets', baseUrl: `http://127.0.0.1:${port}/v1` }] }));
      writeFileSync(join(dir, 'pets.http'), `POST http://127.0.0.1:${port}/v1/pets\nContent-Type: application/json\n\n{ "name": "" }\n`);
      const run = await runCli(['send', 'pets.http', '--format', 'json', '--no-retry'], dir);
      assert.equal(run.code, 1, run.stderr);
      const out = JSON.parse(run.stdout) as { results: Array<{ status: number; classification: { errorModel: string | null; category: string } }> };
      assert.equal(out.results[0].status, 422);
      assert.match(out.results[0].classification.errorModel ?? '', /^ValidationError/);
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
