import { createHash, randomBytes } from 'node:crypto';
import { request as undiciRequest, type Dispatcher } from 'undici';
import { missingFields, type OAuthConfig } from './config';
import { TokenError, parseTokenAnswer, tokenErrorFromAnswer } from './errors';
import { receiveRedirect } from './loopback';
import { abortableSleep } from '../../send/rate-limit';

/** One HTTP request to a sign-in endpoint (always a form POST or a plain GET). */
export interface TokenHttpRequest {
  method: 'POST' | 'GET';
  url: string;
  headers: Record<string, string>;
  body: string | null;
  signal?: AbortSignal;
}

/** The answer: status, lower-cased headers, and the body text (capped by the transport). */
export interface TokenHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How sign-in requests reach the network; front ends pass one that honours their proxy and TLS settings. */
export type TokenHttp = (req: TokenHttpRequest) => Promise<TokenHttpResponse>;

/** Most bytes of a token endpoint's answer that are read (a token answer is a few KiB). */
export const MAX_TOKEN_ANSWER_BYTES = 1024 * 1024;

/** A `TokenHttp` over undici (optionally through `dispatcher`), with a `timeoutMs` limit per request. */
export function undiciTokenHttp(dispatcher?: Dispatcher, timeoutMs = 30_000): TokenHttp {
  return async (req) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    let res: Dispatcher.ResponseData;
    try {
      res = await undiciRequest(req.url, { method: req.method, headers: req.headers, body: req.body ?? undefined, signal, ...(dispatcher ? { dispatcher } : {}) });
    } catch (err) {
      if (req.signal?.aborted) throw new TokenError('sign-in cancelled.', 'cancelled', 'network', 'Send the request again to sign in.');
      const e = err as Error & { code?: string };
      const why = timeout.aborted ? `no answer within ${timeoutMs} ms` : `${e.code ? `${e.code}: ` : ''}${e.message}`;
      throw new TokenError(`could not reach the sign-in endpoint ${new URL(req.url).origin}: ${why}.`, 'network', 'network', 'Check the URL, your network and proxy settings.');
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body) {
      const b = c as Buffer;
      size += b.length;
      if (size > MAX_TOKEN_ANSWER_BYTES) {
        res.body.destroy();
        throw new TokenError(`the sign-in endpoint ${new URL(req.url).origin} sent more than ${MAX_TOKEN_ANSWER_BYTES} bytes; that is no token answer.`, 'bad-answer', 'server', 'Check "Token URL".');
      }
      chunks.push(b);
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
    return { status: res.statusCode, headers, body: Buffer.concat(chunks).toString('utf8') };
  };
}

/** A token as kept in a store: times are ms since the epoch; `expiresAt` null when the server gave no lifetime. */
export interface StoredToken {
  accessToken: string;
  tokenType: string;
  idToken: string | null;
  refreshToken: string | null;
  scope: string | null;
  obtainedAt: number;
  expiresAt: number | null;
  /** `configFingerprint` of the entry it was fetched for. */
  fingerprint: string;
}

/** What the front end does for the grants that need a person: open a browser, show a device code. */
export interface OAuthInteraction {
  /** Opens `url` in the user's browser; resolves false when it could not. */
  openBrowser(url: string): Promise<boolean>;
  /** Tells the user to visit `verificationUri` and enter `userCode` (device grant). */
  showDeviceCode(info: { name: string; userCode: string; verificationUri: string; verificationUriComplete: string | null; expiresInSec: number }): void;
}

