// Re-parses only the `###` block an edit touched. Parsing a 1,000-request file takes longer than a
// keystroke may cost, and almost every keystroke stays inside one request. Anything the block
// parse cannot vouch for (separators, scripts, disable comments, file variables, a block without
// exactly one request) falls back to a full parse, so the result always equals `parseHttp(text)`
// (a unit test compares them after random edits).
import type { DisabledRules, FileBodyRef, HttpFile, HttpHeader, HttpRequest } from '../../core/http/ast';
import { parseHttp } from '../../core/http/parser';
import { LineIndex, type Range } from '../../core/text/position';

const SEPARATOR = /^[ \t]*###/;

/**
 * Moves every position `lines` lines down and every offset `chars` on, in place (AST objects only).
 * `seen` guards objects the parser shares between nodes, so none moves twice.
 */
export function shiftNode(node: unknown, lines: number, chars: number, seen: Set<object>): void {
  if (node === null || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (const x of node) shiftNode(x, lines, chars, seen);
    return;
  }
  if (node instanceof Map || node instanceof Set) return;
  const o = node as Record<string, unknown>;
  if (typeof o.line === 'number' && typeof o.character === 'number') {
    o.line += lines;
    return;
  }
  for (const k of Object.keys(o)) {
    const v = o[k];
    if ((k === 'start' || k === 'end') && typeof v === 'number') o[k] = v + chars;
    else if (typeof v === 'object') shiftNode(v, lines, chars, seen);
  }
}

function shiftRange(r: Range, lines: number): void {
  r.start.line += lines;
  r.end.line += lines;
}

function shiftSpanned(s: { range: Range; start: number; end: number } | null | undefined, lines: number, chars: number): void {
  if (!s) return;
  s.range.start.line += lines;
  s.range.end.line += lines;
  s.start += chars;
  s.end += chars;
}

function shiftFileRef(f: FileBodyRef | null, lines: number, chars: number): void {
  if (!f) return;
  shiftSpanned(f.path, lines, chars);
  shiftRange(f.range, lines);
}

function shiftHeaders(hs: HttpHeader[], lines: number, chars: number): void {
  for (const h of hs) {
    shiftSpanned(h.name, lines, chars);
    shiftSpanned(h.value, lines, chars);
    shiftRange(h.range, lines);
  }
}

/**
 * Moves one request `lines` lines down and `chars` offsets on, in place. Field by field rather than
 * with `shiftNode`: every keystroke moves every request below the edit, and this is the hot path.
 */
export function shiftRequest(r: HttpRequest, lines: number, chars: number): void {
  for (const m of r.metadata) shiftRange(m.range, lines);
  shiftSpanned(r.method, lines, chars);
  shiftSpanned(r.url, lines, chars);
  shiftSpanned(r.httpVersion, lines, chars);
  shiftHeaders(r.headers, lines, chars);
  const b = r.body;
  if (b) {
    if (b.kind === 'file') shiftFileRef(b.file, lines, chars);
    else {
      shiftSpanned(b.text, lines, chars);
      if (b.kind === 'multipart') {
        for (const p of b.parts) {
          shiftHeaders(p.headers, lines, chars);
          shiftSpanned(p.body, lines, chars);
          shiftFileRef(p.file, lines, chars);
          shiftRange(p.range, lines);
        }
      } else if (b.kind === 'mixed') for (const f of b.files) shiftFileRef(f, lines, chars);
    }
  }
  for (const h of r.handlers) shiftRange(h.range, lines);
  for (const a of r.assertions) {
    shiftRange(a.range, lines);
    shiftSpanned(a.field, lines, chars);
    shiftSpanned(a.argument, lines, chars);
    shiftSpanned(a.condition, lines, chars);
    shiftSpanned(a.expected, lines, chars);
  }
  for (const v of r.variables) shiftSpanned(v, lines, chars);
  shiftRange(r.requestLine, lines);
  shiftRange(r.range, lines);
  if (lines) r.disabled = shiftDisabled(r.disabled, lines, 0);
}

