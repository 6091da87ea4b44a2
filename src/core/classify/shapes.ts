// Reads the API's own code, message, field errors and item errors out of the error-body shapes
// real APIs use. Pure functions over already-parsed JSON (or text); nothing here throws.
import { joinPointer } from '../text/json-pointer';
import { awsTypeCode, categoryForCode, categoryForStatusLike, isErrorClassType } from './codes';
import { dottedSegments, pointerForField } from './pointer';
import type { BodyShape, ErrorCategory, FieldError, ItemError } from './types';

/** Bulk-answer counters, when the body reports them. */
export interface BulkInfo {
  created: number | null;
  failed: number | null;
  total: number | null;
  /** QR Studio: how many items were rendered before the batch stopped. */
  renderedBeforeFailure: number | null;
}

/** What the body says, independent of the status. */
export interface Extracted {
  shape: BodyShape;
  code: string | null;
  message: string | null;
  fieldErrors: FieldError[];
  itemErrors: ItemError[];
  requestId: string | null;
  /** A wait the body asks for, in ms (DRF throttle text, Google RetryInfo, `retry_after`). */
  retryHintMs: number | null;
  bulk: BulkInfo | null;
  /** A category the body itself implies (GraphQL over 200, Stripe error types); the status usually decides. */
  categoryHint: ErrorCategory | null;
  /** The body reports a failure even when the status is 2xx (`ok: false`, an XML `<Error>`, GraphQL errors without data). */
  failed: boolean;
  notes: string[];
}

type Obj = Record<string, unknown>;

const MAX_MESSAGE = 500;
const MAX_ERRORS = 1000;

/** An empty extraction with the given shape. */
export function emptyExtracted(shape: BodyShape): Extracted {
  return { shape, code: null, message: null, fieldErrors: [], itemErrors: [], requestId: null, retryHintMs: null, bulk: null, categoryHint: null, failed: false, notes: [] };
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | null {
  if (typeof v === 'string') {
    const t = v.trim();
    return t === '' ? null : t;
  }
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

/** Collapses whitespace and caps the length of a message for one-line display. */
export function tidy(s: string): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > MAX_MESSAGE ? `${t.slice(0, MAX_MESSAGE - 1)}…` : t;
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) return Number(v);
  return null;
}

// Seconds as APIs write them in bodies: 5, 64.57, "1.5".
function seconds(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v === 'string' && /^\s*\d{1,9}(\.\d{1,6})?\s*$/.test(v)) return Number(v);
  return null;
}

/** The API's machine code from the keys APIs use for it (`code`, `error_code`, `errorCode`, AWS `__type`); a number equal to the status is not a code. */
function codeOf(o: Obj, status?: number): string | null {
  for (const k of ['code', 'error_code', 'errorCode', 'ErrorCode', 'Code']) {
    const v = o[k];
    if (typeof v === 'number' && v === status) continue;
    const s = str(v);
    if (s) return s;
  }
  return awsTypeCode(str(o.__type));
}

const REQUEST_ID_KEYS = ['request_id', 'requestId', 'requestID', 'RequestId', 'request-id', 'x-request-id', 'trace_id', 'traceId', 'correlation_id', 'correlationId', 'debug_id', 'errorId'];

function requestIdIn(o: Obj | null | undefined): string | null {
  if (!o) return null;
  for (const k of REQUEST_ID_KEYS) {
    const v = str(o[k]);
    if (v) return v;
  }
  return null;
}

// DRF's throttle text ("Expected available in 60 seconds."), and a few common spellings.
const BODY_WAIT = /\b(?:available in|try again in|retry in|retry after|wait)\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)\b/i;

/** A wait in ms named in a free-text message, or null. */
export function waitInText(text: string | null): number | null {
  if (!text) return null;
  const m = BODY_WAIT.exec(text);
  if (!m) return null;
  const n = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (unit.startsWith('ms') || unit.startsWith('milli')) return Math.round(n);
  if (unit.startsWith('m')) return Math.round(n * 60_000);
  return Math.round(n * 1000);
}

function durationString(v: unknown): number | null {
  // Google's protobuf Duration as JSON: "12s", "1.5s".
  if (typeof v === 'string') {
    const m = /^(\d+(?:\.\d+)?)s$/.exec(v.trim());
    return m ? Math.round(Number(m[1]) * 1000) : null;
  }
  if (isObj(v)) {
    const s = num(v.seconds) ?? 0;
    const n = num(v.nanos) ?? 0;
    return s || n ? Math.round(s * 1000 + n / 1e6) : null;
  }
  return null;
}

