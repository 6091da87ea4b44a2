import { dirname } from 'node:path';
import type { HttpFile } from '../http/ast';
import { generateDynamic, parseDynamic } from '../vars/dynamic';
import type { ReadLimits } from '../io/limits';
import { diskTextReader, loadEnvironmentFiles, SHARED_ENV, type EnvironmentFiles, type SourcedValue } from '../vars/environments';
import type { ValueResolver } from './prepare';
import { isExchangeRef, resolveExchangeRef, type NamedExchange } from './response-refs';

/** Inputs of `createSendResolver`. */
export interface SendScopeOptions {
  file: HttpFile;
  /** Absolute path of the .http file (environment files are looked up from its folder upward). */
  filePath: string;
  /** Selected environment name, or null for `$shared` only. */
  environment: string | null;
  /** Folder where the upward search for environment files stops (the project root), when known. */
  workspaceRoot?: string;
  /** Results of earlier named requests, for `{{name.response.body.$.id}}`. */
  exchanges?: ReadonlyMap<string, NamedExchange>;
  processEnv?: Record<string, string | undefined>;
  /** Environment files already read (the editor passes its own); default: read from disk. */
  envFiles?: EnvironmentFiles;
  /** Read caps for the environment files (the config's `limits`); defaults when absent. */
  limits?: Partial<ReadLimits>;
  /** Value of `{{$secret name}}` (the editor's secret storage); default: none. Values are masked in output. */
  secrets?: (name: string) => string | undefined;
  /** Values scripts set so far in this run (`request.variables`, `client.global`); read live, they win over file and environment. */
  scriptValues?: (name: string) => string | undefined;
  /** Sign-in tokens fetched for the request, for `{{$auth.token("name")}}`; masked in output. */
  authTokens?: (kind: 'token' | 'idToken', name: string) => string | undefined;
}

/** A resolver plus what the CLI needs to explain a missing environment. */
export interface SendScope extends ValueResolver {
  /** Environment names defined in the files found (without `$shared`). */
  environments: string[];
  /** Problems reading the environment files (file and line in each message). */
  problems: string[];
  /** True when `{{name}}` stands for fixed text: a file or environment variable with no `{{…}}` in its value. */
  isStatic(name: string): boolean;
  /** The selected environment's value of `name` (over `$shared`), substituted; undefined when not defined there. */
  environmentValue(name: string): string | undefined;
  /** The file variable `@name`'s value, substituted; undefined when the file does not define it. */
  fileValue(name: string): string | undefined;
}

/** Names whose values are credentials even in a public environment file: masked in output. */
const CREDENTIAL_NAME = /(key|token|secret|password|passwd|auth|credential)/i;

/**
 * Resolves `{{…}}` for sending: earlier named requests' results, values scripts set in this run, file variables (which may use other
 * variables), the selected environment over `$shared` (private file values and credential-named
 * variables are secret), and dynamic variables (`$uuid`, `$timestamp`, `$dotenv`, `$processEnv`…).
 * Values resolve up to 10 levels deep; a cycle leaves the hole as written.
 */
export function createSendResolver(o: SendScopeOptions): SendScope {
  const files = o.envFiles ?? loadEnvironmentFiles(dirname(o.filePath), o.workspaceRoot, diskTextReader(o.limits));
  const env = new Map<string, SourcedValue>();
  for (const table of [files.public, files.private]) {
    for (const name of [SHARED_ENV, ...(o.environment ? [o.environment] : [])]) {
      for (const [k, v] of table.get(name) ?? []) env.set(k, v);
    }
  }
  const fileVars = new Map<string, string>();
  for (const v of o.file.fileVariables) fileVars.set(v.name.value, v.value.value);
  const processEnv = o.processEnv ?? process.env;
  const environments = [...new Set([...files.public.keys(), ...files.private.keys()])].filter((n) => n !== SHARED_ENV).sort();

  function lookup(expr: string, depth: number, secrets: string[], unresolved: string[]): string | undefined {
    const e = expr.trim();
    if (isExchangeRef(e)) return resolveExchangeRef(e, o.exchanges ?? new Map()) ?? undefined;
    const scripted = o.scriptValues?.(e);
    if (scripted !== undefined) {
      if (CREDENTIAL_NAME.test(e)) secrets.push(scripted);
      return scripted;
    }
    if (fileVars.has(e)) return expand(fileVars.get(e)!, depth + 1, secrets, unresolved);
    const v = env.get(e);
    if (v) {
      const value = expand(v.value, depth + 1, secrets, unresolved);
      if (v.secret || CREDENTIAL_NAME.test(e)) secrets.push(value);
      return value;
    }
    if (parseDynamic(e)) {
      const r = generateDynamic(
        e,
        {
          now: () => new Date(),
          random: Math.random,
          processEnv,
          dotenv: (name) => files.dotenv.get(name)?.value,
          secret: (name) => o.secrets?.(name),
          variable: (name) => lookup(name, depth + 1, secrets, unresolved),
          ...(o.authTokens ? { authToken: o.authTokens } : {}),
        },
        true,
      );
      if (r.value !== undefined && /^\$(processEnv|dotenv|secret|auth\.)/.test(e)) secrets.push(r.value);
      return r.value;
    }
    return undefined;
  }

  function expand(text: string, depth: number, secrets: string[], unresolved: string[]): string {
    if (depth > 10 || !text.includes('{{')) return text;
    return text.replace(/\{\{([^{}]*)\}\}/g, (whole, inner: string) => {
      const v = lookup(inner, depth, secrets, unresolved);
      if (v === undefined) {
        unresolved.push(inner.trim());
        return whole;
      }
      return v;
    });
  }

  return {
    environments,
    problems: files.problems.map((p) => p.message),
    isStatic(name) {
      if (o.scriptValues?.(name) !== undefined) return false;
      const f = fileVars.get(name);
      if (f !== undefined) return !f.includes('{{');
      const v = env.get(name);
      return v !== undefined && !v.value.includes('{{');
    },
    environmentValue(name) {
      const v = env.get(name);
      return v === undefined ? undefined : expand(v.value, 1, [], []);
    },
    fileValue(name) {
      const v = fileVars.get(name);
      return v === undefined ? undefined : expand(v, 1, [], []);
    },
    substitute(text) {
      const secrets: string[] = [];
      const unresolved: string[] = [];
      const out = expand(text, 0, secrets, unresolved);
      return { text: out, secrets: secrets.filter((s) => s.length >= 4), unresolved };
    },
  };
}
