// The editor's lint path (src/extension/features/incremental.ts, the code the extension runs for an
// open .http document) on the 1,000-request file: a full lint, and a re-lint after typing one character.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHttp } from '../lib/gen-http.mjs';

async function setup(kit) {
  const { IncrementalHttpLinter } = await kit.importTs('src/extension/features/incremental.ts');
  const path = writeHttp(join(kit.tmp, 'bench-1000.http'), 1000);
  const text = readFileSync(path, 'utf8');
  return { IncrementalHttpLinter, path, text };
}

export default [
  {
    name: 'editor: full lint of 1,000-request .http (cold cache, median of 7)',
    target: 150,
    unit: 'ms',
    async run(kit) {
      const { IncrementalHttpLinter, path, text } = await setup(kit);
      const linter = new IncrementalHttpLinter();
      const first = linter.lint(path, text);
      if (first.requests !== 1000 || first.relinted !== 1000) throw new Error(`linted ${first.relinted} of ${first.requests} requests, expected 1000 of 1000`);
      return kit.medianMs(() => {
        linter.clear();
        linter.lint(path, text);
      }, { warmup: 3, runs: 7 });
    },
  },
  {
    name: 'editor: re-lint after a one-character edit in a 1,000-request .http (median of 21)',
    target: 16,
    unit: 'ms',
    async run(kit) {
      const { IncrementalHttpLinter, path, text } = await setup(kit);
      const linter = new IncrementalHttpLinter();
      linter.lint(path, text);
      // Each run types one more character into a different request's body, as a user typing would.
      const anchors = [];
      for (let at = text.indexOf('"campaign": "spring-'); at >= 0; at = text.indexOf('"campaign": "spring-', at + 1)) anchors.push(at + 13);
      let current = text;
      let n = 0;
      return kit.medianMs(() => {
        const i = anchors[(n * 37) % anchors.length];
        current = current.slice(0, i) + 'x' + current.slice(i);
        for (let k = 0; k < anchors.length; k++) if (anchors[k] >= i) anchors[k]++;
        n++;
        const r = linter.lint(path, current);
        if (r.relinted !== 1) throw new Error(`one edit re-linted ${r.relinted} requests, expected 1`);
      }, { warmup: 5, runs: 21 });
    },
  },
];
