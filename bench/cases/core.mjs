// The foundation's speed targets: parsing and whole-process linting of a 1,000-request file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHttp } from '../lib/gen-http.mjs';

export default [
  {
    name: 'parse 1,000-request .http (in-process, median of 9)',
    target: 30,
    unit: 'ms',
    async run(kit) {
      const { parseHttp } = await kit.importTs('src/core/http/parser.ts');
      if (typeof parseHttp !== 'function') kit.skip('parseHttp is not exported yet');
      const text = readFileSync(writeHttp(join(kit.tmp, 'bench-1000.http'), 1000), 'utf8');
      const file = parseHttp(text);
      if (file.requests.length !== 1000) throw new Error(`parser found ${file.requests.length} requests, expected 1000`);
      return kit.medianMs(() => parseHttp(text), { warmup: 3, runs: 9 });
    },
  },
  {
    // The engine with every registered rule, warm: shows how much of the whole-process figure is start-up and JIT warm-up.
    name: 'lint 1,000-request .http (in-process, warm, median of 7)',
    target: 100,
    unit: 'ms',
    async run(kit) {
      const { lintHttpText } = await kit.importTs('src/core/lint/engine.ts');
      const path = writeHttp(join(kit.tmp, 'bench-1000.http'), 1000);
      const text = readFileSync(path, 'utf8');
      const first = lintHttpText(path, text);
      if (first.requests !== 1000) throw new Error(`engine saw ${first.requests} requests, expected 1000`);
      return kit.medianMs(() => lintHttpText(path, text), { warmup: 3, runs: 7 });
    },
  },
  {
    name: 'reqlint lint 1,000-request .http (whole process, median of 7)',
    target: 500,
    unit: 'ms',
    async run(kit) {
      const file = writeHttp(join(kit.tmp, 'bench-1000.http'), 1000);
      const first = await kit.runCli(['lint', file, '--format', 'json']);
      if (first.code === 2) throw new Error(`reqlint lint exited 2: ${first.stderr.trim().split('\n')[0]}`);
      const doc = JSON.parse(first.stdout);
      if (doc.summary?.requests !== 1000) throw new Error(`lint saw ${doc.summary?.requests} requests, expected 1000`);
      return kit.medianMs(async () => {
        const r = await kit.runCli(['lint', file, '--format', 'json']);
        if (r.code === 2) throw new Error(r.stderr);
      }, { warmup: 1, runs: 7 });
    },
  },
];
