import { LineIndex, type Position, type Range } from '../text/position';
import { HoleScanner } from './holes';
import { conditionBySpelling } from './assertions';
import type {
  Assertion,
  DisabledRules,
  FileBodyRef,
  FileVariable,
  HttpBody,
  HttpFile,
  HttpHandler,
  HttpHeader,
  HttpRequest,
  Metadata,
  MultipartPart,
  Spanned,
  SyntaxProblem,
  VariableRef,
} from './ast';

/**
 * The .http/.rest parser: one linear pass over the lines, shared syntax of the JetBrains HTTP Client
 * spec and REST Client (plus what httpYac files commonly contain). It never throws; broken blocks
 * become `SyntaxProblem`s and the rest of the file still parses.
 */

/** Methods accepted in any letter case; other methods must be written as upper-case tokens (WebDAV, QUERY…). */
const KNOWN_METHODS = new Set([
  'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'QUERY',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'CHECKOUT', 'CHECKIN',
  'REPORT', 'MERGE', 'MKACTIVITY', 'MKWORKSPACE', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'SEARCH',
  'LINK', 'UNLINK', 'PURGE', 'VIEW',
]);

const CH_TAB = 9;
const CH_SPACE = 32;
const CH_HASH = 35;
const CH_SLASH = 47;
const CH_AT = 64;
const CH_LT = 60;
const CH_GT = 62;
const CH_QUESTION = 63;
const CH_AMP = 38;
const CH_BOM = 0xfeff;

type State = 'pre' | 'url' | 'headers' | 'body' | 'after' | 'skip';

interface OpenScript {
  handler: HttpHandler;
  startOffset: number;
}

interface Block {
  /** Separator line, or -1 for the part of the file before the first separator. */
  sepLine: number;
  /** First line after the separator (0 for the first block). */
  startLine: number;
  title: string | null;
  metadata: Metadata[];
  state: State;
  lastNonBlank: number;
  req: HttpRequest | null;
  /** End offset of the URL so far (last URL line's trimmed end). */
  urlEnd: number;
  urlLastLine: number;
  lastHeader: { header: HttpHeader; valueParts: number } | null;
  /** 0-based lines of the body section (after the blank line), in order, blank lines included. */
  bodyLines: number[];
  /** Pre-request scripts (`< {% … %}`, `< script.js`) written above the request line, for the request to come. */
  pre: HttpHandler[];
  /** True once a non-blank body line was seen. */
  bodyStarted: boolean;
  /** `??` assertion lines of the block (shared with its request once the request line is read). */
  assertions: Assertion[];
}

function isWs(c: number): boolean {
  return c === CH_SPACE || c === CH_TAB || c === CH_BOM;
}

