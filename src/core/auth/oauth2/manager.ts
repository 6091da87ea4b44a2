import { configFingerprint, type OAuthConfig } from './config';
import { TokenError } from './errors';
import { acquireToken, refreshToken, type OAuthInteraction, type StoredToken, type TokenHttp } from './grants';
import { parseTokenKey, tokenKey, type TokenStore } from './store';

/** What the manager needs: where tokens live, how sign-in requests go out, the front end's interaction, and a clock. */
export interface OAuthManagerOptions {
  store: TokenStore;
  http: TokenHttp;
  interaction?: OAuthInteraction;
  /** Milliseconds since the epoch; injectable for tests. */
  now?: () => number;
  /** A token is refreshed this long before it expires, in ms (at most a tenth of its lifetime). Default 60,000. */
  refreshSkewMs?: number;
  /** How long a person may take to sign in, in ms. Default 300,000. */
  interactiveTimeoutMs?: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** A cached token as a front end lists it: never the token itself. Times in ms since the epoch. */
export interface TokenSummary {
  key: string;
  environment: string;
  name: string;
  obtainedAt: number;
  expiresAt: number | null;
  canRefresh: boolean;
  scope: string | null;
}

/** Text fields of an entry that may hold `{{variables}}`, with their JetBrains names. */
const TEXT_KEYS: Array<[keyof OAuthConfig, string]> = [
  ['tokenUrl', 'Token URL'], ['authUrl', 'Auth URL'], ['deviceAuthUrl', 'Device Auth URL'], ['redirectUrl', 'Redirect URL'],
  ['clientId', 'Client ID'], ['clientSecret', 'Client Secret'], ['scope', 'Scope'], ['username', 'Username'], ['password', 'Password'],
];

/**
 * The entry with every `{{variable}}` in its text fields substituted by `substitute` (which returns
 * the text and the expressions it could not resolve). Throws a `config` error naming the field and
 * its place when one stays unresolved: an unresolved value is never sent to a token endpoint.
 */
export function resolveAuthConfig(cfg: OAuthConfig, substitute: (text: string) => { text: string; unresolved: string[] }): OAuthConfig {
  const out: OAuthConfig = { ...cfg, customParams: cfg.customParams.map((p) => ({ ...p })) };
  const rec = out as unknown as Record<string, string | undefined>;
  const check = (text: string, field: string): string => {
    if (!text.includes('{{')) return text;
    const r = substitute(text);
    if (r.unresolved.length) {
      const loc = cfg.fields.get(field.toLowerCase()) ?? cfg.fields.get('$entry');
      throw new TokenError(
        `sign-in "${cfg.name}": "${field}"${loc ? ` (${loc.file}:${loc.range.start.line + 1})` : ''} uses {{${r.unresolved[0]}}}, which is not defined${cfg.environment === '$shared' ? ' (no environment is selected)' : ` in environment "${cfg.environment}"`}.`,
        'config',
        'validation',
        'Define it in the environment (secrets in http-client.private.env.json) or select the environment that has it.',
      );
    }
    return r.text;
  };
  for (const [prop, field] of TEXT_KEYS) {
    const v = rec[prop];
    if (v !== undefined) rec[prop] = check(v, field);
  }
  for (const p of out.customParams) p.value = check(p.value, 'Custom Request Parameters');
  return out;
}

/**
 * Hands out OAuth 2.0 tokens: the cached one while it is valid, else a refreshed one, else a new
 * one from the entry's grant. Concurrent requests for one entry share one sign-in.
 */
export class OAuthManager {
  private readonly inflight = new Map<string, Promise<StoredToken>>();
  private readonly now: () => number;

  constructor(private readonly opts: OAuthManagerOptions) {
    this.now = opts.now ?? Date.now;
  }

  /** True when `t` must be refreshed now (it expires within the skew). */
  isExpiring(t: StoredToken): boolean {
    if (t.expiresAt === null) return false;
    const lifetime = Math.max(0, t.expiresAt - t.obtainedAt);
    const skew = Math.min(this.opts.refreshSkewMs ?? 60_000, lifetime / 10);
    return t.expiresAt - skew <= this.now();
  }

  /** A usable token for the resolved entry `cfg` in `environment`. Throws `TokenError` with advice when sign-in fails. */
  token(cfg: OAuthConfig, environment: string | null, signal?: AbortSignal): Promise<StoredToken> {
    const key = tokenKey(environment, cfg.name);
    const running = this.inflight.get(key);
    if (running) return running;
    const p = this.fetch(key, cfg, signal).finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }

  private async fetch(key: string, cfg: OAuthConfig, signal?: AbortSignal): Promise<StoredToken> {
    const fingerprint = configFingerprint(cfg);
    const ctx = { http: this.opts.http, now: this.now, fingerprint, interaction: this.opts.interaction, signal, interactiveTimeoutMs: this.opts.interactiveTimeoutMs, sleep: this.opts.sleep };
    const stored = await this.opts.store.get(key);
    if (stored && stored.fingerprint === fingerprint) {
      if (!this.isExpiring(stored)) return stored;
      if (stored.refreshToken) {
        try {
          const t = await refreshToken(cfg, stored, ctx);
          await this.opts.store.set(key, t);
          return t;
        } catch (err) {
          // A refused refresh token (expired, revoked) means signing in again; anything else is reported.
          if (!(err instanceof TokenError) || err.code !== 'invalid_grant') throw err;
          await this.opts.store.delete(key);
        }
      }
    }
    const t = await acquireToken(cfg, ctx);
    await this.opts.store.set(key, t);
    return t;
  }

  /**
   * The API refused the token (401 with `WWW-Authenticate: … error="invalid_token"`): it is marked
   * expired, so the next `token` call refreshes it or signs in again.
   */
  async invalidate(environment: string | null, name: string): Promise<void> {
    const key = tokenKey(environment, name);
    const t = await this.opts.store.get(key);
    if (t) await this.opts.store.set(key, { ...t, expiresAt: 0, obtainedAt: Math.min(t.obtainedAt, 0) });
  }

  /** Every cached token, without its secret parts, soonest expiry first. */
  async list(): Promise<TokenSummary[]> {
    const out: TokenSummary[] = [];
    for (const key of await this.opts.store.keys()) {
      const t = await this.opts.store.get(key);
      if (!t) continue;
      const { environment, name } = parseTokenKey(key);
      out.push({ key, environment, name, obtainedAt: t.obtainedAt, expiresAt: t.expiresAt, canRefresh: !!t.refreshToken, scope: t.scope });
    }
    return out.sort((a, b) => (a.expiresAt ?? Infinity) - (b.expiresAt ?? Infinity));
  }

  /** Forgets the token under `key` (sign out). */
  signOut(key: string): Promise<void> {
    return this.opts.store.delete(key);
  }
}

/** True when an API's 401 answer says the bearer token itself is bad (RFC 6750 §3.1), so a fresh token may help. */
export function isInvalidTokenChallenge(status: number | null, wwwAuthenticate: string | undefined): boolean {
  return status === 401 && !!wwwAuthenticate && /\berror\s*=\s*"?invalid_token"?/i.test(wwwAuthenticate);
}
