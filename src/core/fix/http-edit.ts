/** Text edits over a parsed .http request: add or change header lines, define file variables, change the URL scheme. */
import type { HttpFile, HttpHeader, HttpRequest } from '../http/ast';
import { definitionInsertPosition } from '../lint/rules/variable-undefined';
import type { TextEdit } from '../text/position';

/** The line break the text uses (its first one decides; a scan of the whole text per edit would be quadratic). */
function eolOf(file: HttpFile): string {
  const text = file.text;
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

/** Inserts `Name: value` as the request's last header line (after the request line and its continuation lines when it has none). */
export function addHeaderEdit(file: HttpFile, req: HttpRequest, name: string, value: string): TextEdit {
  const lastLine = req.headers.length
    ? Math.max(...req.headers.map((h) => h.range.end.line))
    : Math.max(req.requestLine.end.line, req.url.range.end.line, req.httpVersion?.range.end.line ?? 0);
  const at = { line: lastLine, character: file.lines.lineText(lastLine).length };
  return { range: { start: at, end: at }, newText: `${eolOf(file)}${name}: ${value}` };
}

/** Replaces a header's value text. */
export function setHeaderValueEdit(header: HttpHeader, value: string): TextEdit {
  return { range: header.value.range, newText: value };
}

/** Defines `@name = value` where file variables go (after the ones before the first request). */
export function defineVariableEdit(file: HttpFile, name: string, value: string): TextEdit {
  const at = definitionInsertPosition(file);
  const eol = eolOf(file);
  const atEnd = at.line === file.lines.lineCount - 1 && at.character > 0;
  return { range: { start: at, end: at }, newText: atEnd ? `${eol}@${name} = ${value}${eol}` : `@${name} = ${value}${eol}` };
}

/**
 * Edits that make a request use `https://`: in the request line when the URL is written there,
 * or in the file variable the URL starts with (`{{host}}/…` with `@host = http://…`). Null when
 * the scheme comes from somewhere this file does not hold (an environment file).
 */
export function httpsEdit(file: HttpFile, req: HttpRequest): TextEdit | null {
  const url = req.url;
  const lit = /^http:\/\//i.exec(url.value);
  if (lit) {
    const start = file.lines.positionAt(url.start);
    return { range: { start, end: { line: start.line, character: start.character + 7 } }, newText: 'https://' };
  }
  const hole = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/.exec(url.value);
  if (!hole) return null;
  const seen = new Set<string>();
  let name = hole[1];
  // Follow `@base = {{host}}/v1` chains to the definition that spells the scheme.
  for (let depth = 0; depth < 5 && !seen.has(name); depth++) {
    seen.add(name);
    const defs = file.fileVariables.filter((v) => v.name.value === name);
    const def = defs[defs.length - 1];
    if (!def) return null;
    const m = /^http:\/\//i.exec(def.value.value);
    if (m) {
      const start = file.lines.positionAt(def.value.start);
      return { range: { start, end: { line: start.line, character: start.character + 7 } }, newText: 'https://' };
    }
    const next = /^\{\{\s*([A-Za-z_][\w.-]*)\s*\}\}/.exec(def.value.value);
    if (!next) return null;
    name = next[1];
  }
  return null;
}
