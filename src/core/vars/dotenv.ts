import { LineIndex, type Range } from '../text/position';

/** One `NAME=value` entry of a `.env` file; `range` (0-based) covers the name. */
export interface DotenvEntry {
  name: string;
  value: string;
  range: Range;
}

/** A line of a `.env` file that could not be read; `range` is 0-based. */
export interface DotenvProblem {
  message: string;
  range: Range;
}

/** Result of parsing a `.env` text; later entries for the same name override earlier ones. */
export interface DotenvResult {
  entries: DotenvEntry[];
  problems: DotenvProblem[];
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function unescapeDouble(s: string): string {
  return s.replace(/\\([nrt"\\$])/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : c === 't' ? '\t' : c));
}

/**
 * Parses dotenv syntax: `NAME=value`, `export NAME=value`, blank lines and `#` comments, single-quoted
 * (literal), double-quoted (escapes, may span lines) and backtick values, ` # comment` after unquoted
 * values. Never throws; unreadable lines become problems and are skipped.
 */
export function parseDotenv(text: string): DotenvResult {
  const idx = new LineIndex(text);
  const entries: DotenvEntry[] = [];
  const problems: DotenvProblem[] = [];
  const n = idx.lineCount;
  for (let line = 0; line < n; line++) {
    const raw = idx.lineText(line);
    const lead = raw.length - raw.trimStart().length;
    let t = raw.trim();
    if (!t || t.startsWith('#')) continue;
    let col = lead;
    if (t.startsWith('export ') || t.startsWith('export\t')) {
      const after = t.slice(7);
      col += 7 + (after.length - after.trimStart().length);
      t = after.trimStart();
    }
    const eq = t.indexOf('=');
    const lineRange: Range = { start: { line, character: lead }, end: { line, character: raw.length } };
    if (eq <= 0) {
      problems.push({ message: `line ${line + 1}: expected NAME=value, found "${t.length > 40 ? t.slice(0, 37) + '…' : t}". Write the line as NAME=value or comment it out with #.`, range: lineRange });
      continue;
    }
    const name = t.slice(0, eq).trim();
    if (!NAME_RE.test(name)) {
      problems.push({ message: `line ${line + 1}: "${name}" is not a valid variable name (letters, digits, _ . -; not starting with a digit).`, range: lineRange });
      continue;
    }
    const nameRange: Range = { start: { line, character: col }, end: { line, character: col + name.length } };
    let rest = t.slice(eq + 1).trimStart();
    let value: string;
    const q = rest[0];
    if (q === '"' || q === "'" || q === '`') {
      // Find the closing quote, possibly on a later line.
      let body = rest.slice(1);
      let close = findClose(body, q);
      let endLine = line;
      while (close < 0 && endLine + 1 < n) {
        endLine++;
        body += '\n' + idx.lineText(endLine);
        close = findClose(body, q);
      }
      if (close < 0) {
        problems.push({ message: `line ${line + 1}: the value of ${name} opens a ${q} quote that is never closed. Add the closing ${q}.`, range: lineRange });
        continue;
      }
      line = endLine;
      const inner = body.slice(0, close);
      value = q === '"' ? unescapeDouble(inner) : inner;
    } else {
      // ` #` starts an inline comment in an unquoted value.
      const hash = rest.search(/\s#/);
      if (hash >= 0) rest = rest.slice(0, hash);
      value = rest.trim();
    }
    entries.push({ name, value, range: nameRange });
  }
  return { entries, problems };
}

function findClose(s: string, q: string): number {
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\' && q === '"') {
      i++;
      continue;
    }
    if (s[i] === q) return i;
  }
  return -1;
}
