import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { HttpFile, HttpHandler, HttpRequest } from '../http/ast';
import type { Position, Range } from '../text/position';
import type { ScriptPosition } from './sandbox';

/** Largest `.js` handler file read, in bytes; larger files are refused with a message. */
export const MAX_SCRIPT_FILE_BYTES = 1024 * 1024;

/** Before the request is prepared (`< {% %}`), or after its answer (`> {% %}`). */
export type ScriptPhase = 'pre' | 'post';

/** One script of a request, as written in its .http file. */
export interface RequestScript {
  phase: ScriptPhase;
  /** The handler in the .http file (0-based range). */
  range: Range;
  /** Inline code and the offset (UTF-16, in the .http text) of its first character; null for a file handler. */
  inline: { code: string; start: number } | null;
  /** For `> path.js`: the path as written and the range of the path; null for inline code. */
  file: { path: string; range: Range } | null;
}

/** Where a script's code came from, so positions inside it can be shown in the right file. */
export interface LoadedScript {
  script: RequestScript;
  code: string;
  /** Absolute path of the file the code lives in (the .http file, or the `.js` file). */
  filePath: string;
  /** 0-based position in `filePath` of the code's first character. */
  origin: Position;
}

/** A place inside a file: absolute path and 0-based range. */
export interface FileLocation {
  file: string;
  range: Range;
}

/** The scripts of `req` in run order: pre-request scripts, then response handlers (file order within each). */
export function requestScripts(file: HttpFile, req: HttpRequest): RequestScript[] {
  const out: RequestScript[] = [];
  for (const phase of ['pre', 'post'] as const) {
    for (const h of req.handlers) {
      const s = scriptOf(file, h);
      if (s && s.phase === phase) out.push(s);
    }
  }
  return out;
}

function scriptOf(file: HttpFile, h: HttpHandler): RequestScript | null {
  const phase: ScriptPhase | null = h.kind === 'pre-script' || h.kind === 'pre-script-file' ? 'pre' : h.kind === 'script' || h.kind === 'script-file' ? 'post' : null;
  if (!phase) return null;
  const start = file.lines.offsetAt(h.range.start);
  const end = file.lines.offsetAt(h.range.end);
  const text = file.text.slice(start, end);
  if (h.kind === 'script' || h.kind === 'pre-script') {
    const open = text.indexOf('{%');
    if (open < 0) return null;
    const close = text.endsWith('%}') && text.length - 2 >= open + 2 ? text.length - 2 : text.length;
    return { phase, range: h.range, inline: { code: text.slice(open + 2, close), start: start + open + 2 }, file: null };
  }
  let p = 1;
  while (p < text.length && /\s/.test(text[p])) p++;
  const path = text.slice(p).trim();
  if (!path) return null;
  return { phase, range: h.range, inline: null, file: { path, range: file.lines.range(start + p, start + p + path.length) } };
}

/** Raised when a handler's `.js` file cannot be used; the message names the file and what to do. */
export class ScriptFileError extends Error {}

function readScriptFile(path: string): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScriptFileError(code === 'ENOENT' ? `Script file ${path} does not exist. Create it, or fix the path after \`>\` (it is relative to the .http file).` : `Script file ${path} cannot be read (${code ?? (err as Error).message}).`);
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) throw new ScriptFileError(`Script file ${path} is not a regular file.`);
    if (st.size > MAX_SCRIPT_FILE_BYTES) throw new ScriptFileError(`Script file ${path} is ${st.size.toLocaleString('en-US')} bytes; handler files are read up to ${MAX_SCRIPT_FILE_BYTES.toLocaleString('en-US')} bytes.`);
    const buf = Buffer.alloc(st.size);
    let off = 0;
    while (off < st.size) {
      const n = readSync(fd, buf, off, st.size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * The code of a script: inline code as is, or a handler file read (capped, regular files only) relative
 * to the .http file's folder. `readFile` replaces the disk (the editor passes unsaved documents).
 * Throws `ScriptFileError` for a file that is missing, too large or not a file.
 */
export function loadScript(script: RequestScript, httpFile: HttpFile, httpPath: string, readFile: (path: string) => string = readScriptFile): LoadedScript {
  if (script.inline) {
    return { script, code: script.inline.code, filePath: httpPath, origin: httpFile.lines.positionAt(script.inline.start) };
  }
  const rel = script.file!.path;
  const abs = isAbsolute(rel) ? rel : resolve(dirname(httpPath), rel);
  return { script, code: readFile(abs), filePath: abs, origin: { line: 0, character: 0 } };
}

/** Maps a 1-based line/column inside a script's code to its place in the file the code lives in. */
export function locate(loaded: LoadedScript, at: ScriptPosition | null): FileLocation {
  if (!at) {
    return loaded.script.inline ? { file: loaded.filePath, range: loaded.script.range } : { file: loaded.filePath, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
  }
  const line = loaded.origin.line + at.line - 1;
  const base = at.line === 1 ? loaded.origin.character : 0;
  // QuickJS places a call at its opening parenthesis: underline the callee (`client.assert`) up to it.
  const lineText = lineOf(loaded, at.line);
  const col = Math.min(Math.max(0, at.column - 1), lineText.length);
  let from = col;
  while (from > 0 && /[\w$.]/.test(lineText[from - 1])) from--;
  let to = col;
  if (from === col) while (to < lineText.length && /[\w$.]/.test(lineText[to])) to++;
  if (to === from) to = Math.min(lineText.length, from + 1);
  return { file: loaded.filePath, range: { start: { line, character: base + from }, end: { line, character: base + to } } };
}

function lineOf(loaded: LoadedScript, line1: number): string {
  let start = 0;
  for (let i = 1; i < line1; i++) {
    const nl = loaded.code.indexOf('\n', start);
    if (nl < 0) return '';
    start = nl + 1;
  }
  const nl = loaded.code.indexOf('\n', start);
  return loaded.code.slice(start, nl < 0 ? loaded.code.length : nl).replace(/\r$/, '');
}
