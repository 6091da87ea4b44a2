import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { maxHeaderSize, type IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { digestAuthorization, pickDigestChallenge } from '../auth/digest';
import { BodyFileError, openBody, textBody } from './body';
import type { CookieJar } from './cookies';
import { privateUrlReason } from '../profiles/formats';
import { maskHeaders, maskSecrets } from './mask';
import { TlsFileError, type DispatcherPool, type RequestTrace } from './pool';
import { dispatchRequest, isCollected, type BodyMode, type DispatchedResponse } from './dispatch';
import { realClock, type Clock, type RateLimit, type RateLimiter } from './rate-limit';
import { DecodedSizeError, collectsWhole, defaultBodyLimits, discardBody, readBody, type BodyLimits } from './response';
import type { Attempt, BodySource, HeaderPair, PreparedRequest, RedirectHop, ResponseBody, SendError, SendErrorCode, SendResult, Timings } from './types';

/** What the classifier gets for an answer: the status, headers, the first MiB of the body and the URL. */
export interface ClassifyInput {
  status: number;
  headers: HeaderPair[];
  /** The decoded body's first bytes (at most the preview size). */
  body: Uint8Array;
  url: string;
  method: string;
}

/** The classifier the sender calls after each attempt (injected so core/send does not depend on it). */
export interface Classifier<C> {
  response(input: ClassifyInput): C;
  error(error: SendError, url: string, method: string): C;
}

/** What the retry policy sees after an attempt. */
export interface RetryContext<C> {
  /** 1-based number of the attempt that just ended. */
  attempt: number;
  method: string;
  url: string;
  status: number | null;
  headers: HeaderPair[];
  error: SendError | null;
  classification: C | null;
  /** True when the request carries an Idempotency-Key (so repeating a POST is safe). */
  hasIdempotencyKey: boolean;
}

/** A retry verdict: wait `delayMs` milliseconds and try again, or stop; `reason` is shown to the user. */
export interface RetryDecision {
  retry: boolean;
  delayMs: number;
  reason: string;
}

/** Options of one `sendRequest` call; everything but `pool` is optional. */
export interface SendOptions<C = unknown> {
  /** The shared per-origin dispatchers (the only state kept between calls). */
  pool: DispatcherPool;
  /** Cancels the request at any point: waiting, connecting, sending or reading. */
  signal?: AbortSignal;
  limits?: Partial<BodyLimits>;
  classifier?: Classifier<C> | null;
  /** Decides whether to try again; null or absent = one attempt only. */
  retry?: ((ctx: RetryContext<C>) => RetryDecision) | null;
  /** Sleeps and time (retry and rate-limit waits) — injected by tests. */
  clock?: Clock;
  /** Client-side budget: waits before each attempt until `limit` allows one more for `key`. */
  rateLimit?: { limiter: RateLimiter; key: string; limit: RateLimit } | null;
  /** Cookies sent and stored for this request's environment; null = no cookie handling. */
  cookieJar?: CookieJar | null;
  /**
   * Header name of the API's idempotency key (`Idempotency-Key`) when its profile honours one: a POST
   * or PATCH without it gets a fresh UUID, the same on every attempt.
   */
  idempotencyKeyHeader?: string | null;
  /** Makes the added idempotency key (default `randomUUID`). */
  newId?: () => string;
}

/** Progress callbacks; all optional and called synchronously (keep them cheap). */
export interface SendHooks<C = unknown> {
  onAttemptStart?(attempt: number, url: string): void;
  onResponse?(attempt: number, status: number, headers: HeaderPair[]): void;
  /** Response bytes received so far (as on the wire) and the announced length, if any. */
  onProgress?(receivedBytes: number, totalBytes: number | null): void;
  onRedirect?(hop: RedirectHop): void;
  onRetryWait?(delayMs: number, reason: string, nextAttempt: number): void;
  onRateLimitWait?(delayMs: number, key: string): void;
  onAttemptEnd?(attempt: Attempt, classification: C | null): void;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Hop-by-hop headers undici manages itself and refuses from callers. */
const MANAGED = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'upgrade', 'expect', 'proxy-connection']);
/** Credentials that must not follow a redirect to another origin. */
const CREDENTIALS = new Set(['authorization', 'cookie', 'proxy-authorization']);

/** Aborts raised by the sender's own whole-exchange timer carry this marker. */
class ExchangeTimeout extends Error {
  override name = 'TimeoutError';
  constructor(readonly ms: number) {
    super(`no complete answer within ${ms} ms`);
  }
}

