import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { listen, type TestServer } from '../fixtures/send/helpers';

const SIZE = 200 * 1024 * 1024;

describe('send: a 200 MB body keeps memory bounded', function () {
  this.timeout(120000);
  let server: TestServer;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-mem-'));
    const chunk = Buffer.alloc(256 * 1024, 0x5a);
    server = await listen(async (req, res) => {
      const size = req.url?.includes('warm') ? 1024 : SIZE;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
      let left = size;
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await new Promise((r) => res.once('drain', r));
      }
      res.end();
    });
  });
  after(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams it to a temp file with RSS growth under 150 MB (measured in a child process)', async () => {
    const child = resolve(__dirname, '../fixtures/send/big-body-child.ts');
    const out = await new Promise<string>((res, rej) =>
      execFile(process.execPath, ['--require', 'tsx/cjs', child, server.url + '/big', dir], { cwd: resolve(__dirname, '../..'), maxBuffer: 1 << 20 }, (err, stdout, stderr) =>
        err ? rej(new Error(`${err.message}\n${stderr}`)) : res(stdout),
      ),
    );
    const r = JSON.parse(out);
    assert.equal(r.status, 200, JSON.stringify(r.error));
    assert.equal(r.size, SIZE);
    assert.equal(r.inMemory, null);
    assert.equal(r.fileSize, SIZE);
    assert.equal(r.previewBytes, 1024 * 1024);
    assert.ok(r.rssGrowthMB < 150, `RSS grew ${r.rssGrowthMB.toFixed(1)} MB`);
    console.log(`      RSS growth for a ${SIZE / 1024 / 1024} MB body: ${r.rssGrowthMB.toFixed(1)} MB`);
  });
});
