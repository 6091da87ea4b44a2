// Turns an HTTP answer (or a failure with no answer) into the contract's classification model.
import { parseRetryAfter } from '../retry/retry-after';
import type { RetryPolicy } from '../retry/policy';
import { buildAdvice, type NetworkKind } from './advice';
import { awsTypeCode, categoryForCode, isThrottleCode } from './codes';
import { MAX_BODY_BYTES, readBody } from './body';
import { docsLink, docsSectionName } from './docs';
import { GENERIC_PLAN_GATE_PATTERNS, GENERIC_QUOTA_PATTERNS, profileForUrl, retryPolicyFor } from './known-apis';
import { emptyExtracted, extractHtml, extractJson, extractText, tidy, type Extracted } from './shapes';
import type { Classification, ClassifierProfile, ErrorCategory, ErrorInput, HeadersInput, ResponseInput } from './types';
import { readXmlError } from './xml';

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 206: 'Partial Content', 207: 'Multi-Status',
  301: 'Moved Permanently', 302: 'Found', 303: 'See Other', 304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large', 414: 'URI Too Long', 415: 'Unsupported Media Type',
  422: 'Unprocessable Content', 423: 'Locked', 425: 'Too Early', 426: 'Upgrade Required', 428: 'Precondition Required',
  429: 'Too Many Requests', 431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** The standard reason phrase for a status ("Too Many Requests"), or ''. */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

// Header values arrive as strings (or numbers from some clients); anything else gets its type tag and never throws.
function headerText(x: unknown): string {
  return typeof x === 'string' ? x : typeof x === 'number' || typeof x === 'boolean' || typeof x === 'bigint' ? String(x) : Object.prototype.toString.call(x);
}

/** Lower-cased header map; repeated headers are joined with ", " as HTTP allows. Never throws. */
export function normalizeHeaders(h: HeadersInput | null | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!h) return out;
  const add = (name: unknown, value: unknown) => {
    if (typeof name !== 'string' || value === undefined || value === null) return;
    const k = name.trim().toLowerCase();
    const v = Array.isArray(value) ? value.map(headerText).join(', ') : headerText(value);
    out.set(k, out.has(k) ? `${out.get(k)}, ${v}` : v);
  };
  try {
    // Pairs first: merely naming the global `Headers` makes Node load its bundled undici (tens of ms).
    if (Array.isArray(h)) {
      for (const pair of h as Iterable<readonly [string, string]>) if (Array.isArray(pair)) add(pair[0], pair[1]);
    } else if (typeof Headers !== 'undefined' && h instanceof Headers) {
      h.forEach((v, k) => add(k, v));
    } else if (typeof (h as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of h as Iterable<readonly [string, string]>) if (Array.isArray(pair)) add(pair[0], pair[1]);
    } else {
      for (const [k, v] of Object.entries(h)) add(k, v);
    }
  } catch {
    // A hostile iterable: classify with what we have.
  }
  return out;
}

const regexCache = new Map<string, RegExp | null>();
function matchesAny(text: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || !text) return false;
  for (const p of patterns) {
    let re = regexCache.get(p);
    if (re === undefined) {
      try {
        re = new RegExp(p, 'i');
      } catch {
        re = null;
      }
      regexCache.set(p, re);
    }
    if (re && re.test(text)) return true;
  }
  return false;
}

