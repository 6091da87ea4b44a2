import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { FileReadError, readTextIfExists } from '../io/read';
import type { ReadLimits } from '../io/limits';
import { LineIndex, type Range } from '../text/position';
import { parseDotenv } from './dotenv';

/** Where a variable's value came from. */
export type VariableSource = 'file' | 'env' | 'private-env' | 'dotenv' | 'dynamic' | 'process-env' | 'secret' | 'response' | 'undefined';

/** A variable value read from a file, with where it was written (absolute path, 0-based range of its name). */
export interface SourcedValue {
  value: string;
  source: VariableSource;
  file: string;
  range: Range;
  secret: boolean;
}

/** A problem reading a variables file: absolute path, 0-based range, and a message that says what to do. */
export interface VarProblem {
  file: string;
  range: Range;
  message: string;
}

/**
 * Reads a text file; undefined when it does not exist. Lets the editor pass unsaved contents. May throw
 * a `FileReadError` (not a regular file, over its cap), which becomes a problem on that file.
 */
export type ReadText = (absPath: string) => string | undefined;

/** Environment name → variable name → value. `$shared` is kept as its own entry. */
export type EnvTable = Map<string, Map<string, SourcedValue>>;

/** Every variables file found for one folder: nearer folders override farther ones. */
export interface EnvironmentFiles {
  /** `http-client.env.json` (and `rest-client.environmentVariables` from `.vscode/settings.json`). */
  public: EnvTable;
  /** `http-client.private.env.json`: values are secret. */
  private: EnvTable;
  /** `.env` entries. */
  dotenv: Map<string, SourcedValue>;
  /** Absolute paths of the files that were read, in the order read. */
  files: string[];
  problems: VarProblem[];
}

/** The public JetBrains environment file name. */
export const ENV_FILE = 'http-client.env.json';
/** The private JetBrains environment file name (values are secret). */
export const PRIVATE_ENV_FILE = 'http-client.private.env.json';
/** The shared pseudo-environment merged under the selected one. */
export const SHARED_ENV = '$shared';

/** A {@link ReadText} over the disk with the environment-file cap of `limits` (a BOM is dropped; refusals throw `FileReadError`). */
export function diskTextReader(limits?: Partial<ReadLimits>): ReadText {
  return (p) => readTextIfExists(p, { limit: 'envBytes', what: 'variables file' }, limits);
}

/** Reads a UTF-8 file from disk with the default caps; undefined when missing, `FileReadError` when refused. */
export const readTextFromDisk: ReadText = diskTextReader();

/** Folders from `workspaceRoot` down to `dir` (both absolute); just `[dir]` when there is no root or `dir` is outside it. */
export function folderChain(dir: string, workspaceRoot?: string): string[] {
  const d = resolve(dir);
  if (!workspaceRoot) return [d];
  const root = resolve(workspaceRoot);
  const rel = relative(root, d);
  if (rel.startsWith('..') || isAbsolute(rel)) return [d];
  const chain: string[] = [];
  let cur = d;
  for (;;) {
    chain.push(cur);
    if (cur === root) break;
    const up = dirname(cur);
    if (up === cur) break;
    cur = up;
  }
  return chain.reverse();
}

function fullRange(idx: LineIndex, offset: number, length: number): Range {
  return idx.range(offset, offset + length);
}

function jsonProblem(file: string, idx: LineIndex, e: ParseError, what: string): VarProblem {
  const range = fullRange(idx, e.offset, Math.max(1, e.length));
  const name = printParseErrorCode(e.error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return {
    file,
    range,
    message: `${file}:${range.start.line + 1}:${range.start.character + 1}: ${what} is not valid JSON (${name}). Fix the JSON; its variables are ignored until then.`,
  };
}

function valueText(node: Node): string {
  switch (node.type) {
    case 'string':
      return String(node.value);
    case 'number':
    case 'boolean':
      return String(node.value);
    case 'null':
      return '';
    default: {
      // Objects and arrays (JetBrains `Security` blocks and the like) are kept as their JSON text.
      try {
        return JSON.stringify(nodeToValue(node));
      } catch {
        return '';
      }
    }
  }
}

function nodeToValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.children ?? []) if (p.children?.[0] && p.children[1]) o[String(p.children[0].value)] = nodeToValue(p.children[1]);
      return o;
    }
    case 'array':
      return (node.children ?? []).map(nodeToValue);
    default:
      return node.value;
  }
}

/** Parses an environment JSON object `{ "env": { "name": value } }` into `into`; problems are appended. */
export function readEnvJson(
  file: string,
  text: string,
  source: 'env' | 'private-env',
  into: EnvTable,
  problems: VarProblem[],
  what = file,
  rootNode?: Node,
  idxIn?: LineIndex,
): void {
  const idx = idxIn ?? new LineIndex(text);
  let root = rootNode;
  if (!root) {
    const errors: ParseError[] = [];
    root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length) {
      problems.push(jsonProblem(file, idx, errors[0], what));
      return;
    }
  }
  if (!root || root.type !== 'object') {
    const r = root ? fullRange(idx, root.offset, root.length) : fullRange(idx, 0, 0);
    problems.push({ file, range: r, message: `${file}:${r.start.line + 1}: ${what} must be a JSON object of environments, e.g. { "dev": { "host": "https://…" } }.` });
    return;
  }
  for (const envProp of root.children ?? []) {
    const [k, v] = envProp.children ?? [];
    if (!k || !v) continue;
    const envName = String(k.value);
    if (v.type !== 'object') {
      const r = fullRange(idx, v.offset, v.length);
      problems.push({ file, range: r, message: `${file}:${r.start.line + 1}: environment "${envName}" must be an object of "name": "value" pairs.` });
      continue;
    }
    let table = into.get(envName);
    if (!table) into.set(envName, (table = new Map<string, SourcedValue>()));
    for (const p of v.children ?? []) {
      const [pk, pv] = p.children ?? [];
      if (!pk || !pv) continue;
      table.set(String(pk.value), {
        value: valueText(pv),
        source,
        file,
        range: fullRange(idx, pk.offset, pk.length),
        secret: source === 'private-env',
      });
    }
  }
}

