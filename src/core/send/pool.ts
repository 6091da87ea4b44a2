import { FileReadError, readFileCapped } from '../io/read';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import { rootCertificates } from 'node:tls';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Dispatcher } from 'undici';
import { Client, Pool, ProxyAgent, buildConnector, tunnelPool } from './undici';
import type { RequestOptions } from './types';

/** Connection set-up times of one socket, in milliseconds since `performance.timeOrigin`. */
interface SocketTrace {
  start: number;
  lookupEnd: number | null;
  connectEnd: number | null;
  tlsEnd: number | null;
  /** Set once a request ran on it, so later requests know the connection was reused. */
  used: boolean;
}

/** What the diagnostics channels tell about one undici request, keyed by the request object. */
export interface RequestTrace {
  /** performance.now() when the request headers went to the socket. */
  sentAt: number | null;
  /** performance.now() when the response headers arrived. */
  headersAt: number | null;
  socket: Socket | null;
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  reused: boolean;
}

/** Options for a `DispatcherPool`. */
export interface DispatcherPoolOptions {
  /**
   * Connections per origin (default 8). 1 suits a caller that sends one request at a time (the CLI):
   * each origin then gets a single keep-alive client without a pool's bookkeeping around it.
   */
  connections?: number;
  /** Idle keep-alive in milliseconds before a connection closes (default 30,000). */
  keepAliveTimeoutMs?: number;
  /** Environment to read HTTP_PROXY / HTTPS_PROXY / NO_PROXY from (default `process.env`). */
  env?: Record<string, string | undefined>;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * One pooled keep-alive dispatcher per origin and transport setting (proxy, TLS, HTTP/2, connect
 * time-out), plus the diagnostics-channel subscriptions that time each attempt. The only state the
 * sender keeps between requests; `close()` ends every connection and unsubscribes.
 */
export class DispatcherPool {
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly sockets = new WeakMap<object, SocketTrace>();
  /**
   * The trace of the request undici is writing: set by the request's handler as it starts (`sending`),
   * read by the `undici:client:sendHeaders` message undici publishes in the same synchronous step.
   */
  private current: RequestTrace | null = null;
  private closed = false;
  private readonly onSendHeaders = (msg: unknown): void => {
    const { socket } = msg as { socket: Socket };
    const trace = this.current;
    this.current = null;
    if (!trace) return;
    trace.sentAt = performance.now();
    trace.socket = socket;
    const st = this.sockets.get(socket);
    if (!st) return;
    if (st.used) {
      trace.reused = true;
      return;
    }
    st.used = true;
    const lookupEnd = st.lookupEnd ?? st.start;
    const connectEnd = st.connectEnd ?? lookupEnd;
    trace.dnsMs = round(lookupEnd - st.start);
    trace.connectMs = round(connectEnd - lookupEnd);
    trace.tlsMs = st.tlsEnd == null ? null : round(st.tlsEnd - connectEnd);
  };
  private readonly env: Record<string, string | undefined>;
  /** Environment proxy per scheme and host: the environment is read once per origin, not per request. */
  private readonly envProxy = new Map<string, string | null>();

  constructor(private readonly opts: DispatcherPoolOptions = {}) {
    this.env = opts.env ?? process.env;
    diagnosticsChannel.subscribe('undici:client:sendHeaders', this.onSendHeaders);
  }

  /** The proxy URL a request to `url` goes through with `options`, or null for a direct connection. */
  proxyFor(url: URL, options: RequestOptions): string | null {
    if (options.proxy === null) return null;
    if (options.proxy) {
      // An explicit proxy still skips the hosts NO_PROXY names (as curl does), from the options or else the environment.
      const noProxy = options.noProxy ?? getEnv(this.env, 'no_proxy');
      return noProxy && noProxyMatches(url, noProxy) ? null : options.proxy;
    }
    const k = `${url.protocol}//${url.host}`;
    let p = this.envProxy.get(k);
    if (p === undefined) {
      p = proxyFromEnv(url, this.env);
      this.envProxy.set(k, p);
    }
    return p;
  }

