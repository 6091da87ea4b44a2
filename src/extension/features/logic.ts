// Pure helpers behind the editor features (no `vscode`), unit-tested in plain Node.
import type { Finding, Fix } from '../../core/findings';
import type { HttpFile } from '../../core/http/ast';
import { requestAt } from '../../core/edit/request-at';
import type { Position, Range, TextEdit } from '../../core/text/position';

/** The text edit that disables `ruleId` for the 0-based `line`: a comment line above it with the same indentation. */
export function disableLineEdit(lineText: string, line: number, ruleId: string, eol = '\n'): TextEdit {
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}# reqlint-disable-next-line ${ruleId}${eol}` };
}

/**
 * How to silence `ruleId` at the 0-based `line` of a parsed .http file. Above a request line or
 * header a `# reqlint-disable-next-line` comment does it; inside a body a comment would become body
 * text, so the rule is disabled for the whole request instead (`# reqlint-disable` above its request
 * line, `# reqlint-enable` above the next request's).
 */
export function disableEdits(file: HttpFile, line: number, ruleId: string, eol = '\n'): { title: string; edits: TextEdit[] } {
  const req = requestAt(file, line);
  const b = req?.body;
  const inBody = !!req && !!b && b.kind !== 'file' && line >= b.text.range.start.line && line <= Math.max(b.text.range.end.line, req.range.end.line);
  if (!req || !inBody) return { title: `Disable ${ruleId} for this line`, edits: [disableLineEdit(file.lines.lineText(line), line, ruleId, eol)] };
  const at = (l: number, text: string): TextEdit => ({ range: { start: { line: l, character: 0 }, end: { line: l, character: 0 } }, newText: text + eol });
  const edits = [at(req.requestLine.start.line, `# reqlint-disable ${ruleId}`)];
  const next = file.requests[req.index + 1];
  if (next) edits.push(at(next.requestLine.start.line, `# reqlint-enable ${ruleId}`));
  return { title: `Disable ${ruleId} for this request`, edits };
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function overlaps(a: Range, b: Range): boolean {
  // Two insertions at one point conflict too: their order would be arbitrary.
  const aEmpty = a.start.line === a.end.line && a.start.character === a.end.character;
  const bEmpty = b.start.line === b.end.line && b.start.character === b.end.character;
  if (aEmpty && bEmpty) return a.start.line === b.start.line && a.start.character === b.start.character;
  return before(a.start, b.end) && before(b.start, a.end);
}

/**
 * The fixes "Fix all" applies for `findings` of one file: per finding its preferred (else first)
 * `safe` fix, skipping any whose edits overlap one already chosen (the next run picks it up).
 * `pii` and `suggestion` fixes are never chosen; edits in other files are kept apart per file.
 */
export function chooseFixAll(findings: readonly Finding[]): Array<{ finding: Finding; fix: Fix }> {
  const taken = new Map<string, Range[]>();
  const out: Array<{ finding: Finding; fix: Fix }> = [];
  for (const f of findings) {
    const safe = (f.fixes ?? []).filter((x) => x.kind === 'safe');
    const fix = safe.find((x) => x.isPreferred) ?? safe[0];
    if (!fix || !fix.edits.length) continue;
    const clash = fix.edits.some((e) => (taken.get(e.file ?? '') ?? []).some((r) => overlaps(r, e.range)));
    if (clash) continue;
    for (const e of fix.edits) {
      const list = taken.get(e.file ?? '') ?? [];
      list.push(e.range);
      taken.set(e.file ?? '', list);
    }
    out.push({ finding: f, fix });
  }
  return out;
}

/** The `{{…}}` expression around character `ch` of `lineText`: its start (after `{{`), what is typed so far, and whether it is closed. */
export function holeAt(lineText: string, ch: number): { start: number; typed: string; end: number | null } | null {
  const open = lineText.lastIndexOf('{{', ch);
  if (open < 0 || open + 2 > ch) return null;
  const closeBefore = lineText.lastIndexOf('}}', ch - 1);
  if (closeBefore > open && closeBefore + 2 <= ch) return null;
  const close = lineText.indexOf('}}', open + 2);
  const start = open + 2;
  return { start, typed: lineText.slice(start, ch).trimStart(), end: close >= 0 && close >= ch ? close : null };
}

/** The variable name of a `{{…}}` expression (`%name` and a trailing `.response…` path reduced to the name), or null for dynamic/expressions. */
export function variableNameOf(expr: string): string | null {
  const e = expr.trim().replace(/^%/, '');
  if (!e || e.startsWith('$')) return null;
  const m = /^([A-Za-z_][\w-]*)/.exec(e);
  return m ? m[1] : null;
}

/** A name for a secret from the header it protects: `X-API-Key` → `apiKey`, `Authorization` → `token`. */
export function secretNameFor(header: string, taken: ReadonlySet<string> = new Set()): string {
  const words = header.replace(/^x-/i, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const base = header.toLowerCase() === 'authorization' ? 'token' : words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('') || 'apiKey';
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  return name;
}

/** True for a secret name `{{$secret name}}` accepts: letters, digits, `_`, `-`, `.`, 1–100 characters. */
export function isSecretName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,100}$/.test(name);
}