/** Reads `rest-client.environmentVariables` from a `.vscode/settings.json` text (comments allowed). */
function readVscodeSettings(file: string, text: string, into: EnvTable, problems: VarProblem[]): void {
  const idx = new LineIndex(text);
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || root.type !== 'object') {
    if (errors.length) problems.push(jsonProblem(file, idx, errors[0], '.vscode/settings.json'));
    return;
  }
  for (const p of root.children ?? []) {
    if (p.children?.[0]?.value === 'rest-client.environmentVariables' && p.children[1]) {
      readEnvJson(file, text, 'env', into, problems, 'rest-client.environmentVariables', p.children[1], idx);
      return;
    }
  }
  if (errors.length) problems.push(jsonProblem(file, idx, errors[0], '.vscode/settings.json'));
}

/**
 * Finds and reads the variables files for a folder: `http-client.env.json`,
 * `http-client.private.env.json` and `.env` in `dir` and each parent up to `workspaceRoot`
 * (nearer folders override), plus `.vscode/settings.json` at the workspace root. Never throws.
 */
export function loadEnvironmentFiles(dir: string, workspaceRoot?: string, readText: ReadText = readTextFromDisk): EnvironmentFiles {
  const out: EnvironmentFiles = { public: new Map(), private: new Map(), dotenv: new Map(), files: [], problems: [] };
  const chain = folderChain(dir, workspaceRoot);
  if (workspaceRoot) {
    const settings = join(resolve(workspaceRoot), '.vscode', 'settings.json');
    const text = safeRead(readText, settings, out.problems);
    if (text !== undefined) {
      out.files.push(settings);
      readVscodeSettings(settings, text, out.public, out.problems);
    }
  }
  for (const folder of chain) {
    const pub = join(folder, ENV_FILE);
    const pubText = safeRead(readText, pub, out.problems);
    if (pubText !== undefined) {
      out.files.push(pub);
      readEnvJson(pub, pubText, 'env', out.public, out.problems, ENV_FILE);
    }
    const priv = join(folder, PRIVATE_ENV_FILE);
    const privText = safeRead(readText, priv, out.problems);
    if (privText !== undefined) {
      out.files.push(priv);
      readEnvJson(priv, privText, 'private-env', out.private, out.problems, PRIVATE_ENV_FILE);
    }
    const dot = join(folder, '.env');
    const dotText = safeRead(readText, dot, out.problems);
    if (dotText !== undefined) {
      out.files.push(dot);
      const parsed = parseDotenv(dotText);
      for (const e of parsed.entries) out.dotenv.set(e.name, { value: e.value, source: 'dotenv', file: dot, range: e.range, secret: false });
      for (const p of parsed.problems) out.problems.push({ file: dot, range: p.range, message: `${dot}:${p.range.start.line + 1}: ${p.message.replace(/^line \d+: /, '')}` });
    }
  }
  return out;
}

function safeRead(readText: ReadText, p: string, problems: VarProblem[]): string | undefined {
  try {
    const text = readText(p);
    // Windows Notepad writes a BOM; an editor's buffer may still carry one.
    return text !== undefined && text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (err) {
    // A refused or unreadable file is never silently "not found": the user learns why it was skipped.
    const message = err instanceof FileReadError ? `${err.message} Its variables are ignored until then.` : `${p}: cannot read the variables file (${(err as NodeJS.ErrnoException).code ?? String(err)}); its variables are ignored.`;
    problems.push({ file: p, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message });
    return undefined;
  }
}

/** Names of the environments defined for a folder (public, private and settings files; `$shared` excluded), sorted. */
export function listEnvironments(dir: string, workspaceRoot?: string, readText: ReadText = readTextFromDisk): string[] {
  const files = loadEnvironmentFiles(dir, workspaceRoot, readText);
  const names = new Set<string>();
  for (const t of [files.public, files.private]) for (const k of t.keys()) if (k !== SHARED_ENV) names.add(k);
  return [...names].sort();
}

/**
 * Where a command-line run stops the upward search for variables files (environment files,
 * `.vscode/settings.json`, `.env`): the working folder when `file` is inside it, else the config's
 * folder when `file` is inside that, else undefined (only the file's own folder). Lint and send use
 * this one answer, so both see the same environments.
 */
export function commandLineWorkspaceRoot(file: string, cwd: string, configDir: string | null): string | undefined {
  const inside = (dir: string): boolean => {
    const rel = relative(dir, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (inside(cwd)) return cwd;
  if (configDir && inside(configDir)) return configDir;
  return undefined;
}
