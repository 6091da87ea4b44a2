// Re-parses only the `###` block an edit touched. Parsing a 1,000-request file takes longer than a
// keystroke may cost, and almost every keystroke stays inside one request. Anything the block
// parse cannot vouch for (separators, scripts, disable comments, file variables, a block without
// exactly one request) falls back to a full parse, so the result always equals `parseHttp(text)`
// (a unit test compares them after random edits).
import type { DisabledRules, HttpFile, HttpRequest } from '../../core/http/ast';
import { parseHttp } from '../../core/http/parser';
import { LineIndex } from '../../core/text/position';

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

/** Lengths of the common prefix and suffix of two texts (not overlapping in either). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const max = Math.min(a.length, b.length);
  let prefix = 0;
  while (prefix < max && a.charCodeAt(prefix) === b.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < max - prefix && a.charCodeAt(a.length - 1 - suffix) === b.charCodeAt(b.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
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
        shiftNode(requests[j], lineDelta, delta, moved);
        requests[j].disabled = shiftDisabled(requests[j].disabled, lineDelta, 0);
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
      lines: new LineIndex(text),
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