const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\b|^\s*text\/json\b/i;
const INVALID_JSON_CODE = /^(invalid_json|malformed_json|json_parse_error|parse_error|invalid_body_json|bad_json)$/i;
const INVALID_JSON_TEXT = /\b(json parse error|invalid json|malformed json|not valid json|unexpected token|unexpected end of json|(could not|couldn't|unable to|failed to|cannot) parse (the )?(request )?(body|json)|problems parsing json|contains invalid json|json decode error|expecting value: line)\b/i;
const QUOTA_CODE = /quota|insufficient_quota|credits?_exhausted|plan_limit/i;

function parseBody(text: string, contentType: string, status: number, truncated: boolean): Extracted {
  const t = text.trimStart();
  if (t === '') return emptyExtracted('empty');
  const claimsJson = JSON_TYPE.test(contentType);
  const problem = /^\s*application\/problem\+json\b/i.test(contentType);
  const first = t[0];
  if (claimsJson || first === '{' || first === '[') {
    try {
      return extractJson(JSON.parse(t), status, problem);
    } catch {
      if (truncated && (first === '{' || first === '[')) {
        // A huge JSON body cut at 1 MiB: its head still names the error.
        const head = salvageTruncatedJson(t);
        if (head !== undefined) {
          const ex = extractJson(head, status, problem);
          ex.notes.push('body was cut short (1 MiB read); classified from the part received');
          return ex;
        }
      }
      if (claimsJson || first === '{') {
        const ex = /^\s*</.test(t) ? extractHtml(t) : extractText(t, 'not-json');
        ex.shape = 'not-json';
        ex.notes.push(claimsJson ? `Content-Type says ${contentType.split(';')[0].trim()} but the body is not valid JSON` : 'body looks like JSON but does not parse');
        return ex;
      }
    }
  }
  if (/^\s*text\/html\b/i.test(contentType) || /^<(!doctype html|html|head|body|title|h1|center)\b/i.test(t)) return extractHtml(t);
  if (first === '<' || /^\s*(application|text)\/([\w.+-]+\+)?xml\b/i.test(contentType)) {
    const xml = readXmlError(t);
    if (xml) return fromXml(xml, status);
  }
  return extractText(t);
}

function fromXml(xml: NonNullable<ReturnType<typeof readXmlError>>, status: number): Extracted {
  const ex = emptyExtracted('xml');
  ex.code = xml.code;
  ex.message = xml.message ? tidy(xml.message) : null;
  ex.requestId = xml.requestId;
  if (xml.type) ex.notes.push(`error type: ${xml.type}`);
  if (xml.resource) ex.notes.push(`resource: ${xml.resource}`);
  // S3 answers some failed copies and multipart completions with 200 and an <Error> document.
  if (status < 300 && xml.root === 'Error') {
    ex.failed = true;
    ex.categoryHint = categoryForCode(xml.code) ?? 'server';
  }
  return ex;
}

// Closes the open brackets of a JSON prefix cut mid-way so its head can be read; gives up on anything odd.
function salvageTruncatedJson(t: string): unknown {
  const limit = Math.min(t.length, 256 * 1024);
  const stack: string[] = [];
  let inStr = false;
  let lastSafe = -1;
  let safeStack: string[] = [];
  for (let i = 0; i < limit; i++) {
    const ch = t[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === '{' || ch === '[') stack.push(ch === '{' ? '}' : ']');
    else if (ch === '}' || ch === ']') {
      stack.pop();
      lastSafe = i;
      safeStack = [...stack];
    } else if (ch === ',') {
      lastSafe = i - 1;
      safeStack = [...stack];
    }
  }
  if (lastSafe < 0) return undefined;
  try {
    return JSON.parse(t.slice(0, lastSafe + 1) + safeStack.reverse().join(''));
  } catch {
    return undefined;
  }
}

function categoryFor(status: number, ex: Extracted, profile: ClassifierProfile | null, text: string, rateLimitedBy403 = false): ErrorCategory {
  const quirk = profile?.quirks.statusCategories?.[String(status)];
  if (quirk) return quirk;
  if (status >= 200 && status < 300) {
    if (ex.categoryHint && (ex.shape === 'graphql' || ex.failed)) return ex.categoryHint;
    if (ex.itemErrors.length || (ex.bulk && (ex.bulk.failed ?? 0) > 0)) {
      return ex.bulk && ex.bulk.created === 0 ? 'validation' : 'partial-success';
    }
    return 'success';
  }
  if (status >= 300 && status < 400) return status === 304 ? 'success' : 'redirect';
  // An informational status as the final answer (101 after an upgrade): nothing failed.
  if (status < 200) return 'success';
  const planText = `${ex.code ?? ''} ${ex.message ?? ''}`;
  switch (status) {
    case 400: {
      if ((ex.code && INVALID_JSON_CODE.test(ex.code)) || (!ex.fieldErrors.length && INVALID_JSON_TEXT.test(ex.message ?? text.slice(0, 300)))) return 'invalid-json';
      // AWS answers throttling with 400 (Throttling, ProvisionedThroughputExceededException).
      if (isThrottleCode(ex.code)) return 'rate-limited';
      return ex.categoryHint === 'validation' || !ex.categoryHint ? 'validation' : ex.categoryHint;
    }
    case 401:
    case 407:
      return 'authentication';
    case 402:
      // Stripe answers 402 for a declined card: a request problem, not the caller's plan.
      return ex.shape === 'stripe' && ex.categoryHint ? ex.categoryHint : 'plan-limit';
    case 403:
      if (matchesAny(planText, profile?.quirks.planGatePatterns) || matchesAny(planText, GENERIC_PLAN_GATE_PATTERNS) || isQuota(planText, profile)) return 'plan-limit';
      // Some APIs (GitHub's among them) answer a used-up rate limit with 403.
      if (rateLimitedBy403) return 'rate-limited';
      return 'permission';
    case 404:
    case 410:
      return 'not-found';
    case 406:
      return ex.shape === 'error-code' ? 'conflict' : 'validation';
    case 408:
      return 'unavailable';
    case 409:
    case 412:
    case 423:
    case 428:
      return 'conflict';
    case 413:
    case 414:
    case 431:
      return 'payload-too-large';
    case 426:
      return 'https-required';
    case 429:
      return isQuota(planText, profile) ? 'plan-limit' : 'rate-limited';
    case 451:
      return 'permission';
    case 502:
    case 503:
    case 504:
      // S3's SlowDown, Azure's ServerBusy: the body says it is throttling, not down.
      return isThrottleCode(ex.code) ? 'rate-limited' : 'unavailable';
  }
  if (status >= 400 && status < 500) return isThrottleCode(ex.code) ? 'rate-limited' : 'validation';
  // 529 and friends: an overload the body names is `unavailable`; other 5xx are `server`.
  return ex.categoryHint === 'unavailable' || isThrottleCode(ex.code) ? 'unavailable' : 'server';
}

function isQuota(text: string, profile: ClassifierProfile | null): boolean {
  if (!text.trim()) return false;
  const code = text.split(' ')[0];
  if (code && QUOTA_CODE.test(code)) return true;
  return matchesAny(text, profile?.quirks.quotaPatterns) || matchesAny(text, GENERIC_QUOTA_PATTERNS);
}

const REQUEST_ID_HEADERS = ['x-request-id', 'request-id', 'x-correlation-id', 'x-amzn-requestid', 'x-amz-request-id', 'x-ms-request-id', 'x-github-request-id', 'x-trace-id', 'x-cloud-trace-context', 'cf-ray'];

function resolveLocation(location: string | undefined, requestUrl: string | null): string | null {
  if (!location) return null;
  if (!requestUrl) return location;
  try {
    return new URL(location, requestUrl).toString();
  } catch {
    return location;
  }
}

function retryableFor(category: ErrorCategory, status: number, policy: RetryPolicy): boolean {
  if (category !== 'rate-limited' && category !== 'server' && category !== 'unavailable') return false;
  // A rate limit answered with another status follows the policy for 429; a failure inside a 2xx, that of its category's status.
  const effective = category === 'rate-limited' ? 429 : category === 'unavailable' && ![408, 502, 503, 504].includes(status) ? 503 : status < 400 ? 500 : status;
  return policy.retryStatuses.includes(effective);
}

// Draft 7 and later: `"default";r=0;t=30`; earlier drafts: `limit=100, remaining=0, reset=30`.
const RATELIMIT_PARAMS: Record<string, RegExp> = Object.fromEntries(['r', 'remaining', 't', 'reset', 'w', 'window'].map((n) => [n, new RegExp(`(?:^|[;,\\s])${n}=(\\d{1,10})(?![\\w.])`)]));

/** What the IETF `RateLimit` / `RateLimit-Policy` fields say: remaining quota, seconds to reset, the window in seconds; null when absent. */
export function parseRateLimitFields(rateLimit: string | undefined, policy: string | undefined): { remaining: number | null; resetSeconds: number | null; windowSeconds: number | null } {
  const field = (text: string | undefined, ...names: string[]): number | null => {
    if (!text) return null;
    const s = text.slice(0, 1024);
    for (const name of names) {
      const m = RATELIMIT_PARAMS[name].exec(s);
      if (m) return Number(m[1]);
    }
    return null;
  };
  return { remaining: field(rateLimit, 'r', 'remaining'), resetSeconds: field(rateLimit, 't', 'reset'), windowSeconds: field(policy, 'w', 'window') };
}

/** Classifies one HTTP answer. Never throws; reads at most the first MiB of the body. */
export function classifyResponse(input: ResponseInput): Classification {
  try {
    return classifyInner(input);
  } catch (err) {
    // Defensive: a classifier bug must not lose the user's answer.
    const status = Number.isInteger(input?.status) ? input.status : null;
    const category: ErrorCategory = status === null ? 'network' : status < 300 ? 'success' : status < 400 ? 'redirect' : status < 500 ? 'validation' : 'server';
    return {
      category,
      retryable: false,
      retryAfterMs: null,
      code: null,
      message: status !== null ? `HTTP ${status} ${reasonPhrase(status)}`.trim() : 'No HTTP status',
      fieldErrors: [],
      itemErrors: [],
      requestId: null,
      profile: null,
      advice: 'The answer could not be read in full; look at the raw response.',
      status,
      shape: 'none',
      retryAfterSource: null,
      location: null,
      docs: null,
      docsSection: null,
      notes: [`classification fell back to the status alone: ${err instanceof Error ? err.message : String(err)}`],
    };
  }
}

function classifyInner(input: ResponseInput): Classification {
  const notes: string[] = [];
  let status = input.status;
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    notes.push(`status ${String(status)} is not a valid HTTP status; treated as 500`);
    status = 500;
  }
  const headers = normalizeHeaders(input.headers);
  const requestUrl = input.request?.url ?? null;
  const profile = input.profile === undefined ? profileForUrl(requestUrl) : input.profile;
  const policy = retryPolicyFor(profile);
  const contentType = headers.get('content-type') ?? '';
  const body = readBody(input.body, contentType, input.bodyTruncated === true);
  if (body.truncated) notes.push('body is longer than 1 MiB; only the first MiB was read');
  if (body.invalidEncoding) notes.push('body is not valid UTF-8; unreadable bytes were replaced');
  let ex: Extracted;
  if (body.binary) {
    ex = emptyExtracted('binary');
    ex.notes.push(`body is binary (${contentType.split(';')[0].trim() || 'unknown type'}, ${body.bytes}${body.truncated ? '+' : ''} bytes); not read`);
  } else {
    // The sender hands over a 1 MiB preview without saying whether more followed: treat a full preview,
    // or less than an unencoded Content-Length promised, as possibly cut.
    const length = Number(headers.get('content-length'));
    const cut = body.truncated || body.bytes >= MAX_BODY_BYTES || (!headers.has('content-encoding') && Number.isFinite(length) && length > body.bytes && body.bytes > 0);
    ex = parseBody(body.text, contentType, status, cut);
  }
  notes.push(...ex.notes);
  // AWS REST-JSON services name the error in a header when the body does not.
  if (!ex.code && status >= 400) ex.code = awsTypeCode(headers.get('x-amzn-errortype'));

  const ietf = parseRateLimitFields(headers.get('ratelimit'), headers.get('ratelimit-policy'));
  const remaining = headers.get('x-ratelimit-remaining') ?? headers.get('ratelimit-remaining') ?? headers.get('x-rate-limit-remaining') ?? (ietf.remaining !== null ? String(ietf.remaining) : undefined);
  const rateLimitedBy403 = status === 403 && ((remaining !== undefined && /^\s*0\s*$/.test(remaining)) || /\brate[ -]?limit(ed)?\b|\btoo many requests\b/i.test(`${ex.code ?? ''} ${ex.message ?? ''}`));
  const category = categoryFor(status, ex, profile, body.text, rateLimitedBy403);
  const retryable = retryableFor(category, status, policy);

  // The wait: Retry-After header first, then what the body says, then RateLimit-Reset style headers.
  let retryAfterMs: number | null = null;
  let retryAfterSource: Classification['retryAfterSource'] = null;
  const now = input.now ?? Date.now();
  const raHeader = headers.get('retry-after');
  let headerMs: number | null = null;
  if (raHeader !== undefined) {
    const parsed = parseRetryAfter(raHeader, now);
    headerMs = parsed.ms;
    if (parsed.reason) notes.push(parsed.reason);
  }
  let resetMs: number | null = null;
  const reset = headers.get('ratelimit-reset') ?? headers.get('x-ratelimit-reset') ?? headers.get('x-rate-limit-reset') ?? (ietf.resetSeconds !== null ? String(ietf.resetSeconds) : undefined);
  if (reset !== undefined && /^\s*\d+(\.\d+)?\s*$/.test(reset)) {
    const n = Number(reset);
    // Epoch seconds (X-RateLimit-Reset of several APIs) or delta seconds (the IETF RateLimit fields).
    resetMs = n > 1e9 ? Math.max(0, n * 1000 - now) : n * 1000;
  } else if (ietf.remaining === 0 && ietf.windowSeconds !== null) {
    // Quota used up and no reset named: the policy's window is the longest wait.
    resetMs = ietf.windowSeconds * 1000;
    notes.push(`RateLimit names no reset; waiting out the policy window of ${ietf.windowSeconds} s`);
  }
  if (headerMs !== null) {
    retryAfterMs = headerMs;
    retryAfterSource = 'header';
  } else if (ex.retryHintMs !== null) {
    retryAfterMs = ex.retryHintMs;
    retryAfterSource = 'body';
  } else if (resetMs !== null && (category === 'rate-limited' || status === 503)) {
    retryAfterMs = Math.round(resetMs);
    retryAfterSource = 'rate-limit-header';
  }
  let ignoredRetryAfterMs: number | null = null;
  if (!retryable) {
    if (retryAfterMs !== null && category !== 'success' && category !== 'redirect') {
      ignoredRetryAfterMs = retryAfterMs;
      notes.push(`a wait of ${retryAfterMs} ms was named, but a ${category} answer is not retried`);
    }
    retryAfterMs = null;
    retryAfterSource = null;
  }

  let requestId = ex.requestId;
  if (!requestId) for (const h of REQUEST_ID_HEADERS) if (headers.get(h)) { requestId = headers.get(h)!.trim(); break; }

  let message = ex.message;
  if (!message) {
    const phrase = input.statusText?.trim() || reasonPhrase(status);
    message = `HTTP ${status}${phrase ? ` ${phrase}` : ''}${ex.shape === 'empty' ? ' with an empty body' : ex.shape === 'binary' ? ' with a binary body' : ''}`;
  }
  message = tidy(message);
  const location = category === 'redirect' || (status >= 300 && status < 400) ? resolveLocation(headers.get('location'), requestUrl) : null;

  const c: Classification = {
    category,
    retryable,
    retryAfterMs,
    code: ex.code,
    message,
    fieldErrors: ex.fieldErrors,
    itemErrors: ex.itemErrors,
    requestId,
    profile: profile?.id ?? null,
    status,
    shape: ex.shape,
    retryAfterSource,
    location,
    docs: docsLink(category, profile),
    docsSection: docsSectionName(category, profile),
    notes,
    advice: '',
  };
  // Built in place: the advice reads the other fields, and a copy per answer is measurable in a long run.
  c.advice = buildAdvice({ c, profile, policy, bulk: ex.bulk, requestUrl, ignoredRetryAfterMs });
  return c;
}

// ---------------------------------------------------------------- failures with no answer

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ERR_TIMEOUT', 'TimeoutError', 'ABORT_ERR_TIMEOUT']);
const RESET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ERR_STREAM_PREMATURE_CLOSE', 'HPE_INVALID_CONSTANT', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH']);
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(VERIFY|GET)_|EPROTO$|ERR_SSL)/;

