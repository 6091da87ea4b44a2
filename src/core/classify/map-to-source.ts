// Puts the field and item errors of an answer back onto the request that caused it: the property
// in the `.http` body or in the referenced JSON file, the item of an array body, or the request line.
import type { Finding, Severity } from '../findings';
import type { HttpRequest } from '../http/ast';
import { keyNode, nodeAtPointer, parseJsonBody, type JsonNode } from '../http/json-body';
import { LineIndex, type Range } from '../text/position';
import { joinPointer } from '../text/json-pointer';
import { fieldTokens } from './pointer';
import { requestRef } from '../edit/request-label';
import type { Classification, FieldError, ItemError } from './types';

/** Where the request lives: its `.http` file (absolute path and text) and, for a `< file.json` body, that file. */
export interface ResponseSource {
  /** Absolute path of the file holding the request. */
  filePath: string;
  /** Full text of that file (request ranges and inline-body offsets refer to it). */
  fileText: string;
  request: HttpRequest;
  /** The referenced body file for a `< path` body: absolute path and text; null/absent when unknown or unreadable. */
  bodyFile?: { path: string; text: string } | null;
  /** A `LineIndex` of `fileText`, when the caller already has one. */
  lines?: LineIndex;
}

/** Options for `mapClassificationToSource`. */
export interface MapOptions {
  /** Keys under which the endpoint takes its bulk items (a profile's `batch.wrapperKeys`), tried before the usual ones. */
  itemWrapperKeys?: readonly string[];
  /** Also report one `response/error` finding on the request line for an error answer without field or item errors (default true). */
  summary?: boolean;
}

/** Rule id of a field error mapped onto the request. */
export const FIELD_ERROR_RULE = 'response/field-error';
/** Rule id of a bulk item error mapped onto the request. */
export const ITEM_ERROR_RULE = 'response/item-error';
/** Rule id of an error answer with nothing more specific to point at. */
export const RESPONSE_ERROR_RULE = 'response/error';

// Wrapper keys under which bulk endpoints usually take their items.
const ITEM_WRAPPERS = ['items', 'data', 'codes', 'qr_codes', 'qrs', 'events', 'requests', 'batch', 'records', 'entries', 'products'];

interface BodyDoc {
  file: string;
  lines: LineIndex;
  root: JsonNode | undefined;
}

interface Place {
  file: string;
  range: Range;
  /** True when the exact place was found; false when it fell back to an ancestor or the request line. */
  exact: boolean;
}

/**
 * Findings (0-based ranges) for the field and item errors of `c` on the request's source: a field
 * error lands on its property's value, an item error on that item of an array body (on the property
 * inside it when the pointer resolves), a nested missing field on its parent's key, anything else on
 * the request line. Never throws.
 */
export function mapClassificationToSource(c: Classification, src: ResponseSource, options: MapOptions = {}): Finding[] {
  const fileLines = src.lines ?? new LineIndex(src.fileText);
  const req = src.request;
  const requestId = requestRef(req);
  const requestLine: Place = { file: src.filePath, range: req.requestLine, exact: false };
  const doc = bodyDoc(src, fileLines);
  const out: Finding[] = [];
  const status = c.status !== null ? `HTTP ${c.status}` : 'no answer';
  const push = (rule: string, severity: Severity, place: Place, message: string) => {
    out.push({
      rule,
      severity,
      message,
      file: place.file,
      range: place.range,
      request: requestId,
      ...(c.docs ? { docs: c.docs } : {}),
    });
  };

  for (const f of c.fieldErrors) {
    const place = placeForField(f, doc, src, fileLines) ?? requestLine;
    const where = f.pointer === '' ? 'the body' : f.location && f.location !== 'body' ? `${f.location} ${fieldTokens(f.pointer).join('.')}` : f.pointer;
    const missing = place.exact ? '' : f.pointer === '' ? '' : ' (not found in the request as written)';
    push(FIELD_ERROR_RULE, 'error', place, `${status}: the API rejected ${where}: ${f.message}${missing}`);
  }
  for (const it of c.itemErrors) {
    const place = placeForItem(it, doc, options.itemWrapperKeys ?? []) ?? requestLine;
    const where = `item ${it.index}${it.pointer ? ` ${it.pointer}` : ''}`;
    const missing = place.exact ? '' : ' (not found in the request as written)';
    push(ITEM_ERROR_RULE, 'error', place, `${status}: the API rejected ${where}: ${it.message}${missing}`);
  }
  const isError = c.category !== 'success' && c.category !== 'redirect';
  if ((options.summary ?? true) && isError && out.length === 0) {
    const code = c.code ? ` ${c.code}` : '';
    push(RESPONSE_ERROR_RULE, c.retryable ? 'warning' : 'error', requestLine, `${status} ${c.category}${code}: ${c.message} ${c.advice}`);
  }
  return out;
}