function headerValue(headers: HeaderPair[], name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === n) return v;
  return undefined;
}

function toPairs(h: Record<string, string | string[] | undefined>): HeaderPair[] {
  const out: HeaderPair[] = [];
  for (const k in h) {
    const v = h[k];
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const x of v) out.push([k, x]);
    else out.push([k, v]);
  }
  return out;
}

/** Maps a Node/undici failure to a `SendError` with a message that says what to do. */
export function describeError(err: unknown, url: string, timeoutMs: number | null | undefined, userSignal?: AbortSignal): SendError {
  if (err instanceof ExchangeTimeout) return { code: 'timeout', message: `no complete answer from ${url} within ${err.ms} ms; raise '# @timeout' or --timeout if the server is just slow.`, cause: null };
  if (userSignal?.aborted) return { code: 'aborted', message: 'cancelled before the answer was complete.', cause: null };
  if (err instanceof BodyFileError) return { code: 'body-file', message: err.message, cause: null };
  if (err instanceof TlsFileError) return { code: 'tls', message: err.message, cause: null };
  if (err instanceof DecodedSizeError) return { code: 'decompression-limit', message: err.message, cause: null };
  const e = err as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e?.code ?? e?.cause?.code ?? null;
  const msg = e?.message ?? String(err);
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  const make = (c: SendErrorCode, m: string): SendError => ({ code: c, message: m, cause: code });
  if (code === 'UND_ERR_HEADERS_OVERFLOW') {
    return make('network', `the answer's headers from ${host} are larger than the ${Math.round(maxHeaderSize / 1024)} KiB reqlint reads (${msg}); the server or a proxy sent oversized headers (huge cookies, debug headers). Look at them with curl -sI, or fix what adds them.`);
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return make('connect-timeout', `could not connect to ${host} in time (${msg}); check the host and port, a firewall or the proxy.`);
  if (code === 'ECONNREFUSED') return make('connection-refused', `${host} refused the connection; is the server running on that port?`);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return make('dns', `the host name ${host} could not be resolved (${code}); check the URL or the environment's base URL.`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED') return make('connection-reset', `the connection to ${host} was closed before the answer was complete (${code}); the server or a proxy dropped it.`);
  if (
    (typeof code === 'string' && (/^ERR_TLS|^ERR_SSL|CERT|^UNABLE_TO|SELF_SIGNED|^DEPTH_ZERO/.test(code))) ||
    /certificate|ssl|tls/i.test(msg)
  ) {
    return make('tls', `TLS with ${host} failed: ${msg}. Trust its CA with a CA file, or opt into 'insecure' for this host only if you know why.`);
  }
  if (/proxy/i.test(msg) || code === 'UND_ERR_PRX_TLS') return make('proxy', `the proxy failed: ${msg}. Check the proxy URL (config or HTTP(S)_PROXY).`);
  if (code === 'UND_ERR_ABORTED' || e?.name === 'AbortError') {
    if (timeoutMs) return { code: 'timeout', message: `no complete answer from ${url} within ${timeoutMs} ms.`, cause: null };
    return make('aborted', 'cancelled before the answer was complete.');
  }
  if (code === 'ERR_INVALID_URL' || e instanceof TypeError && /URL/.test(msg)) return make('invalid-url', `'${url}' is not a valid URL: ${msg}.`);
  return make('network', `the request to ${host} failed: ${msg}${code ? ` (${code})` : ''}.`);
}

interface HopResult {
  status: number;
  statusText: string;
  headers: HeaderPair[];
  body: ResponseBody | null;
  bodyError: unknown;
  trace: RequestTrace;
  headersAt: number;
  endAt: number;
  bytesSent: number;
}

/** The next request of a redirect chain per RFC 9110 (303 → GET; 301/302 POST → GET; 307/308 keep method and body). */
function redirectTarget(status: number, method: string, body: BodySource): { method: string; body: BodySource } {
  if (status === 303 && method !== 'HEAD') return { method: 'GET', body: { kind: 'none' } };
  if ((status === 301 || status === 302) && method === 'POST') return { method: 'GET', body: { kind: 'none' } };
  return { method, body };
}

/**
 * Sends one prepared request with redirects, time-outs, retries (by the injected policy), client-side
 * rate limiting, cookies and secret masking. Never throws for transport problems: they are in
 * `result.error` and in each attempt. The caller owns `result.body.file` (see `discardBody`).
 */
export async function sendRequest<C = unknown>(prepared: PreparedRequest, options: SendOptions<C>, hooks: SendHooks<C> = {}): Promise<SendResult<C>> {
  const t0 = performance.now();
  const clock = options.clock ?? realClock;
  const limits: BodyLimits = { ...defaultBodyLimits(), ...options.limits };
  const secrets = prepared.secrets ?? [];
  let headers: HeaderPair[] = prepared.headers;
  let addedKey: string | null = null;
  const idem = options.idempotencyKeyHeader;
  const method = prepared.method.toUpperCase();
  if (idem && (method === 'POST' || method === 'PATCH') && headerValue(headers, idem) === undefined) {
    addedKey = (options.newId ?? randomUUID)();
    headers = [...headers, [idem, addedKey]];
  }
  // Every attempt sends the same method and headers (and so the same Idempotency-Key).
  const toSend: PreparedRequest = method === prepared.method && headers === prepared.headers ? prepared : { ...prepared, method, headers };
  const hasKey = headerValue(headers, 'idempotency-key') !== undefined || (!!idem && headerValue(headers, idem) !== undefined);
  const attempts: Attempt[] = [];
  let rateLimitWaitMs = 0;
  let last: { status: number | null; statusText: string; headers: HeaderPair[]; body: ResponseBody | null; error: SendError | null } = {
    status: null,
    statusText: '',
    headers: [],
    body: null,
    error: null,
  };
  let classification: C | null = null;

  for (let n = 1; ; n++) {
    if (options.signal?.aborted) {
      if (!attempts.length) last.error = { code: 'aborted', message: 'cancelled before the request was sent.', cause: null };
      break;
    }
    if (options.rateLimit) {
      const { limiter, key, limit } = options.rateLimit;
      try {
        rateLimitWaitMs += await limiter.acquire(key, limit, options.signal, (ms) => hooks.onRateLimitWait?.(ms, key));
      } catch {
        last = { ...last, error: { code: 'aborted', message: 'cancelled while waiting for the client-side rate limit.', cause: null } };
        break;
      }
    }
    hooks.onAttemptStart?.(n, maskSecrets(prepared.url, secrets));
    if (last.body) await discardBody(last.body);
    const { attempt, outcome } = await runAttempt(n, toSend, options, limits, hooks);
    attempts.push(attempt);
    last = outcome;
    classification = null;
    if (options.classifier) {
      try {
        classification =
          outcome.status !== null && !outcome.error
            ? options.classifier.response({ status: outcome.status, headers: outcome.headers, body: outcome.body?.preview ?? new Uint8Array(), url: attempt.url, method })
            : outcome.error
              ? options.classifier.error(outcome.error, attempt.url, method)
              : null;
      } catch {
        classification = null;
      }
    }
    hooks.onAttemptEnd?.(attempt, classification);
    if (outcome.error?.code === 'aborted' || !options.retry) break;
    const decision = options.retry({
      attempt: n,
      method,
      url: attempt.url,
      status: outcome.status,
      headers: outcome.headers,
      error: outcome.error,
      classification,
      hasIdempotencyKey: hasKey,
    });
    if (!decision.retry) break;
    attempt.retryDelayMs = Math.max(0, Math.round(decision.delayMs));
    attempt.retryReason = decision.reason;
    hooks.onRetryWait?.(attempt.retryDelayMs, decision.reason, n + 1);
    try {
      await clock.sleep(attempt.retryDelayMs, options.signal);
    } catch {
      break;
    }
  }

  return {
    method,
    url: maskSecrets(prepared.url, secrets),
    status: last.status,
    statusText: last.statusText,
    headers: maskHeaders(last.headers, secrets),
    body: last.body,
    error: last.error,
    attempts,
    classification,
    durationMs: Math.round((performance.now() - t0) * 100) / 100,
    rateLimitWaitMs,
    addedIdempotencyKey: addedKey,
  };
}

async function runAttempt<C>(
  n: number,
  req: PreparedRequest,
  options: SendOptions<C>,
  limits: BodyLimits,
  hooks: SendHooks<C>,
): Promise<{ attempt: Attempt; outcome: { status: number | null; statusText: string; headers: HeaderPair[]; body: ResponseBody | null; error: SendError | null } }> {
  const startedAt = Date.now();
  const start = performance.now();
  const o = req.options ?? {};
  const secrets = req.secrets ?? [];
  const timeoutMs = o.timeoutMs && o.timeoutMs > 0 ? o.timeoutMs : null;
  // A controller is needed only to join a time-out with the caller's signal; without a time-out the
  // caller's signal goes to undici as it is (a controller and two listeners per attempt cost more).
  const controller = timeoutMs ? new AbortController() : null;
  const onUserAbort = (): void => controller?.abort(options.signal?.reason);
  if (controller) {
    if (options.signal?.aborted) controller.abort(options.signal.reason);
    else options.signal?.addEventListener('abort', onUserAbort, { once: true });
  }
  const timer = timeoutMs ? setTimeout(() => controller?.abort(new ExchangeTimeout(timeoutMs)), timeoutMs) : null;
  const redirects: RedirectHop[] = [];
  const attempt: Attempt = {
    number: n,
    startedAt,
    status: null,
    error: null,
    timings: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, downloadMs: null, totalMs: 0, reusedConnection: false },
    redirects,
    url: maskSecrets(req.url, secrets),
    remoteAddress: null,
    remotePort: null,
    httpVersion: null,
    bytesSent: 0,
    bytesReceived: 0,
    retryDelayMs: null,
    retryReason: null,
    requestHeaders: maskHeaders(req.headers, secrets),
  };
  let outcome: { status: number | null; statusText: string; headers: HeaderPair[]; body: ResponseBody | null; error: SendError | null } = {
    status: null,
    statusText: '',
    headers: [],
    body: null,
    error: null,
  };
  let url = req.url;
  let method = req.method;
  let body = req.body;
  let headers = req.headers;
  const seen = new Set<string>();
  const follow = o.followRedirects !== false;
  const maxRedirects = o.maxRedirects ?? 10;
  let hopStart = start;
  // URLs whose Digest challenge was answered: a second 401 there is the server's verdict, not a new challenge.
  // Like other credentials, Digest ones are not offered to another origin a redirect leads to.
  const digestAnswered = new Set<string>();
  try {
    for (;;) {
      hopStart = performance.now();
      const hop = await sendHop(n, url, method, headers, body, req, options, limits, controller?.signal ?? options.signal ?? null, hooks);
      attempt.bytesSent += hop.bytesSent;
      attempt.bytesReceived += hop.body?.encodedSize ?? 0;
      attempt.url = maskSecrets(url, secrets);
      fillTimings(attempt, hop, hopStart);
      if (hop.status === 401 && req.digest && !digestAnswered.has(url) && new URL(url).origin === new URL(req.url).origin) {
        const challenge = pickDigestChallenge(hop.headers.filter(([k]) => k.toLowerCase() === 'www-authenticate').map(([, v]) => v));
        if (challenge) {
          digestAnswered.add(url);
          await discardBody(hop.body);
          const target = new URL(url);
          headers = [...headers.filter(([k]) => k.toLowerCase() !== 'authorization'), ['Authorization', digestAuthorization(challenge, req.digest, method, target.pathname + target.search)]];
          attempt.requestHeaders = maskHeaders(headers, secrets);
          continue;
        }
      }
      const location = headerValue(hop.headers, 'location');
      if (follow && REDIRECTS.has(hop.status) && location !== undefined) {
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          outcome = { status: hop.status, statusText: hop.statusText, headers: hop.headers, body: hop.body, error: null };
          break;
        }
        const h: RedirectHop = { status: hop.status, url: maskSecrets(url, secrets), location: maskSecrets(next.href, secrets), method };
        redirects.push(h);
        hooks.onRedirect?.(h);
        await discardBody(hop.body);
        seen.add(`${method} ${url}`);
        // A public server must not be able to point the request (and its headers) into the user's
        // own network: a hop from a public host to a loopback/private/link-local one is refused.
        const intoPrivate = privateUrlReason(url) === null ? privateUrlReason(next.href) : null;
        if (intoPrivate !== null) {
          throw Object.assign(new Error('redirect to a private address'), { sendCode: 'redirect-private' as const, reason: intoPrivate });
        }
        const target = redirectTarget(hop.status, method, body);
        if (seen.has(`${target.method} ${next.href}`)) {
          throw Object.assign(new Error('redirect loop'), { sendCode: 'redirect-loop' as const, chain: redirects });
        }
        if (redirects.length > maxRedirects) {
          throw Object.assign(new Error('too many redirects'), { sendCode: 'too-many-redirects' as const });
        }
        const crossOrigin = new URL(url).origin !== next.origin;
        headers = headers.filter(([k]) => {
          const l = k.toLowerCase();
          if (crossOrigin && CREDENTIALS.has(l)) return false;
          if (target.body.kind === 'none' && (l === 'content-type' || l === 'content-length')) return false;
          return l !== 'host';
        });
        url = next.href;
        method = target.method;
        body = target.body;
        continue;
      }
      if (REDIRECTS.has(hop.status) && location !== undefined) {
        redirects.push({ status: hop.status, url: maskSecrets(url, secrets), location: maskSecrets(new URL(location, url).href, secrets), method });
      }
      let error: SendError | null = null;
      if (hop.bodyError) error = describeError(hop.bodyError, url, timeoutMs, options.signal);
      outcome = { status: hop.status, statusText: hop.statusText, headers: hop.headers, body: hop.body, error };
      break;
    }
  } catch (err) {
    const sendCode = (err as { sendCode?: SendErrorCode }).sendCode;
    let error: SendError;
    if (sendCode === 'redirect-loop') error = { code: 'redirect-loop', message: `redirect loop: ${redirects.map((r) => `${r.status} ${r.url}`).join(' → ')} → ${redirects[redirects.length - 1]?.location}; the server keeps sending the request back.`, cause: null };
    else if (sendCode === 'redirect-private') {
      const last = redirects[redirects.length - 1];
      error = { code: 'redirect-private', message: `refused to follow the redirect from ${last?.url} to ${last?.location}: ${(err as { reason?: string }).reason}, and a public server may not send requests into your network. Use '# @no-redirect' to see the answer, or write the private URL in the request if you mean it.`, cause: null };
    } else if (sendCode === 'too-many-redirects') error = { code: 'too-many-redirects', message: `more than ${maxRedirects} redirects; stopped at ${redirects[redirects.length - 1]?.location}. Use '# @no-redirect' to see the first answer.`, cause: null };
    else error = describeError(controller?.signal.reason instanceof ExchangeTimeout ? controller.signal.reason : err, maskSecrets(url, secrets), timeoutMs, options.signal);
    error.message = maskSecrets(error.message, secrets);
    outcome = { status: null, statusText: '', headers: [], body: null, error };
  } finally {
    if (timer) clearTimeout(timer);
    if (controller) options.signal?.removeEventListener('abort', onUserAbort);
  }
  attempt.status = outcome.status;
  attempt.error = outcome.error;
  attempt.timings.totalMs = round(performance.now() - start);
  return { attempt, outcome };
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

function fillTimings(a: Attempt, hop: HopResult, hopStart: number): void {
  const t: Timings = a.timings;
  const tr = hop.trace;
  t.reusedConnection = tr.reused;
  if (!tr.reused) {
    t.dnsMs = tr.dnsMs;
    t.connectMs = tr.connectMs;
    t.tlsMs = tr.tlsMs;
  }
  const sentAt = tr.sentAt ?? hopStart;
  const headersAt = tr.headersAt ?? hop.headersAt;
  t.firstByteMs = round(Math.max(0, headersAt - sentAt));
  t.downloadMs = round(Math.max(0, hop.endAt - headersAt));
  const s = tr.socket;
  if (s) {
    a.remoteAddress = s.remoteAddress ?? a.remoteAddress;
    a.remotePort = s.remotePort ?? a.remotePort;
    a.httpVersion = (s as { alpnProtocol?: string | false }).alpnProtocol === 'h2' ? '2.0' : '1.1';
  } else {
    a.httpVersion = a.httpVersion ?? '1.1';
  }
}

async function sendHop<C>(
  n: number,
  url: string,
  method: string,
  headers: HeaderPair[],
  bodySrc: BodySource,
  req: PreparedRequest,
  options: SendOptions<C>,
  limits: BodyLimits,
  signal: AbortSignal | null,
  hooks: SendHooks<C>,
): Promise<HopResult> {
  const target = new URL(url);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw Object.assign(new TypeError(`only http: and https: URLs can be sent (got '${target.protocol}')`), { code: 'ERR_INVALID_URL' });
  }
  const o = req.options ?? {};
  // Text bodies (nearly every API request) need no file access: no await for them.
  const opened = bodySrc.kind === 'text' ? textBody(bodySrc.text) : await openBody(bodySrc);
  const out: Record<string, string | string[]> = {};
  const add = (k: string, v: string): void => {
    const l = k.toLowerCase();
    const prev = out[l];
    if (prev === undefined) out[l] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[l] = [prev, v];
  };
  for (const [k, v] of headers) {
    const l = k.toLowerCase();
    if (MANAGED.has(l)) continue;
    if (l === 'cookie' && options.cookieJar) continue;
    add(k, v);
  }
  if (options.cookieJar) {
    const fromJar = options.cookieJar.header(target);
    const own = headerValue(headers, 'cookie');
    const joined = [own, fromJar].filter(Boolean).join('; ');
    if (joined) out['cookie'] = joined;
  }
  if (o.acceptCompressed !== false && out['accept-encoding'] === undefined) out['accept-encoding'] = 'gzip, deflate, br';
  // undici writes the length of a byte body itself; a stream needs it said, or it goes chunked.
  if (opened.body instanceof Readable || (opened.body === null && (method === 'POST' || method === 'PUT' || method === 'PATCH'))) out['content-length'] = String(opened.length);
  if (!out['user-agent']) out['user-agent'] = 'reqlint';
  const requestOpts: Dispatcher.DispatchOptions = {
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: method,
    headers: out,
    body: opened.body ?? undefined,
    headersTimeout: 0,
    bodyTimeout: 0,
  };
  const follows = o.followRedirects !== false;
  // Decided when the headers arrive: the body of HEAD and of a followed redirect is never shown (it is
  // read off the socket so the connection is reused); a small plain body is collected as it comes.
  const choose = (status: number, h: IncomingHttpHeaders): BodyMode => {
    if (method === 'HEAD' || (follows && REDIRECTS.has(status) && h.location !== undefined)) return 'discard';
    const length = h['content-length'];
    return collectsWhole(h['content-encoding'], typeof length === 'string' && /^\d+$/.test(length) ? Number(length) : null, limits) ? 'collect' : 'stream';
  };
  let response: DispatchedResponse;
  let trace: RequestTrace;
  try {
    const started = options.pool.trace(target, o, (d, tr) =>
      dispatchRequest(d, requestOpts, signal, choose, {
        onStart: () => options.pool.sending(tr),
        onHeaders: () => (tr.headersAt = performance.now()),
      }),
    );
    trace = started.trace;
    response = await started.result;
  } catch (err) {
    if (opened.body instanceof Readable) opened.body.destroy();
    throw err;
  }
  const headersAt = performance.now();
  const resHeaders = toPairs(response.headers);
  try {
    hooks.onResponse?.(n, response.statusCode, resHeaders);
    if (options.cookieJar && response.headers['set-cookie'] !== undefined) options.cookieJar.store(target, resHeaders.filter(([k]) => k === 'set-cookie').map(([, v]) => v));
  } catch (err) {
    // A body nobody will read must not hold its connection open.
    if (response.body instanceof Readable) response.body.destroy();
    throw err;
  }
  const lengthHeader = headerValue(resHeaders, 'content-length');
  const total = lengthHeader && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : null;
  let body: ResponseBody | null;
  let bodyError: unknown = null;
  if (choose(response.statusCode, response.headers) === 'discard') {
    if (isCollected(response.body)) await response.body.done;
    body = null;
  } else {
    const read = await readBody(response.body, headerValue(resHeaders, 'content-encoding'), limits, hooks.onProgress ? (b) => hooks.onProgress?.(b, total) : undefined);
    body = read.body;
    // A body that is not valid gzip/br/deflate is still an answer: `body.problem` says what is wrong.
    const zcode = (read.error as NodeJS.ErrnoException | null)?.code;
    bodyError = typeof zcode === 'string' && (zcode.startsWith('Z_') || zcode.startsWith('ERR__ERROR') || zcode.startsWith('ERR_BROTLI')) ? null : read.error;
    // A server that closes a keep-alive connection right after the last byte makes undici report
    // "other side closed" when back-pressure had paused its parser; every promised byte arrived, so
    // the answer is whole (seen with a 200 MB body on a busy machine).
    if (bodyError && !signal?.aborted && body && total !== null && body.encodedSize === total && (bodyError as { code?: string }).code === 'UND_ERR_SOCKET') {
      bodyError = null;
      body = { ...body, problem: null };
    }
    if (bodyError && signal?.aborted) {
      await discardBody(body);
      throw signal.reason instanceof Error ? signal.reason : bodyError instanceof Error ? bodyError : new Error('the body could not be read');
    }
  }
  return {
    status: response.statusCode,
    statusText: response.statusText ?? '',
    headers: resHeaders,
    body,
    bodyError,
    trace,
    headersAt,
    endAt: performance.now(),
    bytesSent: opened.length,
  };
}