const IDENT_AT_START = /^([a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z][A-Za-z0-9]*(?:\.[A-Za-z_]\w*)+)\s*(?:[<>]=?|!=|=|:|\bmust\b|\bis\b|\bshould\b|\bhas\b|\bcannot\b|\bcan't\b|\bmay\b|\bexceeds?\b|\bnot\b|\binvalid\b|\brequired\b)/;
const WORD_COMPARE = /^([a-z][a-z0-9]*)\s*(?:[<>]=?|!=)\s*/;

/** A JSON pointer for the field a free-text item message starts with ("size_inches > plan max (8)" → `/size_inches`), or null. */
export function pointerFromMessage(message: string): string | null {
  const m = IDENT_AT_START.exec(message) ?? WORD_COMPARE.exec(message);
  return m ? pointerForField(m[1]) : null;
}

// ---------------------------------------------------------------- field dicts (DRF, QR Studio, Scantrust)

/** True for `{ field: ["msg"] | "msg" | {nested} }` bodies: every value is message-ish, none a number/boolean/null. */
export function looksLikeFieldDict(o: Obj, depth = 0): boolean {
  const keys = Object.keys(o);
  if (keys.length === 0 || depth > 8) return false;
  for (const k of keys) {
    const v = o[k];
    if (typeof v === 'string') continue;
    if (Array.isArray(v)) {
      if (v.every((e) => typeof e === 'string' || (isObj(e) && (Object.keys(e).length === 0 || looksLikeFieldDict(e, depth + 1) || isErrorDetail(e))))) continue;
      return false;
    }
    if (isObj(v) && (looksLikeFieldDict(v, depth + 1) || isErrorDetail(v))) continue;
    return false;
  }
  return true;
}

function isErrorDetail(o: Obj): boolean {
  // DRF's ErrorDetail serialised with its code: { "message": "…", "code": "required" }.
  return typeof o.message === 'string' && Object.keys(o).every((k) => k === 'message' || k === 'code' || k === 'string');
}

// `_errors` is the marker Zod's format() and Discord put beside nested fields: the messages of the object itself.
const NON_FIELD_KEYS = new Set(['non_field_errors', '__all__', '_schema', '_global', '_errors']);

/** Keys that make up an error envelope; never field names, never part of a pointer. */
const ENVELOPE_KEYS = new Set(['message', 'error', 'errors', 'detail', 'details', 'code', 'error_code', 'errorCode', 'error_message', 'errorMessage', 'errorSummary', 'description', 'error_description', 'title', 'status', 'type', 'documentation_url', 'more_info', 'ok', 'success']);

/** Collects field errors from a DRF-style dict; messages under `non_field_errors` at the top go to `general`. */
export function collectFieldDict(o: Obj, prefix: Array<string | number>, out: FieldError[], general: string[], splitDots = false): void {
  // Real field errors nest a few levels; a pathological body must not exhaust the stack.
  if (prefix.length > 32) return;
  for (const [k, v] of Object.entries(o)) {
    if (out.length >= MAX_ERRORS) return;
    if (NON_FIELD_KEYS.has(k)) {
      const msgs = messagesOf(v);
      if (prefix.length === 0) general.push(...msgs);
      else for (const m of msgs) out.push({ pointer: joinPointer(prefix), message: m });
      continue;
    }
    // Laravel and similar name nested fields with dots ("items.0.qty"); DRF keys never contain them.
    collectFieldValue(v, splitDots && k.includes('.') ? [...prefix, ...dottedSegments(k)] : [...prefix, k], out, general);
  }
}

function collectFieldValue(v: unknown, path: Array<string | number>, out: FieldError[], general: string[]): void {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') {
    out.push({ pointer: joinPointer(path), message: tidy(String(v)) });
  } else if (Array.isArray(v)) {
    v.forEach((e, i) => {
      if (typeof e === 'string') out.push({ pointer: joinPointer(path), message: tidy(e) });
      else if (isObj(e) && isErrorDetail(e)) out.push({ pointer: joinPointer(path), message: tidy(String(e.message)), ...(str(e.code) ? { code: str(e.code)! } : {}) });
      // A list serializer answers one dict per submitted item; empty dicts are the valid ones.
      else if (isObj(e)) collectFieldDict(e, [...path, i], out, general);
    });
  } else if (isObj(v)) {
    if (isErrorDetail(v)) out.push({ pointer: joinPointer(path), message: tidy(String(v.message)), ...(str(v.code) ? { code: str(v.code)! } : {}) });
    else collectFieldDict(v, path, out, general);
  }
}

function messagesOf(v: unknown): string[] {
  if (typeof v === 'string') return [tidy(v)];
  if (Array.isArray(v)) return v.flatMap((e) => (typeof e === 'string' ? [tidy(e)] : isObj(e) && typeof e.message === 'string' ? [tidy(e.message)] : []));
  if (isObj(v) && typeof v.message === 'string') return [tidy(v.message)];
  return [];
}

// ---------------------------------------------------------------- the shapes

/**
 * Extracts what a parsed JSON error body says. `status` matters only to avoid reading a success
 * body (`{"name": "My QR"}`) as a field-error dict; `problem` is true for `application/problem+json`.
 */
export function extractJson(v: unknown, status: number, problem: boolean): Extracted {
  if (Array.isArray(v)) return extractTopArray(v, status);
  if (!isObj(v)) {
    const ex = emptyExtracted('json');
    const s = str(v);
    if (s && status >= 400) ex.message = tidy(s);
    return ex;
  }
  const o = v;
  let ex: Extracted;
  if (o.ok === false || o.success === false) ex = extractOkFalse(o, status);
  else if (o.errors === true && Array.isArray(o.items)) ex = extractBulkItems(o, o.items);
  else if (problem || looksLikeProblem(o)) ex = extractProblem(o);
  else if (Array.isArray(o.errors) && o.errors.some(isObj)) ex = extractErrorsArray(o, o.errors);
  else if (isObj(o.errors) && Object.keys(o.errors).length > 0 && Object.keys(o.errors).every((k) => /^\d+$/.test(k))) ex = extractBulkKeyed(o, o.errors);
  else if (isObj(o.error)) ex = extractErrorObject(o, o.error);
  else if ('error_code' in o || 'error_message' in o || 'errorSummary' in o || ('errorCode' in o && !('message' in o))) ex = extractErrorCode(o);
  else if (Array.isArray(o.detail)) ex = extractDetailList(o, o.detail);
  else if (typeof o.detail === 'string' || isObj(o.detail)) ex = extractDetail(o);
  else if (typeof o.error === 'string' || typeof o.message === 'string' || typeof o.Message === 'string' || typeof o.msg === 'string' || typeof o.error_description === 'string' || typeof o.errorMessage === 'string') ex = extractMessageEnvelope(o, status);
  // Rails and friends: { "errors": { "email": ["can't be blank"] } } with no message beside it.
  else if (isObj(o.errors) && looksLikeFieldDict(o.errors)) ex = extractMessageEnvelope(o, status);
  // GitLab: { "message": { "name": ["has already been taken"] } }: the envelope key is not a field.
  else if (isObj(o.message) && looksLikeFieldDict(o.message)) {
    ex = extractFieldDict(o.message);
    ex.shape = 'message';
  } else if (status >= 400 && !Object.keys(o).some((k) => ENVELOPE_KEYS.has(k)) && looksLikeFieldDict(o)) ex = extractFieldDict(o);
  else {
    ex = emptyExtracted('json');
    if (Array.isArray(o.errors) && o.errors.every((e) => typeof e === 'string') && o.errors.length) {
      ex.message = tidy((o.errors).join('; '));
      ex.shape = 'message';
    }
    if (status >= 400) ex.code = codeOf(o, status);
  }
  ex.requestId ??= requestIdIn(o) ?? (isObj(o.meta) ? requestIdIn(o.meta) : null);
  if (ex.retryHintMs === null) {
    const inner = isObj(o.error) ? o.error : isObj(o.parameters) ? o.parameters : null;
    const ra = seconds(o.retry_after) ?? seconds(o.retryAfter) ?? (inner ? seconds(inner.retry_after) ?? seconds(inner.retryAfter) : null);
    if (ra !== null) ex.retryHintMs = Math.round(ra * 1000);
    else ex.retryHintMs = waitInText(ex.message);
  }
  return ex;
}