function bodyDoc(src: ResponseSource, fileLines: LineIndex): BodyDoc | null {
  const b = src.request.body;
  if (!b) return null;
  try {
    if (b.kind === 'inline' || b.kind === 'mixed') {
      const parsed = parseJsonBody(b.text.value, b.text.start);
      return { file: src.filePath, lines: fileLines, root: parsed.root };
    }
    if (b.kind === 'file' && src.bodyFile) {
      const parsed = parseJsonBody(src.bodyFile.text, 0);
      return { file: src.bodyFile.path, lines: new LineIndex(src.bodyFile.text), root: parsed.root };
    }
  } catch {
    // An unparsable body: everything lands on the request line.
  }
  return null;
}

function nodePlace(doc: BodyDoc, node: JsonNode, exact: boolean): Place {
  return { file: doc.file, range: doc.lines.range(node.offset, node.offset + node.length), exact };
}

// The value node at `segments` under `from`, or the deepest node reached and how many segments matched.
function walk(from: JsonNode, segments: string[]): { node: JsonNode; matched: number } {
  let node = from;
  let matched = 0;
  for (const seg of segments) {
    const next = nodeAtPointer(node, joinPointer([seg]));
    if (!next) break;
    node = next;
    matched++;
  }
  return { node, matched };
}

function placeForField(f: FieldError, doc: BodyDoc | null, src: ResponseSource, fileLines: LineIndex): Place | null {
  const loc = f.location ?? 'body';
  if (loc === 'header') {
    const name = fieldTokens(f.pointer)[0]?.toLowerCase();
    const h = name ? src.request.headers.find((x) => x.name.value.toLowerCase() === name) : undefined;
    return h ? { file: src.filePath, range: h.range, exact: true } : null;
  }
  if (loc === 'query') return placeForQuery(fieldTokens(f.pointer)[0], src, fileLines);
  if (loc !== 'body' || !doc?.root) return null;
  const segs = fieldTokens(f.pointer);
  if (segs.length === 0) return null;
  const { node, matched } = walk(doc.root, segs);
  if (matched === segs.length) return nodePlace(doc, node, true);
  // A missing field inside a present object: its parent's key shows where it belongs.
  if (matched > 0) {
    const parent = node.parent?.type === 'property' ? keyNode(node.parent) : node;
    return nodePlace(doc, parent, false);
  }
  return null;
}

function placeForQuery(name: string | undefined, src: ResponseSource, fileLines: LineIndex): Place | null {
  if (!name) return null;
  const url = src.request.url;
  // Only when the URL is written on one line, so offsets in its value are offsets in the file.
  if (url.end - url.start !== url.value.length) return null;
  const re = new RegExp(`[?&](${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(=[^&#]*)?`);
  const m = re.exec(url.value);
  if (!m) return null;
  const start = url.start + m.index + 1;
  return { file: src.filePath, range: fileLines.range(start, start + m[0].length - 1), exact: true };
}

function itemsArray(root: JsonNode, wrappers: readonly string[]): JsonNode | null {
  if (root.type === 'array') return root;
  if (root.type !== 'object') return null;
  for (const key of [...wrappers, ...ITEM_WRAPPERS]) {
    const n = nodeAtPointer(root, joinPointer([key]));
    if (n?.type === 'array') return n;
  }
  for (const p of root.children ?? []) {
    const v = p.children?.[1];
    if (v?.type === 'array' && v.children?.some((c) => c.type === 'object')) return v;
  }
  return null;
}

function placeForItem(it: ItemError, doc: BodyDoc | null, wrappers: readonly string[]): Place | null {
  if (!doc?.root) return null;
  const arr = itemsArray(doc.root, wrappers);
  const item = arr?.children?.[it.index];
  if (!item) return null;
  if (!it.pointer) return nodePlace(doc, item, true);
  const segs = fieldTokens(it.pointer);
  const { node, matched } = walk(item, segs);
  if (matched === segs.length) return nodePlace(doc, node, true);
  // The field is absent from that item: show the item itself.
  return nodePlace(doc, matched > 0 && node.parent?.type === 'property' ? keyNode(node.parent) : item, false);
}
