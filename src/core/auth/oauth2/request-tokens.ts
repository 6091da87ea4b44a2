import { findHoles } from '../../http/holes';
import type { AuthConfigs } from './config';
import { TokenError } from './errors';
import { resolveAuthConfig, type OAuthManager } from './manager';

/** One `{{$auth.token("name")}}` / `{{$auth.idToken("name")}}` in a text; offsets are UTF-16 offsets of the hole. */
export interface AuthRef {
  kind: 'token' | 'idToken';
  name: string;
  start: number;
  end: number;
}

const AUTH_REF = /^\s*\$auth\.(token|idToken)\(\s*(["'])([^"']+)\2\s*\)\s*$/;

/** Parses the inside of a `{{…}}` hole as an auth reference; null when it is something else. */
export function parseAuthRef(expr: string): { kind: 'token' | 'idToken'; name: string } | null {
  const m = AUTH_REF.exec(expr);
  return m ? { kind: m[1] as 'token' | 'idToken', name: m[3] } : null;
}

/** Every auth reference in `text` (a URL, header value or body). */
export function authRefsIn(text: string): AuthRef[] {
  if (!text.includes('$auth.')) return [];
  const out: AuthRef[] = [];
  for (const h of findHoles(text)) {
    const r = parseAuthRef(h.expr);
    if (r) out.push({ ...r, start: h.start, end: h.end });
  }
  return out;
}

/** What fetching a request's tokens needs. */
export interface RequestTokenContext {
  configs: AuthConfigs;
  environment: string | null;
  manager: OAuthManager;
  /** Substitutes `{{variables}}` in an entry's values; returns what stayed unresolved. */
  substitute: (text: string) => { text: string; unresolved: string[] };
  signal?: AbortSignal;
}

/** The tokens a request's texts reference, fetched (or taken from the cache) before it is prepared. */
export interface RequestTokens {
  /** Lookup for the variable resolver's `authTokens` option. */
  lookup: (kind: 'token' | 'idToken', name: string) => string | undefined;
  /** Every token value handed out: masked wherever the request or its answer is shown. */
  secrets: string[];
  /** Sign-in names used, for invalidation after a 401 `invalid_token`. */
  names: string[];
}

/** Fetches every token `texts` reference. Throws `TokenError` (unknown name, bad entry, refused sign-in) with advice. */
export async function fetchRequestTokens(texts: readonly string[], ctx: RequestTokenContext): Promise<RequestTokens> {
  const wanted = new Map<string, 'token' | 'idToken'>();
  const kinds = new Map<string, Set<'token' | 'idToken'>>();
  for (const t of texts) {
    for (const r of authRefsIn(t)) {
      wanted.set(r.name, r.kind);
      let k = kinds.get(r.name);
      if (!k) kinds.set(r.name, (k = new Set()));
      k.add(r.kind);
    }
  }
  const values = new Map<string, string>();
  const secrets: string[] = [];
  for (const name of wanted.keys()) {
    const cfg = ctx.configs.entries.get(name);
    if (!cfg) {
      const known = [...ctx.configs.entries.keys()];
      throw new TokenError(
        `no sign-in named "${name}" in ${ctx.environment === null ? 'the environment files (no environment is selected)' : `environment "${ctx.environment}"`}.${known.length ? ` Defined: ${known.join(', ')}.` : ''}`,
        'config',
        'validation',
        ctx.environment === null ? 'Select the environment whose "Security"."Auth" defines it.' : 'Add it under "Security": { "Auth": { … } } of the environment in http-client.env.json.',
      );
    }
    const token = await ctx.manager.token(resolveAuthConfig(cfg, ctx.substitute), ctx.environment, ctx.signal);
    for (const kind of kinds.get(name)!) {
      // JetBrains' `Use ID Token` makes `$auth.token` hand out the ID token.
      const wantsId = kind === 'idToken' || cfg.useIdToken;
      const v = wantsId ? token.idToken : token.accessToken;
      if (v === null) {
        throw new TokenError(`sign-in "${name}" returned no ID token, which {{$auth.${kind}("${name}")}} needs.`, 'config', 'validation', 'Add "openid" to "Scope", or use $auth.token for the access token.');
      }
      values.set(`${kind}\u0000${name}`, v);
      secrets.push(v);
    }
    if (token.refreshToken) secrets.push(token.refreshToken);
  }
  return { lookup: (kind, name) => values.get(`${kind}\u0000${name}`), secrets, names: [...wanted.keys()] };
}
