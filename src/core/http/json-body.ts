import { parseTree, printParseErrorCode, getNodeValue, type Node, type ParseError } from 'jsonc-parser';
import { escapeToken, unescapeToken } from '../text/json-pointer';
import type { LineIndex, Range } from '../text/position';
import type { HttpRequest } from './ast';

/** A jsonc-parser tree node whose `offset`/`colonOffset` are absolute UTF-16 offsets in the containing file. */
export type JsonNode = Node;

/** A `{{…}}` hole inside a JSON body; offsets are absolute in the containing file. */
export interface JsonHole {
  /** Trimmed text between the braces. */
  expr: string;
  start: number;
  end: number;
  /** True when the hole sits inside a string literal (`"https://{{host}}/x"`), false for a bare value or key. */
  inString: boolean;
}

/** A JSON syntax error at an absolute offset (UTF-16) with a message meant for the user. */
export interface JsonBodyError {
  message: string;
  offset: number;
  length: number;
}

/** A JSON body parsed with exact positions; holes are unknown values, never wrong ones. */
export interface JsonBody {
  /** Root node (absolute offsets), undefined when nothing parseable was found. */
  root: JsonNode | undefined;
  /** The body as written. */
  text: string;
  /** Absolute offset of `text` in the containing file. */
  base: number;
  /** What was parsed: `text` with bare holes replaced by same-length string placeholders. */
  parsedText: string;
  /** Holes in source order. */
  holes: JsonHole[];
  /** Syntax errors in source order; empty for valid JSON. */
  errors: JsonBodyError[];
}

const ERROR_MESSAGES: Record<string, string> = {
  InvalidSymbol: 'Unexpected character: JSON allows only objects, arrays, strings in straight double quotes, numbers, true, false and null here',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: "Expected ':' after the property name",
  CommaExpected: "Expected ',' between items",
  CloseBraceExpected: "Expected '}' to close the object",
  CloseBracketExpected: "Expected ']' to close the array",
  EndOfFileExpected: 'Unexpected text after the end of the JSON value',
  InvalidCommentToken: 'Comments are not allowed in JSON: the server receives them as written',
  UnexpectedEndOfComment: 'Unterminated comment (comments are not allowed in JSON)',
  UnexpectedEndOfString: 'Unterminated string: add the closing double quote',
  UnexpectedEndOfNumber: 'Unterminated number',
  InvalidUnicode: 'Invalid \\u escape in string',
  InvalidEscapeCharacter: 'Invalid escape character in string',
  InvalidCharacter: 'Control character inside a string (a line break or tab must be written as \\n or \\t)',
};

/** Offset of the first `\n` or `\r` at or after `from`, or -1. */
function lineBreakAt(text: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

function isJsonWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * Parses a JSON body that may contain `{{…}}` holes. `base` is the absolute offset of `text` in its
 * file; every node, hole and error offset in the result is absolute. Never throws.
 */
export function parseJsonBody(text: string, base = 0): JsonBody {
  const holes: JsonHole[] = [];
  const chunks: string[] = [];
  let copied = 0;
  let inString = false;
  const n = text.length;
  let nextClose = -2;
  let nextBreak = -2;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) {
        i++;
        continue;
      }
      if (c === 34 /* " */) {
        inString = false;
        continue;
      }
      if (c === 10 || c === 13) {
        // An unterminated string ends at the line break; the parser reports it.
        inString = false;
        continue;
      }
    } else if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 123 /* { */ || text.charCodeAt(i + 1) !== 123) continue;
    // `{{…}}` on one line; the innermost `{{` starts the hole, as in the .http parser.
    // Both look-aheads are cached and only move forward, so a line full of `{{` stays linear.
    let o = i;
    if (nextClose !== -1 && nextClose < i + 2) nextClose = text.indexOf('}}', i + 2);
    if (nextBreak !== -1 && nextBreak < i) nextBreak = lineBreakAt(text, i);
    if (nextClose < 0) continue;
    if (nextBreak >= 0 && nextBreak < nextClose) continue;
    const close = nextClose;
    while (text.charCodeAt(o + 2) === 123 && o + 2 < close) o++;
    const end = close + 2;
    holes.push({ expr: text.slice(o + 2, close).trim(), start: base + o, end: base + end, inString });
    if (!inString) {
      chunks.push(text.slice(copied, o), '"' + '_'.repeat(end - o - 2) + '"');
      copied = end;
    } else {
      // Characters that would end or break the string literal are neutralised, length kept.
      let needs = false;
      for (let j = o; j < end; j++) {
        const d = text.charCodeAt(j);
        if (d === 34 || d === 92 || d < 32) needs = true;
      }
      if (needs) {
        let s = '';
        for (let j = o; j < end; j++) {
          const d = text.charCodeAt(j);
          s += d === 34 || d === 92 || d < 32 ? '_' : text[j];
        }
        chunks.push(text.slice(copied, o), s);
        copied = end;
      }
    }
    i = end - 1;
  }
  chunks.push(text.slice(copied));
  const parsedText = chunks.join('');

  const raw: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(parsedText, raw, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses per nesting level; absurd nesting overflows the stack. Report it, never crash.
    return { root: undefined, text, base, parsedText, holes, errors: [{ message: 'The JSON nests too deeply to be read', offset: base, length: Math.min(text.length, 1) }] };
  }
  if (root) shift(root, base);
  const errors = raw.map((e) => ({ message: errorMessage(parsedText, e), offset: base + e.offset, length: e.length }));
  return { root, text, base, parsedText, holes, errors };
}