// Slack, Telegram and Cloudflare answer `{ "ok": false, … }` / `{ "success": false, … }`, Slack and Telegram often with 200.
function extractOkFalse(o: Obj, status: number): Extracted {
  let ex: Extracted;
  if (Array.isArray(o.errors) && o.errors.some(isObj)) {
    ex = extractErrorsArray(o, o.errors);
  } else {
    ex = emptyExtracted('error-envelope');
    const errStr = str(o.error);
    const statusLike = typeof o.error_code === 'number' ? o.error_code : null;
    ex.code = (isObj(o.error) ? codeOf(o.error) : errStr) ?? (statusLike === null ? codeOf(o, status) : null);
    const desc = str(o.description) ?? str(o.message) ?? str(o.detail) ?? (isObj(o.error) ? str(o.error.message) : null);
    ex.message = desc ? tidy(desc) : errStr ? tidy(errStr) : null;
    const meta = isObj(o.response_metadata) && Array.isArray(o.response_metadata.messages) ? o.response_metadata.messages.filter((m): m is string => typeof m === 'string') : [];
    if (meta.length) ex.message = tidy(`${ex.message ?? 'error'}: ${meta.slice(0, 3).join('; ')}`);
    if (statusLike !== null) ex.categoryHint = categoryForStatusLike(statusLike);
  }
  ex.categoryHint ??= categoryForCode(ex.code) ?? 'validation';
  ex.failed = true;
  return ex;
}

// Elasticsearch/OpenSearch `_bulk`: `{ "errors": true, "items": [{ "index": { "status": 400, "error": {…} } }] }`.
function extractBulkItems(o: Obj, items: unknown[]): Extracted {
  const ex = emptyExtracted('bulk-list');
  let ok = 0;
  items.forEach((it, index) => {
    if (ex.itemErrors.length >= MAX_ERRORS || !isObj(it)) return;
    const keys = Object.keys(it);
    const action = keys.length === 1 && isObj(it[keys[0]]) ? (it[keys[0]] as Obj) : it;
    const err = action.error;
    if (err === undefined || err === null) {
      ok++;
      return;
    }
    const e = isObj(err) ? err : {};
    const msg = str(e.reason) ?? str(e.message) ?? str(err) ?? 'item failed';
    const code = str(e.type) ?? str(e.code);
    ex.itemErrors.push({ index, pointer: null, message: tidy(msg), ...(code ? { code } : {}) });
  });
  ex.bulk = { created: ok, failed: ex.itemErrors.length, total: items.length, renderedBeforeFailure: null };
  ex.message = bulkSummary(ex);
  return ex;
}

function extractTopArray(v: unknown[], status: number): Extracted {
  const ex = emptyExtracted('json');
  if (status < 400 && !v.some((e) => isObj(e) && ('errors' in e || 'error' in e))) return ex;
  if (v.length && v.every((e) => typeof e === 'string')) {
    // DRF raises a plain list for a ValidationError with no field.
    ex.shape = 'message';
    ex.message = tidy((v).join('; '));
    return ex;
  }
  if (v.some(isObj)) {
    // A list of GraphQL-like or {field,message} errors at the top.
    const inner = extractErrorsArray({}, v);
    return inner;
  }
  return ex;
}

function looksLikeProblem(o: Obj): boolean {
  // RFC 9457 members; `title` plus `status` or `type` is distinctive enough.
  return typeof o.title === 'string' && (typeof o.status === 'number' || typeof o.type === 'string') && !('error' in o);
}

