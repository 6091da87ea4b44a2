import { isAbsolute, join, resolve } from 'node:path';
import type { ProjectConfig } from '../config/types';
import type { BodyLimits } from '../send/response';
import { DEFAULT_TIMEOUT_MS, type RequestOptions } from '../send/types';

/** The `send` section of reqlint.config.json as the schema allows it (every key optional). */
export interface SendConfig {
  timeoutMs?: number;
  connectTimeoutMs?: number;
  proxy?: string | null;
  followRedirects?: boolean;
  maxBodyBytes?: number;
  maxDecodedBytes?: number;
  cookies?: boolean;
  tls?: Record<string, TlsConfig>;
}

/** One host's entry of `send.tls`; paths are relative to the config's folder. */
export interface TlsConfig {
  ca?: string;
  cert?: string;
  key?: string;
  pfx?: string;
  passphrase?: string;
  insecure?: boolean;
}

/** What a front end says for one run, winning over the config (the CLI's flags). */
export interface SendOverrides {
  /** Whole-exchange limit in ms (0 = none). */
  timeoutMs?: number;
  /** Connection limit in ms (0 = none). */
  connectTimeoutMs?: number;
  /** A proxy URL, or null for no proxy at all (environment variables ignored). */
  proxy?: string | null;
  /** Accept any TLS certificate on every host. */
  insecure?: boolean;
  /** False: one attempt per request whatever the API's retry policy says (default true). */
  retry?: boolean;
  /** Absolute path of the cookie jar file, read before and written after the run. */
  cookieJarFile?: string;
}

/** What a front end uses when the config says nothing (the editor's own settings). */
export interface SendFallbacks {
  /** Whole-exchange limit in ms. */
  timeoutMs?: number | null;
  /** Proxy URL; absent = the standard environment variables. */
  proxy?: string | null;
  /** Hosts that skip the fallback proxy (NO_PROXY syntax), e.g. from the editor's `http.noProxy`. */
  noProxy?: string | null;
  /** Accept any certificate through the fallback proxy (the editor's `http.proxyStrictSSL: false`). */
  proxyInsecure?: boolean;
}

/** Everything the config's `send` section and the front end's flags mean for sending, worked out once per run. */
export interface SendSettings {
  /** Transport options every request starts from; a request's `# @…` metadata overrides them. */
  defaults: RequestOptions;
  /** Body limits for the sender (absent keys keep the sender's defaults), or undefined for all defaults. */
  limits: Partial<BodyLimits> | undefined;
  /** Accept any certificate on every host (a front end's explicit opt-in). */
  insecure: boolean;
  /** Resend by the API's documented retry policy. */
  retry: boolean;
  /** Absolute path of the cookie jar file for `environment`, or null when cookies are kept in memory only. */
  cookieJarFile(environment: string | null): string | null;
  /** The config's TLS options for the host of `url` (CA, client certificate, insecure), with absolute paths. */
  tlsFor(url: string): Partial<RequestOptions>;
}

/** The config's `send` section, read from its raw document (validated against the schema on load). */
export function sendConfigOf(config: ProjectConfig): SendConfig {
  return (config.raw.send ?? {});
}

/**
 * Applies the config's `send` section under the front end's `overrides` and over its `fallbacks`:
 * time-outs, proxy, redirects, body limits, cookies (jar file per environment) and TLS per host.
 */
export function sendSettings(config: ProjectConfig, overrides: SendOverrides = {}, fallbacks: SendFallbacks = {}): SendSettings {
  const cfg = sendConfigOf(config);
  const proxy: Pick<RequestOptions, 'proxy' | 'noProxy' | 'proxyInsecure'> =
    overrides.proxy !== undefined
      ? { proxy: overrides.proxy }
      : cfg.proxy !== undefined
        ? { proxy: cfg.proxy }
        : fallbacks.proxy
          ? { proxy: fallbacks.proxy, ...(fallbacks.noProxy ? { noProxy: fallbacks.noProxy } : {}), ...(fallbacks.proxyInsecure ? { proxyInsecure: true } : {}) }
          : {};
  const defaults: RequestOptions = {
    // A server that accepts and never answers must not hold a run forever: 0 (from a flag or the config) is the way to say none.
    timeoutMs: overrides.timeoutMs ?? cfg.timeoutMs ?? fallbacks.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    connectTimeoutMs: overrides.connectTimeoutMs ?? cfg.connectTimeoutMs ?? null,
    followRedirects: cfg.followRedirects ?? true,
    ...proxy,
  };
  const limits = cfg.maxBodyBytes || cfg.maxDecodedBytes ? { ...(cfg.maxBodyBytes ? { maxBodyBytes: cfg.maxBodyBytes } : {}), ...(cfg.maxDecodedBytes ? { maxDecodedBytes: cfg.maxDecodedBytes } : {}) } : undefined;
  const tls = cfg.tls;
  return {
    defaults,
    limits,
    insecure: overrides.insecure === true,
    retry: overrides.retry !== false,
    cookieJarFile: (environment) => overrides.cookieJarFile ?? (cfg.cookies ? join(config.dir, '.reqlint', 'cookies', `${environment ?? 'default'}.json`) : null),
    tlsFor: (url) => (tls ? tlsOptions(url, tls, config.dir) : {}),
  };
}

function tlsOptions(url: string, tls: Record<string, TlsConfig>, configDir: string): Partial<RequestOptions> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return {};
  }
  const entry = tls[u.host] ?? tls[u.hostname];
  if (!entry) return {};
  const abs = (p: string | undefined): string | null => (p ? (isAbsolute(p) ? p : resolve(configDir, p)) : null);
  return { caFile: abs(entry.ca), certFile: abs(entry.cert), keyFile: abs(entry.key), pfxFile: abs(entry.pfx), passphrase: entry.passphrase ?? null, insecure: entry.insecure === true };
}