/**
 * The positioned parse of `text` that `JSON.parse` accepts and that holds no `{{…}}` hole: the same
 * nodes as {@link parseJsonBody}, built by one direct scan instead of jsonc-parser's error-tolerant
 * visitor (placing 2,000 findings of a batch parses 2,000 items). Falls back to
 * {@link parseJsonBody} for anything else.
 */
export function parseValidJsonBody(text: string, base = 0): JsonBody {
  if (text.includes('{{')) return parseJsonBody(text, base);
  try {
    const root = new ValidJsonTree(text, base).parse();
    if (root) return { root, text, base, parsedText: text, holes: [], errors: [] };
  } catch {
    // Not valid JSON after all, or nested beyond the stack: the tolerant parser reports it.
  }
  return parseJsonBody(text, base);
}

// jsonc-parser's Node is read-only to its users; the builder sets lengths once the end is known.
type MutableNode = { -readonly [K in keyof Node]: Node[K] };

const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/** Builds jsonc-parser's node shapes (same keys, offsets, lengths and values) for valid JSON. */
class ValidJsonTree {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly base: number,
  ) {}

  parse(): Node | undefined {
    this.ws();
    if (this.i >= this.text.length) return undefined;
    const root = this.value(undefined);
    this.ws();
    if (this.i !== this.text.length) return undefined;
    // parseTree's root has no `parent` key at all.
    delete (root as { parent?: Node }).parent;
    return root;
  }

  private ws(): void {
    const { text } = this;
    let i = this.i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  private fail(): never {
    throw new SyntaxError('not valid JSON');
  }

  /** A string literal at `this.i`: its value; `this.i` ends past the closing quote. */
  private string(): string {
    const { text } = this;
    const start = this.i;
    let i = start + 1;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        i += 2;
      } else if (c < 32 || i >= text.length) this.fail();
      else i++;
    }
    this.i = i + 1;
    return escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
  }

  private value(parent: Node | undefined): Node {
    const { text, base } = this;
    this.ws();
    const off = this.i;
    const c = text.charCodeAt(off);
    if (c === 123 /* { */) {
      const node: MutableNode = { type: 'object', offset: base + off, length: -1, parent, children: [] };
      this.i++;
      this.ws();
      if (text.charCodeAt(this.i) === 125) this.i++;
      else {
        for (;;) {
          this.ws();
          const keyOff = this.i;
          if (text.charCodeAt(keyOff) !== 34) this.fail();
          const prop: MutableNode = { type: 'property', offset: base + keyOff, length: -1, parent: node, children: [] };
          node.children!.push(prop);
          const key = this.string();
          prop.children!.push({ type: 'string', value: key, offset: base + keyOff, length: this.i - keyOff, parent: prop });
          this.ws();
          if (text.charCodeAt(this.i) !== 58 /* : */) this.fail();
          prop.colonOffset = base + this.i;
          this.i++;
          const v = this.value(prop);
          prop.length = v.offset + v.length - prop.offset;
          this.ws();
          const d = text.charCodeAt(this.i++);
          if (d === 44 /* , */) continue;
          if (d === 125) break;
          this.fail();
        }
      }
      node.length = base + this.i - node.offset;
      parent?.children!.push(node);
      return node;
    }
    if (c === 91 /* [ */) {
      const node: MutableNode = { type: 'array', offset: base + off, length: -1, parent, children: [] };
      this.i++;
      this.ws();
      if (text.charCodeAt(this.i) === 93) this.i++;
      else {
        for (;;) {
          this.value(node);
          this.ws();
          const d = text.charCodeAt(this.i++);
          if (d === 44) continue;
          if (d === 93) break;
          this.fail();
        }
      }
      node.length = base + this.i - node.offset;
      parent?.children!.push(node);
      return node;
    }
    let node: Node;
    if (c === 34) {
      const value = this.string();
      node = { type: 'string', offset: base + off, length: this.i - off, parent, value };
    } else if (text.startsWith('true', off) || text.startsWith('false', off) || text.startsWith('null', off)) {
      const len = c === 102 ? 5 : 4;
      this.i = off + len;
      const value = c === 110 ? null : c === 116;
      node = { type: value === null ? 'null' : 'boolean', offset: base + off, length: len, parent, value };
    } else {
      let i = off;
      for (;;) {
        const d = text.charCodeAt(i);
        if ((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69) i++;
        else break;
      }
      const literal = text.slice(off, i);
      if (!JSON_NUMBER.test(literal)) this.fail();
      const value = Number(literal);
      this.i = i;
      node = { type: 'number', offset: base + off, length: i - off, parent, value };
    }
    parent?.children!.push(node);
    return node;
  }
}