/** Lengths of the common prefix and suffix of two texts (not overlapping in either). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  // Compared in chunks with native string equality (a memcmp), then character by character.
  let prefix = 0;
  for (let step = 4096; step >= 1; step >>= 4) {
    while (prefix + step <= max && a.slice(prefix, prefix + step) === b.slice(prefix, prefix + step)) prefix += step;
  }
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  const room = max - prefix;
  let suffix = 0;
  for (let step = 4096; step >= 1; step >>= 4) {
    while (suffix + step <= room && a.slice(a.length - suffix - step, a.length - suffix) === b.slice(b.length - suffix - step, b.length - suffix)) suffix += step;
  }
  while (suffix < room && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * A `LineIndex` of `text` from the previous one: line starts before the block kept, the block's
 * own, and those after it moved. Built without the constructor's full scan of the text.
 */
function splicedLineIndex(text: string, prev: LineIndex, sep: number, nextSep: number, block: LineIndex, blockStart: number, delta: number): LineIndex {
  const old = prev.lineStarts;
  const starts = old.slice(0, sep);
  const own = block.lineStarts;
  // The block text ends with the newline before the next separator: its last, empty line is that separator's start.
  const ownCount = nextSep < old.length ? own.length - 1 : own.length;
  for (let k = 0; k < ownCount; k++) starts.push(own[k] + blockStart);
  for (let k = nextSep; k < old.length; k++) starts.push(old[k] + delta);
  const index = Object.create(LineIndex.prototype) as { text: string; lineStarts: number[] };
  index.text = text;
  index.lineStarts = starts;
  return index as unknown as LineIndex;
}

/** Parses .http text, reusing the previous parse of the same document when an edit stayed inside one request block. */
export class IncrementalParser {
  private last: HttpFile | null = null;
  /** How the last call parsed: `block` (one request re-parsed) or `full`. */
  lastMode: 'block' | 'full' = 'full';

  /** The parse of `text`; equal to `parseHttp(text)`. The returned file must not be modified by the caller. */
  parse(text: string): HttpFile {
    const prev = this.last;
    const file = (prev && prev.text !== text && this.tryBlock(prev, text)) || null;
    if (file) {
      this.lastMode = 'block';
      this.last = file;
      return file;
    }
    this.lastMode = 'full';
    this.last = prev && prev.text === text ? prev : parseHttp(text);
    return this.last;
  }

  /** Forgets the previous parse. */
  reset(): void {
    this.last = null;
  }