interface ErrorFacts {
  code: string | null;
  name: string | null;
  message: string | null;
  host: string | null;
}

function errorFacts(err: unknown): ErrorFacts {
  const facts: ErrorFacts = { code: null, name: null, message: null, host: null };
  let cur: unknown = err;
  // Walk the cause chain (fetch wraps the socket error as `cause`; happy-eyeballs gives an AggregateError).
  for (let depth = 0; depth < 6 && cur; depth++) {
    if (typeof cur !== 'object') {
      facts.message ??= typeof cur === 'string' ? cur : typeof cur === 'number' || typeof cur === 'boolean' || typeof cur === 'bigint' ? String(cur) : `a thrown ${typeof cur}`;
      break;
    }
    const e = cur as { code?: unknown; name?: unknown; message?: unknown; hostname?: unknown; address?: unknown; port?: unknown; cause?: unknown; errors?: unknown };
    if (typeof e.code === 'string' && (!facts.code || facts.code.startsWith('ERR_') || facts.code === 'UND_ERR')) facts.code = e.code;
    if (typeof e.name === 'string' && (e.name === 'TimeoutError' || e.name === 'AbortError' || !facts.name)) facts.name = e.name;
    if (typeof e.message === 'string' && e.message && (!facts.message || facts.message === 'fetch failed')) facts.message = e.message;
    if (!facts.host && typeof e.hostname === 'string') facts.host = e.hostname;
    if (!facts.host && typeof e.address === 'string') facts.host = typeof e.port === 'number' ? `${e.address}:${e.port}` : e.address;
    cur = e.cause ?? (Array.isArray(e.errors) ? e.errors[0] : undefined);
  }
  return facts;
}