function errorMessage(text: string, e: ParseError): string {
  const name = printParseErrorCode(e.error);
  if (name === 'PropertyNameExpected' || name === 'ValueExpected') {
    const c = text.charCodeAt(e.offset);
    let p = e.offset - 1;
    while (p >= 0 && isJsonWs(text.charCodeAt(p))) p--;
    if ((c === 125 || c === 93) && text.charCodeAt(p) === 44) return 'Trailing comma: JSON allows no comma before a closing brace or bracket';
  }
  if (name === 'CloseBraceExpected' && e.offset >= text.length) return "The body ends before its object is closed: add the missing '}'";
  if (name === 'CloseBracketExpected' && e.offset >= text.length) return "The body ends before its array is closed: add the missing ']'";
  if (name === 'ValueExpected' && e.offset >= text.length) return 'The body ends where a value was expected';
  return ERROR_MESSAGES[name] ?? name;
}

function shift(root: Node, base: number): void {
  if (base === 0) return;
  const stack: Node[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    // The tree is ours (fresh from parseTree), so rewriting its offsets in place is safe.
    const m = node as { offset: number; colonOffset?: number };
    m.offset += base;
    if (m.colonOffset !== undefined) m.colonOffset += base;
    if (node.children) for (const ch of node.children) stack.push(ch);
  }
}

