// Turns the sender's result into the panel's `ExchangeView`: secrets masked, the body cut to a
// slice the webview can hold, field and item errors placed on the request's source. No `vscode`
// here, so it runs in plain unit tests.
import { closeSync, openSync, readSync } from 'node:fs';
import { mapClassificationToSource, type Classification, type ResponseSource } from '../../core/classify';
import { summariseFields } from '../../core/classify/shapes';
import { maskSecrets, maskValue } from '../../core/send/mask';
import { encodeForm } from '../../core/send/body';
import { toCurl } from '../../core/send/curl';
import type { HeaderPair, PreparedRequest, ResponseBody, SendResult } from '../../core/send/types';
import { isRenderedImageType } from '../../protocol/format';
import { mediaTypeOf } from '../../core/text/media-type';
import type {
  AttemptView,
  BodySlice,
  Category,
  ClassificationView,
  ExchangeView,
  FixOffer,
  HeaderLine,
  ItemCounts,
  RequestKey,
  SourceLocation,
} from '../../protocol/messages';

/** Default for `reqlint.panel.bodySliceBytes`: the most of a body the webview is sent (2 MiB). */
export const DEFAULT_SLICE_BYTES = 2 * 1024 * 1024;

/** Header names whose values are credentials, masked whatever their value. */
const CREDENTIAL_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'apikey',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'cookie',
  'set-cookie',
]);

/** Query parameters whose values are credentials. */
const CREDENTIAL_PARAMS = /^(api[_-]?key|apikey|key|token|access[_-]?token|auth|secret|password|sig|signature)$/i;

/** Masks a credential header value: the scheme word of `Bearer abc…` stays readable, the rest is masked. */
export function maskCredential(value: string): string {
  const m = /^(\s*(?:Bearer|Basic|Token|Digest|ApiKey)\s+)(.+)$/i.exec(value);
  return m ? `${m[1]}${maskValue(m[2].trim())}` : maskValue(value.trim());
}

/** Headers with secret values and credential headers masked. */
export function maskHeaderLines(headers: readonly HeaderPair[], secrets: readonly string[]): HeaderLine[] {
  return headers.map(([name, value]) => ({
    name,
    value: CREDENTIAL_HEADERS.has(name.toLowerCase()) && !value.includes('••••') ? maskCredential(value) : maskSecrets(value, secrets),
  }));
}

/**
 * The "Copy as cURL" line, safe to keep in the history: secret variable values, credential headers
 * typed literally and credential query parameters are all masked.
 */
export function maskedCurl(prepared: PreparedRequest): string {
  const headers: HeaderPair[] = maskHeaderLines(prepared.headers, prepared.secrets).map((h) => [h.name, h.value]);
  return toCurl({ ...prepared, url: maskUrl(prepared.url, prepared.secrets), headers }, { maskSecrets: true });
}

/** A URL with secret values and credential-looking query parameters and userinfo masked. */
export function maskUrl(url: string, secrets: readonly string[]): string {
  let out = maskSecrets(url, secrets);
  try {
    const u = new URL(out);
    let changed = false;
    if (u.password) {
      u.password = 'xxxxx';
      changed = true;
    }
    for (const [k, v] of u.searchParams) {
      if (CREDENTIAL_PARAMS.test(k) && v && !v.includes('••••')) {
        u.searchParams.set(k, maskValue(v));
        changed = true;
      }
    }
    if (changed) out = u.toString().replace('xxxxx', '••••').replace(/%E2%80%A2/g, '•');
  } catch {
    // Not a parsable URL (a failed prepare): leave it as masked by value.
  }
  return out;
}

const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|toml|csv|problem\+json|problem\+xml|x-ndjson|ld\+json|hal\+json|vnd\.[\w.-]+\+(json|xml)))|[+/](json|xml)$/i;

/** The media type of a Content-Type header value, lower case, without parameters; null when absent. */
export function mediaType(headers: readonly HeaderPair[]): string | null {
  const ct = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  return (ct && mediaTypeOf(ct)) || null;
}