function extractProblem(o: Obj): Extracted {
  const ex = emptyExtracted('problem');
  const type = str(o.type);
  ex.code = str(o.code) ?? str(o.error_code) ?? (type && type !== 'about:blank' ? type : null);
  const detail = str(o.detail);
  const title = str(o.title);
  ex.message = detail ? tidy(title && !detail.toLowerCase().includes(title.toLowerCase()) && detail.length < 120 ? `${title}: ${detail}` : detail) : title ? tidy(title) : null;
  const errs = o.errors;
  if (Array.isArray(errs)) {
    for (const e of errs) {
      if (ex.fieldErrors.length >= MAX_ERRORS) break;
      if (!isObj(e)) {
        if (typeof e === 'string') ex.fieldErrors.push({ pointer: '', message: tidy(e) });
        continue;
      }
      const msg = str(e.detail) ?? str(e.message) ?? str(e.title) ?? str(e.reason) ?? 'invalid';
      const pointer = str(e.pointer) ?? (isObj(e.source) ? str(e.source.pointer) : null);
      const field = str(e.field) ?? str(e.name) ?? str(e.property) ?? str(e.propertyPath);
      const p = pointer !== null ? normalisePointer(pointer) : field !== null ? pointerForField(field) : null;
      if (p !== null) ex.fieldErrors.push({ pointer: p, message: tidy(msg), ...(str(e.code) ? { code: str(e.code)! } : {}) });
      else ex.notes.push(`problem detail error without a pointer: ${tidy(msg)}`);
    }
  } else if (isObj(errs)) {
    // ASP.NET ValidationProblemDetails: { "errors": { "Name": ["…"] } }.
    const general: string[] = [];
    collectFieldDict(errs, [], ex.fieldErrors, general);
  }
  const invalid = o['invalid-params'] ?? o.invalid_params ?? o.invalidParams;
  if (Array.isArray(invalid)) {
    for (const e of invalid) {
      if (!isObj(e)) continue;
      const name = str(e.name) ?? str(e.pointer) ?? str(e.field);
      if (name) ex.fieldErrors.push({ pointer: name.startsWith('/') || name.startsWith('#/') ? normalisePointer(name) : pointerForField(name), message: tidy(str(e.reason) ?? str(e.detail) ?? str(e.message) ?? 'invalid') });
    }
  }
  return ex;
}

function normalisePointer(p: string): string {
  const t = p.startsWith('#') ? p.slice(1) : p;
  if (t === '' || t.startsWith('/')) return t;
  return pointerForField(t);
}

function extractErrorsArray(o: Obj, errors: unknown[]): Extracted {
  const objs = errors.filter(isObj);
  if (objs.some((e) => typeof e.index === 'number' || (typeof e.index === 'string' && /^\d+$/.test(e.index)))) return extractBulkList(o, errors);
  // Square's `{ category, code, detail, field }` is not JSON:API though it has `detail`.
  if (objs.some((e) => isObj(e.source) || ('title' in e && !('message' in e)) || ('detail' in e && !('message' in e) && !('field' in e) && !('category' in e)))) return extractJsonApi(errors);
  if ('data' in o || objs.some((e) => 'path' in e || 'locations' in e || isObj(e.extensions))) return extractGraphql(o, errors);
  // Generic: { message, errors: [{ field, message }] }, Salesforce's top-level [{ errorCode, message, fields: [..] }].
  const ex = emptyExtracted('error-envelope');
  ex.code = codeOf(o);
  ex.message = str(o.message) ? tidy(str(o.message)!) : null;
  for (const e of objs) {
    if (ex.fieldErrors.length >= MAX_ERRORS) break;
    const msg = str(e.message) ?? str(e.msg) ?? str(e.detail) ?? str(e.description) ?? str(e.reason) ?? str(e.error) ?? 'invalid';
    const code = codeOf(e);
    const withCode = (pointer: string): FieldError => ({ pointer, message: tidy(msg), ...(code ? { code } : {}) });
    const places = fieldPointers(e);
    if (Array.isArray(e.loc)) ex.fieldErrors.push(locError(e.loc, msg, str(e.type)));
    else if (places.length) for (const p of places) ex.fieldErrors.push(withCode(p));
    else if (!ex.message) ex.message = tidy(msg);
    ex.code ??= code;
  }
  if (!ex.message) ex.message = summariseFields(ex.fieldErrors);
  return ex;
}

/**
 * The pointers an error item names: `field` (a pointer as is, a dotted/bracket path, or Shopify's
 * segment list), `fields: [..]` (Salesforce), `param`, `property`, `path`, `name`, `pointer`, OData `target`.
 */
function fieldPointers(e: Obj): string[] {
  if (Array.isArray(e.field) && e.field.length && e.field.every((x) => typeof x === 'string' || typeof x === 'number')) {
    return [joinPointer(e.field.map((x) => (typeof x === 'string' && /^(0|[1-9]\d{0,8})$/.test(x) ? Number(x) : x)))];
  }
  if (Array.isArray(e.fields) && e.fields.length && e.fields.every((x) => typeof x === 'string')) return (e.fields).slice(0, 50).map(pointerForField);
  const field = str(e.field) ?? str(e.param) ?? str(e.property) ?? str(e.propertyPath) ?? str(e.path) ?? str(e.name) ?? str(e.pointer) ?? str(e.target);
  return field ? [pointerForField(field)] : [];
}

