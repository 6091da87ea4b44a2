import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MockApi, MockReply, MockRequest } from '../types';
import { header, segments } from './common';

const ID = 'oauth';

/** The mock's OAuth 2.0 clients: a confidential one (secret) and a public one (PKCE only). */
export const MOCK_OAUTH_CLIENTS: Readonly<Record<string, { secret: string | null }>> = {
  'demo-client': { secret: 'demo-secret' },
  'public-client': { secret: null },
};

/** The mock's one resource owner for the password grant. */
export const MOCK_OAUTH_USER = { username: 'alice', password: 'wonderland' };

/** Lifetime of the mock's access tokens, in seconds. */
export const MOCK_TOKEN_LIFETIME_S = 3600;

interface Grant {
  clientId: string;
  scope: string;
  sub: string;
}

function b64url(buf: Buffer): string {
  return buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function token(): string {
  return b64url(randomBytes(24));
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function oauthError(status: number, error: string, description: string, extra: Record<string, string> = {}): MockReply {
  return { status, headers: { 'cache-control': 'no-store', ...extra }, json: { error, error_description: description } };
}

/**
 * An OAuth 2.0 authorization server and one protected resource under `/oauth`, for the demo and the
 * tests: `POST /token` (client credentials, password, authorization code with PKCE, refresh token,
 * device code; client authentication by Basic header or form), `GET /authorize` (approves at once
 * and redirects with `code` and `state`; `login_hint=deny` declines), `POST /device` and
 * `GET /device/verify?user_code=…` (RFC 8628), `POST /revoke` (RFC 7009) and `GET /api/me`, which
 * needs a valid bearer token and answers 401 `invalid_token` otherwise (RFC 6750).
 */
export function oauthApi(): MockApi {
  const access = new Map<string, Grant>();
  const refresh = new Map<string, Grant>();
  const codes = new Map<string, Grant & { redirectUri: string; challenge: string | null; method: string }>();
  const devices = new Map<string, Grant & { userCode: string; approved: boolean }>();
  const issue = (g: Grant, withRefresh: boolean, idToken: boolean): MockReply => {
    const at = token();
    access.set(at, g);
    const json: Record<string, unknown> = { access_token: at, token_type: 'Bearer', expires_in: MOCK_TOKEN_LIFETIME_S, scope: g.scope };
    if (withRefresh) {
      const rt = token();
      refresh.set(rt, g);
      json.refresh_token = rt;
    }
    if (idToken) {
      const part = (o: object): string => b64url(Buffer.from(JSON.stringify(o)));
      json.id_token = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: g.sub, aud: g.clientId, iat: Math.floor(Date.now() / 1000) })}.`;
    }
    return { status: 200, headers: { 'cache-control': 'no-store' }, json };
  };
  /** Authenticates the client by Basic header or form fields; returns its id or the RFC 6749 error answer. */
  const client = (req: MockRequest, form: URLSearchParams): string | MockReply => {
    const auth = header(req, 'authorization');
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    if (auth?.toLowerCase().startsWith('basic ')) {
      const raw = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
      const i = raw.indexOf(':');
      const dec = (s: string): string => decodeURIComponent(s.replace(/\+/g, ' '));
      id = dec(raw.slice(0, i < 0 ? raw.length : i));
      secret = i < 0 ? '' : dec(raw.slice(i + 1));
    }
    const known = id ? MOCK_OAUTH_CLIENTS[id] : undefined;
    if (!id || !known) return oauthError(401, 'invalid_client', 'Unknown client.', { 'www-authenticate': 'Basic realm="mock"' });
    if (known.secret !== null && (secret === null || !same(secret, known.secret))) return oauthError(401, 'invalid_client', 'Client authentication failed.', { 'www-authenticate': 'Basic realm="mock"' });
    return id;
  };
  return {
    id: ID,
    title: 'OAuth 2.0 demo',
    reset() {
      access.clear();
      refresh.clear();
      codes.clear();
      devices.clear();
    },
    handle(req: MockRequest): MockReply {
      const seg = segments(req.path);
      const form = new URLSearchParams(req.raw.toString('utf8'));
      const scopeOf = (s: string | null): string => (s ?? 'read').trim() || 'read';
      if (req.method === 'POST' && seg.length === 1 && seg[0] === 'token') {
        if (!/x-www-form-urlencoded/i.test(header(req, 'content-type') ?? '')) return oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
        const id = client(req, form);
        if (typeof id !== 'string') return id;
        const grant = form.get('grant_type');
        switch (grant) {
          case 'client_credentials':
            if (MOCK_OAUTH_CLIENTS[id].secret === null) return oauthError(400, 'unauthorized_client', 'A public client cannot use client credentials.');
            return issue({ clientId: id, scope: scopeOf(form.get('scope')), sub: id }, false, false);
          case 'password':
            if (form.get('username') !== MOCK_OAUTH_USER.username || form.get('password') !== MOCK_OAUTH_USER.password) return oauthError(400, 'invalid_grant', 'Wrong username or password.');
            return issue({ clientId: id, scope: scopeOf(form.get('scope')), sub: MOCK_OAUTH_USER.username }, true, scopeOf(form.get('scope')).split(' ').includes('openid'));
          case 'refresh_token': {
            const rt = form.get('refresh_token') ?? '';
            const g = refresh.get(rt);
            if (!g || g.clientId !== id) return oauthError(400, 'invalid_grant', 'The refresh token is invalid, expired or revoked.');
            // Rotation: a used refresh token is spent (RFC 9700 §4.14.2).
            refresh.delete(rt);
            return issue(g, true, g.scope.split(' ').includes('openid'));
          }
          case 'authorization_code': {
            const c = codes.get(form.get('code') ?? '');
            if (!c || c.clientId !== id) return oauthError(400, 'invalid_grant', 'The code is invalid, expired or already used.');
            codes.delete(form.get('code') ?? '');
            if (form.get('redirect_uri') !== c.redirectUri) return oauthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request.');
            if (c.challenge) {
              const v = form.get('code_verifier') ?? '';
              const expect = c.method === 'plain' ? v : b64url(createHash('sha256').update(v).digest());
              if (!v || !same(expect, c.challenge)) return oauthError(400, 'invalid_grant', 'PKCE verification failed.');
            } else if (MOCK_OAUTH_CLIENTS[id].secret === null) return oauthError(400, 'invalid_request', 'A public client must use PKCE.');
            return issue(c, true, c.scope.split(' ').includes('openid'));
          }
          case 'urn:ietf:params:oauth:grant-type:device_code': {
            const d = devices.get(form.get('device_code') ?? '');
            if (!d || d.clientId !== id) return oauthError(400, 'expired_token', 'The device code is unknown or expired.');
            if (!d.approved) return oauthError(400, 'authorization_pending', 'The user has not confirmed the code yet.');
            devices.delete(form.get('device_code') ?? '');
            return issue(d, true, false);
          }
          default:
            return oauthError(400, 'unsupported_grant_type', `Grant type '${grant ?? ''}' is not supported.`);
        }
      }
      if (req.method === 'GET' && seg.length === 1 && seg[0] === 'authorize') {
        const q = req.query;
        const id = q.get('client_id') ?? '';
        const redirect = q.get('redirect_uri') ?? '';
        if (!MOCK_OAUTH_CLIENTS[id] || !/^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?\//.test(redirect)) {
          return { status: 400, json: { error: 'invalid_request', error_description: 'Unknown client or a redirect_uri that is not a loopback URL.' } };
        }
        const back = new URL(redirect);
        const state = q.get('state');
        if (state !== null) back.searchParams.set('state', state);
        if (q.get('response_type') !== 'code') back.searchParams.set('error', 'unsupported_response_type');
        else if (q.get('login_hint') === 'deny') back.searchParams.set('error', 'access_denied');
        else {
          const code = token();
          codes.set(code, { clientId: id, scope: scopeOf(q.get('scope')), sub: MOCK_OAUTH_USER.username, redirectUri: redirect, challenge: q.get('code_challenge'), method: q.get('code_challenge_method') ?? 'plain' });
          back.searchParams.set('code', code);
        }
        return { status: 302, headers: { location: back.toString(), 'cache-control': 'no-store' } };
      }
      if (req.method === 'POST' && seg.length === 1 && seg[0] === 'device') {
        const id = form.get('client_id') ?? '';
        if (!MOCK_OAUTH_CLIENTS[id]) return oauthError(401, 'invalid_client', 'Unknown client.');
        const dc = token();
        const userCode = randomBytes(4).toString('hex').toUpperCase();
        devices.set(dc, { clientId: id, scope: scopeOf(form.get('scope')), sub: MOCK_OAUTH_USER.username, userCode, approved: false });
        return { status: 200, json: { device_code: dc, user_code: userCode, verification_uri: `${req.base}/device/verify`, verification_uri_complete: `${req.base}/device/verify?user_code=${userCode}`, expires_in: 600, interval: 1 } };
      }
      if (req.method === 'GET' && seg.length === 2 && seg[0] === 'device' && seg[1] === 'verify') {
        const uc = req.query.get('user_code') ?? '';
        for (const d of devices.values()) {
          if (d.userCode === uc) {
            d.approved = true;
            return { status: 200, json: { approved: true } };
          }
        }
        return { status: 404, json: { error: 'unknown user code' } };
      }
      if (req.method === 'POST' && seg.length === 1 && seg[0] === 'revoke') {
        const t = form.get('token') ?? '';
        access.delete(t);
        refresh.delete(t);
        return { status: 200, json: {} };
      }
      if (seg.length === 2 && seg[0] === 'api' && seg[1] === 'me') {
        const auth = header(req, 'authorization') ?? '';
        const m = /^Bearer\s+(\S+)$/i.exec(auth);
        if (!m) return { status: 401, headers: { 'www-authenticate': 'Bearer realm="mock"' }, json: { error: 'unauthorized', message: 'Send Authorization: Bearer <token>.' } };
        const g = access.get(m[1]);
        if (!g) return { status: 401, headers: { 'www-authenticate': 'Bearer realm="mock", error="invalid_token", error_description="The access token is invalid or expired"' }, json: { error: 'invalid_token', message: 'The access token is invalid or expired.' } };
        return { status: 200, json: { sub: g.sub, client_id: g.clientId, scope: g.scope } };
      }
      return { status: 404, json: { error: 'not_found', message: `No ${req.method} ${req.path} on the OAuth demo.` } };
    },
  };
}
