import { readdirSync, statSync, type Dirent } from 'node:fs';
import { extname, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import type { ConfigResolver } from '../core/config';
import { payloadMappingFor } from '../core/config';
import type { PayloadMapping } from '../core/config/types';
import { formatBytes } from '../core/text/format';
import { UsageError } from './usage';

/** Folders never searched: dependencies and version-control data. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git']);

/** Extensions linted as .http files when found in a folder. */
export const HTTP_EXTENSIONS: ReadonlySet<string> = new Set(['.http', '.rest']);

/** One file to lint: an .http/.rest file, or a JSON file with the payload mapping it is linted under. */
export type LintTarget = { kind: 'http'; path: string } | { kind: 'json'; path: string; mapping: PayloadMapping };

/** Result of {@link expandPaths}: files to lint (absolute, sorted, unique) and notes about skipped inputs. */
export interface ExpandedPaths {
  targets: LintTarget[];
  /** One line per explicitly named file that was skipped (e.g. a JSON file no mapping covers). */
  notes: string[];
}

function isGlob(p: string): boolean {
  return /[*?[\]{}]/.test(p);
}

function walk(dir: string, visit: (abs: string) => void): void {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    // An unreadable folder inside a tree is skipped like an ignored one; the named root is checked by the caller.
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const abs = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(e.name)) walk(abs, visit);
    } else if (e.isFile()) visit(abs);
    else if (e.isSymbolicLink()) {
      // Linked files are linted; linked folders are not followed (they may loop).
      try {
        if (statSync(abs).isFile()) visit(abs);
      } catch {
        // A dangling link is not a file to lint.
      }
    }
  }
}

/**
 * Expands PATH arguments (files, folders or globs, relative to `cwd`) into lint targets. Folders
 * yield every `*.http`, `*.rest` and config-mapped `*.json` below them, skipping node_modules and
 * .git. A named file is linted whatever its extension (a JSON file only when a mapping covers it).
 * Throws {@link UsageError} for a path that does not exist or a glob that matches nothing.
 */
export function expandPaths(paths: readonly string[], cwd: string, configs: ConfigResolver): ExpandedPaths {
  const targets = new Map<string, LintTarget>();
  const notes: string[] = [];
  const add = (abs: string, explicit: boolean) => {
    if (targets.has(abs)) return;
    const ext = extname(abs).toLowerCase();
    if (HTTP_EXTENSIONS.has(ext)) {
      targets.set(abs, { kind: 'http', path: abs });
      return;
    }
    if (ext === '.json') {
      const mapping = payloadMappingFor(configs.forFile(abs), abs);
      if (mapping) targets.set(abs, { kind: 'json', path: abs, mapping });
      else if (explicit) notes.push(`${relative(cwd, abs) || abs}: skipped: no "payloads" entry in reqlint.config.json maps this JSON file to a request.`);
      return;
    }
    if (explicit) targets.set(abs, { kind: 'http', path: abs });
  };
  for (const p of paths.length ? paths : ['.']) {
    const abs = resolve(cwd, p);
    let stat: ReturnType<typeof statSync> | null = null;
    try {
      stat = statSync(abs);
    } catch {
      stat = null;
    }
    if (stat?.isDirectory()) {
      walk(abs, (f) => add(f, false));
      continue;
    }
    if (stat) {
      add(abs, true);
      continue;
    }
    if (!isGlob(p)) throw new UsageError(`no such file or folder: ${p}`);
    const { base, glob } = picomatch.scan(p.replace(/\\/g, '/'));
    const root = resolve(cwd, base || '.');
    const isMatch = picomatch(glob, { dot: false });
    let matched = 0;
    walk(root, (f) => {
      if (!isMatch(relative(root, f).split(sep).join('/'))) return;
      matched++;
      add(f, true);
    });
    if (!matched) throw new UsageError(`no files match the pattern ${p}`);
  }
  const sorted = [...targets.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { targets: sorted, notes };
}

/** Files larger than this are not linted (bytes). */
export const MAX_LINT_BYTES = 50 * 1024 * 1024;

/** A file's text, or why it cannot be linted (with a 0-based position when one helps, e.g. the first bad byte). */
export type ReadResult = { ok: true; text: string; bom: boolean } | { ok: false; message: string; line: number; character: number };

/** Where byte `offset` of `bytes` sits as a 0-based line and UTF-16 column of the text before it (decoded leniently). */
function bytePosition(bytes: Uint8Array, offset: number): { line: number; character: number } {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const before = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset));
  return { line, character: before.length };
}

/**
 * Reads a file to lint as UTF-8 (a leading BOM is dropped, as editors do). Refuses, with a message
 * saying what to do, files over {@link MAX_LINT_BYTES}, binary files (a NUL byte) and invalid UTF-8.
 */
export function readLintable(path: string, readBytes: (p: string) => Uint8Array, size: (p: string) => number): ReadResult {
  try {
    const bytes0 = size(path);
    if (bytes0 > MAX_LINT_BYTES) {
      return { ok: false, message: `not linted: the file is ${formatBytes(bytes0)}, over the ${formatBytes(MAX_LINT_BYTES)} limit. Split it into smaller files.`, line: 0, character: 0 };
    }
    const bytes = readBytes(path);
    const nul = bytes.indexOf(0);
    if (nul >= 0) {
      const at = bytePosition(bytes, nul);
      return { ok: false, message: 'not linted: this looks like a binary file (it contains a NUL byte). Lint only text .http/.rest/JSON files.', ...at };
    }
    try {
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      const bom = text.charCodeAt(0) === 0xfeff;
      return { ok: true, text: bom ? text.slice(1) : text, bom };
    } catch {
      const bad = firstInvalidUtf8(bytes);
      const at = bytePosition(bytes, bad);
      return { ok: false, message: `not linted: the file is not valid UTF-8 (first bad byte at line ${at.line + 1}, column ${at.character + 1}). Save it as UTF-8.`, ...at };
    }
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { detail?: string };
    if (e.name === 'FileReadError' && e.detail) return { ok: false, message: `not linted: the file ${e.detail}.`, line: 0, character: 0 };
    const why = e.code === 'EACCES' || e.code === 'EPERM' ? 'permission denied' : e.code === 'EISDIR' ? 'it is a folder' : e.code === 'ENOENT' ? 'it no longer exists' : (e.message ?? String(err));
    return { ok: false, message: `not linted: cannot read the file (${why}).`, line: 0, character: 0 };
  }
}

/** Byte offset of the first invalid UTF-8 sequence (the length when the bytes are valid). */
export function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    let n = 0;
    let min = 0;
    if (c < 0x80) {
      i++;
      continue;
    } else if (c >= 0xc2 && c <= 0xdf) {
      n = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      n = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      n = 3;
      min = 0x10000;
    } else return i;
    let cp = c & (0x3f >> n);
    for (let k = 1; k <= n; k++) {
      const cc = b[i + k];
      if (cc === undefined || (cc & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (cc & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return b.length;
}
