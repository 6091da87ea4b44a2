// Build-time ajv standalone code for the config schema: esbuild.mjs swaps it in for
// src/core/config/schema-validator.ts, so the bundles never compile that schema at run time.
// The Ajv set-up is read from that module itself (bundled here with esbuild), so both stay one.
import * as esbuild from 'esbuild';
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The module source (CommonJS) that replaces schema-validator.ts in bundles: `configValidator()` returns the precompiled function. */
export async function configValidatorModule() {
  const outDir = join(root, '.cache', 'generated');
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'schema-validator-setup.cjs');
  await esbuild.build({
    entryPoints: [join(root, 'src/core/config/schema-validator.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const req = createRequire(outfile);
  delete req.cache[outfile];
  const { configAjv } = req(outfile);
  const standaloneCode = req('ajv/dist/standalone').default;
  const schema = req(join(root, 'schemas/config.schema.json'));
  const ajv = configAjv({ code: { source: true } });
  const validate = ajv.compile(schema);
  const code = standaloneCode(ajv, validate);
  return `${code}\nconst __validate = module.exports;\nmodule.exports = { configValidator: () => __validate };\n`;
}

/** Writes the generated module to `.cache/generated/config-validator.cjs` and returns its path. */
export async function writeConfigValidatorModule() {
  const file = join(root, '.cache', 'generated', 'config-validator.cjs');
  writeFileSync(file, await configValidatorModule());
  return file;
}
