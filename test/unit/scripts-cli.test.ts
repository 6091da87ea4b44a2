import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, runCli } from './cli-lint-helpers';

interface Seen {
  url: string;
  auth: string | null;
}

/** A loopback API: /login answers a token, everything else echoes what it got. */
function startServer(seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ url: req.url ?? '', auth: req.headers.authorization ?? null });
      res.setHeader('Content-Type', 'application/json');
      if (req.url === '/login') {
        res.statusCode = 201;
        res.end(JSON.stringify({ token: 'tok-abcdef', id: 9 }));
        return;
      }
      res.end(JSON.stringify({ url: req.url, auth: req.headers.authorization ?? null }));
    });
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)));
}

interface JsonScripts {
  phase: string;
  line: number;
  skipped: string | null;
  failure: { kind: string; message: string; file: string; line: number; column: number } | null;
  tests: Array<{ name: string; passed: boolean; message?: string; line?: number }>;
  logs: string[];
}
interface JsonOut {
  results: Array<{ status: number | null; url: string; error: { code: string; message: string } | null; scripts?: JsonScripts[] }>;
}

describe('reqlint send with scripts (built CLI, loopback server)', function () {
  this.timeout(120000);
  let server: Server;
  let origin = '';
  const seen: Seen[] = [];
  let dir: string;

  before(async () => {
    await buildOnce();
    server = await startServer(seen);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'reqlint-scripts-cli-'));
    writeFileSync(
      join(dir, 'chain.http'),
      [
        '### login',
        `POST ${origin}/login`,
        '',
        '> {%',
        '  client.test("created", () => client.assert(response.status === 201, "want 201"));',
        '  client.global.set("token", response.body.token);',
        '  client.global.set("id", response.body.id);',
        '%}',
        '',
        '### item',
        '< {% request.variables.set("q", "from-pre") %}',
        `GET ${origin}/items/{{id}}?q={{q}}`,
        'Authorization: Bearer {{token}}',
        '',
        '> after.js',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'after.js'), 'client.log(response.body.url);\nclient.test("auth echoed", () => {\n  client.assert(response.body.auth === "nope", "auth was " + response.body.auth);\n});\n');
    writeFileSync(join(dir, 'loop.http'), [`GET ${origin}/a`, '', '> {% while (true) {} %}', '', '###', `GET ${origin}/b`, '', '> {% client.test("b ran", () => client.assert(response.status === 200)); %}'].join('\n'));
  });
  after(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('with --allow-scripts: handlers chain a token and an id into the next request, tests and failing lines are reported', async () => {
    seen.length = 0;
    const r = await runCli(['send', 'chain.http', '--all', '--allow-scripts', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(seen.map((s) => s.url), ['/login', '/items/9?q=from-pre']);
    assert.equal(seen[1].auth, 'Bearer tok-abcdef');
    const [login, item] = out.results;
    assert.deepEqual(login.scripts?.[0].tests, [{ name: 'created', passed: true }]);
    const post = item.scripts?.find((s) => s.phase === 'post');
    assert.deepEqual(post?.logs, ['/items/9?q=from-pre']);
    const failed = post?.tests[0];
    assert.equal(failed?.passed, false);
    // The token is masked wherever a script's output would print it.
    assert.equal(failed?.message, 'auth was Bearer ••••');
    assert.equal(failed?.line, 3);
    assert.deepEqual(item.scripts?.map((s) => s.phase), ['pre', 'post']);
  });

  it('without --allow-scripts: handlers are reported as skipped, and a request needing their values is not sent', async () => {
    seen.length = 0;
    const r = await runCli(['send', 'chain.http', '--all', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as JsonOut;
    assert.deepEqual(seen.map((s) => s.url), ['/login']);
    assert.match(out.results[0].scripts?.[0].skipped ?? '', /^Response handler skipped: pass --allow-scripts/);
    assert.equal(out.results[1].error?.code, 'not-sent');
    assert.match(out.results[1].error?.message ?? '', /\{\{id\}\}/);
    const text = await runCli(['send', 'chain.http', '--line', '2'], dir);
    assert.match(text.stdout, /Response handler skipped: .* \(chain\.http:4:1\)/);
  });

  it('the config\'s "scripts" turns them on and sets the limits: a runaway handler ends and the next request goes on', async () => {
    writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ scripts: { timeoutMs: 200 } }));
    try {
      seen.length = 0;
      const r = await runCli(['send', 'loop.http', '--all', '--format', 'json'], dir);
      assert.equal(r.code, 0, r.stderr);
      const out = JSON.parse(r.stdout) as JsonOut;
      assert.deepEqual(seen.map((s) => s.url), ['/a', '/b']);
      assert.equal(out.results[0].scripts?.[0].failure?.kind, 'limit-time');
      assert.match(out.results[0].scripts?.[0].failure?.message ?? '', /200 ms limit/);
      assert.deepEqual(out.results[1].scripts?.[0].tests, [{ name: 'b ran', passed: true }]);
      const text = await runCli(['send', 'loop.http', '--all'], dir);
      assert.match(text.stdout, /script error at loop\.http:3:\d+: Response handler failed: The script ran longer than its 200 ms limit/);
    } finally {
      rmSync(join(dir, 'reqlint.config.json'));
    }
  });

  it('a config whose scripts key is wrong is refused with the key named', async () => {
    writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ scripts: { timeoutMs: 0 } }));
    try {
      const r = await runCli(['send', 'loop.http', '--all'], dir);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /scripts/);
    } finally {
      rmSync(join(dir, 'reqlint.config.json'));
    }
  });
});
