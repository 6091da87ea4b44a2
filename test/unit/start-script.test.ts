// `npm start`'s options, the demo copy it opens (so the repository's demo/ stays unmodified), and
// the line prefix of the mock's output.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- tsx turns import() into require(); only a real import() loads these ES modules
const importEsm = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;

interface StartLib {
  parseStartArgs(args: string[], env?: Record<string, string>): { help: boolean; mockPort: number | null; editorPort: number | null; keepDemo: boolean };
  copyDemo(demo: string, target: string, port: number, keep?: boolean): string;
  linePrefixer(prefix: string, write: (s: string) => void): (b: Buffer | string) => void;
  UsageError: new (m: string) => Error;
}

describe('npm start (scripts/start.mjs)', () => {
  let lib: StartLib;
  before(async () => {
    lib = (await importEsm(pathToFileURL(join(root, 'scripts/start-lib.mjs')).href)) as StartLib;
  });

  it('takes --mock-port and --editor-port, with 4010 and a free port as defaults', () => {
    assert.deepEqual(lib.parseStartArgs([], {}), { help: false, mockPort: 4010, editorPort: null, keepDemo: false });
    assert.deepEqual(lib.parseStartArgs(['--mock-port', '4100', '--editor-port', '8123', '--keep-demo'], {}), { help: false, mockPort: 4100, editorPort: 8123, keepDemo: true });
    assert.equal(lib.parseStartArgs([], { REQLINT_MOCK_PORT: '4200' }).mockPort, 4200);
    for (const bad of [['--mock-port', 'x'], ['--mock-port', '0'], ['--editor-port', '70000'], ['--port', '1'], ['extra']]) {
      assert.throws(() => lib.parseStartArgs(bad, {}), lib.UsageError, bad.join(' '));
    }
  });

  it('a bad option exits 2 with the usage; --help exits 0', () => {
    const help = execFileSync(process.execPath, [join(root, 'scripts/start.mjs'), '--help'], { encoding: 'utf8' });
    assert.match(help, /--mock-port N/);
    assert.match(help, /--editor-port N/);
    try {
      execFileSync(process.execPath, [join(root, 'scripts/start.mjs'), '--mock-port', 'nope'], { encoding: 'utf8', stdio: 'pipe' });
      assert.fail('no exit code');
    } catch (err) {
      const e = err as { status: number; stderr: string };
      assert.equal(e.status, 2);
      assert.match(e.stderr, /--mock-port must be a port number/);
    }
  });

  it('opens a fresh copy of demo/ pointed at the chosen mock port, leaving demo/ as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-start-'));
    try {
      const target = join(dir, 'demo');
      const before = readFileSync(join(root, 'demo/http-client.env.json'), 'utf8');
      lib.copyDemo(join(root, 'demo'), target, 4321);
      const env = readFileSync(join(target, 'http-client.env.json'), 'utf8');
      assert.match(env, /127\.0\.0\.1:4321/);
      assert.doesNotMatch(env, /127\.0\.0\.1:4010/);
      const config = readFileSync(join(target, 'reqlint.config.json'), 'utf8');
      assert.match(config, /127\.0\.0\.1:4321/);
      const schema = /"\$schema": "([^"]+)"/.exec(config)?.[1] ?? '';
      assert.ok(existsSync(join(target, schema)), `the copy's $schema ${schema} does not resolve`);
      assert.equal(readFileSync(join(root, 'demo/http-client.env.json'), 'utf8'), before);
      // A user's edit survives --keep-demo and is replaced by a fresh copy otherwise.
      writeFileSync(join(target, 'broken.http'), 'edited');
      lib.copyDemo(join(root, 'demo'), target, 4321, true);
      assert.equal(readFileSync(join(target, 'broken.http'), 'utf8'), 'edited');
      lib.copyDemo(join(root, 'demo'), target, 4321);
      assert.equal(readFileSync(join(target, 'broken.http'), 'utf8'), readFileSync(join(root, 'demo/broken.http'), 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prefixes each line of the mock once, however the output is split into chunks', () => {
    let out = '';
    const feed = lib.linePrefixer('[mock] ', (s) => (out += s));
    feed('GET /a 200\nPOST /b');
    feed(' 422\n');
    feed('\nDELETE /c 204\n');
    assert.equal(out, '[mock] GET /a 200\n[mock] POST /b 422\n[mock] \n[mock] DELETE /c 204\n');
  });
});
