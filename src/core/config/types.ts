import type { RuleLevel } from '../findings';

/** One `payloads` entry: JSON files linted as the body of `method url`. Globs are relative to `configDir`. */
export interface PayloadMapping {
  /** Globs as written (posix separators), relative to the config's folder. */
  files: string[];
  /** Upper-case HTTP method from `endpoint`. */
  method: string;
  /** URL from `endpoint`, `{{…}}` kept raw. */
  url: string;
  /** The `endpoint` string as written. */
  endpoint: string;
  /** Extra headers the real request sends (name → value), as written. */
  headers: Record<string, string>;
  /** 0-based index of the entry in `payloads` (for messages naming `/payloads/N`). */
  index: number;
}

/** A validated project configuration; every path in it is absolute. */
export interface ProjectConfig {
  /** Absolute path of the config file, or null for the built-in defaults (no file found). */
  path: string | null;
  /** Absolute folder relative paths in the config resolve against (the config's folder, or the linted folder). */
  dir: string;
  /** Absolute paths of extra profile files, in the order written. */
  profiles: string[];
  payloads: PayloadMapping[];
  /** Configured level per rule id; rules absent here keep their default severity. */
  rules: Record<string, RuleLevel>;
  /** Plan name per profile id. */
  plans: Record<string, string>;
  /** Default environment name, or null. */
  environment: string | null;
  /** Base URLs per profile id (always an array, as written). */
  baseUrls: Record<string, string[]>;
  /** The whole parsed document, for keys later layers read themselves (e.g. `openapi`). */
  raw: Record<string, unknown>;
}

/** One reason a config is unusable: `pointer` is a JSON Pointer ('' for the document), `line`/`column` 1-based. */
export interface ConfigProblem {
  pointer: string;
  message: string;
  line: number;
  column: number;
}

/** Thrown for a config that cannot be read, is not JSON(C) or does not validate; `message` names the file, line and key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    /** Absolute path of the config file. */
    readonly file: string,
    readonly problems: ConfigProblem[],
    message: string,
  ) {
    super(message);
  }
}

/** The configuration used when no `reqlint.config.json` exists: defaults only, paths resolve against `dir`. */
export function defaultConfig(dir: string): ProjectConfig {
  return { path: null, dir, profiles: [], payloads: [], rules: {}, plans: {}, environment: null, baseUrls: {}, raw: {} };
}
