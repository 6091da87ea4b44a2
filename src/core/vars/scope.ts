import { dirname } from 'node:path';
import type { ReadLimits } from '../io/limits';
import type { HttpFile } from '../http/ast';
import { findHoles, type Hole } from '../http/holes';
import { readAuthConfigs, type AuthConfigs } from '../auth/oauth2/config';
import type { VariableScope } from '../lint/rule';
import type { Range } from '../text/position';
import { parseChainRef, readChainRef, type ChainRef, type ChainSource } from './chain';
import { generateDynamic, isKnownDynamic, parseDynamic, type DynamicContext } from './dynamic';
import { jsonPathLookup } from './json-path';
import {
  SHARED_ENV,
  loadEnvironmentFiles,
  readTextFromDisk,
  diskTextReader,
  type EnvironmentFiles,
  type ReadText,
  type SourcedValue,
  type VarProblem,
  type VariableSource,
} from './environments';

/** Headers as a record or as name/value pairs (names compared case-insensitively). */
export type HeaderList = Record<string, string | string[] | undefined> | Array<[string, string]>;

/** A request sent earlier and its response, for `{{name.response.…}}` / `{{name.request.…}}` chaining. */
export interface ExchangeRecord {
  request?: { url?: string; headers?: HeaderList; body?: string };
  response?: { status?: number; headers?: HeaderList; body?: string };
}

export { findHoles, type Hole };

/** Options for building a variable scope; every field is optional. */
export interface ScopeOptions {
  /** Absolute path of the .http file: variables files are looked up from its folder. */
  filePath?: string;
  /** Upward lookup of variables files stops here (inclusive); without it only the file's folder is read. */
  workspaceRoot?: string;
  /** Selected environment name; null/undefined: none (only `$shared`). */
  env?: string | null;
  /** Already loaded variables files (skips disk access; the editor caches them). */
  envFiles?: EnvironmentFiles;
  /** File reader (the editor passes unsaved buffers); default reads the disk with `limits`. */
  readText?: ReadText;
  /** Read caps for the variables files (the config's `limits`); defaults when absent. */
  limits?: Partial<ReadLimits>;
  /** Environment for `$processEnv`; default `process.env`. */
  processEnv?: Record<string, string | undefined>;
  /** Secret store for `{{$secret name}}`. */
  secrets?: (name: string) => string | undefined;
  /** OAuth 2.0 tokens fetched before sending, for `{{$auth.token("name")}}` (values are secret). */
  authTokens?: (kind: 'token' | 'idToken', name: string) => string | undefined;
  /** Earlier exchanges by request name, for chaining. */
  responses?: (requestName: string) => ExchangeRecord | undefined;
  /** Clock for time-based dynamic variables; default `new Date()`. */
  now?: () => Date;
  /** Uniform [0,1) generator for random dynamic variables; default crypto-quality for UUIDs, Math.random otherwise. */
  random?: () => number;
}

/** Where a value was written: absolute path and 0-based range (the definition's name). */
export interface VariableLocation {
  file: string;
  range: Range;
}

/** What one `{{expr}}` resolves to. `value` undefined means unknown (not defined, not sent yet, or not generated). */
export interface VariableValue {
  expr: string;
  value: string | undefined;
  source: VariableSource;
  location: VariableLocation | null;
  /** True when the value (or a value it references) is secret: the sender masks it. */
  secret: boolean;
  /** Why there is no value, or why the value may be wrong (cycles, bad dynamic arguments). */
  problem?: string;
}

/** One `{{…}}` hole of a resolved text; `start`/`end` are UTF-16 offsets in the input text. */
export interface ResolvedHole extends VariableValue {
  start: number;
  end: number;
}

/** A text with every resolvable hole substituted; unresolved holes are left as written. */
export interface Resolution {
  text: string;
  holes: ResolvedHole[];
  /** True when any substituted value is secret. */
  secret: boolean;
}

