import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { FileReadError, readTextCapped } from '../io/read';
import { LineIndex } from '../text/position';
import { ConfigError, defaultConfig, type PayloadMapping, type ProjectConfig } from './types';
import { parseConfigText, type ParseConfigOptions } from './validate';

/** File name searched upward from each linted file. */
export const CONFIG_FILE_NAME = 'reqlint.config.json';

/** Path of the nearest `reqlint.config.json` in `startDir` or its ancestors (up to the filesystem root), or null. */
export function findConfigFile(startDir: string): string | null {
  let dir = resolve(startDir);
  for (;;) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Reads, parses and validates a config file (absolute or relative to the working folder), and checks
 * that the profile files it names exist. Throws {@link ConfigError} naming the file, 1-based line and key.
 */
export function loadConfigFile(path: string, options: ParseConfigOptions = {}): ProjectConfig {
  const file = resolve(path);
  const display = options.displayPath ?? path;
  let text: string;
  try {
    text = readTextCapped(file, { limit: 'configBytes', what: 'config file' });
  } catch (err) {
    const reason =
      err instanceof FileReadError
        ? err.reason === 'missing'
          ? 'file not found'
          : `it ${err.detail}`
        : String(err);
    throw new ConfigError(file, [{ pointer: '', message: reason, line: 1, column: 1 }], `${display}: cannot read the config: ${reason}`);
  }
  const config = parseConfigText(file, text, { ...options, displayPath: display });
  const missing = config.profiles
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !existsSync(p));
  if (missing.length) {
    const lines = new LineIndex(text);
    const problems = missing.map(({ p, i }) => {
      // Point at the string as written: find its text in the file (first occurrence after "profiles").
      const written = (config.raw.profiles as string[])[i];
      const at = text.indexOf(JSON.stringify(written), Math.max(0, text.indexOf('"profiles"')));
      const pos = lines.positionAt(at < 0 ? 0 : at);
      return { pointer: `/profiles/${i}`, message: `profile file not found: ${written} (resolved to ${p})`, line: pos.line + 1, column: pos.character + 1 };
    });
    throw new ConfigError(file, problems, problems.map((q) => `${display}:${q.line}:${q.column}: ${q.pointer}: ${q.message}`).join('\n'));
  }
  return config;
}

/** Options for {@link ConfigResolver}. */
export interface ConfigResolverOptions extends Omit<ParseConfigOptions, 'displayPath'> {
  /** Use this config file for every linted file instead of searching upward (`--config`). */
  explicitPath?: string;
  /** Turns an absolute path into the name used in messages (default: as is). */
  display?: (absPath: string) => string;
}

/**
 * Finds and caches the config governing each file: the explicit one, else the nearest
 * `reqlint.config.json` upward from the file, else the defaults. Invalid configs throw {@link ConfigError}.
 */
export class ConfigResolver {
  private readonly byDir = new Map<string, string | null>();
  private readonly byPath = new Map<string, ProjectConfig>();
  private explicit: ProjectConfig | null = null;

  constructor(private readonly options: ConfigResolverOptions = {}) {}

  /** The config for an absolute file path. */
  forFile(absFile: string): ProjectConfig {
    return this.forDir(dirname(absFile));
  }

  /** The config for files in an absolute folder path. */
  forDir(absDir: string): ProjectConfig {
    if (this.options.explicitPath) {
      this.explicit ??= this.load(resolve(this.options.explicitPath), this.options.explicitPath);
      return this.explicit;
    }
    const found = this.lookup(absDir);
    if (!found) return defaultConfig(absDir);
    let cfg = this.byPath.get(found);
    if (!cfg) {
      cfg = this.load(found, this.options.display ? this.options.display(found) : found);
      this.byPath.set(found, cfg);
    }
    return cfg;
  }

  private load(abs: string, display: string): ProjectConfig {
    return loadConfigFile(abs, { knownRuleIds: this.options.knownRuleIds, displayPath: display });
  }

  private lookup(dir: string): string | null {
    const cached = this.byDir.get(dir);
    if (cached !== undefined) return cached;
    const candidate = join(dir, CONFIG_FILE_NAME);
    let result: string | null;
    if (existsSync(candidate)) result = candidate;
    else {
      const parent = dirname(dir);
      result = parent === dir ? null : this.lookup(parent);
    }
    this.byDir.set(dir, result);
    return result;
  }
}

const matchers = new WeakMap<PayloadMapping, picomatch.Matcher>();

/** The first `payloads` mapping of `config` whose globs match the absolute `file`, or null. */
export function payloadMappingFor(config: ProjectConfig, file: string): PayloadMapping | null {
  if (!config.payloads.length) return null;
  const rel = relative(config.dir, file).split(sep).join('/');
  for (const m of config.payloads) {
    let isMatch = matchers.get(m);
    if (!isMatch) {
      isMatch = picomatch(m.files.map((g) => g.replace(/^\.\//, '')), { dot: true });
      matchers.set(m, isMatch);
    }
    if (isMatch(rel)) return m;
  }
  return null;
}

