// Benchmark runner: `npm run bench` (builds first), or `node bench/run.mjs [name-filter ...]`.
//
// Every file in bench/cases/*.mjs is a case module. Its default export is one case or an array of
// cases, each `{ name, target, unit, run(kit) }`:
//   - `run` returns the measured figure (a number in `unit`), or calls `kit.skip(reason)`;
//   - `target` is the bound the figure must meet; by default smaller is better (`measured <= target`),
//     set `better: 'higher'` for throughput-style figures.
// `kit` (see makeKit below) gives cases a scratch folder, an in-process TypeScript importer, a
// median timer and a way to run the built CLI, so a case stays a few lines long.
//
// Prints a table (figure, measured, target, pass/fail) and exits 1 when any figure misses its target.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { availableParallelism, loadavg } from 'node:os';
import * as esbuild from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const tmp = join(root, 'bench', '.tmp');
mkdirSync(tmp, { recursive: true });

class Skip extends Error {}

/** Median of a numeric array (the mean of the two middle values for an even count). */
export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const bundled = new Map();

function makeKit(caseName) {
  return {
    root,
    tmp,
    /** Skips this case with a reason (shown in the table instead of a figure). */
    skip(reason) {
      throw new Skip(reason);
    },
    /** Bundles a TypeScript module of the repo (path relative to the root) with esbuild and imports it. */
    async importTs(relPath) {
      const abs = join(root, relPath);
      if (!existsSync(abs)) throw new Skip(`${relPath} does not exist yet`);
      if (!bundled.has(abs)) {
        const outfile = join(tmp, 'bundles', relPath.replace(/[\\/]/g, '__').replace(/\.ts$/, '.mjs'));
        await esbuild.build({
          entryPoints: [abs],
          outfile,
          bundle: true,
          platform: 'node',
          format: 'esm',
          target: 'node20',
          logLevel: 'error',
          mainFields: ['module', 'main'],
          // Bundled CommonJS dependencies call require(); give the ESM bundle one.
          banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
        });
        bundled.set(abs, await import(pathToFileURL(outfile).href + `?t=${Date.now()}`));
      }
      return bundled.get(abs);
    },
    /** Runs `fn` `warmup` times unmeasured, then `runs` times; returns the median in milliseconds. */
    async medianMs(fn, { warmup = 2, runs = 7 } = {}) {
      for (let i = 0; i < warmup; i++) await fn();
      const times = [];
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        await fn();
        times.push(performance.now() - t0);
      }
      return median(times);
    },
    /** Runs `node dist/cli.js ...args` (cwd defaults to the repo root); resolves `{ code, stdout, stderr, ms }`. */
    runCli(args, { cwd = root } = {}) {
      const cli = join(root, 'dist', 'cli.js');
      if (!existsSync(cli)) throw new Skip('dist/cli.js is missing: run `node esbuild.mjs` first');
      return new Promise((res, rej) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, [cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c) => (stdout += c));
        child.stderr.on('data', (c) => (stderr += c));
        child.on('error', rej);
        child.on('close', (code) => res({ code, stdout, stderr, ms: performance.now() - t0 }));
      });
    },
    caseName,
  };
}

async function loadCases() {
  const dir = join(root, 'bench', 'cases');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.mjs')).sort() : [];
  const cases = [];
  for (const f of files) {
    const mod = await import(pathToFileURL(join(dir, f)).href);
    const exported = mod.default ?? mod.cases;
    for (const c of Array.isArray(exported) ? exported : [exported]) {
      if (!c || typeof c.name !== 'string' || typeof c.run !== 'function' || typeof c.target !== 'number') {
        throw new Error(`bench/cases/${f}: each case needs { name: string, target: number, run(kit) }`);
      }
      cases.push({ unit: 'ms', better: 'lower', ...c, file: f });
    }
  }
  return cases;
}

function fmt(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return String(n);
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const all = await loadCases();
const selected = filters.length ? all.filter((c) => filters.some((f) => c.name.includes(f))) : all;
const rows = [];
let failures = 0;
for (const c of selected) {
  process.stderr.write(`bench: ${c.name} ...\n`);
  try {
    const measured = await c.run(makeKit(c.name));
    const pass = c.better === 'higher' ? measured >= c.target : measured <= c.target;
    if (!pass) failures++;
    rows.push([c.name, `${fmt(measured)} ${c.unit}`, `${c.better === 'higher' ? '≥' : '≤'} ${fmt(c.target)} ${c.unit}`, pass ? 'pass' : 'FAIL']);
  } catch (err) {
    if (err instanceof Skip) {
      rows.push([c.name, '—', `${fmt(c.target)} ${c.unit}`, `skipped: ${err.message}`]);
    } else {
      failures++;
      rows.push([c.name, '—', `${fmt(c.target)} ${c.unit}`, `ERROR: ${err instanceof Error ? err.message : String(err)}`]);
    }
  }
}

const header = ['figure', 'measured', 'target', 'result'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const r of rows) console.log(line(r));
console.log(`\n${rows.length} figure(s), ${failures} failing`);
// Wall-clock figures mean little on a machine that is busy with other work: say so next to them.
const [load1] = loadavg();
const cpus = availableParallelism();
if (load1 > cpus) console.log(`note: the machine was busy (1-minute load average ${load1.toFixed(1)} on ${cpus} CPUs); wall-clock figures are inflated.`);
// Exit explicitly: a case that leaves a server or timer behind must not keep the runner alive.
process.exit(failures ? 1 : 0);