/** Splits a shell command line into words: single and double quotes, backslash escapes and line continuations. */
export function shellWords(cmd: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let i = 0;
  while (i < cmd.length) {
    const c = cmd[i];
    if (c === '\\' && (cmd[i + 1] === '\n' || (cmd[i + 1] === '\r' && cmd[i + 2] === '\n'))) {
      i += cmd[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '^' && (cmd[i + 1] === '\n' || cmd[i + 1] === '\r')) {
      // cmd.exe line continuation, as "Copy as cURL (cmd)" writes it.
      i += cmd[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
      i++;
      continue;
    }
    has = true;
    if (c === "'") {
      const end = cmd.indexOf("'", i + 1);
      if (end < 0) throw new Error('the command has an unclosed single quote');
      cur += cmd.slice(i + 1, end);
      i = end + 1;
    } else if (c === '$' && cmd[i + 1] === "'") {
      // Bash ANSI-C quoting, as Chrome's "Copy as cURL" writes bodies with newlines.
      let j = i + 2;
      while (j < cmd.length && cmd[j] !== "'") {
        if (cmd[j] === '\\' && j + 1 < cmd.length) {
          const n = cmd[j + 1];
          cur += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
          j += 2;
        } else cur += cmd[j++];
      }
      if (j >= cmd.length) throw new Error('the command has an unclosed $\'…\' quote');
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      while (j < cmd.length && cmd[j] !== '"') {
        if (cmd[j] === '\\' && j + 1 < cmd.length && '"\\$`\n'.includes(cmd[j + 1])) {
          cur += cmd[j + 1];
          j += 2;
        } else cur += cmd[j++];
      }
      if (j >= cmd.length) throw new Error('the command has an unclosed double quote');
      i = j + 1;
    } else if (c === '\\' && i + 1 < cmd.length) {
      cur += cmd[i + 1];
      i += 2;
    } else {
      cur += c;
      i++;
    }
  }
  if (has) out.push(cur);
  return out;
}

/** A cURL command turned into a request. */
export interface CurlRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string | null;
  /** Options that were recognised but have no .http equivalent (kept out of the request). */
  ignored: string[];
}

const NO_VALUE = new Set(['-s', '--silent', '-S', '--show-error', '-L', '--location', '-k', '--insecure', '-v', '--verbose', '-i', '--include', '--compressed', '-f', '--fail', '-g', '--globoff', '--http1.1', '--http2', '-N', '--no-buffer']);
const WITH_VALUE_IGNORED = new Set(['-o', '--output', '-m', '--max-time', '--connect-timeout', '-w', '--write-out', '--retry', '-x', '--proxy', '--cacert', '--cert', '--key', '-e', '--referer', '-c', '--cookie-jar']);

/** Parses a `curl …` command line; throws an Error with a plain message when it is not one. */
export function parseCurl(cmd: string): CurlRequest {
  const words = shellWords(cmd.trim());
  if (!words.length || !/^curl(\.exe)?$/i.test(words[0].replace(/^.*[\\/]/, ''))) throw new Error('the text does not start with "curl"');
  let method: string | null = null;
  let url: string | null = null;
  const headers: Array<[string, string]> = [];
  const data: string[] = [];
  const ignored: string[] = [];
  let json = false;
  let head = false;
  let get = false;
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const value = (): string => {
      const v = words[++i];
      if (v === undefined) throw new Error(`${w} needs a value`);
      return v;
    };
    if (w === '-X' || w === '--request') method = value().toUpperCase();
    else if (w.startsWith('-X') && w.length > 2) method = w.slice(2).toUpperCase();
    else if (w === '-H' || w === '--header') {
      const h = value();
      const colon = h.indexOf(':');
      if (colon <= 0) throw new Error(`the header "${h}" has no name: value form`);
      headers.push([h.slice(0, colon).trim(), h.slice(colon + 1).trim()]);
    } else if (w === '-d' || w === '--data' || w === '--data-raw' || w === '--data-binary' || w === '--data-ascii' || w === '--data-urlencode') data.push(value());
    else if (w === '--json') {
      data.push(value());
      json = true;
    } else if (w === '-u' || w === '--user') headers.push(['Authorization', `Basic ${Buffer.from(value(), 'utf8').toString('base64')}`]);
    else if (w === '-A' || w === '--user-agent') headers.push(['User-Agent', value()]);
    else if (w === '-b' || w === '--cookie') headers.push(['Cookie', value()]);
    else if (w === '--url') url = value();
    else if (w === '-I' || w === '--head') head = true;
    else if (w === '-G' || w === '--get') get = true;
    else if (NO_VALUE.has(w)) ignored.push(w);
    else if (WITH_VALUE_IGNORED.has(w)) ignored.push(`${w} ${value()}`);
    else if (w.startsWith('-')) ignored.push(w);
    else if (url === null) url = w;
    else throw new Error(`unexpected word "${w}" after the URL`);
  }
  if (!url) throw new Error('the command names no URL');
  let body: string | null = data.length ? data.join('&') : null;
  if (get && body !== null) {
    url += (url.includes('?') ? '&' : '?') + body;
    body = null;
  }
  const has = (n: string): boolean => headers.some(([k]) => k.toLowerCase() === n);
  if (json) {
    if (!has('content-type')) headers.push(['Content-Type', 'application/json']);
    if (!has('accept')) headers.push(['Accept', 'application/json']);
  } else if (body !== null && !has('content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
  return { method: method ?? (head ? 'HEAD' : body !== null ? 'POST' : 'GET'), url, headers, body, ignored };
}

/** A parsed cURL command as .http text (a `###` block, ending with a newline); a JSON body is pretty-printed. */
export function curlToHttp(c: CurlRequest, eol = '\n'): string {
  const lines = ['###', `${c.method} ${c.url}`, ...c.headers.map(([k, v]) => `${k}: ${v}`)];
  if (c.body !== null) {
    let body = c.body;
    try {
      body = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON: kept exactly as given.
    }
    lines.push('', body);
  }
  return lines.join(eol) + eol;
}
