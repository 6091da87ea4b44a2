import type { HttpFile } from '../http/ast';
import type { VariableScope } from './rule';

/** Dynamic (system) variables every supported client resolves itself; names without the leading `$`. */
export const DYNAMIC_VARIABLES: ReadonlySet<string> = new Set([
  'uuid',
  'guid',
  'timestamp',
  'isoTimestamp',
  'randomInt',
  'datetime',
  'localDatetime',
  'processEnv',
  'dotenv',
  'aadToken',
  'aadV2Token',
]);

/** True when `expr` (the trimmed inside of `{{…}}`) is a known dynamic variable such as `$uuid` or `$random.email`. */
export function isDynamicVariable(expr: string): boolean {
  if (!expr.startsWith('$')) return false;
  const head = expr.slice(1).split(/\s/, 1)[0];
  return DYNAMIC_VARIABLES.has(head) || head.startsWith('random.');
}

// Only plain names (optionally with a property path, as in `login.response.body.$.token`) can be judged;
// anything else is a script expression some clients evaluate, and an expression is not "undefined".
const PLAIN_REF = /^%?([A-Za-z_][\w-]*)(?:\.\S*)?$/;

/** The variable name a `{{…}}` expression reads (`login` for `login.response.body.id`), or null for expressions and dynamic variables. */
export function referencedName(expr: string): string | null {
  const m = PLAIN_REF.exec(expr);
  return m ? m[1] : null;
}

// `client.global.set("token", …)` in JetBrains handler scripts defines a variable for later requests.
const GLOBAL_SET = /client\.global\.set\(\s*["'`]([^"'`]+)["'`]/g;

/**
 * Names an .http file defines on its own: file variables (`@name = …`), named requests (for
 * `{{name.response…}}`), `# @prompt name` metadata and `client.global.set("name", …)` in handler scripts.
 */
export function namesDefinedInFile(file: HttpFile): Set<string> {
  const names = new Set<string>();
  for (const v of file.fileVariables) names.add(v.name.value);
  for (const r of file.requests) {
    if (r.name) names.add(r.name);
    for (const m of r.metadata) {
      if (m.key === 'prompt' && m.value) names.add(m.value.split(/\s/, 1)[0]);
    }
  }
  for (const m of file.metadata) {
    if (m.key === 'prompt' && m.value) names.add(m.value.split(/\s/, 1)[0]);
  }
  if (file.text.includes('client.global.set')) {
    for (const m of file.text.matchAll(GLOBAL_SET)) names.add(m[1]);
  }
  return names;
}

/**
 * A scope over the file's own definitions plus `extraNames` (environment, `.env`), and the dynamic
 * variables. Used when no richer scope is given to the engine.
 */
export function basicScope(file: HttpFile | null, extraNames: Iterable<string> = []): VariableScope {
  const names = file ? namesDefinedInFile(file) : new Set<string>();
  for (const n of extraNames) names.add(n);
  return {
    isDefined(expr: string): boolean {
      const e = expr.trim();
      if (e.startsWith('$')) return isDynamicVariable(e);
      const name = referencedName(e);
      return name === null || names.has(name);
    },
  };
}