  /**
   * Runs `dispatch` with the dispatcher for `url` and a fresh trace for timings. The request's handler
   * must call `sending(trace)` when undici starts the request and set `trace.headersAt` when the
   * answer's headers arrive.
   */
  trace<T>(url: URL, options: RequestOptions, dispatch: (d: Dispatcher, trace: RequestTrace) => T): { result: T; trace: RequestTrace } {
    const trace: RequestTrace = { sentAt: null, headersAt: null, socket: null, dnsMs: null, connectMs: null, tlsMs: null, reused: false };
    return { result: dispatch(this.get(url, options), trace), trace };
  }

  /** Marks `trace` as the request undici writes next (from its handler's start, in the same step). */
  sending(trace: RequestTrace): void {
    this.current = trace;
  }

  /** The dispatcher for `url` with these options, created on first use. */
  get(url: URL, options: RequestOptions): Dispatcher {
    if (this.closed) throw new Error('the dispatcher pool is closed');
    const proxy = this.proxyFor(url, options);
    const connectTimeout = options.connectTimeoutMs ?? 10_000;
    const h2 = url.protocol === 'https:' && options.http2 === true;
    const target = proxy ? `proxy:${proxy}${options.proxyInsecure ? ' insecure' : ''}` : url.origin;
    // Plain HTTP has no TLS settings to tell apart, so its key skips reading them (the common case of a run).
    const plainKey = url.protocol === 'https:' ? null : `${target} ${connectTimeout}`;
    let d = plainKey !== null ? this.dispatchers.get(plainKey) : undefined;
    if (d) return d;
    const tls = tlsOptions(url, options);
    const key = plainKey ?? JSON.stringify([target, tls.key, connectTimeout, h2]);
    d = this.dispatchers.get(key);
    if (d) return d;
    const common = {
      connections: this.opts.connections ?? 8,
      keepAliveTimeout: this.opts.keepAliveTimeoutMs ?? 30_000,
      // The sender enforces its own whole-exchange limit; undici's 300 s defaults would cut long downloads.
      headersTimeout: 0,
      bodyTimeout: 0,
    };
    if (proxy) {
      // Plain-HTTP targets go as absolute-URI requests (what HTTP_PROXY means); HTTPS targets tunnel with CONNECT.
      d = new ProxyAgent({
        uri: proxy,
        proxyTunnel: false,
        ...common,
        clientFactory: (origin, opts) => tunnelPool(origin, { ...opts, keepAliveTimeout: common.keepAliveTimeout }),
        requestTls: { ...tls.options, timeout: connectTimeout, ...(options.proxyInsecure ? { rejectUnauthorized: false } : {}) },
        proxyTls: { timeout: connectTimeout, ...(options.proxyInsecure ? { rejectUnauthorized: false } : {}) },
      });
    } else if (common.connections === 1) {
      const { connections: _one, ...single } = common;
      d = new Client(url.origin, { ...single, allowH2: h2, connect: this.connector({ ...tls.options, timeout: connectTimeout, allowH2: h2 }) });
    } else {
      d = new Pool(url.origin, { ...common, allowH2: h2, connect: this.connector({ ...tls.options, timeout: connectTimeout, allowH2: h2 }) });
    }
    this.dispatchers.set(key, d);
    return d;
  }

  /** Closes every connection (waiting for in-flight requests) and stops listening to the channels. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    diagnosticsChannel.unsubscribe('undici:client:sendHeaders', this.onSendHeaders);
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.close().catch(() => d.destroy())));
  }

  /** Closes at once, aborting in-flight requests. */
  async destroy(): Promise<void> {
    this.closed = true;
    diagnosticsChannel.unsubscribe('undici:client:sendHeaders', this.onSendHeaders);
    const all = [...this.dispatchers.values()];
    this.dispatchers.clear();
    await Promise.all(all.map((d) => d.destroy().catch(() => undefined)));
  }

