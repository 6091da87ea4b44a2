import { strict as assert } from 'node:assert';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ValidateFunction } from 'ajv';
import { configValidator } from '../../src/core/config/schema-validator';

const ROOT = join(__dirname, '..', '..');

/** Configs that pass and configs that break each kind of keyword the schema uses. */
const SAMPLES: unknown[] = [
  {},
  { rules: { 'body/required': 'warning', 'auth/missing': 'off' } },
  { rules: { 'body/required': 'loud' } },
  { rules: { 'Body Required': 'error' } },
  { profiles: ['a.json', 'a.json'] },
  { profiles: [] },
  { profiles: 'a.json' },
  { payloads: [{ files: 'events.json', endpoint: 'POST https://track.scanova.io/server-events/batch', headers: { 'X-API-Key': '{{key}}' } }] },
  { payloads: [{ files: [], endpoint: 'post nowhere' }] },
  { payloads: [{ endpoint: 'POST https://x.test/' }] },
  { baseUrls: { scantrust: 'https://scantrust.bench.test', other: ['https://a.test', 'ftp://b'] } },
  { baseUrls: { scantrust: 42 } },
  { plans: { qrstudio: 'starter' } },
  { plans: { qrstudio: 3 } },
  { environment: 'dev' },
  { environment: '' },
  { openapi: [{ spec: 'generated.json' }] },
  { openapi: [{ spec: '' , baseUrl: 7 }] },
  { unknownKey: true, rulez: {} },
  { $schema: './schemas/config.schema.json', rules: [] },
];

describe('config: the build-time standalone validator', () => {
  let standalone: ValidateFunction;
  before(async function () {
    this.timeout(60000);
    const gen = (await import(pathToFileURL(join(ROOT, 'scripts', 'standalone-validators.mjs')).href)) as { configValidatorModule(): Promise<string> };
    const source = await gen.configValidatorModule();
    const mod = { exports: {} as { configValidator?: () => ValidateFunction } };
    // The generated module is CommonJS that requires ajv's runtime helpers; evaluate it as the bundle would.
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the built bundle with a require of its own, as Node would
    new Function('module', 'exports', 'require', source)(mod, mod.exports, createRequire(join(ROOT, 'package.json')));
    standalone = mod.exports.configValidator!();
  });

  it('gives the same verdict and the same errors as the schema compiled at run time', () => {
    const runtime = configValidator();
    for (const sample of SAMPLES) {
      const a = runtime(sample);
      const errorsA = structuredClone(runtime.errors ?? null);
      const b = standalone(sample);
      const errorsB = structuredClone(standalone.errors ?? null);
      assert.equal(b, a, JSON.stringify(sample));
      assert.deepEqual(errorsB, errorsA, JSON.stringify(sample));
    }
  });

  it('is the function the CLI bundle ships', function () {
    this.timeout(60000);
    // dist/ is built by other tests' helpers; the bundle must carry the generated code, not ajv's compiler call.
    const req = createRequire(join(ROOT, 'package.json'));
    const { existsSync, readFileSync } = req('node:fs') as typeof import('node:fs');
    const bundle = join(ROOT, 'dist', 'cli-lint.js');
    if (!existsSync(bundle)) this.skip();
    assert.ok(readFileSync(bundle, 'utf8').includes('configValidator: () => __validate'), 'dist/cli-lint.js lacks the generated config validator');
  });
});
