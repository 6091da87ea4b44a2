/**
 * Reading OpenAPI documents (JSON or YAML) and following their `$ref`s across local files,
 * synchronously: the lint engine and the editor call in on every keystroke and cannot await.
 * Remote references (`http://`, `https://`) are refused, never fetched.
 */
import { statSync } from 'node:fs';
import type { ReadLimits } from '../io/limits';
import { FileReadError, readTextCapped } from '../io/read';
import { dirname, isAbsolute, resolve } from 'node:path';
import * as jsonc from 'jsonc-parser';
import { parseDocument, isMap, isSeq, isScalar, type Node as YamlNode } from 'yaml';
import { LineIndex } from '../text/position';
import { parsePointer } from '../text/json-pointer';

/** A problem with a spec: `file` absolute, `line`/`column` 1-based (1:1 when the place is unknown). */
export interface SpecProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Thrown when a spec (or a file it references) cannot be used; carries the place. */
export class SpecError extends Error {
  override name = 'SpecError';
  constructor(readonly problem: SpecProblem) {
    super(`${problem.file}:${problem.line}:${problem.column}: ${problem.message}`);
  }
}

/** One parsed spec file. `locate` maps a JSON Pointer to its 1-based line and column (of the key when it has one). */
export interface SpecFile {
  /** Absolute path. */
  path: string;
  root: unknown;
  mtimeMs: number;
  size: number;
  locate(pointer: string): { line: number; column: number };
  /** The read caps this file was read with; files its `$ref`s reach are read with the same. */
  limits?: Partial<ReadLimits>;
}

