// `npm run fuzz` entry: runs every fuzz target (or `--target NAME`) for `--runs N` cases each
// (default 100000) from `--seed S` (default: time-based, printed so a failure can be replayed).
import { targets, runTarget } from './targets';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const runs = Number(arg('runs') ?? 100000);
const seed = Number(arg('seed') ?? (Date.now() % 2 ** 31));
const only = arg('target');
const path = arg('path');
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--runs N] [--seed S] [--target NAME] [--path P]');
  process.exit(2);
}
const chosen = targets.filter((t) => !only || t.name === only);
if (!chosen.length) {
  console.error(`unknown target '${only}'; targets: ${targets.map((t) => t.name).join(', ')}`);
  process.exit(2);
}
let failed = 0;
let total = 0;
const t0 = Date.now();
for (const t of chosen) {
  const start = Date.now();
  try {
    const d = runTarget(t, runs, seed, path);
    total += d.numRuns;
    console.log(`${t.name}: ${d.numRuns} cases, 0 failures, ${((Date.now() - start) / 1000).toFixed(1)} s (seed ${seed})`);
  } catch (e) {
    failed++;
    console.log(`${t.name}: FAILED after ${((Date.now() - start) / 1000).toFixed(1)} s\n${e instanceof Error ? e.message : String(e)}`);
  }
}
console.log(`fuzz: ${chosen.length} targets, ${total} cases passed, ${failed} targets failed, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(failed ? 1 : 0);
