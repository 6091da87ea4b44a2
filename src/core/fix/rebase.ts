// After one fix from an answer is applied, the others were computed for the text as it was. Rather
// than dropping them all (three fixes, three round trips), each one that does not touch the edited
// spans is moved along with the text; one that does is dropped, since it no longer knows its place.
import type { Fix } from '../findings';
import { LineIndex, type TextEdit } from '../text/position';
import { applyTextEdits } from './apply';

interface Span {
  start: number;
  end: number;
  delta: number;
}

function spansOf(lines: LineIndex, edits: readonly TextEdit[]): Span[] {
  return edits
    .map((e) => {
      const start = lines.offsetAt(e.range.start);
      const end = Math.max(start, lines.offsetAt(e.range.end));
      return { start, end, delta: e.newText.length - (end - start) };
    })
    .sort((a, b) => a.start - b.start);
}

// Same conflict notion as applying edits: touching a replaced span, or two insertions at one point.
function clashes(s: Span, start: number, end: number): boolean {
  if (s.start === s.end && start === end) return s.start === start;
  if (s.start === s.end) return s.start > start && s.start < end;
  if (start === end) return start > s.start && start < s.end;
  return start < s.end && s.start < end;
}

/**
 * Where each of `remaining` lands after the edits of `applied` went into `oldText` (the text of the
 * request file; edits with their own `file` are in another file). Returns one entry per remaining
 * fix, in order: the fix with its 0-based ranges moved to the new text, or null when it overlaps an
 * applied edit or edits another file the applied fix also edited. Also returns the new text.
 */
export function rebaseFixes(oldText: string, applied: Fix, remaining: ReadonlyArray<Fix | null>): { text: string; fixes: Array<Fix | null> } {
  const here = applied.edits.filter((e) => !e.file);
  const otherFiles = new Set(applied.edits.flatMap((e) => (e.file ? [e.file] : [])));
  const oldLines = new LineIndex(oldText);
  const { text } = applyTextEdits(oldText, here);
  const newLines = new LineIndex(text);
  const spans = spansOf(oldLines, here);
  const fixes = remaining.map((fix): Fix | null => {
    if (!fix) return null;
    if (fix.edits.some((e) => e.file && otherFiles.has(e.file))) return null;
    const edits = [];
    for (const e of fix.edits) {
      if (e.file) {
        edits.push(e);
        continue;
      }
      const start = oldLines.offsetAt(e.range.start);
      const end = Math.max(start, oldLines.offsetAt(e.range.end));
      if (spans.some((s) => clashes(s, start, end))) return null;
      const shift = spans.filter((s) => s.end <= start).reduce((n, s) => n + s.delta, 0);
      edits.push({ ...e, range: { start: newLines.positionAt(start + shift), end: newLines.positionAt(end + shift) } });
    }
    return { ...fix, edits };
  });
  return { text, fixes };
}
