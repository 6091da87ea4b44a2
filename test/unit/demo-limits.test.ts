// The demo's limits.http against the real mock: the first request is throttled twice and then
// answered, the second stays rate-limited with a Retry-After too long to wait for, and the third
// meets QR Studio's free-plan cap. Also: the demo has a second environment.
import { strict as assert } from 'node:assert';
import { execFile, type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const root = join(__dirname, '..', '..');
const cli = join(root, 'dist', 'cli.js');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- tsx turns import() into require(); only a real import() loads these ES modules
const importEsm = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;
const execFileP = promisify(execFile);

interface SendResultLine {
  request: string;
  status: number | null;
  attempts: number;
  classification: { category: string; retryAfterMs: number | null } | null;
}

describe('demo: limits.http against the mock', function () {
  this.timeout(60_000);
  let mock: ChildProcess;
  let dir: string;
  let port: number;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-demo-'));
    mock = spawn(process.execPath, [cli, 'mock', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      mock.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      mock.once('exit', (c) => reject(new Error(`the mock exited (${c}): ${out}`)));
    });
    const lib = (await importEsm(pathToFileURL(join(root, 'scripts/start-lib.mjs')).href)) as { copyDemo(demo: string, target: string, port: number): string };
    lib.copyDemo(join(root, 'demo'), join(dir, 'demo'), port);
  });

  after(() => {
    mock?.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has a second environment with a free-plan QR Studio key', () => {
    const env = JSON.parse(readFileSync(join(root, 'demo', 'http-client.env.json'), 'utf8')) as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(env), ['mock', 'mock-free-plan']);
    assert.match(env['mock-free-plan'].qrstudioApiKey, /^smk_free_/);
  });

  it('is lint-clean, and answers 200 after two 429s, 429 with a long Retry-After, and a plan limit', async () => {
    const lint = await execFileP(process.execPath, [cli, 'lint', 'limits.http'], { cwd: join(dir, 'demo') });
    assert.match(lint.stdout, /No problems/);
    // Exit 1: two of the three requests fail, as they are meant to.
    const stdout = await execFileP(process.execPath, [cli, 'send', 'limits.http', '--all', '--format', 'json'], { cwd: join(dir, 'demo') }).then(
      () => assert.fail('send exited 0 although requests failed'),
      (err: { code: number; stdout: string }) => {
        assert.equal(err.code, 1);
        return err.stdout;
      },
    );
    const results = (JSON.parse(stdout) as { results: SendResultLine[] }).results;
    const by = Object.fromEntries(results.map((r) => [r.request, r]));
    assert.equal(by.listCodesThrottled.status, 200);
    assert.equal(by.listCodesThrottled.attempts, 3);
    assert.equal(by.listCodesRateLimited.status, 429);
    assert.equal(by.listCodesRateLimited.classification?.category, 'rate-limited');
    assert.equal(by.listCodesRateLimited.classification?.retryAfterMs, 300_000);
    assert.equal(by.generateOnFreePlan.classification?.category, 'plan-limit');
  });
});
