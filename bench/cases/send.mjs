// Sending figures: `reqlint send --all` over a 1,000-request file against a loopback server, compared
// in the same run with a plain undici loop over the same bytes on one keep-alive connection, and the
// growth from 1,000 to 4,000 requests. Both sides are whole processes (node start-up included), and
// both resend a 429 once, so they do the same exchanges.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** The answer for request i: 70% 200, 20% 400 with a DRF body, 10% 429 with Retry-After: 0 (then 200 on the resend). */
function kindOf(i) {
  const m = i % 10;
  return m < 7 ? 200 : m < 9 ? 400 : 429;
}

async function startServer() {
  const seen429 = new Set();
  const ok = Buffer.from(JSON.stringify({ id: 123, qrid: 'Qf94b25d768294148', name: 'My QR Code', category: 1, qr_type: 'dy' }));
  const bad = Buffer.from(JSON.stringify({ category: ['This field is required.'], name: ['This field may not be blank.'] }));
  const slow = Buffer.from(JSON.stringify({ detail: 'Request was throttled. Expected available in 0 seconds.' }));
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const i = Number(req.url.split('/').pop());
      let status = kindOf(i);
      if (status === 429 && seen429.has(i)) status = 200;
      if (status === 429) seen429.add(i);
      const body = status === 200 ? ok : status === 400 ? bad : slow;
      const headers = { 'content-type': 'application/json', 'content-length': String(body.length) };
      if (status === 429) headers['retry-after'] = '0';
      res.writeHead(status, headers);
      res.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, origin: `http://127.0.0.1:${server.address().port}`, reset: () => seen429.clear() };
}

function writeHttpFile(path, origin, n) {
  const parts = [];
  for (let i = 0; i < n; i++) {
    parts.push(`### request ${i}\nPOST ${origin}/qr/${i}\nContent-Type: application/json\nAuthorization: mock-key\n\n{"name": "QR ${i}", "category": 1, "qr_type": "dy", "info": "{\\"url\\": \\"https://example.com/${i}\\"}"}\n`);
  }
  writeFileSync(path, parts.join('\n'));
}

/**
 * A plain undici loop: the same method, path, headers and body bytes over one keep-alive connection;
 * with `resend`, a 429 is sent once more (as reqlint's retry policy does), else each request goes once.
 */
function writeUndiciLoop(path, root, origin, n, resend = true) {
  writeFileSync(
    path,
    `const { Client } = require(${JSON.stringify(join(root, 'node_modules/undici'))});
(async () => {
  const client = new Client(${JSON.stringify(origin)}, { pipelining: 1 });
  for (let i = 0; i < ${n}; i++) {
    const body = JSON.stringify({ name: 'QR ' + i, category: 1, qr_type: 'dy', info: JSON.stringify({ url: 'https://example.com/' + i }) }).replace(/,"/g, ', "').replace(/":/g, '": ');
    for (;;) {
      const r = await client.request({ path: '/qr/' + i, method: 'POST', headers: { 'content-type': 'application/json', authorization: 'mock-key' }, body });
      await r.body.arrayBuffer();
      if (${resend ? 'r.statusCode !== 429' : 'true'}) break;
    }
  }
  await client.close();
})();
`,
  );
}

let cpuReport = null;
/** Runs node with a preload that reports the process's CPU time (user + system, ms) on stderr at exit. */
function runNode(args, cwd) {
  if (!cpuReport) {
    cpuReport = join(cwd, 'cpu-report.cjs');
    writeFileSync(cpuReport, "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms=' + ((u.user + u.system) / 1000).toFixed(0) + '\\n'); });\n");
  }
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--require', cpuReport, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - t0, cpuMs: Number(/cpu-ms=(\d+)/.exec(err)?.[1] ?? NaN), stdout: out, stderr: err }));
  });
}