  private tryBlock(prev: HttpFile, text: string): HttpFile | null {
    const old = prev.text;
    const { prefix, suffix } = commonEnds(old, text);
    const oldEnd = old.length - suffix;
    const startLine = prev.lines.positionAt(prefix).line;
    const endLine = prev.lines.positionAt(oldEnd).line;
    // The request whose block holds the edit: blocks run from a separator line to the line before the next one.
    const reqs = prev.requests;
    let i = -1;
    for (let lo = 0, hi = reqs.length - 1; lo <= hi; ) {
      const mid = (lo + hi) >> 1;
      if (reqs[mid].range.start.line - 1 <= startLine) {
        i = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    if (i < 1) return null;
    const req = reqs[i];
    const sep = req.range.start.line - 1;
    if (sep < 0 || !SEPARATOR.test(prev.lines.lineText(sep)) || startLine <= sep) return null;
    const next = reqs[i + 1];
    const nextSep = next ? next.range.start.line - 1 : prev.lines.lineCount;
    if (next && (nextSep <= req.range.end.line || !SEPARATOR.test(prev.lines.lineText(nextSep)))) return null;
    // The previous request's block must end right above this separator (nothing between them belongs to a third block).
    if (endLine >= nextSep) return null;
    if (prev.fileVariables.some((v) => v.range.start.line >= sep && v.range.start.line < nextSep)) return null;
    if (prev.metadata.some((m) => m.range.end.line >= sep && m.range.start.line < nextSep)) return null;
    for (const line of prev.disabled.lines.keys()) if (line >= sep - 1 && line <= nextSep) return null;
    if (prev.disabled.from.some((f) => f.line >= sep - 1 || (f.to !== undefined && f.to >= sep - 1))) return null;

    const blockStart = prev.lines.lineStarts[sep];
    const oldBlockEnd = next ? prev.lines.lineStarts[nextSep] : old.length;
    const delta = text.length - old.length;
    const blockText = text.slice(blockStart, oldBlockEnd + delta);
    // Scripts may run over separators; disable comments and file variables change other requests.
    const oldBlock = old.slice(blockStart, oldBlockEnd);
    if (/\{%|%\}|reqlint-|\r(?!\n)/.test(blockText) || /\{%|%\}/.test(oldBlock)) return null;
    const blockLines = blockText.split('\n');
    for (let k = 1; k < blockLines.length; k++) if (SEPARATOR.test(blockLines[k])) return null;
    if (prev.problems.some((p) => p.request < 0 && p.range.end.line >= sep && p.range.start.line < nextSep)) return null;
    // A block that ends without a newline must stay the file's last block, and vice versa.
    if (next && !blockText.endsWith('\n')) return null;

    const part = parseHttp(blockText);
    if (part.requests.length !== 1 || part.fileVariables.length || part.metadata.length || part.disabled.lines.size || part.disabled.from.length) return null;
    if (part.problems.some((p) => p.request !== 0)) return null;
    const fresh: HttpRequest = part.requests[0];
    if (fresh.range.start.line !== 1) return null;

    const lineDelta = countLines(blockText) - countLines(oldBlock);
    const moved = new Set<object>();
    const placed = new Set<object>();
    shiftNode(fresh, sep, blockStart, placed);
    fresh.index = i;
    for (const p of part.problems) {
      p.request = i;
      shiftNode(p.range, sep, 0, placed);
    }
    const requests = reqs.slice();
    requests[i] = fresh;
    const after = (line: number): boolean => line >= nextSep;
    if (lineDelta !== 0 || delta !== 0) {
      for (let j = i + 1; j < requests.length; j++) {
        shiftRequest(requests[j], lineDelta, delta);
      }
      for (const p of prev.problems) if (p.request !== i && after(p.range.start.line)) shiftNode(p.range, lineDelta, 0, moved);
      for (const v of prev.fileVariables) if (after(v.range.start.line)) shiftNode(v, lineDelta, delta, moved);
      for (const m of prev.metadata) if (after(m.range.start.line)) shiftNode(m, lineDelta, delta, moved);
    }
    // The parser reports problems in document order; the block's go where its old ones were.
    const problems: HttpFile['problems'] = [];
    let inserted = false;
    for (const p of prev.problems) {
      if (p.request === i) continue;
      if (!inserted && p.range.start.line >= sep) {
        problems.push(...part.problems);
        inserted = true;
      }
      problems.push(p);
    }
    if (!inserted) problems.push(...part.problems);
    return {
      text,
      lines: splicedLineIndex(text, prev.lines, sep, nextSep, part.lines, blockStart, delta),
      requests,
      fileVariables: prev.fileVariables,
      metadata: prev.metadata,
      problems,
      disabled: lineDelta ? shiftDisabled(prev.disabled, lineDelta, nextSep) : prev.disabled,
    };
  }
}

/** Disable entries with every line at or after `from` moved `by` lines (entries before it stay). */
function shiftDisabled(d: DisabledRules, by: number, from: number): DisabledRules {
  if (by === 0 || (d.lines.size === 0 && d.from.length === 0)) return d;
  const lines = new Map<number, Set<string>>();
  for (const [line, ids] of d.lines) lines.set(line >= from ? line + by : line, ids);
  const moved = d.from.map((f) => {
    const e: DisabledRules['from'][number] = { line: f.line >= from ? f.line + by : f.line, ids: f.ids };
    if (f.to !== undefined) e.to = f.to >= from ? f.to + by : f.to;
    return e;
  });
  return { lines, from: moved };
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
