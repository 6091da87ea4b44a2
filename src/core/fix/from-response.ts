// Repairs chosen from a classified answer, as plain text edits on the request's source: the same
// edits the linter offers for the matching rule, aimed at the field the API named. When the answer
// names nothing that maps onto the request, no edit is guessed; a hint says what to check instead.
import type { Classification, ResponseSource } from '../classify';
import type { Fix, FileTextEdit } from '../findings';
import type { HttpRequest } from '../http/ast';
import { nodeAtPointer, parseJsonBody, type JsonNode } from '../http/json-body';
import { emailHash, isIso4217, isUuid, isWholeEmail } from '../profiles/formats';
import { LineIndex } from '../text/position';
import { findProperty, insertPropertyEdit, removePropertyEdit, replaceNodeEdit } from './json-edit';

/** What the profile of the answering API says about credentials, when a profile matched. */
export interface ResponseAuth {
  /** Header carrying the key; null when the documentation does not name it. */
  header: string | null;
  /** Variable the added header refers to, e.g. `scanovaApiKey`. */
  variable: string;
  /** Prefixes the key must not carry (`Bearer `), compared case-insensitively. */
  forbiddenPrefixes?: string[];
  /** Prefix every valid key starts with (`smk_`), for the hint. */
  keyPrefix?: string;
}

/** Inputs of `fixesFromResponse`. */
export interface ResponseFixInput {
  classification: Classification;
  source: ResponseSource;
  auth?: ResponseAuth | null;
  /** Documented most items per batch request; null: unknown (a 413 batch is then halved). */
  batchLimit?: number | null;
  /** Name of the API's idempotency header (default `Idempotency-Key`). */
  idempotencyHeader?: string;
  /** Makes a fresh idempotency key (default `crypto.randomUUID`). */
  newId?: () => string;
}

/** Fixes to offer as buttons and code actions, and what to check when there is none. */
export interface ResponseFixes {
  fixes: Fix[];
  /** Set when the answer names no field and no fix applies: what the user should look at. */
  checkHint: string | null;
}

interface Body {
  root: JsonNode;
  lines: LineIndex;
  /** Edits go to this file; undefined for the request's own file. */
  file: string | undefined;
}

function bodyOf(src: ResponseSource, lines: LineIndex): Body | null {
  const b = src.request.body;
  if (!b) return null;
  if (b.kind === 'inline' || b.kind === 'mixed') {
    const parsed = parseJsonBody(b.text.value, b.text.start);
    // Edits on broken JSON could land anywhere; the linter reports the syntax first.
    return parsed.root && !parsed.errors.length ? { root: parsed.root, lines, file: undefined } : null;
  }
  if (b.kind === 'file' && src.bodyFile) {
    const parsed = parseJsonBody(src.bodyFile.text, 0);
    return parsed.root && !parsed.errors.length ? { root: parsed.root, lines: new LineIndex(src.bodyFile.text), file: src.bodyFile.path } : null;
  }
  return null;
}

function withFile(e: { range: FileTextEdit['range']; newText: string }, file: string | undefined): FileTextEdit {
  return file ? { ...e, file } : e;
}

function headerOf(req: HttpRequest, name: string): HttpRequest['headers'][number] | undefined {
  const n = name.toLowerCase();
  return req.headers.find((h) => h.name.value.toLowerCase() === n);
}

// Keys under which bulk endpoints take their items (as the classifier's source mapping uses).
const ITEM_WRAPPERS = ['items', 'data', 'codes', 'qr_codes', 'qrs', 'events', 'requests', 'batch', 'records', 'entries', 'products'];

/** The array of items in a bulk body: the body itself, or the array under a wrapper key. */
export function itemsArrayOf(root: JsonNode): JsonNode | null {
  if (root.type === 'array') return root;
  if (root.type !== 'object') return null;
  for (const key of ITEM_WRAPPERS) {
    const n = nodeAtPointer(root, `/${key}`);
    if (n?.type === 'array') return n;
  }
  for (const p of root.children ?? []) {
    const v = p.children?.[1];
    if (v?.type === 'array' && v.children?.some((c) => c.type === 'object')) return v;
  }
  return null;
}

