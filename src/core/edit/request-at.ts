// "Which request is at this line": one answer for `reqlint send --line`, the editor's CodeLens,
// hovers, completions, code actions and "Send Request" at the cursor.
import type { HttpFile, HttpRequest } from '../http/ast';

/**
 * The request whose block holds the 0-based `line`: from its `###` separator (or the file's start)
 * through the blank lines before the next separator. Undefined above the first request's block and
 * in a block without a request (an empty `###` block belongs to no request, so nothing is sent).
 */
export function requestAt(file: HttpFile, line: number): HttpRequest | undefined {
  const reqs = file.requests;
  let found: HttpRequest | undefined;
  // Blocks are in file order: the last request starting at or before `line` owns it, unless a separator lies between.
  let lo = 0;
  let hi = reqs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (blockStartLine(file, reqs[mid]) <= line) {
      found = reqs[mid];
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (!found) return undefined;
  // A separator after the request but before `line` starts a block the request does not own.
  for (let l = Math.max(found.requestLine.start.line + 1, found.range.start.line); l <= line && l < file.lines.lineCount; l++) {
    if (isSeparatorLine(file, l)) return undefined;
  }
  return found;
}

function blockStartLine(file: HttpFile, req: HttpRequest): number {
  // The separator line above the block counts as part of it, so a cursor on `### title` finds its request.
  const s = req.range.start.line;
  if (s > 0 && isSeparatorLine(file, s - 1)) return s - 1;
  return s;
}

// True when the 0-based line is a `###` request separator.
function isSeparatorLine(file: HttpFile, line: number): boolean {
  const t = file.lines.lineText(line).trimStart();
  return t.startsWith('###');
}