let shared = null;
const cpu = { reqlint: [], loop: [], reqlintOnce: [], loopOnce: [] };
async function setup(kit) {
  if (shared) return shared;
  const srv = await startServer();
  const cli = join(kit.root, 'dist', 'cli.js');
  const files = {};
  for (const n of [1000, 4000]) {
    files[n] = join(kit.tmp, `send-${n}.http`);
    writeHttpFile(files[n], srv.origin, n);
    files[`loop${n}`] = join(kit.tmp, `undici-loop-${n}.cjs`);
    writeUndiciLoop(files[`loop${n}`], kit.root, srv.origin, n);
  }
  files.loopOnce1000 = join(kit.tmp, 'undici-loop-once-1000.cjs');
  writeUndiciLoop(files.loopOnce1000, kit.root, srv.origin, 1000, false);
  async function reqlint(n) {
    srv.reset();
    const r = await runNode([cli, 'send', files[n], '--all', '--format', 'json'], kit.tmp);
    if (r.code === 2) throw new Error(`reqlint send exited 2: ${r.stderr.trim().split('\n')[0]}`);
    const doc = JSON.parse(r.stdout);
    if (doc.results.length !== n) throw new Error(`reqlint sent ${doc.results.length} requests, expected ${n}`);
    // Every 429 must have been resent and answered; a stray reset on a busy machine may add an attempt.
    const left = doc.results.filter((x, i) => x.status !== kindOf(i) && !(kindOf(i) === 429 && x.status === 200));
    if (left.length) throw new Error(`${left.length} requests did not end as the server answers (first: ${JSON.stringify(left[0].request)} → ${left[0].status ?? left[0].error?.code})`);
    const resent = doc.results.filter((x) => x.attempts > 1).length;
    if (resent < n / 10) throw new Error(`expected at least ${n / 10} requests resent after 429, saw ${resent}`);
    cpu.reqlint.push(r.cpuMs);
    return r.ms;
  }
  /** `reqlint send --all --no-retry --format json`: every request once, each ending as the server first answers. */
  async function reqlintOnce(n) {
    srv.reset();
    const r = await runNode([cli, 'send', files[n], '--all', '--no-retry', '--format', 'json'], kit.tmp);
    if (r.code === 2) throw new Error(`reqlint send exited 2: ${r.stderr.trim().split('\n')[0]}`);
    const doc = JSON.parse(r.stdout);
    if (doc.results.length !== n) throw new Error(`reqlint sent ${doc.results.length} requests, expected ${n}`);
    const wrong = doc.results.filter((x, i) => x.status !== kindOf(i) || x.attempts !== 1);
    if (wrong.length) throw new Error(`${wrong.length} requests did not end as the server first answers (first: ${JSON.stringify(wrong[0].request)} → ${wrong[0].status ?? wrong[0].error?.code}, ${wrong[0].attempts} attempts)`);
    cpu.reqlintOnce.push(r.cpuMs);
    return r.ms;
  }
  async function loopOnce() {
    srv.reset();
    const r = await runNode([files.loopOnce1000], kit.tmp);
    if (r.code !== 0) throw new Error(`undici loop failed: ${r.stderr}`);
    cpu.loopOnce.push(r.cpuMs);
    return r.ms;
  }
  async function loop(n) {
    srv.reset();
    const r = await runNode([files[`loop${n}`]], kit.tmp);
    if (r.code !== 0) throw new Error(`undici loop failed: ${r.stderr}`);
    cpu.loop.push(r.cpuMs);
    return r.ms;
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  async function measure(fn, runs = 5) {
    await fn();
    const xs = [];
    for (let i = 0; i < runs; i++) xs.push(await fn());
    return median(xs);
  }
  shared = { srv, cli, reqlint, loop, reqlintOnce, loopOnce, measure, median, results: {} };
  return shared;
}

export default [
  {
    name: 'reqlint send --all 1,000 requests ÷ plain undici loop (whole processes, median of 5)',
    target: 1.5,
    unit: '×',
    async run(kit) {
      kit.runCli(['--version']); // skips with a clear reason when dist/cli.js is missing
      const s = await setup(kit);
      // Interleaved runs, so load from other processes on the machine hits both sides alike.
      await s.reqlint(1000);
      await s.loop(1000);
      const a = [];
      const b = [];
      for (let i = 0; i < 5; i++) {
        a.push(await s.reqlint(1000));
        b.push(await s.loop(1000));
      }
      const ours = s.median(a);
      const theirs = s.median(b);
      console.log(`    CPU time (user + system), median: reqlint ${s.median(cpu.reqlint.slice(-5))} ms, undici loop ${s.median(cpu.loop.slice(-5))} ms`);
      s.results.ms1000 = ours;
      console.log(`    reqlint ${ours.toFixed(0)} ms, undici loop ${theirs.toFixed(0)} ms for 1,000 requests (+100 resends after 429)`);
      return ours / theirs;
    },
  },
  {
    name: 'reqlint send --all --no-retry 1,000 requests ÷ plain undici loop, no resends (whole processes, interleaved, median of 5)',
    target: 1.3,
    unit: '×',
    async run(kit) {
      kit.runCli(['--version']);
      const s = await setup(kit);
      // 70% 200, 20% 400, 10% 429; neither side resends, so both make exactly 1,000 exchanges.
      await s.reqlintOnce(1000);
      await s.loopOnce();
      const a = [];
      const b = [];
      for (let i = 0; i < 5; i++) {
        a.push(await s.reqlintOnce(1000));
        b.push(await s.loopOnce());
      }
      console.log(`    CPU time (user + system), median: reqlint ${s.median(cpu.reqlintOnce.slice(-5))} ms, undici loop ${s.median(cpu.loopOnce.slice(-5))} ms`);
      console.log(`    reqlint ${s.median(a).toFixed(0)} ms, undici loop ${s.median(b).toFixed(0)} ms for 1,000 requests, each sent once`);
      return s.median(a) / s.median(b);
    },
  },
  {
    name: 'reqlint send --all 4,000 requests ÷ 1,000 requests (median of 3)',
    target: 4.4,
    unit: '×',
    async run(kit) {
      const s = await setup(kit);
      const ms1000 = s.results.ms1000 ?? (await s.measure(() => s.reqlint(1000)));
      const ms4000 = await s.measure(() => s.reqlint(4000), 3);
      console.log(`    reqlint ${ms1000.toFixed(0)} ms for 1,000, ${ms4000.toFixed(0)} ms for 4,000`);
      s.srv.server.close();
      return ms4000 / ms1000;
    },
  },
];
