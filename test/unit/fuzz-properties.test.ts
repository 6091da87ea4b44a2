import { targets, runTarget } from '../fuzz/targets';

// The fuzz targets at a size that keeps `npm test` fast, with a fixed seed so a failure replays
// exactly; `npm run fuzz -- --runs 100000` runs the same properties long.
const RUNS: Record<string, number> = { lint: 150, fixes: 150 };
const SEED = 20261122;

describe('fuzz: properties (seeded)', () => {
  for (const t of targets) {
    it(`${t.name} holds for ${RUNS[t.name] ?? 400} generated cases`, () => {
      runTarget(t, RUNS[t.name] ?? 400, SEED);
    });
  }
});
