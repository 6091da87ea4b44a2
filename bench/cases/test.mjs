// Testing figures: `reqlint test` over 20 files × 50 requests against a loopback server, each request
// with two `??` assertions. (1) Its cost per request against `reqlint send --all` over the same 1,000
// requests in one file (both one process, --jobs 1), and (2) how much faster --jobs 2 is than --jobs 1.
// The server answers every request after a fixed 2 ms, as a real API on a fast network would.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const FILES = 20;
const PER_FILE = 50;
const SERVER_DELAY_MS = 2;

async function startServer() {
  const body = Buffer.from(JSON.stringify({ id: 123, name: 'My QR Code', items: [1, 2, 3] }));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
      res.end(body);
    }, SERVER_DELAY_MS));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}` };
}

function request(origin, f, i, withAssertions) {
  return `### r${f}-${i}\nGET ${origin}/items/${f}/${i}\nAccept: application/json\n${withAssertions ? '\n?? status == 200\n?? body $.items.length == 3\n' : ''}`;
}

function writeSuite(dir, origin) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'suite'), { recursive: true });
  const all = [];
  for (let f = 0; f < FILES; f++) {
    const parts = [];
    for (let i = 0; i < PER_FILE; i++) {
      parts.push(request(origin, f, i, true));
      all.push(request(origin, f, i, false));
    }
    writeFileSync(join(dir, 'suite', `f${String(f).padStart(2, '0')}.http`), parts.join('\n'));
  }
  writeFileSync(join(dir, 'all.http'), all.join('\n'));
}

function runCli(root, args, cwd) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [join(root, 'dist', 'cli.js'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stdout.resume();
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`reqlint ${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`))));
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function medianOf(n, fn) {
  const t = [];
  for (let i = 0; i < n; i++) t.push(await fn());
  return median(t);
}

let shared = null;
async function setup(kit) {
  if (shared) return shared;
  const { server, origin } = await startServer();
  // Outside the repository: the suite folder must not be one that .gitignore leaves out (bench/.tmp is).
  const dir = join(tmpdir(), 'reqlint-bench-test-suite');
  writeSuite(dir, origin);
  await runCli(kit.root, ['test', 'suite', '--jobs', '1', '--reporter', 'json'], dir); // warm-up
  shared = { server, dir };
  return shared;
}

export default [
  {
    name: 'reqlint test --jobs 1, per request ÷ reqlint send --all (20 × 50 requests, median of 3)',
    target: 1.2,
    unit: '×',
    async run(kit) {
      const { dir } = await setup(kit);
      const test = await medianOf(3, () => runCli(kit.root, ['test', 'suite', '--jobs', '1', '--reporter', 'json'], dir));
      const send = await medianOf(3, () => runCli(kit.root, ['send', 'all.http', '--all', '--format', 'json'], dir));
      process.stderr.write(`bench: test --jobs 1 ${test.toFixed(0)} ms, send --all ${send.toFixed(0)} ms for ${FILES * PER_FILE} requests\n`);
      return test / send;
    },
  },
  {
    name: 'reqlint test: --jobs 1 time ÷ --jobs 2 time (20 × 50 requests, median of 3)',
    target: 1.6,
    better: 'higher',
    unit: '×',
    async run(kit) {
      const { dir, server } = await setup(kit);
      try {
        const one = await medianOf(3, () => runCli(kit.root, ['test', 'suite', '--jobs', '1', '--reporter', 'json'], dir));
        const two = await medianOf(3, () => runCli(kit.root, ['test', 'suite', '--jobs', '2', '--reporter', 'json'], dir));
        process.stderr.write(`bench: test --jobs 1 ${one.toFixed(0)} ms, --jobs 2 ${two.toFixed(0)} ms\n`);
        return one / two;
      } finally {
        server.close();
        shared = null;
      }
    },
  },
];