/** What a grant needs besides the entry: the transport, the clock, the front end, cancellation and limits. */
export interface GrantContext {
  http: TokenHttp;
  now: () => number;
  fingerprint: string;
  interaction?: OAuthInteraction;
  signal?: AbortSignal;
  /** How long a person may take to sign in (authorization code, device), in ms. */
  interactiveTimeoutMs?: number;
  /** Waits `ms` (device polling); injectable so tests need not wait. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function b64url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A fresh PKCE verifier (RFC 7636 §4.1: 43 characters of the unreserved set). */
export function pkceVerifier(): string {
  return b64url(randomBytes(32));
}

/** The PKCE challenge for `verifier` (RFC 7636 §4.2). */
export function pkceChallenge(verifier: string, method: 'S256' | 'plain'): string {
  return method === 'plain' ? verifier : b64url(createHash('sha256').update(verifier, 'ascii').digest());
}

/** RFC 6749 §2.3.1: client id and secret are form-encoded before they are joined for Basic. */
function basicClientAuth(id: string, secret: string): string {
  const enc = (s: string): string => encodeURIComponent(s).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${enc(id)}:${enc(secret)}`, 'utf8').toString('base64')}`;
}

function clientParams(cfg: OAuthConfig, form: URLSearchParams, headers: Record<string, string>): void {
  const id = cfg.clientId ?? '';
  if (cfg.clientAuth === 'basic' && cfg.clientSecret !== undefined) headers.authorization = basicClientAuth(id, cfg.clientSecret);
  else {
    form.set('client_id', id);
    if (cfg.clientAuth === 'in body' && cfg.clientSecret !== undefined) form.set('client_secret', cfg.clientSecret);
  }
}

function custom(cfg: OAuthConfig, form: URLSearchParams, where: 'auth' | 'token'): void {
  for (const p of cfg.customParams) if (p.use === where || p.use === 'everywhere') form.append(p.name, p.value);
}

/** POSTs `form` to the token endpoint and turns the answer into a token, or throws the classified error. */
async function tokenRequest(cfg: OAuthConfig, form: URLSearchParams, ctx: GrantContext, clientAuth = true): Promise<StoredToken> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (clientAuth) clientParams(cfg, form, headers);
  custom(cfg, form, 'token');
  const res = await ctx.http({ method: 'POST', url: cfg.tokenUrl!, headers, body: form.toString(), signal: ctx.signal });
  return tokenFromAnswer(cfg, res, ctx);
}

function tokenFromAnswer(cfg: OAuthConfig, res: TokenHttpResponse, ctx: GrantContext): StoredToken {
  const ct = res.headers['content-type'] ?? '';
  if (res.status < 200 || res.status >= 300) throw tokenErrorFromAnswer(cfg.name, res.status, res.body, ct);
  const f = parseTokenAnswer(res.body, ct);
  if (f && typeof f.error === 'string') throw tokenErrorFromAnswer(cfg.name, res.status, res.body, ct);
  const access = f?.access_token;
  if (!f || typeof access !== 'string' || !access) {
    throw new TokenError(`sign-in "${cfg.name}": the token endpoint answered ${res.status} without an access_token.`, 'bad-answer', 'server', 'Check "Token URL": it must be the OAuth 2.0 token endpoint.', res.status);
  }
  const expiresIn = Number(f.expires_in);
  const now = ctx.now();
  return {
    accessToken: access,
    tokenType: typeof f.token_type === 'string' ? f.token_type : 'Bearer',
    idToken: typeof f.id_token === 'string' ? f.id_token : null,
    refreshToken: typeof f.refresh_token === 'string' ? f.refresh_token : null,
    scope: typeof f.scope === 'string' ? f.scope : (cfg.scope ?? null),
    obtainedAt: now,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? now + expiresIn * 1000 : null,
    fingerprint: ctx.fingerprint,
  };
}