/** True when bytes look binary: a NUL byte, or many control characters, in the first 8 KiB. */
export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return n > 0 && control / n > 0.1;
}

/** Drops a trailing partial UTF-8 sequence so a cut never ends in a replacement character. */
export function utf8Boundary(bytes: Uint8Array): number {
  let end = bytes.length;
  // Step back over continuation bytes (10xxxxxx), at most three.
  let back = 0;
  while (back < 3 && end - back - 1 >= 0 && (bytes[end - back - 1] & 0xc0) === 0x80) back++;
  const lead = end - back - 1;
  if (lead < 0) return end;
  const b = bytes[lead];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  if (need > back + 1) end = lead;
  return end;
}

function readHead(file: string, limit: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(limit);
    let got = 0;
    while (got < limit) {
      const n = readSync(fd, buf, got, limit - got, got);
      if (n <= 0) break;
      got += n;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/**
 * The part of a response body the webview gets: at most `limit` bytes of text (cut on a character
 * boundary), a whole image as base64 when it fits, or nothing but the size for a binary.
 * Reads a temp-file body's head from disk; a missing file gives `available: false`, never a throw.
 */
export function sliceBody(body: ResponseBody | null, contentType: string | null, limit = DEFAULT_SLICE_BYTES): BodySlice {
  const empty: BodySlice = { text: '', imageBase64: null, totalBytes: 0, sliceBytes: 0, truncated: false, contentType, isBinary: false, isImage: false, available: false, problem: null };
  if (!body) return empty;
  const total = body.size;
  let head: Uint8Array;
  let available = true;
  if (body.bytes) {
    head = body.bytes.length > limit ? body.bytes.subarray(0, limit) : body.bytes;
  } else if (body.file) {
    try {
      head = readHead(body.file, Math.min(limit, total));
    } catch {
      head = body.preview.length > limit ? body.preview.subarray(0, limit) : body.preview;
      available = false;
    }
  } else {
    head = body.preview;
    available = false;
  }
  const isImage = isRenderedImageType(contentType);
  const declaredText = !!contentType && TEXT_TYPES.test(contentType);
  const isBinary = isImage || (!declaredText && looksBinary(head)) || (!!contentType && /^(application\/(octet-stream|pdf|zip|gzip|x-protobuf|protobuf|wasm)|audio\/|video\/|font\/)/i.test(contentType));
  const base = { totalBytes: total, contentType, isBinary, isImage, available, problem: body.problem };
  if (isImage) {
    const whole = head.length >= total;
    return { ...base, text: null, imageBase64: whole ? Buffer.from(head).toString('base64') : null, sliceBytes: whole ? total : 0, truncated: !whole };
  }
  if (isBinary) return { ...base, text: null, imageBase64: null, sliceBytes: 0, truncated: false };
  const cut = head.length < total ? utf8Boundary(head) : head.length;
  const text = Buffer.from(head.buffer, head.byteOffset, cut).toString('utf8');
  return { ...base, text, imageBase64: null, sliceBytes: cut, truncated: cut < total };
}

/** The category of an answer when no classification came with it (the classifier is injected and may be absent). */
export function fallbackCategory(status: number | null): Category {
  if (status === null) return 'network';
  if (status < 300) return 'success';
  if (status < 400) return 'redirect';
  if (status === 429) return 'rate-limited';
  if (status >= 500) return status === 503 ? 'unavailable' : 'server';
  return 'validation';
}

/** Item counts from a bulk answer's own summary (QBar `summary`, `created[]`) or from the item errors. */
export function itemCountsFrom(bodyText: string, itemErrors: readonly { index: number }[]): ItemCounts | null {
  let summary: { submitted: number | null; succeeded: number | null } = { submitted: null, succeeded: null };
  try {
    const v = JSON.parse(bodyText) as Record<string, unknown>;
    if (v && typeof v === 'object') {
      const s = v.summary as Record<string, unknown> | undefined;
      const num = (x: unknown): number | null => (typeof x === 'number' && Number.isFinite(x) ? x : null);
      if (s && typeof s === 'object') summary = { submitted: num(s.total_submitted), succeeded: num(s.total_created ?? s.total_succeeded) };
      if (summary.succeeded === null && Array.isArray(v.created)) summary.succeeded = v.created.length;
      if (summary.succeeded === null) summary.succeeded = num(v.rendered_before_failure);
    }
  } catch {
    // Not JSON (or cut short): only the item errors are counted.
  }
  const failed = new Set(itemErrors.map((e) => e.index)).size;
  if (!failed && summary.submitted === null) return null;
  return { submitted: summary.submitted, succeeded: summary.succeeded, failed };
}

/**
 * The card's one-line message. When the API's message is only the summary of its field errors (the
 * card lists them right below), it becomes their count, so the list is not shown twice and the fix
 * buttons stay in view in a narrow side bar.
 */
export function cardMessage(c: Pick<Classification, 'message' | 'fieldErrors'>): string {
  const n = c.fieldErrors.length;
  if (!n) return c.message;
  const summary = summariseFields(c.fieldErrors);
  const http = /^HTTP \d{3}\b/.test(c.message);
  if (c.message === summary || http || c.message.startsWith(`${n} field errors:`)) return `${n} field error${n === 1 ? '' : 's'}, listed below.`;
  return c.message;
}

/** Everything `buildExchangeView` needs besides the sender's result. */
export interface ExchangeContext {
  id: string;
  key: RequestKey | null;
  requestName: string;
  /** The request as prepared for the wire (its secrets are masked in the view); null when unknown. */
  prepared: PreparedRequest | null;
  /** The request's source, to place field and item errors; null when it is not in a file any more. */
  source: ResponseSource | null;
  /** URI string of an absolute file path (`vscode.Uri.file(p).toString()` in the extension). */
  uriOf(filePath: string): string;
  fixes: FixOffer[];
  /** What to check when the answer names no field and no fix applies. */
  checkHint: string | null;
  sliceBytes: number;
}

function requestBodyView(p: PreparedRequest | null, limit: number): { body: string | null; bodyNote: string | null } {
  if (!p) return { body: null, bodyNote: null };
  const b = p.body;
  const cut = (s: string): string => (s.length > limit ? `${s.slice(0, limit)}\n… (${s.length - limit} more characters not shown)` : s);
  switch (b.kind) {
    case 'none':
      return { body: null, bodyNote: null };
    case 'text':
      return { body: cut(maskSecrets(b.text, p.secrets)), bodyNote: null };
    case 'form':
      return { body: cut(maskSecrets(encodeForm(b.fields), p.secrets)), bodyNote: null };
    case 'bytes':
      return { body: null, bodyNote: `${b.data.length} bytes of binary data` };
    case 'file':
      return { body: null, bodyNote: `The body was streamed from ${b.path}` };
    case 'segments':
      return {
        body: cut(maskSecrets(b.segments.map((s) => ('text' in s ? s.text : `< ${s.path}`)).join(''), p.secrets)),
        bodyNote: 'Text and file parts; file parts are shown as their paths.',
      };
  }
}

/** Builds the view of one exchange. Never throws on odd input (a missing body file, an unparsable URL). */
export function buildExchangeView(result: SendResult<Classification>, ctx: ExchangeContext): ExchangeView {
  const secrets = ctx.prepared?.secrets ?? [];
  const c = result.classification;
  const last = result.attempts[result.attempts.length - 1];
  const attempts: AttemptView[] = result.attempts.map((a, i) => {
    const prev = i > 0 ? result.attempts[i - 1] : null;
    return {
      number: a.number,
      status: a.status,
      error: a.error ? a.error.message : null,
      durationMs: a.timings.totalMs,
      waitBeforeMs: prev?.retryDelayMs ?? 0,
      reason: prev?.retryReason ?? null,
    };
  });
  const contentType = mediaType(result.headers);
  const body = sliceBody(result.body, contentType, ctx.sliceBytes);
  const category: Category = c?.category ?? fallbackCategory(result.status);
  let classification: ClassificationView | null = null;
  if (c) {
    const locations: Array<SourceLocation | null> = [];
    if (ctx.source) {
      try {
        for (const f of mapClassificationToSource(c, ctx.source, { summary: false })) locations.push({ uri: ctx.uriOf(f.file), range: f.range });
      } catch {
        // Placing errors is a convenience; the errors are still listed without a place.
      }
    }
    const fieldLoc = (i: number): SourceLocation | null => locations[i] ?? null;
    const itemLoc = (i: number): SourceLocation | null => locations[c.fieldErrors.length + i] ?? null;
    classification = {
      category: c.category,
      retryable: c.retryable,
      retryAfterMs: c.retryAfterMs,
      code: c.code,
      message: maskSecrets(cardMessage(c), secrets),
      advice: c.advice,
      requestId: c.requestId,
      profile: c.profile,
      docsUrl: c.docs,
      fieldErrors: c.fieldErrors.map((f, i) => ({ pointer: f.pointer, message: maskSecrets(f.message, secrets), location: fieldLoc(i) })),
      itemErrors: c.itemErrors.map((it, i) => ({ index: it.index, pointer: it.pointer, message: maskSecrets(it.message, secrets), location: itemLoc(i) })),
      itemCounts: c.itemErrors.length || category === 'partial-success' ? itemCountsFrom(body.text ?? '', c.itemErrors) : null,
      checkHint: ctx.checkHint,
    };
  }
  const startedAt = result.attempts[0]?.startedAt ?? Date.now();
  const receivedAt = last ? last.startedAt + last.timings.totalMs : startedAt + result.durationMs;
  const reqBody = requestBodyView(ctx.prepared, ctx.sliceBytes);
  const finalUrl = last?.url ?? result.url;
  return {
    id: ctx.id,
    key: ctx.key,
    requestName: ctx.requestName,
    method: result.method,
    url: maskUrl(finalUrl, secrets),
    startedAt,
    receivedAt,
    status: result.status,
    statusText: result.statusText,
    category,
    durationMs: result.durationMs,
    sizeBytes: result.body?.size ?? 0,
    error: result.error ? maskSecrets(result.error.message, secrets) : null,
    attempts,
    classification,
    fixes: ctx.fixes,
    body: { ...body, text: body.text === null ? null : maskSecrets(body.text, secrets) },
    headers: maskHeaderLines(result.headers, secrets),
    timings: last && (last.status !== null || last.timings.totalMs > 0)
      ? {
          dnsMs: last.timings.dnsMs,
          connectMs: last.timings.connectMs,
          tlsMs: last.timings.tlsMs,
          firstByteMs: last.timings.firstByteMs,
          downloadMs: last.timings.downloadMs,
          totalMs: last.timings.totalMs,
          reusedConnection: last.timings.reusedConnection,
        }
      : null,
    request: {
      method: ctx.prepared?.method ?? result.method,
      url: maskUrl(ctx.prepared?.url ?? result.url, secrets),
      headers: maskHeaderLines(last?.requestHeaders ?? ctx.prepared?.headers ?? [], secrets),
      ...reqBody,
    },
    redirects: (last?.redirects ?? []).map((h) => ({ status: h.status, method: h.method, url: maskUrl(h.url, secrets), location: maskUrl(h.location, secrets) })),
  };
}

/** The Output channel's line for one answer: method, masked URL, status (or the failure), time. */
export function sendLogLine(view: Pick<ExchangeView, 'requestName' | 'method' | 'url' | 'status' | 'statusText' | 'category' | 'durationMs' | 'error' | 'attempts'>): string {
  const answer = view.status === null ? `no answer (${view.error ?? view.category})` : `${view.status}${view.statusText ? ` ${view.statusText}` : ''} (${view.category})`;
  const tries = view.attempts.length > 1 ? `, ${view.attempts.length} attempts` : '';
  return `Sent ${view.requestName}: ${view.method} ${view.url} → ${answer} in ${Math.round(view.durationMs)} ms${tries}`;
}
