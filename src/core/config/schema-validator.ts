/**
 * The compiled validator of schemas/config.schema.json. Bundles replace this module with ajv
 * standalone code generated at build time (scripts/standalone-validators.mjs), so `reqlint lint`
 * does not compile the schema at every start; run from source (tests), it compiles on first use.
 */
import Ajv, { type Options, type ValidateFunction } from 'ajv';
import schema from '../../../schemas/config.schema.json';

/** Ajv options of the config validator; the build-time generator uses the same ones. */
export const CONFIG_AJV_OPTIONS: Options = { allErrors: true, verbose: true, strict: true };

/** An Ajv instance set up for the config schema (`extra` adds options, e.g. `code.source` for standalone output). */
export function configAjv(extra: Options = {}): Ajv {
  const ajv = new Ajv({ ...CONFIG_AJV_OPTIONS, ...extra });
  // Our own annotation: the human sentence for a failed pattern, read back when describing errors.
  ajv.addKeyword({ keyword: 'x-reqlint-message', schemaType: 'string' });
  return ajv;
}

let compiled: ValidateFunction | null = null;

/** The config schema's validator (compiled once per process). */
export function configValidator(): ValidateFunction {
  compiled ??= configAjv().compile(schema);
  return compiled;
}
