/** A position in a text document: 0-based line and 0-based UTF-16 character, exactly like LSP. */
export interface Position {
  line: number;
  character: number;
}

/** A half-open range [start, end) of 0-based positions, exactly like LSP. */
export interface Range {
  start: Position;
  end: Position;
}

/** A text replacement in one document: `range` (0-based) is replaced by `newText`. */
export interface TextEdit {
  range: Range;
  newText: string;
}

/** Maps UTF-16 offsets to 0-based line/character positions and back for one immutable text. */
export class LineIndex {
  /** Offset at which each 0-based line starts; a line ends before its `\n`, `\r\n` or `\r`. */
  readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // Only \n breaks: the native search is several times faster than a loop over every character.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.lineStarts = starts;
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  /** Number of lines (a text ending with a newline has an empty last line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 0-based position of a UTF-16 offset, clamped into the text. */
  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between the \r and \n of a CRLF belongs to no character: clamp it to the line end,
    // so no range ever points inside a line break.
    return { line: lo, character: Math.min(o, this.lineEnd(lo)) - this.lineStarts[lo] };
  }

  /** UTF-16 offset of a 0-based position, clamped into the text and into its line. */
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }

  /** Offset just past the last character of a 0-based line, before its line break. */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length + 1;
    let end = next - 1;
    if (line + 1 >= this.lineStarts.length) return this.text.length;
    if (this.text.charCodeAt(end - 1) === 13 && this.text.charCodeAt(end) === 10) end--;
    return end;
  }

  /** The text of a 0-based line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEnd(line));
  }

  /** Range covering the UTF-16 offsets [start, end). */
  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }
}

/** True when `inner` lies within `outer` (both 0-based ranges). */
export function rangeContains(outer: Range, inner: Range): boolean {
  return comparePositions(outer.start, inner.start) <= 0 && comparePositions(inner.end, outer.end) <= 0;
}

/** Negative, zero or positive as `a` is before, at or after `b`. */
export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