function extractBulkList(o: Obj, errors: unknown[]): Extracted {
  const ex = emptyExtracted('bulk-list');
  const seen = new Set<number>();
  for (const e of errors) {
    if (!isObj(e) || ex.itemErrors.length >= MAX_ERRORS) continue;
    const index = num(e.index);
    if (index === null) {
      const msg = str(e.message);
      if (msg) ex.notes.push(`bulk error without an index: ${tidy(msg)}`);
      continue;
    }
    seen.add(index);
    const subs = Array.isArray(e.errors) ? e.errors : Array.isArray(e.fields) ? e.fields : null;
    if (subs && subs.length) {
      for (const s of subs) {
        if (isObj(s)) {
          const field = str(s.field) ?? str(s.param) ?? str(s.path) ?? str(s.pointer);
          const msg = str(s.message) ?? str(s.msg) ?? str(s.detail) ?? 'invalid';
          ex.itemErrors.push({ index, pointer: field ? pointerForField(field) : pointerFromMessage(msg), message: tidy(msg), ...(str(s.code) ? { code: str(s.code)! } : {}) });
        } else if (typeof s === 'string') {
          ex.itemErrors.push({ index, pointer: pointerFromMessage(s), message: tidy(s) });
        }
      }
    } else {
      const errObj = isObj(e.error) ? e.error : e;
      const field = str(errObj.field) ?? str(errObj.param);
      const msg = str(errObj.message) ?? str(errObj.msg) ?? str(errObj.detail) ?? (typeof e.error === 'string' ? e.error : null) ?? 'item failed';
      ex.itemErrors.push({ index, pointer: field ? pointerForField(field) : pointerFromMessage(msg), message: tidy(msg), ...(str(errObj.code) ? { code: str(errObj.code)! } : {}) });
    }
  }
  const summary = isObj(o.summary) ? o.summary : null;
  const created = Array.isArray(o.created) ? o.created.length : num(o.created);
  ex.bulk = {
    created: summary ? num(summary.total_created) ?? num(summary.created) ?? created : created,
    failed: summary ? num(summary.total_failed) ?? num(summary.failed) ?? seen.size : seen.size,
    total: summary ? num(summary.total_submitted) ?? num(summary.total) : null,
    renderedBeforeFailure: null,
  };
  ex.code = isObj(o.error) ? str(o.error.code) : str(o.code);
  const msg = isObj(o.error) ? str(o.error.message) : str(o.message);
  ex.message = msg ? tidy(msg) : bulkSummary(ex);
  return ex;
}

function extractBulkKeyed(o: Obj, errors: Obj): Extracted {
  const ex = emptyExtracted('bulk-keyed');
  const indices = Object.keys(errors)
    .map(Number)
    .sort((a, b) => a - b);
  for (const index of indices) {
    if (ex.itemErrors.length >= MAX_ERRORS) break;
    const v = errors[String(index)];
    if (typeof v === 'string') ex.itemErrors.push({ index, pointer: pointerFromMessage(v), message: tidy(v) });
    else if (Array.isArray(v) && v.every((e) => typeof e === 'string')) for (const m of v) ex.itemErrors.push({ index, pointer: pointerFromMessage(m), message: tidy(m) });
    else if (isObj(v) || Array.isArray(v)) {
      const fields: FieldError[] = [];
      const general: string[] = [];
      if (isObj(v)) collectFieldDict(v, [], fields, general);
      else collectFieldValue(v, [], fields, general);
      for (const f of fields) ex.itemErrors.push({ index, pointer: f.pointer === '' ? null : f.pointer, message: f.message, ...(f.code ? { code: f.code } : {}) });
      for (const g of general) ex.itemErrors.push({ index, pointer: null, message: g });
    } else {
      ex.itemErrors.push({ index, pointer: null, message: 'item failed' });
    }
  }
  const rbf = num(o.rendered_before_failure);
  ex.bulk = { created: Array.isArray(o.created) ? o.created.length : num(o.created), failed: indices.length, total: null, renderedBeforeFailure: rbf };
  ex.code = str(o.code);
  ex.message = str(o.detail) ?? str(o.message) ? tidy((str(o.detail) ?? str(o.message))!) : bulkSummary(ex);
  return ex;
}

function bulkSummary(ex: Extracted): string {
  const items = [...new Set(ex.itemErrors.map((e) => e.index))];
  const first = ex.itemErrors[0];
  if (!first) return 'The bulk request reported errors without item details.';
  const list = items.length > 5 ? `${items.slice(0, 5).join(', ')} and ${items.length - 5} more` : items.join(', ');
  return tidy(`${items.length} item${items.length === 1 ? '' : 's'} failed (${list}); item ${first.index}: ${first.message}`);
}

function extractJsonApi(errors: unknown[]): Extracted {
  const ex = emptyExtracted('jsonapi');
  const general: string[] = [];
  for (const e of errors) {
    if (!isObj(e)) continue;
    ex.code ??= str(e.code);
    const msg = str(e.detail) ?? str(e.title) ?? str(e.message) ?? 'invalid';
    const src = isObj(e.source) ? e.source : null;
    const pointer = src ? str(src.pointer) : null;
    const param = src ? str(src.parameter) : null;
    const header = src ? str(src.header) : null;
    if (pointer !== null) ex.fieldErrors.push({ pointer: normalisePointer(pointer), message: tidy(msg), ...(str(e.code) ? { code: str(e.code)! } : {}) });
    else if (param) ex.fieldErrors.push({ pointer: joinPointer([param]), message: tidy(msg), location: 'query' });
    else if (header) ex.fieldErrors.push({ pointer: joinPointer([header]), message: tidy(msg), location: 'header' });
    else general.push(tidy(msg));
  }
  ex.message = general.length ? tidy(general.join('; ')) : summariseFields(ex.fieldErrors);
  return ex;
}

const GRAPHQL_CODES: Record<string, ErrorCategory> = {
  UNAUTHENTICATED: 'authentication',
  UNAUTHORIZED: 'authentication',
  FORBIDDEN: 'permission',
  BAD_USER_INPUT: 'validation',
  GRAPHQL_VALIDATION_FAILED: 'validation',
  GRAPHQL_PARSE_FAILED: 'validation',
  BAD_REQUEST: 'validation',
  NOT_FOUND: 'not-found',
  CONFLICT: 'conflict',
  RATE_LIMITED: 'rate-limited',
  THROTTLED: 'rate-limited',
  INTERNAL_SERVER_ERROR: 'server',
  SERVICE_UNAVAILABLE: 'unavailable',
};

