import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ERROR_CATEGORIES } from '../../src/core/classify/types';
import { HUGE_BODY_BYTES, startHostileServer, type HostileServer } from '../fixtures/adversarial/hostile-server';
import { bundleCli, runCli, type CliRun } from '../fixtures/adversarial/run-cli';

// `reqlint send` (the built CLI, as a child process) against servers that misbehave: it must end
// every case with a clear classification or message, stay under 150 MB of extra memory, and
// leave nothing in the temp folder.

const ROUTES = ['small', 'huge', 'endless', 'drip', 'bomb', 'reset', 'loop', 'lying-length', 'short-length', 'bad-utf8', 'huge-header', 'many-headers'];
const MAX_EXTRA_RSS_MB = 150;

interface JsonResult {
  status: number | null;
  attempts: number;
  error: { code: string; message: string } | null;
  classification: { category: string; message: string; advice: string; notes: string[] } | null;
  body: { size: number; file: string | null; text: string | null; problem: string | null } | null;
}

describe('adversarial: hostile servers through reqlint send', function () {
  this.timeout(120_000);
  let server: HostileServer;
  let dir: string;
  let tmp: string;
  let baselineMB: number | null = null;

  before(async () => {
    await bundleCli();
    server = await startHostileServer();
    dir = mkdtempSync(join(tmpdir(), 'reqlint-hostile-'));
    writeFileSync(join(dir, 'hostile.http'), ROUTES.map((r) => `### ${r}\n# @name ${r}\nGET ${server.url}/${r}\n`).join('\n'));
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    // A private temp folder per case: whatever the CLI spills must be gone when it exits.
    tmp = mkdtempSync(join(tmpdir(), 'reqlint-hostile-tmp-'));
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  async function send(route: string, extra: string[] = []): Promise<{ run: CliRun; r: JsonResult }> {
    const run = await runCli(['send', 'hostile.http', '--name', route, '--format', 'json', '--no-retry', '--timeout', '1500', ...extra], dir, { TMPDIR: tmp });
    let doc: { version: number; results: JsonResult[] };
    try {
      doc = JSON.parse(run.stdout);
    } catch {
      throw new Error(`no JSON from reqlint send (exit ${run.code}):\n${run.stdout.slice(0, 2000)}\n${run.stderr.slice(0, 2000)}`);
    }
    assert.equal(doc.results.length, 1);
    const r = doc.results[0];
    // Every case ends with a category from the catalogue and words for a person.
    assert.ok(r.classification && ERROR_CATEGORIES.includes(r.classification.category as never), `classification ${JSON.stringify(r.classification)}`);
    assert.ok(r.classification.advice.length > 0);
    assert.deepEqual(readdirSync(tmp), [], 'reqlint send left files in the temp folder');
    if (run.peakRssMB !== null && baselineMB !== null) {
      assert.ok(run.peakRssMB - baselineMB < MAX_EXTRA_RSS_MB, `${route}: peak RSS ${run.peakRssMB.toFixed(1)} MB, ${(run.peakRssMB - baselineMB).toFixed(1)} MB over a small request`);
    }
    return { run, r };
  }

  it('a small answer: the memory baseline', async () => {
    const { run, r } = await send('small');
    assert.equal(run.code, 0);
    assert.equal(r.status, 200);
    baselineMB = run.peakRssMB;
  });

  it('a 200 MB body: streamed through a temp file that is deleted, extra memory under 150 MB', async () => {
    const { run, r } = await send('huge', ['--timeout', '60000']);
    assert.equal(run.code, 0, JSON.stringify(r.error));
    assert.equal(r.status, 200);
    assert.equal(r.body?.size, HUGE_BODY_BYTES);
    assert.equal(r.body?.file, null, 'no path to a deleted temp file is printed');
    if (run.peakRssMB !== null && baselineMB !== null) console.log(`      peak RSS ${run.peakRssMB.toFixed(1)} MB (small request: ${baselineMB.toFixed(1)} MB)`);
  });

  it('a body that never ends: the time-out fires and says so', async () => {
    const { run, r } = await send('endless');
    assert.equal(run.code, 1);
    assert.equal(r.error?.code, 'timeout');
    assert.match(r.error.message, /within 1500 ms/);
    assert.equal(r.attempts, 1);
    assert.ok(run.ms < 15_000, `took ${run.ms} ms`);
  });

  it('a slow drip (a byte every 50 ms): the whole-exchange time-out still fires', async () => {
    const { run, r } = await send('drip');
    assert.equal(run.code, 1);
    assert.equal(r.error?.code, 'timeout');
    assert.ok(run.ms < 15_000, `took ${run.ms} ms`);
  });

  it('a gzip bomb: decoding stops at the decoded-size cap with the reason', async () => {
    const { run, r } = await send('bomb', ['--timeout', '60000']);
    assert.equal(run.code, 1);
    assert.equal(r.error?.code, 'decompression-limit', JSON.stringify({ error: r.error, body: r.body }));
    assert.match(r.error.message, /compression bomb/);
    assert.match(r.error.message, /"maxDecodedBytes"/, 'the message names the setting that raises the cap');
    assert.ok(r.body && r.body.size <= 1024 * 1024 * 1024, `decoded ${r.body?.size} bytes`);
  });

  it('a gzip bomb under the config\'s send.maxDecodedBytes: stops at that cap', async () => {
    const config = join(dir, 'small-cap.config.json');
    writeFileSync(config, JSON.stringify({ send: { maxDecodedBytes: 65536 } }));
    const { run, r } = await send('bomb', ['--timeout', '60000', '--config', config]);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(r.error?.code, 'decompression-limit');
    assert.match(r.error.message, /passed 65536 bytes/);
    assert.ok(r.body && r.body.size <= 65536, `decoded ${r.body?.size} bytes`);
  });

  it('a reset in mid-body: connection-reset, classified network', async () => {
    const { run, r } = await send('reset');
    assert.equal(run.code, 1);
    assert.equal(r.error?.code, 'connection-reset');
    assert.equal(r.classification?.category, 'network');
  });

  it('a redirect loop: stopped after one round, named as a loop', async () => {
    const before = server.hits.get('/loop') ?? 0;
    const { run, r } = await send('loop');
    assert.equal(run.code, 1);
    assert.equal(r.error?.code, 'redirect-loop');
    assert.ok((server.hits.get('/loop') ?? 0) - before <= 2, 'the loop was followed more than once');
  });

  it('a Content-Length that promises more than arrives: an incomplete answer, not a success', async () => {
    const { run, r } = await send('lying-length');
    assert.equal(run.code, 1);
    assert.equal(r.error?.code, 'connection-reset');
    assert.notEqual(r.classification?.category, 'success');
  });

  it('a Content-Length shorter than what follows: the declared bytes only', async () => {
    const { run, r } = await send('short-length');
    assert.equal(run.code, 0);
    assert.equal(r.body?.size, 5);
  });

  it('invalid UTF-8 in a JSON error body: classified, with a note, in JSON and text output', async () => {
    const { run, r } = await send('bad-utf8');
    assert.equal(run.code, 1);
    assert.equal(r.status, 400);
    assert.equal(r.classification?.category, 'validation');
    assert.ok(r.classification?.notes.some((n) => /not valid UTF-8/.test(n)), JSON.stringify(r.classification?.notes));
    const text = await runCli(['send', 'hostile.http', '--name', 'bad-utf8', '--no-retry'], dir, { TMPDIR: tmp });
    assert.equal(text.code, 1);
    assert.match(text.stdout, /400 Bad Request · validation/);
  });

  for (const route of ['huge-header', 'many-headers']) {
    it(`${route === 'huge-header' ? 'a 1 MB header' : '10,000 headers'}: refused with a message, quickly`, async () => {
      const { run, r } = await send(route);
      assert.equal(run.code, 1);
      assert.equal(r.status, null);
      assert.match(r.error?.message ?? '', /Headers Overflow/i);
      assert.match(r.error?.message ?? '', /oversized headers/, 'says what is wrong, not generic network advice');
      assert.ok(run.ms < 10_000, `took ${run.ms} ms`);
    });
  }
});
