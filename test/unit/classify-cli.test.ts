// `reqlint classify` as a user runs it: the built dist/cli.js in a child process.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '..', '..');
const cli = join(repo, 'dist', 'cli.js');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], stdin?: string | Buffer): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: repo, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    if (stdin !== undefined) child.stdin.end(stdin);
    else child.stdin.end();
  });
}

const CONTRACT_KEYS = ['category', 'retryable', 'retryAfterMs', 'code', 'message', 'fieldErrors', 'itemErrors', 'requestId', 'profile', 'advice'];

describe('reqlint classify (built CLI)', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: repo, encoding: 'utf8' });
    assert.equal(build.status, 0, `node esbuild.mjs failed:\n${build.stderr}`);
    dir = mkdtempSync(join(tmpdir(), 'reqlint-classify-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the contract JSON for a QR Studio rate limit picked by --url', async () => {
    const r = await runCli(['classify', '--status', '429', '--header', 'Retry-After: 12', '--header', 'X-Request-Id: abc-1', '--url', 'https://api.qrstudio.agency/api/v1/generate/', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const k of CONTRACT_KEYS) assert.ok(k in j, `missing ${k}`);
    assert.equal(j.category, 'rate-limited');
    assert.equal(j.retryable, true);
    assert.equal(j.retryAfterMs, 12000);
    assert.equal(j.requestId, 'abc-1');
    assert.equal(j.profile, 'qrstudio');
    assert.equal(j.advice, 'Wait 12 s (Retry-After) and send again.');
  });

  it('reads the body from a file and from standard input', async () => {
    const body = JSON.stringify({ detail: [{ loc: ['body', 'conversion_value', 'currency'], msg: 'must be ISO 4217', type: 'value_error' }] });
    const f = join(dir, 'answer.json');
    writeFileSync(f, body);
    const fromFile = await runCli(['classify', '--status', '422', '--header', 'Content-Type: application/json', '--body', f, '--url', 'https://track.scanova.io/server-events', '--format', 'json']);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    const j = JSON.parse(fromFile.stdout);
    assert.equal(j.category, 'validation');
    assert.equal(j.profile, 'scanova-tracking');
    assert.deepEqual(j.fieldErrors, [{ pointer: '/conversion_value/currency', message: 'must be ISO 4217', code: 'value_error' }]);
    const fromStdin = await runCli(['classify', '--status', '422', '--body', '-', '--format', 'json'], body);
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    assert.deepEqual(JSON.parse(fromStdin.stdout).fieldErrors, j.fieldErrors);
    assert.equal(JSON.parse(fromStdin.stdout).profile, null);
  });

  it('prints readable text by default, with item errors and advice', async () => {
    const body = JSON.stringify({ errors: { '3': 'size_inches > plan max (8)', '17': "Invalid color 'rouge'." }, rendered_before_failure: 17 });
    const r = await runCli(['classify', '--status', '422', '--body', '-', '--url', 'https://api.qrstudio.agency/api/v1/bulk/'], body);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^validation {2}\(HTTP 422, profile qrstudio\)/);
    assert.match(r.stdout, /\[3\] \/size_inches {2}size_inches > plan max \(8\)/);
    assert.match(r.stdout, /\[17\] {2}Invalid color/);
    assert.match(r.stdout, /advice: +Fix items 3, 17 and send the whole batch again/);
    assert.match(r.stdout, /retry: +no/);
  });

  it('exits 0 for every category, including success and a network-free 503', async () => {
    const statuses = ['200', '204', '302', '503'];
    const runs = await Promise.all(statuses.map((s) => runCli(['classify', '--status', s, '--format', 'json'])));
    runs.forEach((r, i) => assert.equal(r.code, 0, `${statuses[i]}: ${r.stderr}`));
  });

  it('exits 2 with a clear message for bad usage', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['classify'], /--status is required/],
      [['classify', '--status', 'abc'], /'abc' is not an HTTP status/],
      [['classify', '--status', '99'], /from 100 to 599/],
      [['classify', '--status', '400', '--header', 'NoColonHere'], /is not "Name: value"/],
      [['classify', '--status', '400', '--header', 'Bad Name: x'], /not a valid header name/],
      [['classify', '--status', '400', '--body', join(dir, 'missing.json')], /cannot read the body file .*missing\.json.*no such file/],
      [['classify', '--status', '400', '--body', dir], /it is a folder/],
      [['classify', '--status', '400', '--format', 'xml'], /--format must be 'text' or 'json'/],
      [['classify', '--status', '400', '--url', 'not a url'], /not an absolute URL/],
      [['classify', '--status', '400', '--profile', 'nope'], /not a known profile.*qrstudio/],
      [['classify', '--status', '400', '--bogus'], /Unknown option '--bogus'/],
      [['classify', '--status', '400', 'stray'], /unexpected argument 'stray'/],
    ];
    const runs = await Promise.all(cases.map(([args]) => runCli(args)));
    for (const [i, [args, re]] of cases.entries()) {
      const r = runs[i];
      assert.equal(r.code, 2, `${args.join(' ')} → ${r.code}: ${r.stdout}`);
      assert.match(r.stderr, /^reqlint classify: /);
      assert.match(r.stderr, re, args.join(' '));
      assert.equal(r.stdout, '');
    }
    const help = await runCli(['classify', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--status N/);
  });

  it('matches APIs whose pages name no host through the config\'s base URLs', async () => {
    const cfgDir = join(dir, 'project');
    mkdirSync(cfgDir, { recursive: true });
    writeFileSync(join(cfgDir, 'reqlint.config.json'), JSON.stringify({ baseUrls: { 'qbar-scanner': 'https://qbar.internal.example/api' } }));
    const body = JSON.stringify({ error: { code: 'INVALID_JSON', message: 'Request body is not valid JSON' }, request_id: 'q-1' });
    const r = await runCli(['classify', '--status', '400', '--body', '-', '--url', 'https://qbar.internal.example/api/v1/qr', '--config', join(cfgDir, 'reqlint.config.json'), '--format', 'json'], body);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.profile, 'qbar-scanner');
    assert.equal(j.category, 'invalid-json');
    assert.equal(j.requestId, 'q-1');
    writeFileSync(join(cfgDir, 'broken.json'), '{ "baseUrls": { "qbar-scanner": 42 } }');
    const bad = await runCli(['classify', '--status', '400', '--url', 'https://qbar.internal.example/api/v1/qr', '--config', join(cfgDir, 'broken.json')]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /broken\.json/);
  });

  it('classifies binary and invalid UTF-8 bodies without crashing', async () => {
    const bin = join(dir, 'page.png');
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]));
    const r = await runCli(['classify', '--status', '500', '--body', bin, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const j = JSON.parse(r.stdout);
    assert.equal(j.category, 'server');
    assert.equal(j.shape, 'binary');
    const bad = join(dir, 'bad-utf8.json');
    writeFileSync(bad, Buffer.concat([Buffer.from('{"detail": "caf'), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('"}')]));
    const r2 = await runCli(['classify', '--status', '400', '--header', 'content-type: application/json', '--body', bad, '--format', 'json']);
    assert.equal(r2.code, 0, r2.stderr);
    const j2 = JSON.parse(r2.stdout);
    assert.equal(j2.category, 'validation');
    assert.match(j2.message, /^caf/);
    assert.ok(j2.notes.some((n: string) => /UTF-8/.test(n)));
  });

  it('handles odd Retry-After values sanely', async () => {
    const cases = [['-5', null, /negative/], ['banana', null, /neither/], ['Wed, 21 Oct 2015 07:28:00 GMT', 0, /past/]] as const;
    const runs = await Promise.all(cases.map(([v]) => runCli(['classify', '--status', '429', '--header', `Retry-After: ${v}`, '--format', 'json'])));
    for (const [i, [v, ms, note]] of cases.entries()) {
      const r = runs[i];
      assert.equal(r.code, 0, r.stderr);
      const j = JSON.parse(r.stdout);
      assert.equal(j.category, 'rate-limited');
      assert.equal(j.retryAfterMs, ms, v);
      assert.ok(j.notes.some((n: string) => note.test(n)), `${v}: ${JSON.stringify(j.notes)}`);
    }
  });

  it('streams a 200 MB body from standard input: reads the first MiB, drains the rest without holding it', async () => {
    // A wrapper reports the child's peak memory so the test sees whether the body was buffered.
    const wrapper = `const {main}=require(${JSON.stringify(cli)});main(process.argv.slice(1)).then((c)=>{process.stderr.write('maxRSS_KB='+process.resourceUsage().maxRSS+'\\n');process.exitCode=c;});`;
    const child = spawn(process.execPath, ['-e', wrapper, 'classify', '--status', '500', '--header', 'Content-Type: application/json', '--body', '-', '--format', 'json'], { cwd: repo });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const head = Buffer.from('{"detail": "Render engine failure.", "padding": "');
    const chunk = Buffer.alloc(1024 * 1024, 0x61);
    const write = (b: Buffer) => new Promise<void>((resolve, reject) => (child.stdin.write(b, (err) => (err ? reject(err) : resolve()))));
    await write(head);
    for (let i = 0; i < 200; i++) await write(chunk);
    child.stdin.end('"}');
    const code = await closed;
    assert.equal(code, 0, stderr);
    const j = JSON.parse(stdout);
    assert.equal(j.category, 'server');
    assert.equal(j.message, 'Render engine failure.');
    assert.ok(j.notes.some((n: string) => /first MiB/.test(n)), JSON.stringify(j.notes));
    const rss = Number(/maxRSS_KB=(\d+)/.exec(stderr)?.[1]);
    assert.ok(rss > 0 && rss < 150 * 1024, `peak memory ${rss} KB suggests the body was buffered`);
  });
});