function isTokenChar(c: number): boolean {
  // RFC 9110 tchar
  return (
    (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ||
    c === 33 || (c >= 35 && c <= 39) || c === 42 || c === 43 || c === 45 || c === 46 || c === 94 || c === 95 || c === 96 || c === 124 || c === 126
  );
}

/** Shape checks for a request target written without a known method (keeps prose and headers from passing as requests). */
const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const HOSTISH_RE = /^(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)(?::\d{1,5})?(?:[/?#]|$)/;

function looksLikeTarget(joined: string): boolean {
  // Judge the target before a `?`/`&` query continuation: the joined URL of a multi-line request
  // must pass as its first line did, or printing it on one line would not parse back.
  const q = joined.search(/[?&]/);
  const url = q > 0 ? joined.slice(0, q) : joined;
  const c = url.charCodeAt(0);
  if (c === CH_SLASH || c === 91 /* [ */ || c === CH_QUESTION) return true;
  if (url === '*') return true;
  if (url.startsWith('{{')) return true;
  if (SCHEME_RE.test(url)) return true;
  return HOSTISH_RE.test(url);
}

/** True when the (trimmed) line text starts a comment: `#` (not a `###` separator) or `//`. */
function isCommentAt(text: string, p: number): boolean {
  const c = text.charCodeAt(p);
  if (c === CH_HASH) return true;
  return c === CH_SLASH && text.charCodeAt(p + 1) === CH_SLASH;
}

const DIRECTIVE_RE = /^(?:#+|\/\/+)\s*reqlint-(disable-next-line|disable|enable)(?=\s|$)(.*)$/;
const METADATA_RE = /^(?:#+|\/\/+)\s*@([A-Za-z0-9_][A-Za-z0-9_.-]*)(.*)$/;

function parseRuleIds(rest: string): Set<string> {
  // ESLint convention: `-- reason` after the ids is a free-text explanation.
  const dash = rest.indexOf('--');
  const list = (dash >= 0 ? rest.slice(0, dash) : rest).split(/[\s,]+/).filter((s) => s.length > 0);
  return new Set(list.length ? list : ['*']);
}

class Parser {
  readonly idx: LineIndex;
  readonly ls: number[];
  readonly requests: HttpRequest[] = [];
  readonly fileVariables: FileVariable[] = [];
  readonly fileMetadata: Metadata[] = [];
  readonly problems: SyntaxProblem[] = [];
  readonly disabled: DisabledRules = { lines: new Map(), from: [] };
  /** `disable-next-line` directives waiting for their target line. */
  readonly pendingNext: Array<{ line: number; ids: Set<string> }> = [];
  /** Open `reqlint-disable` entries, for `reqlint-enable`. */
  readonly openFrom: Array<{ line: number; ids: Set<string>; to?: number }> = [];
  /** Per request: [first line of its block (separator included), last line of its block]. */
  readonly blockLines: Array<[number, number]> = [];
  script: OpenScript | null = null;
  blk: Block;
  /** One scanner for the whole file: its searches only move forward, as the parse does. */
  readonly holes: HoleScanner;

  constructor(readonly text: string) {
    this.idx = new LineIndex(text);
    this.ls = this.idx.lineStarts;
    this.holes = new HoleScanner(text);
    this.blk = this.newBlock(-1, 0, null);
  }

  newBlock(sepLine: number, startLine: number, title: string | null): Block {
    return {
      sepLine, startLine, title, metadata: [], state: 'pre', lastNonBlank: -1, req: null,
      urlEnd: 0, urlLastLine: 0, lastHeader: null, bodyLines: [], pre: [], bodyStarted: false, assertions: [],
    };
  }

  pos(line: number, offset: number): Position {
    return { line, character: offset - this.ls[line] };
  }

  /** Range of [start, end) where both offsets lie on the given lines. */
  rng(line1: number, start: number, line2: number, end: number): Range {
    return { start: this.pos(line1, start), end: this.pos(line2, end) };
  }

  spanned<T>(value: T, line1: number, start: number, line2: number, end: number): Spanned<T> {
    return { value, range: this.rng(line1, start, line2, end), start, end };
  }

  lineEnd(line: number): number {
    return this.idx.lineEnd(line);
  }

  /** Offset of the first non-blank character of a line (the line end when blank). */
  firstNonWs(line: number): number {
    const end = this.lineEnd(line);
    let p = this.ls[line];
    while (p < end && isWs(this.text.charCodeAt(p))) p++;
    return p;
  }

  /** Offset just past the last non-blank character in [start, end). */
  trimEnd(start: number, end: number): number {
    let e = end;
    while (e > start && isWs(this.text.charCodeAt(e - 1))) e--;
    return e;
  }

  run(): HttpFile {
    const { text, ls } = this;
    const n = ls.length;
    for (let line = 0; line < n; line++) {
      const start = ls[line];
      const end = this.lineEnd(line);
      if (this.script) {
        this.continueScript(line, start, end);
        continue;
      }
      let p = start;
      while (p < end && isWs(text.charCodeAt(p))) p++;
      const blk = this.blk;
      if (p === end) {
        if (blk.state === 'url' || blk.state === 'headers') {
          blk.state = 'body';
          blk.lastHeader = null;
        } else if (blk.state === 'body') {
          blk.bodyLines.push(line);
        }
        continue;
      }
      const c0 = text.charCodeAt(p);
      if (c0 === CH_HASH && text.charCodeAt(p + 1) === CH_HASH && text.charCodeAt(p + 2) === CH_HASH) {
        this.finishBlock(line - 1);
        let t = p;
        while (t < end && text.charCodeAt(t) === CH_HASH) t++;
        const title = text.slice(t, end).trim();
        this.blk = this.newBlock(line, line + 1, title.length ? title : null);
        continue;
      }
      blk.lastNonBlank = line;
      if (c0 === CH_QUESTION && text.charCodeAt(p + 1) === CH_QUESTION && (p + 2 === end || isWs(text.charCodeAt(p + 2))) && blk.state !== 'skip') {
        // httpYac reads `??` lines anywhere in a request block; they are never body, header or URL text.
        if (blk.state === 'body') {
          this.dropBodyTail(blk);
          blk.state = 'after';
        } else if (blk.state === 'url') {
          blk.state = 'headers';
        }
        blk.lastHeader = null;
        blk.assertions.push(this.assertionLine(line, p, end));
        continue;
      }
      switch (blk.state) {
        case 'pre':
          this.linePre(line, p, end, c0);
          break;
        case 'url':
          if (p > start || c0 === CH_QUESTION || c0 === CH_AMP) {
            if (!isCommentAt(text, p)) {
              this.urlContinuation(line, p, end);
              break;
            }
          }
          blk.state = 'headers';
          this.lineHeaders(line, start, p, end, c0);
          break;
        case 'headers':
          this.lineHeaders(line, start, p, end, c0);
          break;
        case 'body':
          if (c0 === CH_GT || (c0 === CH_LT && text.charCodeAt(p + 1) === CH_GT)) {
            this.dropBodyTail(blk);
            blk.state = 'after';
            this.handlerLine(line, p, end);
          } else if (!blk.bodyStarted && isCommentAt(text, p) && DIRECTIVE_RE.test(text.slice(p, this.trimEnd(p, end)))) {
            // A `reqlint-*` directive above the body text is a comment, so JSON stays JSON.
            this.comment(line, p, end);
          } else {
            blk.bodyStarted = true;
            blk.bodyLines.push(line);
          }
          break;
        case 'after':
          if (isCommentAt(text, p)) this.comment(line, p, end);
          else if (c0 === CH_GT || c0 === CH_LT) this.handlerLine(line, p, end);
          // Anything else after a handler is outside the request in both dialects: ignored.
          break;
        case 'skip':
          if (isCommentAt(text, p)) this.comment(line, p, end);
          break;
      }
    }
    if (this.script) {
      // An unterminated `> {%` runs to the end of the file; it stays a handler.
      const last = n - 1;
      this.script.handler.range = this.rng(this.script.handler.range.start.line, this.script.startOffset, last, this.lineEnd(last));
      this.script = null;
    }
    this.finishBlock(n - 1);
    this.resolveDisables();
    return {
      text,
      lines: this.idx,
      requests: this.requests,
      fileVariables: this.fileVariables,
      metadata: this.fileMetadata,
      problems: this.problems,
      disabled: this.disabled,
    };
  }

  continueScript(line: number, start: number, end: number): void {
    const s = this.script!;
    // Searched within the line only: an unterminated script must not make the scan quadratic.
    const rel = this.text.slice(start, end).indexOf('%}');
    if (rel >= 0) {
      s.handler.range = this.rng(s.handler.range.start.line, s.startOffset, line, start + rel + 2);
      this.script = null;
    }
    this.blk.lastNonBlank = line;
  }

  // ---- comments, metadata, directives ----

  comment(line: number, p: number, end: number): void {
    const e = this.trimEnd(p, end);
    const t = this.text.slice(p, e);
    const d = DIRECTIVE_RE.exec(t);
    if (d) {
      const ids = parseRuleIds(d[2]);
      if (d[1] === 'disable-next-line') this.pendingNext.push({ line, ids });
      else if (d[1] === 'disable') {
        const entry = { line, ids };
        this.disabled.from.push(entry);
        this.openFrom.push(entry);
      } else this.enable(line, d[2]);
      return;
    }
    const m = METADATA_RE.exec(t);
    if (m) {
      let value = m[2].trim();
      if (value.startsWith('=')) value = value.slice(1).trim();
      else if (m[2].length && !isWs(m[2].charCodeAt(0))) return; // `#@foo!bar`: not a metadata line
      this.blk.metadata.push({ key: m[1], value, range: this.rng(line, p, line, e) });
    }
  }

  enable(line: number, rest: string): void {
    const ids = parseRuleIds(rest);
    const all = ids.has('*');
    for (let i = this.openFrom.length - 1; i >= 0; i--) {
      const entry = this.openFrom[i];
      if (all) {
        entry.to = line;
        this.openFrom.splice(i, 1);
        continue;
      }
      if (entry.ids.has('*')) continue; // a specific id cannot be carved out of "every rule"
      const hit = [...ids].filter((id) => entry.ids.has(id));
      if (!hit.length) continue;
      entry.to = line;
      this.openFrom.splice(i, 1);
      const remaining = new Set([...entry.ids].filter((id) => !ids.has(id)));
      if (remaining.size) {
        const rest2 = { line, ids: remaining };
        this.disabled.from.push(rest2);
        this.openFrom.push(rest2);
      }
    }
  }

  resolveDisables(): void {
    const { text } = this;
    const n = this.ls.length;
    for (const { line, ids } of this.pendingNext) {
      // The target is the next line that says something: comments, separators and blank lines are skipped.
      let target = line + 1;
      for (; target < n; target++) {
        const p = this.firstNonWs(target);
        if (p === this.lineEnd(target)) continue;
        if (isCommentAt(text, p)) continue;
        break;
      }
      if (target >= n) continue;
      let set = this.disabled.lines.get(target);
      if (!set) this.disabled.lines.set(target, (set = new Set()));
      for (const id of ids) set.add(id);
    }
    this.disabled.from.sort((a, b) => a.line - b.line);
    // Each disabled line goes to the request whose block holds it (blocks are sorted and disjoint).
    for (const [line, ids] of this.disabled.lines) {
      let lo = 0;
      let hi = this.blockLines.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const [first, last] = this.blockLines[mid];
        if (line < first) hi = mid - 1;
        else if (line > last) lo = mid + 1;
        else {
          this.requests[mid].disabled.lines.set(line, new Set(ids));
          break;
        }
      }
    }
    if (!this.disabled.from.length) return;
    for (let i = 0; i < this.requests.length; i++) {
      const [first, last] = this.blockLines[i];
      const req = this.requests[i];
      for (const f of this.disabled.from) {
        if (f.line > last || (f.to !== undefined && f.to <= first)) continue;
        const entry: { line: number; ids: Set<string>; to?: number } = { line: Math.max(f.line, first), ids: new Set(f.ids) };
        if (f.to !== undefined) entry.to = f.to;
        req.disabled.from.push(entry);
      }
    }
  }

  // ---- before the request line ----

  linePre(line: number, p: number, end: number, c0: number): void {
    const { text } = this;
    if (isCommentAt(text, p)) {
      this.comment(line, p, end);
      return;
    }
    if (c0 === CH_AT) {
      const v = this.fileVariable(line, p, end);
      if (v) {
        this.fileVariables.push(v);
        return;
      }
    }
    if (c0 === CH_LT && this.preRequestScript(line, p, end)) return;
    this.requestLine(line, p, end);
  }

  fileVariable(line: number, p: number, end: number): FileVariable | null {
    const { text } = this;
    let q = p + 1;
    while (q < end) {
      const c = text.charCodeAt(q);
      if (c === 61 /* = */ || isWs(c)) break;
      q++;
    }
    if (q === p + 1) return null;
    const nameEnd = q;
    while (q < end && isWs(text.charCodeAt(q))) q++;
    if (text.charCodeAt(q) !== 61) return null;
    q++;
    while (q < end && isWs(text.charCodeAt(q))) q++;
    const vEnd = this.trimEnd(q, end);
    return {
      name: this.spanned(text.slice(p + 1, nameEnd), line, p + 1, line, nameEnd),
      value: this.spanned(text.slice(q, vEnd), line, q, line, vEnd),
      range: this.rng(line, p, line, vEnd),
    };
  }

  requestLine(line: number, p: number, end: number): void {
    const { text, blk } = this;
    const e = this.trimEnd(p, end);
    // First token
    let q = p;
    while (q < e && !isWs(text.charCodeAt(q))) q++;
    const first = text.slice(p, q);
    let method: Spanned | null = null;
    let urlStart = p;
    const upper = first.toUpperCase();
    let knownMethod = false;
    if (q < e && (KNOWN_METHODS.has(upper) || this.isUpperToken(p, q))) {
      knownMethod = KNOWN_METHODS.has(upper);
      method = this.spanned(upper, line, p, line, q);
      urlStart = q;
      while (urlStart < e && isWs(text.charCodeAt(urlStart))) urlStart++;
    } else if (q === e && KNOWN_METHODS.has(upper) && first === upper) {
      this.problem('syntax/request-line', `Request line "${first}" has a method but no URL. Write it as \`${first} https://host/path\`.`, this.rng(line, p, line, e));
      blk.state = 'skip';
      return;
    }
    // Optional ` HTTP/x.y` at the end.
    let urlEnd = e;
    let version: Spanned | null = null;
    const v = this.versionSuffix(urlStart, e);
    if (v >= 0) {
      version = this.spanned(text.slice(v, e), line, v, line, e);
      urlEnd = this.trimEnd(urlStart, v);
    }
    const url = text.slice(urlStart, urlEnd);
    if (!url.length || (!knownMethod && !looksLikeTarget(url))) {
      const shown = text.slice(p, e);
      const clipped = shown.length > 60 ? shown.slice(0, 57) + '…' : shown;
      this.problem(
        'syntax/request-line',
        `Expected a request line \`[METHOD ]URL[ HTTP/x.y]\` but found "${clipped}". Start the request with e.g. \`GET https://host/path\`, or separate requests with \`###\`.`,
        this.rng(line, p, line, e),
      );
      blk.state = 'skip';
      return;
    }
    const req: HttpRequest = {
      index: this.requests.length,
      name: null,
      title: blk.title,
      metadata: blk.metadata,
      method: method ?? this.spanned('GET', line, urlStart, line, urlStart),
      url: this.spanned(url, line, urlStart, line, urlEnd),
      httpVersion: version,
      headers: [],
      body: null,
      handlers: blk.pre,
      assertions: blk.assertions,
      variables: [],
      requestLine: this.rng(line, p, line, e),
      range: this.rng(line, p, line, e),
      disabled: { lines: new Map(), from: [] },
    };
    this.scanHolesInLine(urlStart, urlEnd, line, req.variables);
    blk.req = req;
    blk.state = 'url';
    blk.urlEnd = urlEnd;
    blk.urlLastLine = line;
  }

  isUpperToken(p: number, q: number): boolean {
    const { text } = this;
    const c = text.charCodeAt(p);
    if (c < 65 || c > 90) return false;
    for (let i = p + 1; i < q; i++) {
      const d = text.charCodeAt(i);
      if (!((d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 45 || d === 95)) return false;
    }
    return true;
  }

  /** Offset of a trailing `HTTP/x[.y]` preceded by blank space within [start, end), else -1. */
  versionSuffix(start: number, end: number): number {
    const { text } = this;
    let i = end;
    while (i > start) {
      const c = text.charCodeAt(i - 1);
      if ((c >= 48 && c <= 57) || c === 46) i--;
      else break;
    }
    if (i === end || text.charCodeAt(i) === 46) return -1;
    const v = i - 5;
    if (v <= start) return -1;
    if (text.slice(v, i) !== 'HTTP/') return -1;
    if (!isWs(text.charCodeAt(v - 1))) return -1;
    return v;
  }

  urlContinuation(line: number, p: number, end: number): void {
    const { text, blk } = this;
    const req = blk.req!;
    let e = this.trimEnd(p, end);
    const v = this.versionSuffix(p, e);
    if (v >= 0) {
      req.httpVersion = this.spanned(text.slice(v, e), line, v, line, e);
      e = this.trimEnd(p, v);
    }
    const urlStartLine = req.url.range.start.line;
    req.url = this.spanned(req.url.value + text.slice(p, e), urlStartLine, req.url.start, line, e);
    this.scanHolesInLine(p, e, line, req.variables);
    blk.urlEnd = e;
    blk.urlLastLine = line;
  }

  // ---- headers ----

  lineHeaders(line: number, start: number, p: number, end: number, c0: number): void {
    const { text, blk } = this;
    const req = blk.req!;
    if (isCommentAt(text, p)) {
      this.comment(line, p, end);
      return;
    }
    if (c0 === CH_LT || c0 === CH_GT) {
      const c1 = text.charCodeAt(p + 1);
      if (c0 === CH_GT || c1 === CH_GT) {
        blk.state = 'after';
        this.handlerLine(line, p, end);
        return;
      }
      if (c1 === CH_AT || isWs(c1)) {
        // A `< file` body written right under the headers (no blank line), as httpYac files do.
        blk.state = 'body';
        blk.bodyStarted = true;
        blk.bodyLines.push(line);
        return;
      }
    }
    const e = this.trimEnd(p, end);
    if (p > start && blk.lastHeader) {
      // Obsolete line folding (RFC 9112 §5.2), which the JetBrains spec allows: joins the previous value.
      const h = blk.lastHeader.header;
      const joined = h.value.value.length ? h.value.value + ' ' + text.slice(p, e) : text.slice(p, e);
      const vStart = h.value.value.length ? h.value.start : p;
      const vStartLine = h.value.value.length ? h.value.range.start.line : line;
      h.value = this.spanned(joined, vStartLine, vStart, line, e);
      h.range = { start: h.range.start, end: this.pos(line, e) };
      this.scanHolesInLine(p, e, line, req.variables);
      return;
    }
    // name ":" value
    let q = p;
    while (q < e) {
      const c = text.charCodeAt(q);
      if (c === 58 /* : */ || isWs(c)) break;
      q++;
    }
    let colon = q;
    while (colon < e && isWs(text.charCodeAt(colon))) colon++;
    if (q === p || text.charCodeAt(colon) !== 58 || !this.headerNameOk(p, q)) {
      if (c0 === 123 /* { */ || c0 === 91 /* [ */ || c0 === CH_LT) {
        // A body written without the blank line: one problem, then read it as the body it obviously is.
        this.problem(
          'syntax/header',
          'The body starts without a blank line after the headers. Put an empty line between the last header and the body.',
          this.rng(line, p, line, e),
        );
        blk.state = 'body';
        blk.lastHeader = null;
        blk.bodyStarted = true;
        blk.bodyLines.push(line);
        return;
      }
      const shown = text.slice(p, e);
      const clipped = shown.length > 60 ? shown.slice(0, 57) + '…' : shown;
      this.problem(
        'syntax/header',
        `"${clipped}" is not a \`Name: value\` header. Headers end at the first blank line: put a blank line before the body, or write the header as \`Name: value\`.`,
        this.rng(line, p, line, e),
      );
      blk.lastHeader = null;
      return;
    }
    let vs = colon + 1;
    while (vs < e && isWs(text.charCodeAt(vs))) vs++;
    const header: HttpHeader = {
      name: this.spanned(text.slice(p, q), line, p, line, q),
      value: this.spanned(text.slice(vs, e), line, vs, line, e),
      range: this.rng(line, p, line, e),
    };
    req.headers.push(header);
    this.scanHolesInLine(p, e, line, req.variables);
    blk.lastHeader = { header, valueParts: 1 };
  }

  headerNameOk(p: number, q: number): boolean {
    const { text } = this;
    // `{{name}}: value` is allowed: the name comes from a variable.
    if (text.startsWith('{{', p)) return true;
    for (let i = p; i < q; i++) if (!isTokenChar(text.charCodeAt(i))) return false;
    return true;
  }

  // ---- assertions ----

  /** A `??` line from offset `p` (at the `??`) to the line end `end`: words split on blank space. */
  assertionLine(line: number, p: number, end: number): Assertion {
    const { text } = this;
    const e = this.trimEnd(p, end);
    const words: Array<[number, number]> = [];
    let q = p + 2;
    while (q < e) {
      while (q < e && isWs(text.charCodeAt(q))) q++;
      if (q >= e) break;
      const s = q;
      while (q < e && !isWs(text.charCodeAt(q))) q++;
      words.push([s, q]);
    }
    const span = (a: number, b: number): Spanned => this.spanned(text.slice(a, b), line, a, line, b);
    const out: Assertion = { range: this.rng(line, p, line, e), field: span(p + 2, p + 2), argument: null, condition: null, expected: null };
    if (!words.length) return out;
    out.field = span(words[0][0], words[0][1]);
    // The first word after the field that is a condition splits argument from expected value: a
    // JSON path or header name holds no blank space, an expected text may.
    for (let i = 1; i < words.length; i++) {
      const w = text.slice(words[i][0], words[i][1]);
      let condEnd = -1;
      let next = i + 1;
      if (w === 'not' && i + 1 < words.length && text.slice(words[i + 1][0], words[i + 1][1]) === 'equals') {
        condEnd = words[i + 1][1];
        next = i + 2;
      } else if (conditionBySpelling(w)) condEnd = words[i][1];
      if (condEnd < 0) continue;
      if (i > 1) out.argument = span(words[1][0], words[i - 1][1]);
      out.condition = span(words[i][0], condEnd);
      if (next < words.length) out.expected = span(words[next][0], e);
      return out;
    }
    if (words.length > 1) out.argument = span(words[1][0], e);
    return out;
  }

  // ---- handlers ----

  handlerLine(line: number, p: number, end: number): void {
    const { text, blk } = this;
    const req = blk.req;
    const e = this.trimEnd(p, end);
    const c1 = text.charCodeAt(p + 1);
    if (text.charCodeAt(p) === CH_LT) {
      if (c1 === CH_GT) return; // `<> previous-response` reference: recognised, nothing to lint
      // `< file` after a handler is not a body any more; ignore it like other trailing text.
      return;
    }
    if (c1 === CH_GT) {
      const force = text.charCodeAt(p + 2) === 33; /* ! */
      req?.handlers.push({ kind: force ? 'output-force' : 'output', range: this.rng(line, p, line, e) });
      return;
    }
    let q = p + 1;
    while (q < e && isWs(text.charCodeAt(q))) q++;
    if (text.startsWith('{%', q)) {
      const handler: HttpHandler = { kind: 'script', range: this.rng(line, p, line, e) };
      req?.handlers.push(handler);
      const rel = text.slice(q + 2, end).indexOf('%}');
      if (rel >= 0) {
        handler.range = this.rng(line, p, line, q + 2 + rel + 2);
      } else {
        this.script = { handler, startOffset: p };
      }
      return;
    }
    req?.handlers.push({ kind: 'script-file', range: this.rng(line, p, line, e) });
  }

  /** `< {% … %}` or `< path.js` above a request line (JetBrains pre-request script); false when the line is something else. */
  preRequestScript(line: number, p: number, end: number): boolean {
    const { text, blk } = this;
    const e = this.trimEnd(p, end);
    let q = p + 1;
    if (q >= e || !isWs(text.charCodeAt(q))) {
      if (!text.startsWith('{%', q)) return false;
    }
    while (q < e && isWs(text.charCodeAt(q))) q++;
    if (text.startsWith('{%', q)) {
      const handler: HttpHandler = { kind: 'pre-script', range: this.rng(line, p, line, e) };
      blk.pre.push(handler);
      const rel = text.slice(q + 2, end).indexOf('%}');
      if (rel >= 0) handler.range = this.rng(line, p, line, q + 2 + rel + 2);
      else this.script = { handler, startOffset: p };
      return true;
    }
    if (!/\.[cm]?js$/i.test(text.slice(q, e))) return false;
    blk.pre.push({ kind: 'pre-script-file', range: this.rng(line, p, line, e) });
    return true;
  }

  // ---- holes ----

  scanHolesLines(fromLine: number, toLine: number, out: VariableRef[]): void {
    this.scanHoles(this.ls[fromLine], this.lineEnd(toLine), -1, out);
  }

  scanHolesInLine(start: number, end: number, line: number, out: VariableRef[]): void {
    this.scanHoles(start, end, line, out);
  }

  /** Holes within [start, end); `line` is the 0-based line of a one-line range, or -1 to look lines up. */
  scanHoles(start: number, end: number, line: number, out: VariableRef[]): void {
    this.holes.scan(start, end, (o, e, expr) => {
      const range = line >= 0 ? this.rng(line, o, line, e) : this.idx.range(o, e);
      out.push({ expr, range, start: o, end: e });
    });
  }

  // ---- finishing a block ----

  problem(rule: SyntaxProblem['rule'], message: string, range: Range): void {
    // A block that yields no request (a broken request line) belongs to no request: -1.
    const request = this.blk.req ? this.requests.length : -1;
    this.problems.push({ rule, message, range, request });
  }

  finishBlock(lastLine: number): void {
    const blk = this.blk;
    const req = blk.req;
    if (!req) {
      for (const m of blk.metadata) this.fileMetadata.push(m);
      return;
    }
    this.finishBody(blk, req);
    for (const m of req.metadata) {
      if (m.key === 'name' && req.name === null && m.value.length) req.name = m.value;
    }
    const first = blk.startLine;
    const lastContent = Math.max(blk.lastNonBlank, req.requestLine.start.line);
    req.range = {
      start: { line: Math.min(first, req.requestLine.start.line), character: 0 },
      end: this.pos(lastContent, this.lineEnd(lastContent)),
    };
    req.variables.sort((a, b) => a.start - b.start);
    this.requests.push(req);
    this.blockLines.push([blk.sepLine >= 0 ? blk.sepLine : 0, Math.max(lastLine, lastContent)]);
  }

  finishBody(blk: Block, req: HttpRequest): void {
    const { text } = this;
    const lines = blk.bodyLines;
    let a = 0;
    let b = lines.length;
    // Leading blank lines are not body (leading directive comments never got here: see `run`).
    while (a < b && this.firstNonWs(lines[a]) === this.lineEnd(lines[a])) a++;
    b = this.dropBodyTail(blk, a);
    if (a >= b) return;
    const firstLine = lines[a];
    const lastLine = lines[b - 1];
    const start = this.ls[firstLine];
    const end = this.lineEnd(lastLine);
    const bodyText = this.spanned(text.slice(start, end), firstLine, start, lastLine, end);

    const files: FileBodyRef[] = [];
    let inlineLines = 0;
    for (let i = a; i < b; i++) {
      const l = lines[i];
      const p = this.firstNonWs(l);
      const le = this.lineEnd(l);
      if (p === le) continue;
      const ref = this.fileRef(l, p, le);
      if (ref) files.push(ref);
      else inlineLines++;
    }

    const boundary = multipartBoundary(req.headers);
    let body: HttpBody;
    if (boundary !== null) {
      body = { kind: 'multipart', boundary, parts: this.multipartParts(boundary, firstLine, lastLine), text: bodyText };
    } else if (files.length === 1 && inlineLines === 0) {
      body = { kind: 'file', file: files[0] };
    } else if (files.length > 0) {
      body = { kind: 'mixed', text: bodyText, files };
    } else {
      body = { kind: 'inline', text: bodyText };
    }
    req.body = body;
    if (body.kind !== 'file') this.scanHolesLines(firstLine, lastLine, req.variables);
    else this.scanHoles(body.file.path.start, body.file.path.end, body.file.path.range.start.line, req.variables);
  }

  /**
   * Trailing blank and comment lines are not body (both dialects treat them as comments): they are
   * removed from the block's body lines (not before index `from`) and their comments read now, so
   * directives keep file order. Returns the new body line count.
   */
  dropBodyTail(blk: Block, from = 0): number {
    const lines = blk.bodyLines;
    let b = lines.length;
    while (b > from) {
      const l = lines[b - 1];
      const p = this.firstNonWs(l);
      if (p === this.lineEnd(l) || isCommentAt(this.text, p)) b--;
      else break;
    }
    for (let i = b; i < lines.length; i++) {
      const l = lines[i];
      const p = this.firstNonWs(l);
      const end = this.lineEnd(l);
      if (p !== end) this.comment(l, p, end);
    }
    lines.length = b;
    return b;
  }

  /** A `< path`, `<@ path` or `<@encoding path` line, else null. */
  fileRef(line: number, p: number, end: number): FileBodyRef | null {
    const { text } = this;
    if (text.charCodeAt(p) !== CH_LT) return null;
    let q = p + 1;
    let subst = false;
    let encoding: string | null = null;
    if (text.charCodeAt(q) === CH_AT) {
      subst = true;
      q++;
      const encStart = q;
      while (q < end && !isWs(text.charCodeAt(q))) q++;
      if (q > encStart) encoding = text.slice(encStart, q);
    }
    if (q >= end || !isWs(text.charCodeAt(q))) return null;
    while (q < end && isWs(text.charCodeAt(q))) q++;
    const e = this.trimEnd(q, end);
    if (e === q) return null;
    return {
      path: this.spanned(text.slice(q, e), line, q, line, e),
      substituteVariables: subst,
      encoding,
      range: this.rng(line, p, line, e),
    };
  }

  multipartParts(boundary: string, firstLine: number, lastLine: number): MultipartPart[] {
    const { text } = this;
    const delim = '--' + boundary;
    const parts: MultipartPart[] = [];
    let cur: { startLine: number; headers: HttpHeader[]; inHeaders: boolean; contentFirst: number; contentLast: number } | null = null;
    const close = (uptoLine: number): void => {
      if (!cur) return;
      let body: Spanned | null = null;
      let file: FileBodyRef | null = null;
      if (cur.contentFirst >= 0) {
        // The line break before the next delimiter belongs to the delimiter (RFC 2046), so content ends at the last line's end.
        let last = cur.contentLast;
        while (last > cur.contentFirst && this.firstNonWs(last) === this.lineEnd(last)) last--;
        const s = this.ls[cur.contentFirst];
        const e = this.lineEnd(last);
        const fp = this.firstNonWs(cur.contentFirst);
        const ref = cur.contentFirst === last ? this.fileRef(cur.contentFirst, fp, e) : null;
        if (ref) file = ref;
        else body = this.spanned(text.slice(s, e), cur.contentFirst, s, last, e);
      }
      const endLine = Math.max(cur.startLine, uptoLine);
      parts.push({ headers: cur.headers, body, file, range: this.rng(cur.startLine, this.ls[cur.startLine], endLine, this.lineEnd(endLine)) });
      cur = null;
    };
    for (let l = firstLine; l <= lastLine; l++) {
      const p = this.firstNonWs(l);
      const end = this.lineEnd(l);
      const e = this.trimEnd(p, end);
      if (text.startsWith(delim, p)) {
        const tail = text.slice(p + delim.length, e);
        if (tail === '' || tail === '--') {
          close(l - 1);
          if (tail === '--') break;
          cur = { startLine: l, headers: [], inHeaders: true, contentFirst: -1, contentLast: -1 };
          continue;
        }
      }
      if (!cur) continue; // preamble
      if (cur.inHeaders) {
        if (p === end) {
          cur.inHeaders = false;
          continue;
        }
        const rel = text.slice(p, e).indexOf(':');
        const colon = rel >= 0 ? p + rel : -1;
        if (colon > p) {
          let vs = colon + 1;
          while (vs < e && isWs(text.charCodeAt(vs))) vs++;
          const ne = this.trimEnd(p, colon);
          cur.headers.push({
            name: this.spanned(text.slice(p, ne), l, p, l, ne),
            value: this.spanned(text.slice(vs, e), l, vs, l, e),
            range: this.rng(l, p, l, e),
          });
          continue;
        }
        // A part without a blank line after its headers: the content starts here.
        cur.inHeaders = false;
      }
      if (cur.contentFirst < 0) {
        if (p === end) continue;
        cur.contentFirst = l;
      }
      cur.contentLast = l;
    }
    close(lastLine);
    return parts;
  }
}

/** The boundary of a `Content-Type: multipart/…; boundary=…` header, unquoted; null when the request has none. */
export function multipartBoundary(headers: HttpHeader[]): string | null {
  for (const h of headers) {
    if (h.name.value.toLowerCase() !== 'content-type') continue;
    const v = h.value.value;
    if (!/^\s*multipart\//i.test(v)) return null;
    const m = /;\s*boundary\s*=\s*("([^"]*)"|[^;\s]+)/i.exec(v);
    if (!m) return null;
    return m[2] !== undefined ? m[2] : m[1];
  }
  return null;
}

/** Parses .http/.rest text; never throws (broken blocks become `problems`). Ranges are 0-based, offsets UTF-16. */
export function parseHttp(text: string): HttpFile {
  try {
    return new Parser(text).run();
  } catch (err) {
    // Defensive only: a parser bug must not take the editor or the CLI down with it.
    const lines = new LineIndex(text);
    return {
      text,
      lines,
      requests: [],
      fileVariables: [],
      metadata: [],
      problems: [
        {
          rule: 'syntax/request-line',
          message: `Reqlint could not parse this file (${err instanceof Error ? err.message : String(err)}). Please report it with the file attached.`,
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: lines.lineEnd(0) } },
          request: -1,
        },
      ],
      disabled: { lines: new Map(), from: [] },
    };
  }
}

/** True when rule `ruleId` is disabled on the 0-based `line` by a `reqlint-disable*` comment. */
export function isRuleDisabled(disabled: DisabledRules, ruleId: string, line: number): boolean {
  const ids = disabled.lines.get(line);
  if (ids && (ids.has('*') || ids.has(ruleId))) return true;
  for (const f of disabled.from) {
    if (f.line > line) break;
    if (f.to !== undefined && line >= f.to) continue;
    if (f.ids.has('*') || f.ids.has(ruleId)) return true;
  }
  return false;
}

/** Prints one request as canonical .http text (no trailing newline); parsing it back yields the same request. */
export function printRequest(req: HttpRequest): string {
  const out: string[] = [];
  out.push(req.title ? `### ${req.title}` : '###');
  for (const m of req.metadata) out.push(m.value.length ? `# @${m.key} ${m.value}` : `# @${m.key}`);
  out.push(`${req.method.value} ${req.url.value}${req.httpVersion ? ' ' + req.httpVersion.value : ''}`);
  for (const h of req.headers) out.push(`${h.name.value}: ${h.value.value}`);
  if (req.body) {
    out.push('');
    switch (req.body.kind) {
      case 'file': {
        const f = req.body.file;
        out.push(`${f.substituteVariables ? '<@' + (f.encoding ?? '') : '<'} ${f.path.value}`);
        break;
      }
      default:
        out.push(req.body.text.value);
    }
  }
  if (req.assertions.length) {
    out.push('');
    for (const a of req.assertions) out.push(['??', a.field.value, a.argument?.value, a.condition?.value, a.expected?.value].filter((w) => w).join(' '));
  }
  return out.join('\n');
}

/** Prints a parsed file as canonical .http text: file-level metadata and variables first, then every request after a `###` line. */
export function printHttp(file: HttpFile): string {
  const out: string[] = [];
  for (const m of file.metadata) out.push(m.value.length ? `# @${m.key} ${m.value}` : `# @${m.key}`);
  for (const v of file.fileVariables) out.push(`@${v.name.value} = ${v.value.value}`);
  if (out.length) out.push('');
  for (const r of file.requests) {
    out.push(printRequest(r));
    out.push('');
  }
  return out.join('\n');
}