/** Checks the entry can be used at all; throws a `config` error naming what to add and where. */
export function assertUsable(cfg: OAuthConfig): void {
  const where = cfg.fields.get('$entry');
  const at = where ? `${where.file}:${where.range.start.line + 1}` : 'the environment file';
  if (cfg.type && cfg.type.toLowerCase() !== 'oauth2') {
    throw new TokenError(`sign-in "${cfg.name}" (${at}) has "Type": "${cfg.type}"; only "OAuth2" is supported.`, 'config', 'validation', 'Set "Type": "OAuth2".');
  }
  if (!cfg.grantType) {
    throw new TokenError(`sign-in "${cfg.name}" (${at}) has ${cfg.grantTypeText ? `an unknown "Grant Type" "${cfg.grantTypeText}"` : 'no "Grant Type"'}.`, 'config', 'validation', 'Set "Grant Type" to Client Credentials, Password, Authorization Code or Device Authorization.');
  }
  const missing = missingFields(cfg);
  if (missing.length) {
    throw new TokenError(`sign-in "${cfg.name}" (${at}) lacks ${missing.map((m) => `"${m}"`).join(', ')} for the ${cfg.grantTypeText} grant.`, 'config', 'validation', `Add ${missing.join(', ')} to the entry (secrets in http-client.private.env.json).`);
  }
  if (cfg.grantType === 'implicit') {
    throw new TokenError(`sign-in "${cfg.name}" (${at}) uses the Implicit grant, which Reqlint does not perform (OAuth 2.1 drops it: the token travels in the browser's address).`, 'config', 'validation', 'Use "Authorization Code" with "PKCE": true; providers that allow Implicit allow it too.');
  }
}

/** Fetches a new token with the entry's grant (no cache, no refresh). */
export async function acquireToken(cfg: OAuthConfig, ctx: GrantContext): Promise<StoredToken> {
  assertUsable(cfg);
  switch (cfg.grantType) {
    case 'client_credentials': {
      const form = new URLSearchParams({ grant_type: 'client_credentials' });
      if (cfg.scope) form.set('scope', cfg.scope);
      return tokenRequest(cfg, form, ctx);
    }
    case 'password': {
      const form = new URLSearchParams({ grant_type: 'password', username: cfg.username ?? '', password: cfg.password ?? '' });
      if (cfg.scope) form.set('scope', cfg.scope);
      return tokenRequest(cfg, form, ctx);
    }
    case 'authorization_code':
      return authorizationCode(cfg, ctx);
    case 'device_code':
      return deviceCode(cfg, ctx);
    default:
      throw new TokenError(`sign-in "${cfg.name}": unsupported grant.`, 'config', 'validation', 'Pick a supported "Grant Type".');
  }
}

/** Exchanges a refresh token (RFC 6749 §6); the answer may omit a new refresh token, then the old one is kept. */
export async function refreshToken(cfg: OAuthConfig, old: StoredToken, ctx: GrantContext): Promise<StoredToken> {
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: old.refreshToken ?? '' });
  if (cfg.scope) form.set('scope', cfg.scope);
  const t = await tokenRequest(cfg, form, ctx);
  return { ...t, refreshToken: t.refreshToken ?? old.refreshToken, idToken: t.idToken ?? old.idToken };
}

async function authorizationCode(cfg: OAuthConfig, ctx: GrantContext): Promise<StoredToken> {
  if (!ctx.interaction) {
    throw new TokenError(
      `sign-in "${cfg.name}" uses the Authorization Code grant, which needs a person at a browser.`,
      'config',
      'authentication',
      'Sign in from the editor (or run reqlint on a terminal), or use a grant that needs no browser (Client Credentials, Password, Device Authorization) for CI.',
    );
  }
  const state = b64url(randomBytes(24));
  const verifier = cfg.pkce ? (cfg.pkce.verifier ?? pkceVerifier()) : null;
  const auth = new URL(cfg.authUrl!);
  const q = auth.searchParams;
  q.set('response_type', 'code');
  q.set('client_id', cfg.clientId ?? '');
  q.set('redirect_uri', cfg.redirectUrl!);
  if (cfg.scope) q.set('scope', cfg.scope);
  q.set('state', state);
  if (cfg.pkce && verifier) {
    q.set('code_challenge', pkceChallenge(verifier, cfg.pkce.method));
    q.set('code_challenge_method', cfg.pkce.method);
  }
  for (const p of cfg.customParams) if (p.use !== 'token') q.append(p.name, p.value);
  const pending = receiveRedirect(cfg.redirectUrl!, state, { signal: ctx.signal, timeoutMs: ctx.interactiveTimeoutMs ?? 300_000, name: cfg.name });
  // The listener is up before the browser is sent to the provider, so no redirect is missed.
  const listening = await pending.ready;
  void listening;
  const opened = await ctx.interaction.openBrowser(auth.toString());
  if (!opened) {
    pending.cancel();
    throw new TokenError(`sign-in "${cfg.name}": the browser could not be opened.`, 'cancelled', 'authentication', `Open ${auth.origin} yourself, or sign in again.`);
  }
  const code = await pending.code;
  const form = new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: cfg.redirectUrl! });
  if (verifier) form.set('code_verifier', verifier);
  return tokenRequest(cfg, form, ctx);
}

