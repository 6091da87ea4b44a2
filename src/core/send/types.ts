/** A header as sent or received, in order; names keep the case they were written with. */
export type HeaderPair = [name: string, value: string];

/**
 * Where a request body comes from. Files are opened only when an attempt starts, so a retried or
 * redirected request re-reads them and a large file is never held in memory.
 */
export type BodySource =
  | { kind: 'none' }
  /** Text sent as UTF-8 (variables already substituted). */
  | { kind: 'text'; text: string }
  | { kind: 'bytes'; data: Uint8Array }
  /** A file streamed from disk as is (`< path`); `path` is absolute. */
  | { kind: 'file'; path: string }
  /** `application/x-www-form-urlencoded` fields, encoded at send time. */
  | { kind: 'form'; fields: HeaderPair[] }
  /**
   * Text and file pieces sent back to back (a written multipart body with `< file` parts, or inline
   * text mixed with file lines); file paths are absolute and streamed.
   */
  | { kind: 'segments'; segments: Array<{ text: string } | { path: string }> };

/**
 * Whole-exchange time-out of a sent request when neither `# @timeout`, the config, a flag nor a
 * setting names one, in milliseconds (0 there means none): a server that accepts and never answers
 * must not hold a CLI run or a CI job forever. The editor's `reqlint.send.timeoutMs` defaults to it.
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Per-request transport options, from `# @…` metadata, config and CLI flags. */
export interface RequestOptions {
  /** Whole-exchange limit in milliseconds (headers and body); null or absent = no limit. */
  timeoutMs?: number | null;
  /** Limit for establishing a connection (DNS, TCP, TLS) in milliseconds; default 10,000. */
  connectTimeoutMs?: number | null;
  /** Follow 3xx answers with a `Location` (default true); `# @no-redirect` sets false. */
  followRedirects?: boolean;
  /** Hops followed before giving up with `too-many-redirects` (default 10). */
  maxRedirects?: number;
  /** Offer HTTP/2 through ALPN (HTTPS only); HTTP/1.1 is used when the server does not take it. */
  http2?: boolean;
  /** Accept any TLS certificate for this request's host: an explicit opt-in, never a default. */
  insecure?: boolean;
  /** Proxy URL (`http://user:pass@host:port`); `null` = never use a proxy; absent = standard environment variables. */
  proxy?: string | null;
  /** Hosts that skip the proxy, NO_PROXY syntax (`localhost,.corp.example,10.0.0.1:8080`); absent = the NO_PROXY environment variable. */
  noProxy?: string | null;
  /**
   * Accept any TLS certificate on connections through the proxy: an `https:` proxy's own and those of
   * servers reached through its tunnel (what an intercepting corporate proxy needs; the editor's
   * `http.proxyStrictSSL: false`). Ignored for requests that do not use a proxy.
   */
  proxyInsecure?: boolean;
  /** PEM file with extra certificate authorities trusted besides the system ones (absolute path). */
  caFile?: string | null;
  /** PEM client certificate and its key (absolute paths), or a PKCS#12 file with `passphrase`. */
  certFile?: string | null;
  keyFile?: string | null;
  pfxFile?: string | null;
  passphrase?: string | null;
  /** Add `Accept-Encoding: gzip, deflate, br` when the request has none (default true). */
  acceptCompressed?: boolean;
}

/** A request ready to go on the wire: every `{{…}}` resolved, files referenced by absolute path. */
export interface PreparedRequest {
  method: string;
  /** Absolute `http:` or `https:` URL. */
  url: string;
  headers: HeaderPair[];
  body: BodySource;
  options: RequestOptions;
  /** Values that came from secret variables; masked in every output (see `maskSecrets`). */
  secrets: string[];
  /** The request's `@name`, or null. */
  name?: string | null;
  /** Credentials of `Authorization: Digest user password`: the sender answers a 401 Digest challenge with them. */
  digest?: { user: string; password: string } | null;
  /** Where the request was written, when it came from a file: absolute path and 1-based line. */
  source?: { file: string; line: number } | null;
}