function extractGraphql(o: Obj, errors: unknown[]): Extracted {
  const ex = emptyExtracted('graphql');
  const msgs: string[] = [];
  for (const e of errors) {
    if (!isObj(e)) continue;
    const msg = str(e.message) ?? 'error';
    msgs.push(msg);
    const ext = isObj(e.extensions) ? e.extensions : null;
    const code = ext ? str(ext.code) ?? str(ext.classification) : null;
    ex.code ??= code;
    // graphql-js: Variable "$input" got invalid value 9 at "input.size"; …: that is a request-body place.
    const vm = /Variable "\$([A-Za-z_]\w*)" got invalid value .*? at "([^"]+)"/.exec(msg);
    const vm2 = vm ? null : /Variable "\$([A-Za-z_]\w*)"/.exec(msg);
    if (vm) {
      const segs = dottedSegments(vm[2]);
      if (segs[0] === vm[1]) segs.shift();
      ex.fieldErrors.push({ pointer: joinPointer(['variables', vm[1], ...segs]), message: tidy(msg), ...(code ? { code } : {}) });
    } else if (vm2) {
      ex.fieldErrors.push({ pointer: joinPointer(['variables', vm2[1]]), message: tidy(msg), ...(code ? { code } : {}) });
    } else if (Array.isArray(e.path) && e.path.length) {
      ex.fieldErrors.push({ pointer: joinPointer(e.path.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number')), message: tidy(msg), location: 'response', ...(code ? { code } : {}) });
    }
  }
  ex.message = msgs.length === 1 ? tidy(msgs[0]) : msgs.length ? tidy(`${msgs.length} errors: ${msgs.slice(0, 3).join('; ')}`) : null;
  const hasData = isObj(o.data) && Object.values(o.data).some((v) => v !== null);
  ex.categoryHint = hasData ? 'partial-success' : ex.code ? GRAPHQL_CODES[ex.code.toUpperCase()] ?? 'validation' : 'validation';
  return ex;
}

function extractErrorObject(o: Obj, err: Obj): Extracted {
  if (typeof err.code === 'number' && (typeof err.status === 'string' || Array.isArray(err.details))) return extractGoogle(o, err);
  if (typeof err.type === 'string' && ('param' in err || 'decline_code' in err || 'doc_url' in err || /_error$/.test(err.type))) return extractStripe(err);
  const ex = emptyExtracted('error-envelope');
  const type = str(err.type);
  // OpenAI/Anthropic `type: "invalid_request_error"` is a class of error: a hint for the category, not the code.
  const typeIsClass = isErrorClassType(type);
  ex.code = codeOf(err) ?? (typeIsClass ? null : type) ?? str(err.name);
  if (typeIsClass) {
    ex.categoryHint = CLASS_TYPES[type!.toLowerCase()] ?? null;
    ex.notes.push(`error type: ${type}`);
  }
  const text = str(err.message) ?? str(err.reason) ?? str(err.detail) ?? str(err.description);
  ex.message = text ? tidy(text) : null;
  const fields = Array.isArray(err.fields) ? err.fields : Array.isArray(err.errors) ? err.errors : Array.isArray(err.details) ? err.details : null;
  if (fields) {
    for (const f of fields) {
      if (!isObj(f) || ex.fieldErrors.length >= MAX_ERRORS) continue;
      const msg = str(f.message) ?? str(f.msg) ?? str(f.description) ?? str(f.reason) ?? str(f.issue) ?? 'invalid';
      const code = codeOf(f) ?? str(f.issue);
      if (Array.isArray(f.loc)) ex.fieldErrors.push(locError(f.loc, msg, str(f.type)));
      else for (const p of fieldPointers(f)) ex.fieldErrors.push({ pointer: p, message: tidy(msg), ...(code ? { code } : {}) });
    }
  } else if (isObj(err.fields)) {
    const general: string[] = [];
    collectFieldDict(err.fields, [], ex.fieldErrors, general);
  } else if (!ex.code && !ex.message && looksLikeFieldDict(err)) {
    // `{ "error": { "email": ["is invalid"] } }`: the envelope key is not part of the pointer.
    collectFieldDict(err, [], ex.fieldErrors, []);
  }
  // OData/Graph: a `target` on the error itself names the field when no detail does.
  const target = str(err.target);
  if (target && !ex.fieldErrors.length && /^[A-Za-z_$][\w$]*(?:[.[][\w$\]'"]*)*$/.test(target)) ex.fieldErrors.push({ pointer: pointerForField(target), message: ex.message ?? 'invalid', ...(ex.code ? { code: ex.code } : {}) });
  ex.message ??= summariseFields(ex.fieldErrors);
  const inner = isObj(err.innererror) ? err.innererror : isObj(err.innerError) ? err.innerError : null;
  ex.requestId = requestIdIn(o) ?? requestIdIn(err) ?? (inner ? str(inner['request-id']) ?? requestIdIn(inner) : null);
  return ex;
}

// Classes of error named by `type` in OpenAI-, Anthropic- and Stripe-style envelopes.
const CLASS_TYPES: Record<string, ErrorCategory> = {
  invalid_request_error: 'validation',
  authentication_error: 'authentication',
  permission_error: 'permission',
  not_found_error: 'not-found',
  rate_limit_error: 'rate-limited',
  request_too_large: 'payload-too-large',
  api_error: 'server',
  overloaded_error: 'unavailable',
};

function extractGoogle(o: Obj, err: Obj): Extracted {
  const ex = emptyExtracted('google');
  ex.code = str(err.status) ?? str(err.code);
  ex.message = str(err.message) ? tidy(str(err.message)!) : null;
  const details = Array.isArray(err.details) ? err.details : [];
  for (const d of details) {
    if (!isObj(d)) continue;
    const type = str(d['@type']) ?? '';
    if (Array.isArray(d.fieldViolations)) {
      for (const fv of d.fieldViolations) {
        if (!isObj(fv)) continue;
        const field = str(fv.field);
        const msg = str(fv.description) ?? str(fv.message) ?? str(fv.reason) ?? 'invalid';
        if (field) ex.fieldErrors.push({ pointer: pointerForField(field), message: tidy(msg), ...(str(fv.reason) ? { code: str(fv.reason)! } : {}) });
      }
    }
    if (type.endsWith('RetryInfo') || 'retryDelay' in d) ex.retryHintMs = durationString(d.retryDelay);
    if (type.endsWith('RequestInfo')) ex.requestId = str(d.requestId);
    if (type.endsWith('ErrorInfo') && str(d.reason)) ex.notes.push(`reason: ${str(d.reason)}`);
    if (type.endsWith('QuotaFailure') && Array.isArray(d.violations)) {
      for (const v of d.violations) if (isObj(v) && str(v.description)) ex.notes.push(`quota: ${tidy(str(v.description)!)}`);
    }
  }
  ex.requestId ??= requestIdIn(o);
  return ex;
}

const STRIPE_TYPES: Record<string, ErrorCategory> = {
  card_error: 'validation',
  invalid_request_error: 'validation',
  authentication_error: 'authentication',
  rate_limit_error: 'rate-limited',
  idempotency_error: 'conflict',
  api_error: 'server',
  api_connection_error: 'network',
};

function extractStripe(err: Obj): Extracted {
  const ex = emptyExtracted('stripe');
  const type = str(err.type);
  // The type is a class of error (`card_error`); only `code`/`decline_code` are codes.
  ex.code = str(err.code) ?? str(err.decline_code);
  if (type) ex.notes.push(`error type: ${type}`);
  ex.message = str(err.message) ? tidy(str(err.message)!) : null;
  const param = str(err.param);
  if (param) ex.fieldErrors.push({ pointer: pointerForField(param), message: ex.message ?? 'invalid', ...(str(err.code) ? { code: str(err.code)! } : {}) });
  ex.categoryHint = type ? STRIPE_TYPES[type] ?? CLASS_TYPES[type.toLowerCase()] ?? null : null;
  if (str(err.doc_url)) ex.notes.push(`documented at ${str(err.doc_url)}`);
  return ex;
}

function extractErrorCode(o: Obj): Extracted {
  const ex = emptyExtracted('error-code');
  ex.code = str(o.error_code) ?? str(o.errorCode);
  const text = str(o.error_message) ?? str(o.errorSummary) ?? str(o.errorMessage) ?? str(o.message);
  ex.message = text ? tidy(text) : null;
  if (isObj(o.errors)) collectFieldDict(o.errors, [], ex.fieldErrors, []);
  else if (Array.isArray(o.errors) && o.errors.length && o.errors.every((e) => typeof e === 'string')) ex.message ??= tidy((o.errors).join('; '));
  // Okta: errorCauses [{ errorSummary: "login: An object with this field already exists" }].
  if (Array.isArray(o.errorCauses)) {
    for (const c of o.errorCauses) {
      const summary = isObj(c) ? str(c.errorSummary) : null;
      if (!summary || ex.fieldErrors.length >= MAX_ERRORS) continue;
      const m = /^([A-Za-z_][\w.[\]]{0,100}):\s+(.+)$/.exec(summary);
      if (m) ex.fieldErrors.push({ pointer: pointerForField(m[1]), message: tidy(m[2]) });
      else ex.notes.push(`cause: ${tidy(summary)}`);
    }
  }
  return ex;
}

function locError(loc: unknown[], msg: string, type: string | null): FieldError {
  const segs = loc.filter((s): s is string | number => typeof s === 'string' || typeof s === 'number');
  const head = segs[0];
  const where: FieldError['location'] = head === 'query' || head === 'path' || head === 'header' || head === 'cookie' ? head : 'body';
  // FastAPI prefixes body fields with "body"; other places with their name.
  const rest = head === 'body' || where !== 'body' ? segs.slice(1) : segs;
  return { pointer: joinPointer(rest), message: tidy(msg), ...(type ? { code: type } : {}), ...(where !== 'body' ? { location: where } : {}) };
}

function extractDetailList(o: Obj, detail: unknown[]): Extracted {
  const ex = emptyExtracted('detail-list');
  const general: string[] = [];
  for (const d of detail) {
    if (ex.fieldErrors.length >= MAX_ERRORS) break;
    if (typeof d === 'string') {
      general.push(tidy(d));
      continue;
    }
    if (!isObj(d)) continue;
    const msg = str(d.msg) ?? str(d.message) ?? 'invalid';
    if (Array.isArray(d.loc)) ex.fieldErrors.push(locError(d.loc, msg, str(d.type)));
    else general.push(tidy(msg));
  }
  ex.code = str(o.code) ?? (ex.fieldErrors.length === 1 ? ex.fieldErrors[0].code ?? null : null);
  ex.message = general.length ? tidy(general.join('; ')) : summariseFields(ex.fieldErrors);
  return ex;
}

function extractDetail(o: Obj): Extracted {
  const ex = emptyExtracted('detail');
  const d = o.detail;
  if (isObj(d)) {
    ex.message = str(d.message) ?? str(d.msg) ?? str(d.detail) ? tidy((str(d.message) ?? str(d.msg) ?? str(d.detail))!) : null;
    ex.code = str(d.code) ?? str(d.error_code) ?? str(o.code);
    if (Array.isArray(d.errors) || isObj(d.errors)) {
      const inner = isObj(d.errors) ? extractFieldDict(d.errors) : extractErrorsArray({}, d.errors as unknown[]);
      ex.fieldErrors = inner.fieldErrors;
    }
  } else {
    ex.message = tidy(String(d));
    ex.code = str(o.code) ?? str(o.error_code);
  }
  // A `detail` beside field keys: DRF mixes them rarely, but keep the fields.
  const rest: Obj = {};
  for (const [k, v] of Object.entries(o)) if (k !== 'detail' && k !== 'code' && !REQUEST_ID_KEYS.includes(k) && k !== 'status') rest[k] = v;
  if (Object.keys(rest).length && looksLikeFieldDict(rest)) collectFieldDict(rest, [], ex.fieldErrors, []);
  return ex;
}

function extractMessageEnvelope(o: Obj, status: number): Extracted {
  const ex = emptyExtracted('message');
  const errStr = typeof o.error === 'string' ? o.error.trim() : null;
  const list = Array.isArray(o.message) ? o.message.filter((m): m is string => typeof m === 'string').join('; ') || null : null;
  const msg = str(o.message) ?? str(o.Message) ?? str(o.errorMessage) ?? str(o.msg) ?? str(o.error_description) ?? str(o.description) ?? list ?? errStr;
  ex.message = msg ? tidy(msg) : null;
  // `error` is a machine code in OAuth ("invalid_grant") and a reason phrase in Express/Nest ("Bad Request").
  const errIsCode = errStr !== null && /^[A-Za-z0-9_.:-]+$/.test(errStr) && /[_.:-]|^[A-Z0-9_]+$/.test(errStr);
  // PayPal names the error in UPPER_SNAKE `name` ("INVALID_REQUEST").
  const name = str(o.name);
  ex.code = codeOf(o, status) ?? (errIsCode ? errStr : null) ?? (name && /^[A-Z][A-Z0-9_]+$/.test(name) ? name : null);
  const errs = o.errors ?? o.fields ?? o.field_errors ?? o.validation_errors;
  if (isObj(errs)) collectFieldDict(errs, [], ex.fieldErrors, [], true);
  else if (Array.isArray(errs) && errs.length && errs.every((e) => typeof e === 'string') && !ex.message) ex.message = tidy((errs).join('; '));
  // PayPal: details [{ field: "/purchase_units/0/amount", issue, description, location }].
  if (Array.isArray(o.details)) {
    for (const d of o.details) {
      if (!isObj(d) || ex.fieldErrors.length >= MAX_ERRORS) continue;
      const places = fieldPointers(d);
      const msg = str(d.description) ?? str(d.message) ?? str(d.issue) ?? 'invalid';
      const code = str(d.issue) ?? codeOf(d);
      const loc = str(d.location);
      const where: FieldError['location'] | undefined = loc === 'query' || loc === 'path' || loc === 'header' ? loc : undefined;
      for (const p of places) ex.fieldErrors.push({ pointer: p, message: tidy(msg), ...(code ? { code } : {}), ...(where ? { location: where } : {}) });
    }
  }
  ex.message ??= summariseFields(ex.fieldErrors);
  return ex;
}

function extractFieldDict(o: Obj): Extracted {
  const ex = emptyExtracted('drf-fields');
  const general: string[] = [];
  collectFieldDict(o, [], ex.fieldErrors, general);
  ex.message = general.length ? tidy(general.join('; ')) : summariseFields(ex.fieldErrors);
  return ex;
}

/** One-line summary of field errors: "/name: This field may not be blank." or "3 field errors: …". */
export function summariseFields(fields: FieldError[]): string | null {
  if (fields.length === 0) return null;
  const label = (f: FieldError) => `${f.pointer === '' ? '(body)' : f.pointer}: ${f.message}`;
  if (fields.length === 1) return tidy(label(fields[0]));
  return tidy(`${fields.length} field errors: ${fields.slice(0, 3).map(label).join('; ')}${fields.length > 3 ? '; …' : ''}`);
}

// ---------------------------------------------------------------- text bodies

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n < 0x110000 ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

/** Reads an HTML error page: its `<title>`, else its first heading, else its first words. */
export function extractHtml(text: string): Extracted {
  const ex = emptyExtracted('html');
  const head = text.length > 65536 ? text.slice(0, 65536) : text;
  // indexOf rather than a lazy regex: an unclosed tag repeated many times must not cost quadratic time.
  const lower = head.toLowerCase();
  const inner = (tag: string): string | undefined => {
    const open = lower.indexOf(`<${tag}`);
    if (open < 0) return undefined;
    const gt = lower.indexOf('>', open);
    if (gt < 0) return undefined;
    const close = lower.indexOf(`</${tag}`, gt);
    return close < 0 ? undefined : head.slice(gt + 1, Math.min(close, gt + 2001));
  };
  const title = inner('title');
  const h1 = inner('h1');
  const clean = (s: string) => tidy(decodeEntities(s.replace(/<[^>]*>/g, ' ')));
  let msg = title ? clean(title) : '';
  if (h1) {
    const h = clean(h1);
    if (!msg) msg = h;
    else if (h && !msg.toLowerCase().includes(h.toLowerCase()) && !h.toLowerCase().includes(msg.toLowerCase())) msg = `${msg}: ${h}`;
  }
  if (!msg) {
    const body = head.slice(0, 4096).replace(/<(script|style)\b[^>]*>[^<]*<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ');
    msg = clean(body).slice(0, 200);
  }
  ex.message = msg || null;
  return ex;
}

/** Reads a plain-text body: its first non-empty line (capped). */
export function extractText(text: string, shape: BodyShape = 'text'): Extracted {
  const ex = emptyExtracted(shape);
  const lines = text.slice(0, 8192).split(/\r?\n|\r/);
  const first = lines.find((l) => l.trim() !== '');
  ex.message = first ? tidy(first.length > 300 ? `${first.slice(0, 299)}…` : first) : null;
  ex.retryHintMs = waitInText(ex.message);
  return ex;
}