/** Index of the first hole whose end is after `offset` (holes are sorted and disjoint). */
function firstHoleEndingAfter(holes: JsonHole[], offset: number): number {
  let lo = 0;
  let hi = holes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (holes[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Holes lying (at least partly) within the node's source span. */
export function holesIn(body: JsonBody, node: JsonNode): JsonHole[] {
  const start = node.offset;
  const end = node.offset + node.length;
  const out: JsonHole[] = [];
  for (let i = firstHoleEndingAfter(body.holes, start); i < body.holes.length && body.holes[i].start < end; i++) out.push(body.holes[i]);
  return out;
}

/** True when the node's span contains a hole anywhere (its value is at least partly unknown). */
export function containsHole(body: JsonBody, node: JsonNode): boolean {
  const i = firstHoleEndingAfter(body.holes, node.offset);
  return i < body.holes.length && body.holes[i].start < node.offset + node.length;
}

/** True when the node's whole value is one hole: a bare `{{x}}` or a string that is exactly `"{{x}}"`. */
export function isHole(body: JsonBody, node: JsonNode): boolean {
  const target = node.type === 'property' ? node.children?.[1] : node;
  if (!target) return false;
  const hs = holesIn(body, target);
  if (hs.length !== 1) return false;
  const h = hs[0];
  if (!h.inString) return h.start === target.offset && h.end === target.offset + target.length;
  return target.type === 'string' && h.start === target.offset + 1 && h.end === target.offset + target.length - 1;
}

/** True when an object has a property whose key is (or contains) a hole: any key might be present. */
export function hasHoleKey(body: JsonBody, obj: JsonNode): boolean {
  if (obj.type !== 'object' || !obj.children) return false;
  return obj.children.some((p) => p.children?.[0] !== undefined && containsHole(body, p.children[0]));
}

/** The node's JSON value, or undefined when it contains a hole (unknown until variables are resolved). */
export function nodeValue(body: JsonBody, node: JsonNode): unknown {
  if (containsHole(body, node)) return undefined;
  return getNodeValue(node);
}

/** Node (a value, never a property) at an RFC 6901 JSON Pointer such as `/a/b/0`; '' is the root; undefined when absent. */
export function nodeAtPointer(root: JsonNode | undefined, pointer: string): JsonNode | undefined {
  if (!root) return undefined;
  if (pointer === '') return root;
  if (!pointer.startsWith('/')) return undefined;
  let node: JsonNode | undefined = root;
  for (const rawSeg of pointer.slice(1).split('/')) {
    const seg = unescapeToken(rawSeg);
    if (!node) return undefined;
    if (node.type === 'object') {
      let next: JsonNode | undefined;
      // The last duplicate key wins, as in JSON.parse.
      for (const p of node.children ?? []) if (p.children?.[0]?.value === seg) next = p.children[1];
      node = next;
    } else if (node.type === 'array') {
      if (!/^(0|[1-9][0-9]*)$/.test(seg)) return undefined;
      node = node.children?.[Number(seg)];
    } else return undefined;
  }
  return node;
}

/** The property node (key + value) for a pointer's last segment in an object; undefined for the root or array items. */
export function propertyAtPointer(root: JsonNode | undefined, pointer: string): JsonNode | undefined {
  const value = nodeAtPointer(root, pointer);
  return value?.parent?.type === 'property' ? value.parent : undefined;
}

/** RFC 6901 JSON Pointer of a node; a property or its key node yields the pointer of the property's value. */
export function pointerOf(node: JsonNode): string {
  const segs: string[] = [];
  let cur: JsonNode | undefined = node;
  if (cur.parent?.type === 'property' && cur.parent.children?.[0] === cur) cur = cur.parent;
  while (cur) {
    const parent: JsonNode | undefined = cur.parent;
    if (cur.type === 'property') {
      segs.push(escapeToken(String(cur.children?.[0]?.value ?? '')));
      cur = parent; // the object
      continue;
    }
    if (!parent) break;
    if (parent.type === 'property') {
      cur = parent;
      continue;
    }
    if (parent.type === 'array') segs.push(String(parent.children?.indexOf(cur) ?? 0));
    cur = parent;
  }
  return segs.length ? '/' + segs.reverse().join('/') : '';
}

/** 0-based range of a node (absolute offsets) in the containing file. */
export function rangeOfNode(node: JsonNode, lines: LineIndex): Range {
  return lines.range(node.offset, node.offset + node.length);
}

/** The node the rule catalogue puts findings on for a property: its key; for a non-property node, the node itself. */
export function keyNode(node: JsonNode): JsonNode {
  return node.type === 'property' && node.children?.[0] ? node.children[0] : node;
}

/** True when the body text starts like JSON (`{` or `[` after blank space). */
export function looksLikeJson(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isJsonWs(c)) continue;
    return c === 123 || c === 91;
  }
  return false;
}

/** Parses a request's inline body as JSON with absolute offsets; null when the request has no inline or mixed body text. */
export function parseRequestJson(req: HttpRequest): JsonBody | null {
  const b = req.body;
  if (!b || b.kind === 'file' || b.kind === 'multipart') return null;
  return parseJsonBody(b.text.value, b.text.start);
}
