import type { HttpFile, SyntaxProblem } from '../http/ast';

const byFile = new WeakMap<HttpFile, Map<number, SyntaxProblem[]>>();

/** The parser's problems of one request (0-based `requestIndex`), indexed once per parsed file. */
export function problemsOfRequest(file: HttpFile, requestIndex: number): readonly SyntaxProblem[] {
  let index = byFile.get(file);
  if (!index) {
    index = new Map();
    for (const p of file.problems) {
      const list = index.get(p.request);
      if (list) list.push(p);
      else index.set(p.request, [p]);
    }
    byFile.set(file, index);
  }
  return index.get(requestIndex) ?? [];
}