function networkKind(f: ErrorFacts): NetworkKind {
  const code = f.code ?? '';
  if (f.name === 'TimeoutError' || TIMEOUT_CODES.has(code) || /timed? ?out/i.test(f.message ?? '')) return 'timeout';
  if (f.name === 'AbortError' || code === 'ABORT_ERR' || code === 'UND_ERR_ABORTED') return 'aborted';
  if (RESET_CODES.has(code) || /socket hang up|other side closed|connection reset/i.test(f.message ?? '')) return 'reset';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND') return 'dns';
  if (code === 'EAI_AGAIN') return 'dns-temporary';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'ENETDOWN' || code === 'EHOSTDOWN') return 'unreachable';
  if (TLS_CODE.test(code)) return 'tls';
  return 'other';
}

/** Classifies a failure that produced no HTTP answer (refused, reset, time-out, DNS, TLS, cancelled): category `network`; time-outs and resets are retryable. Never throws. */
export function classifyError(err: unknown, input: ErrorInput = {}): Classification {
  const facts = errorFacts(err);
  const kind = networkKind(facts);
  const requestUrl = input.request?.url ?? null;
  const profile = input.profile === undefined ? profileForUrl(requestUrl) : input.profile;
  const policy = retryPolicyFor(profile);
  let host = facts.host;
  if (requestUrl) {
    try {
      host = new URL(requestUrl).host;
    } catch {
      // keep the socket's idea of the host
    }
  }
  const transient = kind === 'timeout' || kind === 'reset' || kind === 'dns-temporary';
  const retryable = transient && policy.retryNetworkTimeouts;
  const code = facts.code ?? (facts.name === 'TimeoutError' || facts.name === 'AbortError' ? facts.name : null);
  const what: Record<NetworkKind, string> = {
    timeout: 'timed out',
    reset: 'connection dropped',
    refused: 'connection refused',
    dns: 'host not found',
    'dns-temporary': 'name lookup failed for now',
    tls: 'TLS handshake failed',
    aborted: 'cancelled',
    unreachable: 'network unreachable',
    other: 'failed',
  };
  const detail = facts.message && facts.message !== 'fetch failed' ? facts.message : null;
  const message = tidy(`Request ${what[kind]}${host ? ` (${host})` : ''}${detail ? `: ${detail}` : ''}`);
  const partial: Omit<Classification, 'advice'> = {
    category: 'network',
    retryable,
    retryAfterMs: null,
    code,
    message,
    fieldErrors: [],
    itemErrors: [],
    requestId: null,
    profile: profile?.id ?? null,
    status: null,
    shape: 'none',
    retryAfterSource: null,
    location: null,
    docs: docsLink('network', profile),
    docsSection: docsSectionName('network', profile),
    notes: [],
  };
  const advice = buildAdvice({ c: partial, profile, policy, bulk: null, requestUrl, ignoredRetryAfterMs: null, network: { kind, code, host, timeoutMs: input.timeoutMs } });
  return { ...partial, advice };
}
