/** A `{{…}}` occurrence: `expr` is the trimmed inside; `start`/`end` are UTF-16 offsets of the braces (end exclusive). */
export interface Hole {
  expr: string;
  start: number;
  end: number;
}

/**
 * Finds `{{…}}` holes in one text, range by range. A hole opens and closes on one line, and the
 * innermost `{{` of `{{{x}}}` opens it. The searches for `{{` and `}}` are cached and only move
 * forward, so scanning a whole file in order stays linear even when braces never close.
 */
export class HoleScanner {
  private openQ = -1;
  private openA = -2;
  private closeQ = -1;
  private closeA = -2;

  constructor(readonly text: string) {}

  private nextOpen(from: number): number {
    // A cached answer stays valid for a later query as long as the answer is not behind it.
    if (this.openA === -2 || from < this.openQ || (this.openA !== -1 && this.openA < from)) {
      this.openQ = from;
      this.openA = this.text.indexOf('{{', from);
    }
    return this.openA;
  }

  private nextClose(from: number): number {
    if (this.closeA === -2 || from < this.closeQ || (this.closeA !== -1 && this.closeA < from)) {
      this.closeQ = from;
      this.closeA = this.text.indexOf('}}', from);
    }
    return this.closeA;
  }

  /** Calls `onHole` for every hole lying wholly within [start, end), in order. */
  scan(start: number, end: number, onHole: (start: number, end: number, expr: string) => void): void {
    const { text } = this;
    let i = this.nextOpen(start);
    while (i >= 0 && i + 4 <= end) {
      const close = this.nextClose(i + 2);
      if (close < 0 || close + 2 > end) return;
      let brk = -1;
      for (let j = i + 2; j < close; j++) {
        const c = text.charCodeAt(j);
        if (c === 10 || c === 13) {
          brk = j;
          break;
        }
      }
      if (brk >= 0) {
        i = this.nextOpen(brk);
        continue;
      }
      let o = i;
      while (text.charCodeAt(o + 2) === 123 && o + 2 < close) o++;
      onHole(o, close + 2, text.slice(o + 2, close).trim());
      i = this.nextOpen(close + 2);
    }
  }
}

/** Every `{{…}}` hole of `text` (see `HoleScanner`), offsets relative to `text`. */
export function findHoles(text: string): Hole[] {
  const out: Hole[] = [];
  new HoleScanner(text).scan(0, text.length, (start, end, expr) => out.push({ expr, start, end }));
  return out;
}