/** Waits between device-code polls; a cancelled sign-in ends the wait with a `cancelled` error. */
const defaultSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  abortableSleep(ms, signal).catch(() => {
    throw new TokenError('sign-in cancelled.', 'cancelled', 'network', 'Send the request again to sign in.');
  });

async function deviceCode(cfg: OAuthConfig, ctx: GrantContext): Promise<StoredToken> {
  if (!ctx.interaction) {
    throw new TokenError(`sign-in "${cfg.name}" uses the Device Authorization grant, which needs a person to confirm a code.`, 'config', 'authentication', 'Sign in from the editor or run reqlint on a terminal; CI needs a grant without a person.');
  }
  const form = new URLSearchParams();
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  clientParams(cfg, form, headers);
  if (!form.has('client_id')) form.set('client_id', cfg.clientId ?? '');
  if (cfg.scope) form.set('scope', cfg.scope);
  custom(cfg, form, 'auth');
  const res = await ctx.http({ method: 'POST', url: cfg.deviceAuthUrl!, headers, body: form.toString(), signal: ctx.signal });
  const ct = res.headers['content-type'] ?? '';
  if (res.status < 200 || res.status >= 300) throw tokenErrorFromAnswer(cfg.name, res.status, res.body, ct);
  const f = parseTokenAnswer(res.body, ct);
  const deviceCodeValue = f?.device_code;
  const userCode = f?.user_code;
  const uri = f?.verification_uri ?? f?.verification_url;
  if (typeof deviceCodeValue !== 'string' || typeof userCode !== 'string' || typeof uri !== 'string') {
    throw new TokenError(`sign-in "${cfg.name}": the device authorization endpoint did not answer with device_code, user_code and verification_uri.`, 'bad-answer', 'server', 'Check "Device Auth URL".', res.status);
  }
  const expiresInSec = Number(f?.expires_in) > 0 ? Number(f?.expires_in) : 600;
  let intervalMs = (Number(f?.interval) > 0 ? Number(f?.interval) : 5) * 1000;
  ctx.interaction.showDeviceCode({ name: cfg.name, userCode, verificationUri: uri, verificationUriComplete: typeof f?.verification_uri_complete === 'string' ? f.verification_uri_complete : null, expiresInSec });
  const sleep = ctx.sleep ?? defaultSleep;
  const deadline = ctx.now() + Math.min(expiresInSec * 1000, ctx.interactiveTimeoutMs ?? Infinity);
  for (;;) {
    await sleep(intervalMs, ctx.signal);
    if (ctx.now() > deadline) throw new TokenError(`sign-in "${cfg.name}": the code ${userCode} was not confirmed in time.`, 'timeout', 'authentication', 'Sign in again and confirm the code sooner.');
    try {
      return await tokenRequest(cfg, new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:device_code', device_code: deviceCodeValue }), ctx);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      if (err.code === 'authorization_pending') continue;
      if (err.code === 'slow_down') {
        intervalMs += 5000;
        continue;
      }
      throw err;
    }
  }
}