const PLAIN_NAME = /^[A-Za-z_$][\w.$-]*$/;
// `client.global.set("token", …)` in a JetBrains handler script defines `token` for later requests;
// `request.variables.set("ts", …)` in a pre-request script defines `ts` for its request.
const GLOBAL_SET = /(?:client\.global|client\.variables\.(?:global|request)|request\.variables)\.set\(\s*["'`]([^"'`]+)["'`]/g;
const MAX_DEPTH = 32;

interface FileVarDef {
  raw: string;
  range: Range;
}

/**
 * Variable lookup for one .http file and environment: file variables, environment files, `.env`,
 * dynamic variables and request chaining. Never evaluates code; never throws.
 */
export class VariableResolver implements VariableScope {
  /** Problems reading variables files, and an unknown selected environment. */
  readonly problems: VarProblem[];
  /** Environment names available to this file (sorted, `$shared` excluded). */
  readonly environments: string[];
  readonly env: string | null;
  private readonly fileVars = new Map<string, FileVarDef>();
  private readonly requestNames = new Map<string, Range>();
  private readonly runtimeNames = new Set<string>();
  private readonly files: EnvironmentFiles;
  private readonly filePath: string;
  private readonly dyn: DynamicContext;
  private readonly defaultRandom: boolean;
  private indirection = 0;
  private auth: AuthConfigs | null = null;

  constructor(file: HttpFile, private readonly opts: ScopeOptions = {}) {
    this.filePath = opts.filePath ?? '';
    this.env = opts.env ?? null;
    for (const v of file.fileVariables) this.fileVars.set(v.name.value, { raw: v.value.value, range: v.value.range });
    for (const r of file.requests) if (r.name && !this.requestNames.has(r.name)) this.requestNames.set(r.name, r.requestLine);
    // JetBrains names a request by its `### title`; a one-word title works for chaining too.
    for (const r of file.requests) if (r.title && /^[\w-]+$/.test(r.title) && !this.requestNames.has(r.title)) this.requestNames.set(r.title, r.requestLine);
    for (const m of [...file.metadata, ...file.requests.flatMap((r) => r.metadata)]) {
      if (m.key === 'prompt' && m.value) this.runtimeNames.add(m.value.split(/\s/, 1)[0]);
    }
    if (file.text.includes('.set(')) for (const m of file.text.matchAll(GLOBAL_SET)) this.runtimeNames.add(m[1]);
    const readText = opts.readText ?? (opts.limits ? diskTextReader(opts.limits) : readTextFromDisk);
    this.files = opts.envFiles ?? (opts.filePath ? loadEnvironmentFiles(dirname(opts.filePath), opts.workspaceRoot, readText) : emptyFiles());
    this.problems = [...this.files.problems];
    const names = new Set<string>();
    for (const t of [this.files.public, this.files.private]) for (const k of t.keys()) if (k !== SHARED_ENV) names.add(k);
    this.environments = [...names].sort();
    if (this.env !== null && !names.has(this.env)) {
      this.problems.push({
        file: this.files.files.find((f) => f.endsWith('.json')) ?? this.filePath,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        message: this.environments.length
          ? `Environment "${this.env}" is not defined. Available: ${this.environments.join(', ')}.`
          : `Environment "${this.env}" is not defined: no http-client.env.json was found next to the file or above it.`,
      });
    }
    const rnd = opts.random ?? Math.random;
    this.defaultRandom = !opts.random;
    this.dyn = {
      now: opts.now ?? (() => new Date()),
      random: rnd,
      processEnv: opts.processEnv ?? process.env,
      dotenv: (n) => this.files.dotenv.get(n)?.value,
      secret: (n) => opts.secrets?.(n) ?? this.envValue(n, true)?.value,
      authToken: opts.authTokens,
      variable: (n) => {
        // `%name` indirection can loop back through a value (`@a = {{$processEnv %a}}`): bound it.
        if (this.indirection >= MAX_DEPTH) return undefined;
        this.indirection++;
        try {
          return this.lookupExpr(n, [], true).value;
        } finally {
          this.indirection--;
        }
      },
    };
  }

  /** True when `{{expr}}` can be resolved: defined somewhere, a known dynamic variable, a named request, or a script expression (not judged). */
  isDefined(expr: string): boolean {
    const e = expr.trim();
    if (!e) return false;
    if (e.startsWith('$')) return isKnownDynamic(e);
    const name = e.startsWith('%') ? e.slice(1) : e;
    if (this.definitionOf(name) !== undefined) return true;
    if (this.runtimeNames.has(name)) return true;
    if (this.env === null && this.inAnyEnvironment(name)) return true;
    const chain = parseChainRef(e);
    if (chain) return this.requestNames.has(chain.name);
    // Anything that is not a plain name is an expression some clients evaluate; it is not "undefined".
    return !PLAIN_NAME.test(name);
  }

  /** The sign-in entries of the selected environment (read on first use, from the files this scope read). */
  authConfigs(): AuthConfigs {
    this.auth ??= readAuthConfigs(this.files.files, this.env, this.opts.readText ?? readTextFromDisk);
    return this.auth;
  }

  /** Resolves one expression (the inside of `{{…}}`); dynamic values are generated unless `generate` is false. */
  lookup(expr: string, generate = true): VariableValue {
    return this.lookupExpr(expr.trim(), [], generate);
  }

  /** Substitutes every `{{…}}` in `text`; per hole reports value, source, location and secrecy. */
  resolve(text: string, generate = true): Resolution {
    const holes = findHoles(text);
    const parts: string[] = [];
    let copied = 0;
    let secret = false;
    const out: ResolvedHole[] = [];
    for (const h of holes) {
      const v = this.lookupExpr(h.expr, [], generate);
      out.push({ ...v, start: h.start, end: h.end });
      if (v.value !== undefined) {
        parts.push(text.slice(copied, h.start), v.value);
        copied = h.end;
        if (v.secret) secret = true;
      }
    }
    parts.push(text.slice(copied));
    return { text: parts.join(''), holes: out, secret };
  }

  /** Every named variable visible to the file (file, environment, .env), nearest definition first, for completion and hovers. */
  variables(): Array<{ name: string; source: VariableSource; location: VariableLocation | null; secret: boolean }> {
    const seen = new Set<string>();
    const list: Array<{ name: string; source: VariableSource; location: VariableLocation | null; secret: boolean }> = [];
    const add = (name: string, source: VariableSource, location: VariableLocation | null, secret: boolean): void => {
      if (seen.has(name)) return;
      seen.add(name);
      list.push({ name, source, location, secret });
    };
    for (const [name, d] of this.fileVars) add(name, 'file', { file: this.filePath, range: d.range }, false);
    for (const name of this.envNames()) {
      const v = this.envValue(name, true);
      if (v) add(name, v.source, { file: v.file, range: v.range }, v.secret);
    }
    for (const [name, v] of this.files.dotenv) add(name, 'dotenv', { file: v.file, range: v.range }, false);
    return list;
  }

  private envNames(): Set<string> {
    const names = new Set<string>();
    const envs = this.env === null ? [SHARED_ENV] : [this.env, SHARED_ENV];
    for (const t of [this.files.private, this.files.public]) for (const e of envs) for (const k of t.get(e)?.keys() ?? []) names.add(k);
    return names;
  }

  /** Value from the environment files: private over public, selected env over `$shared`. */
  private envValue(name: string, includeShared: boolean): SourcedValue | undefined {
    const envs = this.env === null ? [] : [this.env];
    if (includeShared) envs.push(SHARED_ENV);
    for (const e of envs) {
      const v = this.files.private.get(e)?.get(name) ?? this.files.public.get(e)?.get(name);
      if (v) return v;
    }
    return undefined;
  }

  private inAnyEnvironment(name: string): boolean {
    for (const t of [this.files.private, this.files.public]) for (const vars of t.values()) if (vars.has(name)) return true;
    return false;
  }

  /** The nearest definition of a plain name: file variable, then environment, then `.env`. */
  private definitionOf(name: string): { raw: string; source: VariableSource; location: VariableLocation; secret: boolean } | undefined {
    const f = this.fileVars.get(name);
    if (f) return { raw: f.raw, source: 'file', location: { file: this.filePath, range: f.range }, secret: false };
    const e = this.envValue(name, true);
    if (e) return { raw: e.value, source: e.source, location: { file: e.file, range: e.range }, secret: e.secret };
    const d = this.files.dotenv.get(name);
    if (d) return { raw: d.value, source: 'dotenv', location: { file: d.file, range: d.range }, secret: false };
    return undefined;
  }

  private lookupExpr(expr: string, stack: string[], generate: boolean): VariableValue {
    const base = { expr, location: null, secret: false };
    if (!expr) return { ...base, value: undefined, source: 'undefined', problem: 'empty {{}}: write a variable name between the braces' };
    if (expr.startsWith('$')) return this.dynamicValue(expr, generate);
    const name = expr.startsWith('%') ? expr.slice(1) : expr;
    const def = this.definitionOf(name);
    if (def) {
      if (stack.includes(name)) {
        return { expr, value: undefined, source: def.source, location: def.location, secret: def.secret, problem: `variable cycle: ${[...stack, name].join(' → ')}` };
      }
      if (stack.length >= MAX_DEPTH) {
        return { expr, value: undefined, source: def.source, location: def.location, secret: def.secret, problem: `variables nest deeper than ${MAX_DEPTH} levels` };
      }
      // Values may reference other variables; resolve them with this name on the stack to stop cycles.
      if (!def.raw.includes('{{')) return { expr, value: def.raw, source: def.source, location: def.location, secret: def.secret };
      let secret = def.secret;
      let problem: string | undefined;
      let unknown = false;
      const holes = findHoles(def.raw);
      const parts: string[] = [];
      let copied = 0;
      for (const h of holes) {
        const v = this.lookupExpr(h.expr, [...stack, name], generate);
        if (v.secret) secret = true;
        if (v.value === undefined) {
          unknown = true;
          problem ??= v.problem ?? `{{${h.expr}}} is not defined`;
          continue;
        }
        parts.push(def.raw.slice(copied, h.start), v.value);
        copied = h.end;
      }
      parts.push(def.raw.slice(copied));
      return { expr, value: unknown ? undefined : parts.join(''), source: def.source, location: def.location, secret, ...(problem ? { problem } : {}) };
    }
    if (this.runtimeNames.has(name)) {
      return { ...base, value: undefined, source: 'response', problem: `${name} is set by a response handler or a prompt at run time` };
    }
    const chain = parseChainRef(expr);
    if (chain && this.requestNames.has(chain.name)) return this.chainValue(expr, chain);
    if (this.env === null && this.inAnyEnvironment(name)) {
      const envs = this.environments.filter((e) => this.files.private.get(e)?.has(name) || this.files.public.get(e)?.has(name));
      return { ...base, value: undefined, source: 'env', problem: `${name} is defined in environment ${envs.join(', ')}: select an environment` };
    }
    if (!PLAIN_NAME.test(name)) return { ...base, value: undefined, source: 'undefined', problem: `{{${expr}}} is a script expression; Reqlint never evaluates code` };
    return { ...base, value: undefined, source: 'undefined', problem: `${name} is not defined in the file, the selected environment or .env` };
  }

  private dynamicValue(expr: string, generate: boolean): VariableValue {
    const d = parseDynamic(expr)!;
    const isAuth = d.head === 'auth.token' || d.head === 'auth.idToken';
    const source: VariableSource = d.head === 'processEnv' ? 'process-env' : d.head === 'dotenv' ? 'dotenv' : d.head === 'secret' || isAuth ? 'secret' : 'dynamic';
    const secret = d.head === 'secret' || isAuth;
    if (!isKnownDynamic(expr)) return { expr, value: undefined, source: 'undefined', location: null, secret, problem: `{{${expr}}} is not a dynamic variable Reqlint knows` };
    // Environment reads are not "generated": they are looked up even when generation is off.
    if (!generate && source === 'dynamic') return { expr, value: undefined, source, location: null, secret };
    const r = generateDynamic(expr, this.dyn, this.defaultRandom);
    let location: VariableLocation | null = null;
    if (d.head === 'dotenv') {
      const e = this.files.dotenv.get(d.args.trim());
      if (e) location = { file: e.file, range: e.range };
    }
    return r.value !== undefined ? { expr, value: r.value, source, location, secret } : { expr, value: undefined, source, location, secret, problem: r.problem };
  }

  private chainValue(expr: string, ref: ChainRef): VariableValue {
    const location: VariableLocation = { file: this.filePath, range: this.requestNames.get(ref.name)! };
    const record = this.opts.responses?.(ref.name);
    const source: ChainSource | undefined = record && {
      ...(record.request ? { request: { headers: headerPairs(record.request.headers), body: record.request.body ?? '' } } : {}),
      ...(record.response ? { response: { headers: headerPairs(record.response.headers), body: record.response.body ?? '' } } : {}),
    };
    const r = readChainRef(ref, source);
    if ('problem' in r) return { expr, value: undefined, source: 'response', location, secret: false, problem: r.problem };
    return { expr, value: r.value, source: 'response', location, secret: false };
  }
}

function emptyFiles(): EnvironmentFiles {
  return { public: new Map(), private: new Map(), dotenv: new Map(), files: [], problems: [] };
}

function headerPairs(headers: HeaderList | undefined): Array<[string, string]> {
  if (!headers) return [];
  const entries: Array<[string, unknown]> = Array.isArray(headers) ? headers : Object.entries(headers);
  const out: Array<[string, string]> = [];
  for (const [k, v] of entries) {
    if (v === undefined) continue;
    out.push([k, Array.isArray(v) ? v.join(', ') : typeof v === 'string' ? v : (JSON.stringify(v) ?? '')]);
  }
  return out;
}

/** Reads a JSON path (`$.a.b[0]`, `$['a b']`, `a.b[0]`, `a.b.0`) from parsed JSON; undefined when absent (see `json-path.ts`). */
export function jsonPathValue(data: unknown, path: string): unknown {
  return jsonPathLookup(data, path);
}

/** Builds the variable scope for a parsed file and environment (see `ScopeOptions`); never throws. */
export function buildScope(file: HttpFile, opts: ScopeOptions = {}): VariableResolver {
  return new VariableResolver(file, opts);
}