function lastSegment(pointer: string): string {
  const segs = pointer.split('/');
  return (segs[segs.length - 1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

function parentPointer(pointer: string): string {
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

function placeholderFor(key: string): string {
  return /url|uri|link|href/i.test(key) ? '"https://"' : '""';
}

/**
 * The fix for one field the API rejected, located at `node` (the value) under `scope` (the body or one
 * bulk item); `pointer` is relative to `scope`. Null when the value's problem has no mechanical repair.
 */
function fieldFix(body: Body, scope: JsonNode, pointer: string, message: string, where: string): Fix | null {
  const key = lastSegment(pointer);
  const node = nodeAtPointer(scope, pointer);
  const file = body.file;
  if (!node) {
    if (!/required|missing|must be (provided|present)|may not be null/i.test(message)) return null;
    const parent = nodeAtPointer(scope, parentPointer(pointer));
    if (!parent || parent.type !== 'object' || !key) return null;
    return {
      title: `Insert "${key}"${where}`,
      kind: 'suggestion',
      isPreferred: true,
      edits: [withFile(insertPropertyEdit(body.lines, parent, key, placeholderFor(key)), file)],
    };
  }
  if (node.type !== 'string' || typeof node.value !== 'string') return null;
  const value = node.value;
  if (isWholeEmail(value) && (key.toLowerCase() === 'email' || /\/properties\//.test(pointer) || /e-?mail|hash|pii/i.test(message))) {
    return piiFix(body, scope, node, value, where);
  }
  if ((/uuid/i.test(message) || /(^|_)(session_)?id$/i.test(key)) && !isUuid(value)) {
    return { title: `Use {{$uuid}} for ${key}${where}`, kind: 'safe', isPreferred: true, edits: [withFile(replaceNodeEdit(body.lines, node, '"{{$uuid}}"'), file)] };
  }
  if ((/4217|currency/i.test(message) || key.toLowerCase() === 'currency') && /^[a-zA-Z]{3}$/.test(value) && value !== value.toUpperCase() && isIso4217(value.toUpperCase())) {
    const up = value.toUpperCase();
    return { title: `Upper-case ${key} to "${up}"${where}`, kind: 'safe', isPreferred: true, edits: [withFile(replaceNodeEdit(body.lines, node, JSON.stringify(up)), file)] };
  }
  if (/https?:\/\//i.test(message) && value && !/^[a-z][a-z0-9+.-]*:/i.test(value) && !value.includes('{{')) {
    return { title: `Prefix ${key} with https://${where}`, kind: 'suggestion', edits: [withFile(replaceNodeEdit(body.lines, node, JSON.stringify(`https://${value}`)), file)] };
  }
  return null;
}

// The linter's body/pii-email repair: drop the raw address, send `user_identifiers.email_hash` instead.
// Where the raw key sits in the very object that gets the hash, one replacement does both (no overlapping edits).
function piiFix(body: Body, scope: JsonNode, node: JsonNode, address: string, where: string): Fix | null {
  const prop = node.parent?.type === 'property' ? node.parent : null;
  if (!prop || scope.type !== 'object') return null;
  const hash = JSON.stringify(emailHash(address));
  const file = body.file;
  const title = `Replace the raw e-mail with user_identifiers.email_hash${where}`;
  const replaceProp = (text: string): Fix => ({ title, kind: 'pii', isPreferred: true, edits: [withFile({ range: body.lines.range(prop.offset, prop.offset + prop.length), newText: text }, file)] });
  const ids = findProperty(scope, 'user_identifiers')?.children?.[1];
  if (ids && ids.type !== 'object') return null;
  if (ids) {
    const existing = findProperty(ids, 'email_hash')?.children?.[1];
    if (prop.parent === ids) return existing ? null : replaceProp(`"email_hash": ${hash}`);
    const add = existing ? replaceNodeEdit(body.lines, existing, hash) : insertPropertyEdit(body.lines, ids, 'email_hash', hash);
    return { title, kind: 'pii', isPreferred: true, edits: [withFile(removePropertyEdit(body.lines, prop), file), withFile(add, file)] };
  }
  if (prop.parent === scope) return replaceProp(`"user_identifiers": { "email_hash": ${hash} }`);
  return {
    title,
    kind: 'pii',
    isPreferred: true,
    edits: [withFile(removePropertyEdit(body.lines, prop), file), withFile(insertPropertyEdit(body.lines, scope, 'user_identifiers', `{ "email_hash": ${hash} }`), file)],
  };
}

function authFixes(src: ResponseSource, lines: LineIndex, auth: ResponseAuth | null | undefined): Fix[] {
  const req = src.request;
  if (!auth?.header) return [];
  const h = headerOf(req, auth.header);
  if (h) {
    const v = h.value.value;
    for (const p of auth.forbiddenPrefixes ?? []) {
      if (v.toLowerCase().startsWith(p.toLowerCase())) {
        return [{ title: `Strip "${p.trim()}" from ${h.name.value}`, kind: 'safe', isPreferred: true, edits: [{ range: lines.range(h.value.start, h.value.start + p.length), newText: '' }] }];
      }
    }
    return [];
  }
  // A new header goes after the last one, or right after the request line.
  const after = req.headers.length ? req.headers[req.headers.length - 1].range.end : req.url.range.end;
  const eol = src.fileText.includes('\r\n') ? '\r\n' : '\n';
  return [{ title: `Add ${auth.header}: {{${auth.variable}}}`, kind: 'suggestion', isPreferred: true, edits: [{ range: { start: after, end: after }, newText: `${eol}${auth.header}: {{${auth.variable}}}` }] }];
}

function httpsFix(src: ResponseSource, lines: LineIndex): Fix | null {
  const url = src.request.url;
  if (!/^http:\/\//i.test(url.value) || src.fileText.slice(url.start, url.start + 7).toLowerCase() !== 'http://') return null;
  return { title: 'Switch to https://', kind: 'safe', isPreferred: true, edits: [{ range: lines.range(url.start, url.start + 7), newText: 'https://' }] };
}

function idempotencyFix(src: ResponseSource, lines: LineIndex, header: string, newId: () => string): Fix | null {
  const h = headerOf(src.request, header);
  if (!h) return null;
  const id = newId();
  return { title: `Use a fresh ${h.name.value}`, kind: 'safe', isPreferred: true, edits: [{ range: lines.range(h.value.start, h.value.end), newText: id }] };
}

/**
 * The 413 repair for a batch: the request is repeated once per chunk of at most `limit` items
 * (half the batch when the limit is unknown), each with the same request line and headers.
 */
function splitBatchFix(src: ResponseSource, lines: LineIndex, limit: number | null | undefined): Fix | null {
  const req = src.request;
  const b = req.body;
  if (!b || b.kind !== 'inline') return null;
  const parsed = parseJsonBody(b.text.value, b.text.start);
  if (!parsed.root || parsed.errors.length) return null;
  const arr = itemsArrayOf(parsed.root);
  const items = arr?.children ?? [];
  if (!arr || items.length < 2) return null;
  const size = limit && limit > 0 ? Math.floor(limit) : Math.ceil(items.length / 2);
  if (size >= items.length) return null;
  const text = src.fileText;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const blockStart = lines.offsetAt(req.range.start);
  const head = text.slice(blockStart, b.text.start);
  const bodyBefore = text.slice(b.text.start, arr.offset);
  const bodyAfter = text.slice(arr.offset + arr.length, b.text.end);
  const indent = /\n([ \t]*)\S[^\n]*$/.exec(text.slice(b.text.start, items[0].offset))?.[1] ?? '  ';
  const closeIndent = /\n([ \t]*)$/.exec(text.slice(items[items.length - 1].offset + items[items.length - 1].length, arr.offset + arr.length - 1))?.[1] ?? '';
  const chunks: string[] = [];
  for (let i = 0; i < items.length; i += size) {
    const part = items.slice(i, i + size).map((n) => text.slice(n.offset, n.offset + n.length));
    chunks.push(`[${eol}${indent}${part.join(`,${eol}${indent}`)}${eol}${closeIndent}]`);
  }
  const nameRe = /^([ \t]*(?:#|\/\/)[ \t]*@name[ \t]*=?[ \t]*)(\S+)/m;
  const blocks = chunks.map((c, i) => {
    const h = i === 0 ? head : head.replace(nameRe, (_m, pre: string, name: string) => `${pre}${name}_${i + 1}`);
    return `${h}${bodyBefore}${c}${bodyAfter}`;
  });
  const first = blocks[0];
  const rest = blocks.slice(1).map((blk) => `${eol}${eol}###${eol}${blk}`).join('');
  return {
    title: `Split the batch into ${chunks.length} requests of at most ${size} items`,
    kind: 'suggestion',
    edits: [{ range: lines.range(blockStart, b.text.end), newText: first + rest }],
  };
}

/** What to check for an error answer that names no field and has no repair. */
export function whatToCheck(c: Classification, auth?: ResponseAuth | null): string | null {
  const header = auth?.header ?? 'credential';
  switch (c.category) {
    case 'validation':
      return 'The answer names no field: check the documented required fields and value formats for this endpoint, and that Content-Type matches the body.';
    case 'invalid-json':
      return 'Check that the body is valid JSON once {{variables}} are filled in, and that Content-Type is application/json.';
    case 'authentication':
      return `Check that the ${header} header is present and holds the current, unrevoked key${auth?.keyPrefix ? ` (keys start with ${auth.keyPrefix})` : ''}, and that the environment defines it.`;
    case 'permission':
      return "Check that the key's account may do this: its role, whether it owns the resource, and whether your plan includes the feature.";
    case 'plan-limit':
      return "Check your plan's caps against the values sent (sizes, DPI, logos, bulk, monthly quota); lower them or upgrade.";
    case 'not-found':
      return 'Check the id in the URL: that it exists and belongs to this account or company.';
    case 'conflict':
      return 'Check for a reused Idempotency-Key with a different body, or a value that must be unique (such as a SKU) already in use.';
    case 'payload-too-large':
      return 'Reduce the body: split the batch into smaller requests or shrink the largest fields.';
    case 'https-required':
      return 'Use https:// for this API; if the URL comes from a variable, change it in the environment.';
    case 'redirect':
      return c.location ? `The answer points to ${c.location}; update the URL or follow redirects.` : null;
    default:
      return null;
  }
}

/**
 * Chooses the repairs for a classified answer on the request that caused it. Pure: reads only its
 * inputs; every edit is 0-based in the request's file (or in the `< file` body when `file` is set).
 */
export function fixesFromResponse(input: ResponseFixInput): ResponseFixes {
  const c = input.classification;
  const src = input.source;
  const lines = src.lines ?? new LineIndex(src.fileText);
  const fixes: Fix[] = [];
  const status = c.status;
  try {
    if (c.category === 'authentication' || (c.category === 'permission' && status === 403)) {
      fixes.push(...authFixes(src, lines, input.auth));
    }
    if (c.category === 'https-required' || status === 426) {
      const f = httpsFix(src, lines);
      if (f) fixes.push(f);
    }
    if (c.category === 'conflict' && status === 409) {
      const f = idempotencyFix(src, lines, input.idempotencyHeader ?? 'Idempotency-Key', input.newId ?? (() => globalThis.crypto.randomUUID()));
      if (f) fixes.push(f);
    }
    if (c.category === 'payload-too-large' || status === 413) {
      const f = splitBatchFix(src, lines, input.batchLimit);
      if (f) fixes.push(f);
    }
    if (c.fieldErrors.length || c.itemErrors.length) {
      const body = bodyOf(src, lines);
      if (body) {
        for (const fe of c.fieldErrors) {
          if (fe.location && fe.location !== 'body') continue;
          const f = fieldFix(body, body.root, fe.pointer, fe.message, '');
          if (f) fixes.push(f);
        }
        const items = itemsArrayOf(body.root);
        for (const it of c.itemErrors) {
          const item = items?.children?.[it.index];
          if (!item || it.pointer === null) continue;
          const f = fieldFix(body, item, it.pointer, it.message, ` in item ${it.index}`);
          if (f) fixes.push(f);
        }
      }
    }
  } catch {
    // A repair is a convenience: an unexpected shape means no fix, never a failure of the panel.
  }
  // One fix per title: an API may report the same field twice (two messages for `url`).
  const unique = fixes.filter((f, i) => fixes.findIndex((g) => g.title === f.title) === i);
  const namesField = c.fieldErrors.length > 0 || c.itemErrors.length > 0;
  return { fixes: unique, checkHint: unique.length || namesField ? null : whatToCheck(c, input.auth) };
}