function jsonLocator(text: string, tree: jsonc.Node | undefined): SpecFile['locate'] {
  let lines: LineIndex | null = null;
  return (pointer) => {
    lines ??= new LineIndex(text);
    let offset = 0;
    if (tree) {
      const path = safeTokens(pointer).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
      for (let n = path.length; n >= 0; n--) {
        const node = jsonc.findNodeAtLocation(tree, path.slice(0, n));
        if (node) {
          offset = node.parent?.type === 'property' ? node.parent.offset : node.offset;
          break;
        }
      }
    }
    const p = lines.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

function safeTokens(pointer: string): string[] {
  try {
    return parsePointer(pointer);
  } catch {
    return [];
  }
}

function yamlLocator(text: string, contents: YamlNode | null): SpecFile['locate'] {
  let lines: LineIndex | null = null;
  return (pointer) => {
    lines ??= new LineIndex(text);
    let node: unknown = contents;
    let offset = 0;
    for (const t of safeTokens(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((it) => (isScalar(it.key) ? String(it.key.value) : String(it.key)) === t);
        if (!pair) break;
        const k = pair.key as YamlNode | null;
        if (k?.range) offset = k.range[0];
        node = pair.value;
      } else if (isSeq(node) && /^\d+$/.test(t)) {
        const item = node.items[Number(t)] as YamlNode | undefined;
        if (!item) break;
        if (item.range) offset = item.range[0];
        node = item;
      } else break;
    }
    const p = lines.positionAt(offset);
    return { line: p.line + 1, column: p.character + 1 };
  };
}

function problemAtOffset(file: string, text: string, offset: number, message: string): SpecProblem {
  const p = new LineIndex(text).positionAt(offset);
  return { file, line: p.line + 1, column: p.character + 1, message };
}

/**
 * Parses spec text: JSON for `.json` files (or text starting with `{`), YAML otherwise. Throws
 * {@link SpecError} with the 1-based line and column of the first syntax error.
 */
export function parseSpecText(path: string, text: string, mtimeMs = 0): SpecFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const asJson = /\.json$/i.test(path) || /^\s*\{/.test(body);
  if (asJson) {
    try {
      const root: unknown = JSON.parse(body);
      let tree: jsonc.Node | undefined;
      let located: SpecFile['locate'] | null = null;
      return {
        path,
        root,
        mtimeMs,
        size: text.length,
        // The position tree is built only when a message needs a line: a 2 MB spec parses in a few ms without it.
        locate: (pointer) => {
          tree ??= jsonc.parseTree(body);
          located ??= jsonLocator(body, tree);
          return located(pointer);
        },
      };
    } catch {
      const errors: jsonc.ParseError[] = [];
      jsonc.parseTree(body, errors, { allowTrailingComma: false, disallowComments: true });
      const e = errors[0];
      const what = e ? jsonc.printParseErrorCode(e.error) : 'not JSON';
      // An error at the very end with brackets still open is a file cut short (an interrupted
      // download or copy), not a format problem: say so rather than suggest another format.
      const end = body.trimEnd().length;
      const cut = e !== undefined && e.offset >= end - 1 && /Expected$/.test(what) && what !== 'EndOfFileExpected';
      const message = cut ? `the spec ends early (${what} at the end of the file): it looks cut short; download or save it again` : `the spec is not valid JSON (${what}); fix the file at this place`;
      throw new SpecError(problemAtOffset(path, body, e ? e.offset : 0, message));
    }
  }
  const doc = parseDocument(body, { uniqueKeys: false, prettyErrors: true, merge: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const line = e.linePos?.[0];
    const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new SpecError({ file: path, line: line?.line ?? 1, column: line?.col ?? 1, message: `the spec is not valid YAML (${first})` });
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new SpecError({ file: path, line: 1, column: 1, message: `the spec cannot be read as YAML data (${err instanceof Error ? err.message : String(err)})` });
  }
  return { path, root, mtimeMs, size: text.length, locate: yamlLocator(body, doc.contents) };
}

/** Reads and parses one spec file; throws {@link SpecError} naming the file for an unreadable or unparsable one. */
export function readSpecFile(path: string, limits?: Partial<ReadLimits>): SpecFile {
  let text: string;
  let mtimeMs = 0;
  try {
    mtimeMs = statSync(path).mtimeMs;
    text = readTextCapped(path, { limit: 'specBytes', what: 'spec' }, limits);
  } catch (err) {
    const why =
      err instanceof FileReadError
        ? err.reason === 'missing'
          ? 'file not found'
          : /folder/.test(err.detail)
            ? 'it is a folder, not a file'
            : `it ${err.detail}`
        : ((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : ((err as NodeJS.ErrnoException).code ?? String(err)));
    throw new SpecError({ file: path, line: 1, column: 1, message: `cannot read the spec (${why})` });
  }
  const f = parseSpecText(path, text, mtimeMs);
  if (limits) f.limits = limits;
  return f;
}

/** A resolved reference: the file and pointer it names, and the value there. */
export interface Resolved {
  file: string;
  pointer: string;
  value: unknown;
}

/**
 * The documents of one spec: the main file plus every file its `$ref`s reach, read once each.
 * `files` lists their absolute paths (what a derived profile depends on).
 */
export class SpecSet {
  private readonly docs = new Map<string, SpecFile>();

  constructor(readonly main: SpecFile) {
    this.docs.set(main.path, main);
  }

  /** Absolute paths of every file read so far, the main spec first. */
  get files(): string[] {
    return [...this.docs.keys()];
  }

  /** The parsed file at an absolute path (read on first use). */
  file(path: string): SpecFile {
    let f = this.docs.get(path);
    if (!f) {
      f = readSpecFile(path, this.main.limits);
      this.docs.set(path, f);
    }
    return f;
  }

  /**
   * Resolves `ref` written in `fromFile` at `fromPointer`: `#/a/b`, `other.yaml`, `other.yaml#/a/b`.
   * Throws {@link SpecError} at the place of the `$ref` for a remote, missing or dangling reference.
   */
  resolve(ref: string, fromFile: string, fromPointer: string): Resolved {
    const at = (message: string): never => {
      const pos = this.file(fromFile).locate(fromPointer);
      throw new SpecError({ file: fromFile, ...pos, message });
    };
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^file:/i.test(ref)) {
      at(`the $ref '${ref}' points at another server; Reqlint never fetches over the network. Save that document next to the spec and refer to it by a relative path`);
    }
    const hash = ref.indexOf('#');
    const filePart = hash < 0 ? ref : ref.slice(0, hash);
    const pointer = hash < 0 ? '' : decodeURIComponentSafe(ref.slice(hash + 1));
    let target = fromFile;
    if (filePart) {
      const p = decodeURIComponentSafe(filePart.replace(/^file:\/\//i, ''));
      target = isAbsolute(p) ? p : resolve(dirname(fromFile), p);
    }
    if (pointer && !pointer.startsWith('/')) at(`the $ref '${ref}' has a fragment that is not a JSON Pointer (it must start with '#/')`);
    let doc: SpecFile;
    try {
      doc = this.file(target);
    } catch (err) {
      if (err instanceof SpecError && err.problem.file === target && err.problem.line === 1 && /cannot read/.test(err.problem.message)) {
        at(`the $ref '${ref}' names ${target}, which cannot be read (${err.problem.message.replace(/^cannot read the spec \(|\)$/g, '')})`);
      }
      throw err;
    }
    let cur: unknown = doc.root;
    for (const t of safeTokens(pointer)) {
      if (cur && typeof cur === 'object' && Object.prototype.hasOwnProperty.call(cur, t)) cur = (cur as Record<string, unknown>)[t];
      else at(`the $ref '${ref}' points at nothing: '${pointer}' does not exist in ${target === fromFile ? 'this file' : target}`);
    }
    return { file: target, pointer, value: cur };
  }

  /** Follows `$ref` chains (parameters, responses, request bodies) to a value without `$ref`; throws on a cycle. */
  deref(value: unknown, file: string, pointer: string): Resolved {
    let cur: Resolved = { file, pointer, value };
    const seen = new Set<string>();
    while (cur.value && typeof cur.value === 'object' && typeof (cur.value as Record<string, unknown>).$ref === 'string') {
      const ref = (cur.value as Record<string, string>).$ref;
      const key = `${cur.file}#${cur.pointer}`;
      if (seen.has(key)) {
        const pos = this.file(cur.file).locate(cur.pointer);
        throw new SpecError({ file: cur.file, ...pos, message: `the $ref '${ref}' refers to itself in a loop` });
      }
      seen.add(key);
      cur = this.resolve(ref, cur.file, cur.pointer + '/$ref');
    }
    return cur;
  }
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