  /** Wraps undici's connector to record lookup, TCP and TLS times per socket. */
  private connector(build: buildConnector.BuildOptions): buildConnector.connector {
    const base = buildConnector(build);
    return (options, callback) => {
      const st: SocketTrace = { start: performance.now(), lookupEnd: null, connectEnd: null, tlsEnd: null, used: false };
      const socket = base(options, (err, sock) => {
        // Record before handing the socket over: undici writes the first request inside this callback.
        const now = performance.now();
        if (options.protocol === 'https:') st.tlsEnd ??= now;
        st.connectEnd ??= now;
        if (err) callback(err, null);
        else callback(null, sock);
      }) as unknown as Socket | undefined;
      if (socket && typeof socket.once === 'function') {
        this.sockets.set(socket, st);
        socket.once('lookup', () => (st.lookupEnd = performance.now()));
        socket.once('connect', () => (st.connectEnd = performance.now()));
        socket.once('secureConnect', () => (st.tlsEnd = performance.now()));
      }
      return socket as never;
    };
  }
}

/** TLS connect options for a URL and a stable key describing them (files are read once per dispatcher). */
function tlsOptions(url: URL, o: RequestOptions): { key: string; options: buildConnector.BuildOptions } {
  if (url.protocol !== 'https:') return { key: '', options: {} };
  const options: Record<string, unknown> = {};
  const read = (file: string, what: string): Buffer => {
    try {
      return readFileCapped(file, { limit: 'cookieJarBytes', what: `${what} file` });
    } catch (err) {
      throw new TlsFileError(`cannot read the ${what} file ${file}: ${err instanceof FileReadError ? `it ${err.detail}` : (err as Error).message}. Check the path in the TLS settings.`);
    }
  };
  if (o.insecure) options.rejectUnauthorized = false;
  if (o.caFile) {
    // Extra authorities add to the system ones instead of replacing them.
    options.ca = [...rootCertificates, read(o.caFile, 'CA')];
  }
  if (o.certFile) options.cert = read(o.certFile, 'client certificate');
  if (o.keyFile) options.key = read(o.keyFile, 'client key');
  if (o.pfxFile) options.pfx = read(o.pfxFile, 'PKCS#12');
  if (o.passphrase) options.passphrase = o.passphrase;
  const key = JSON.stringify([!!o.insecure, o.caFile ?? null, o.certFile ?? null, o.keyFile ?? null, o.pfxFile ?? null, o.passphrase ? 'p' : null]);
  return { key, options: options };
}

/** A TLS file named in the options could not be read; the message names the file. */
export class TlsFileError extends Error {
  override name = 'TlsFileError';
}

/**
 * The proxy for `url` from HTTP_PROXY / HTTPS_PROXY / ALL_PROXY (either case) unless NO_PROXY
 * matches: `*`, a host, `.domain` / `domain` suffixes, optionally with `:port`.
 */
export function proxyFromEnv(url: URL, env: Record<string, string | undefined>): string | null {
  const get = (name: string): string | undefined => getEnv(env, name);
  const proxy = (url.protocol === 'https:' ? get('https_proxy') : get('http_proxy')) ?? get('all_proxy');
  if (!proxy) return null;
  const noProxy = get('no_proxy');
  if (noProxy && noProxyMatches(url, noProxy)) return null;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function getEnv(env: Record<string, string | undefined>, name: string): string | undefined {
  return env[name.toLowerCase()] || env[name.toUpperCase()] || undefined;
}

/** True when `list` (NO_PROXY syntax: comma- or space-separated hosts, `.suffix`, `*`, optional `:port`) covers `url`. */
export function noProxyMatches(url: URL, list: string): boolean {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  for (const raw of list.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    let name = m ? m[1] : entry;
    const entryPort = m?.[2] ?? null;
    name = name.replace(/^\[|\]$/g, '').replace(/^\*?\./, '.');
    if (entryPort && entryPort !== port) continue;
    if (name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}
