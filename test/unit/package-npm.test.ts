// The `reqlint` command line as an npm package: `npm pack` holds only what the command needs at run
// time, and the packed tarball installs into an empty prefix (its dependencies from the npm cache)
// and runs from there: --version, lint (with SARIF), classify and test.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const ROOT = join(__dirname, '..', '..');
const execFileP = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface PackResult {
  filename: string;
  files: Array<{ path: string }>;
}

describe('npm package (reqlint on npm)', function () {
  // A production build, npm pack and an install from the local cache: tens of seconds, not a speed target.
  this.timeout(240_000);
  let dir: string;
  let pack: PackResult;
  let bin: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-npm-'));
    try {
      // `prepack` makes the production build; --ignore-scripts=false in case the user's npm config turns scripts off.
      const out = execFileSync(npm, ['pack', '--json', '--ignore-scripts=false', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      pack = (JSON.parse(out.slice(out.indexOf('['))) as PackResult[])[0];
    } finally {
      // Leave the development build (with source maps) in dist/, as `npm run build` does.
      execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    }
    const prefix = join(dir, 'prefix');
    // Offline-first: the tarball is local and its dependencies come from the npm cache `npm ci` filled.
    execFileSync(npm, ['install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(dir, pack.filename)], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
    bin = join(prefix, 'bin', 'reqlint');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[], input?: string) => spawnSync(bin, args, { cwd: dir, encoding: 'utf8', input, env: { ...process.env, NO_COLOR: '1' } });

  it('is publishable: not private, with a bin, and only the files the command needs at run time', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { private?: boolean; bin: Record<string, string>; files: string[] };
    assert.notEqual(manifest.private, true);
    assert.equal(manifest.bin.reqlint, 'dist/cli.js');
    const paths = pack.files.map((f) => f.path);
    const allowed = /^(dist\/cli(-[\w-]+)?\.js|dist\/quickjs\.wasm|profiles\/[\w.-]+\.json|schemas\/[\w.-]+\.json|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/;
    assert.deepEqual(paths.filter((p) => !allowed.test(p)), [], 'files outside the runtime set');
    for (const must of ['dist/cli.js', 'dist/quickjs.wasm', 'dist/cli-lint.js', 'dist/cli-classify.js', 'dist/cli-send.js', 'schemas/config.schema.json', 'schemas/profile.schema.json', 'README.md', 'LICENSE']) {
      assert.ok(paths.includes(must), `${must} is missing from the package`);
    }
    assert.ok(paths.some((p) => p.startsWith('profiles/')), 'the built-in profiles are missing');
    assert.ok(!paths.some((p) => p.endsWith('.map') || p.startsWith('src/') || p.startsWith('test/') || p === 'dist/extension.js'), 'source, tests, maps or the editor bundle were packed');
  });

  it('runs --version from the installed package', () => {
    assert.ok(existsSync(bin), `no ${bin}`);
    const r = run(['--version']);
    assert.equal(r.status, 0, r.stderr);
    const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    assert.equal(r.stdout.trim(), version);
  });

  it('lints a request file (text and SARIF) from the installed package', () => {
    const file = join(dir, 'events.http');
    writeFileSync(file, 'POST https://track.scanova.io/server-events\nContent-Type: application/json\nX-API-Key: {{key}}\n\n{ "site_id": "s1" }\n');
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { key: 'k' } }));
    const text = run(['lint', file, '--env', 'dev']);
    assert.equal(text.status, 1, `${text.stdout}\n${text.stderr}`);
    assert.match(text.stdout, /body\/required/);
    const sarif = run(['lint', file, '--env', 'dev', '--format', 'sarif']);
    assert.equal(sarif.status, 1, sarif.stderr);
    const log = JSON.parse(sarif.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    assert.equal(log.version, '2.1.0');
    assert.ok(log.runs[0].results.some((r) => r.ruleId === 'body/required'));
  });

  it('classifies an answer from the installed package', () => {
    const body = JSON.stringify({ detail: [{ loc: ['body', 'event_name'], msg: 'field required', type: 'value_error.missing' }] });
    const r = run(['classify', '--status', '422', '--header', 'Content-Type: application/json', '--body', '-', '--url', 'https://track.scanova.io/server-events', '--format', 'json'], body);
    assert.equal(r.status, 0, r.stderr);
    const c = JSON.parse(r.stdout) as { category: string; fieldErrors: Array<{ pointer: string }> };
    assert.equal(c.category, 'validation');
    assert.deepEqual(c.fieldErrors.map((f) => f.pointer), ['/event_name']);
  });

  it('runs `reqlint test` from the installed package against a server on 127.0.0.1 (JUnit report)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const file = join(dir, 'health.http');
      writeFileSync(file, `### health\nGET http://127.0.0.1:${port}/health\n\n?? status == 200\n?? body $.ok == true\n\n### wrong on purpose\nGET http://127.0.0.1:${port}/health\n\n?? status == 201\n`);
      const r = await execFileP(bin, ['test', file, '--reporter', 'junit'], { cwd: dir, encoding: 'utf8' }).then(
        (ok) => ({ status: 0, stdout: ok.stdout, stderr: ok.stderr }),
        (err: { code: number; stdout: string; stderr: string }) => ({ status: err.code, stdout: err.stdout, stderr: err.stderr }),
      );
      assert.equal(r.status, 1, `${r.stdout}\n${r.stderr}`);
      assert.match(r.stdout, /<testsuites[^>]*tests="2"[^>]*failures="1"/);
    } finally {
      server.close();
    }
  });
});
