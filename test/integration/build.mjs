// Bundles the in-host integration tests to out/integration/ (CommonJS, as the extension host loads them).
// `vscode` comes from the host; `mocha` is loaded from the repository's node_modules at run time.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/code-server.mjs';

/** Output folder of the bundled tests. */
export const OUT = join(ROOT, 'out', 'integration');

/** Builds index.ts and every *.test.ts of suite/, vsix/ and untrusted/; returns the output folder. */
export async function buildIntegrationTests() {
  rmSync(OUT, { recursive: true, force: true });
  const entryPoints = [];
  for (const dir of ['suite', 'vsix', 'untrusted']) {
    const abs = join(ROOT, 'test', 'integration', dir);
    for (const f of readdirSync(abs)) {
      if (f === 'index.ts' || f.endsWith('.test.ts')) entryPoints.push({ in: join(abs, f), out: `${dir}/${f.replace(/\.ts$/, '')}` });
    }
  }
  await esbuild.build({
    entryPoints,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return OUT;
}

if (import.meta.url === `file://${process.argv[1]}`) await buildIntegrationTests();