/** Connection-level and exchange-level durations of one attempt, in milliseconds; null when not measured. */
export interface Timings {
  /** Name lookup; 0 for literal IP addresses; null on a reused connection. */
  dnsMs: number | null;
  /** TCP connect after the lookup; null on a reused connection. */
  connectMs: number | null;
  /** TLS handshake after TCP connect; null for plain HTTP or a reused connection. */
  tlsMs: number | null;
  /** From the first byte of the request written to the response headers received. */
  firstByteMs: number | null;
  /** From the response headers to the last body byte. */
  downloadMs: number | null;
  /** From the attempt's start to its end (including a queue wait for a free connection). */
  totalMs: number;
  /** True when the attempt ran on a kept-alive connection opened earlier. */
  reusedConnection: boolean;
}

/** What went wrong on the transport when no answer arrived (or it broke off). */
export type SendErrorCode =
  | 'aborted'
  | 'timeout'
  | 'connect-timeout'
  | 'connection-refused'
  | 'connection-reset'
  | 'dns'
  | 'tls'
  | 'proxy'
  | 'network'
  | 'too-many-redirects'
  | 'redirect-loop'
  /** A redirect from a public host to a loopback, private or link-local address (refused). */
  | 'redirect-private'
  | 'invalid-url'
  | 'body-file'
  | 'decompression-limit';

/** A transport failure with a machine code and a message naming what to do. */
export interface SendError {
  code: SendErrorCode;
  message: string;
  /** The underlying Node/undici error code (`ECONNREFUSED`, `UND_ERR_SOCKET`…), when there was one. */
  cause?: string | null;
}

/** One 3xx answer that was followed (or, with redirects off, the last one returned). */
export interface RedirectHop {
  status: number;
  url: string;
  location: string;
  method: string;
}

/** A response body: in memory up to the limit, else in a temp file the caller owns. */
export interface ResponseBody {
  /** Decoded bytes when the body fit under `maxBodyBytes`; null when it went to `file`. */
  bytes: Uint8Array | null;
  /** Absolute path of a temp file holding the whole decoded body; delete it with `discardBody`. */
  file: string | null;
  /** Decoded size in bytes. */
  size: number;
  /** Bytes as they came over the wire (before gzip/br/deflate decoding). */
  encodedSize: number;
  /** The first bytes of the decoded body (at most `previewBytes`): what the classifier reads. */
  preview: Uint8Array;
  /** Content-Encoding that was decoded (`gzip`, `br`…), or null. */
  decoded: string | null;
  /** Why the body is incomplete (decoding failed, decompressed size cap, connection lost), else null. */
  problem: string | null;
}

/** One try of a request (a retry is a new attempt); redirect hops belong to the attempt that followed them. */
export interface Attempt {
  /** 1-based. */
  number: number;
  /** Wall-clock start, epoch milliseconds. */
  startedAt: number;
  status: number | null;
  error: SendError | null;
  timings: Timings;
  redirects: RedirectHop[];
  /** URL of the last hop (the one that answered). */
  url: string;
  remoteAddress: string | null;
  remotePort: number | null;
  /** `1.1` or `2.0`. */
  httpVersion: string | null;
  bytesSent: number;
  bytesReceived: number;
  /** Delay waited before the next attempt in milliseconds, null when this was the last. */
  retryDelayMs: number | null;
  /** Why a next attempt was made ("429 Retry-After 1 s", "503, backoff 2/3"), null when none. */
  retryReason: string | null;
  /** The request headers this attempt sent, secrets masked. */
  requestHeaders: HeaderPair[];
}

/** The outcome of `sendRequest`: the last attempt's answer plus every attempt. */
export interface SendResult<C = unknown> {
  /** Method and URL as first sent. */
  method: string;
  url: string;
  /** Final status, or null when no answer arrived. */
  status: number | null;
  statusText: string;
  /** Final response headers in order (a repeated header appears once per value). */
  headers: HeaderPair[];
  body: ResponseBody | null;
  error: SendError | null;
  attempts: Attempt[];
  /** The response's classification (from the injected classifier), or null without one. */
  classification: C | null;
  /** From the call to the end, including retry and rate-limit waits, in milliseconds. */
  durationMs: number;
  /** Milliseconds spent waiting for the client-side rate limit. */
  rateLimitWaitMs: number;
  /** The Idempotency-Key added by the sender (same on every attempt), or null. */
  addedIdempotencyKey: string | null;
}
