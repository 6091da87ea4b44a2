import { createHash, randomBytes } from 'node:crypto';

/** Credentials for HTTP Digest authentication (`Authorization: Digest user password` as written). */
export interface DigestCredentials {
  user: string;
  password: string;
}

/** One `Digest` challenge of a `WWW-Authenticate` header, parameter names lower-cased. */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | null;
  /** Upper-cased: `MD5`, `MD5-SESS`, `SHA-256`, `SHA-256-SESS`. */
  algorithm: string;
  /** The qop values offered (`auth`, `auth-int`), empty for the RFC 2069 form. */
  qop: string[];
}

const HASHES: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

/**
 * Reads `Authorization: Digest user password` (REST Client / httpYac): the user and the password
 * (which keeps inner spaces). A finished header (`Digest username="…", …`) gives null.
 */
export function readDigestShorthand(value: string): DigestCredentials | null {
  const m = /^\s*digest\s+(\S+)\s+(.+?)\s*$/is.exec(value);
  if (!m || /^[A-Za-z-]+=/.test(m[1])) return null;
  return { user: m[1], password: m[2] };
}

/** Splits `a=1, b="x, y"` into lower-cased names and unquoted values. */
function authParams(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]*)\s*,?\s*/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null && m[0] !== '') {
    out.set(m[1].toLowerCase(), m[3] !== undefined ? m[3].replace(/\\(.)/g, '$1') : m[2]);
  }
  return out;
}

/**
 * The strongest `Digest` challenge this client can answer among `WWW-Authenticate` values (one
 * header may hold several challenges), or null when there is none with a supported algorithm and
 * qop (`auth`, or none).
 */
export function pickDigestChallenge(values: readonly string[]): DigestChallenge | null {
  const found: DigestChallenge[] = [];
  for (const v of values) {
    // Each challenge starts at a scheme word that is followed by a parameter, not by '='.
    for (const part of v.split(/,?\s*(?=\b[A-Za-z][A-Za-z0-9_-]*\s+[A-Za-z0-9_-]+\s*=)/)) {
      const m = /^\s*digest\s+(.*)$/is.exec(part);
      if (!m) continue;
      const p = authParams(m[1]);
      const realm = p.get('realm');
      const nonce = p.get('nonce');
      if (realm === undefined || !nonce) continue;
      const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
      if (!HASHES[algorithm.replace(/-SESS$/, '')]) continue;
      const qop = (p.get('qop') ?? '').split(',').map((q) => q.trim().toLowerCase()).filter(Boolean);
      if (qop.length && !qop.includes('auth')) continue;
      found.push({ realm, nonce, opaque: p.get('opaque') ?? null, algorithm, qop });
    }
  }
  const rank = (c: DigestChallenge): number => (c.algorithm.startsWith('SHA-512-256') ? 3 : c.algorithm.startsWith('SHA-256') ? 2 : 1);
  found.sort((a, b) => rank(b) - rank(a));
  return found[0] ?? null;
}

/** Quoted-string form of a parameter value (RFC 9110 §5.6.4). */
const quote = (s: string): string => `"${s.replace(/["\\]/g, '\\$&')}"`;

/**
 * The `Authorization` value answering `challenge` for `method` on `uri` (the request target: path
 * and query) per RFC 7616: HA1 = H(user:realm:password) (with `-sess`, H(HA1:nonce:cnonce)),
 * HA2 = H(method:uri), response = H(HA1:nonce:nc:cnonce:auth:HA2), or H(HA1:nonce:HA2) without qop.
 * `nc` is the 1-based nonce count; `cnonce` is random unless given (tests).
 */
export function digestAuthorization(challenge: DigestChallenge, creds: DigestCredentials, method: string, uri: string, nc = 1, cnonce = randomBytes(16).toString('hex')): string {
  const base = challenge.algorithm.replace(/-SESS$/, '');
  const algo = HASHES[base];
  if (!algo) throw new Error(`the Digest algorithm ${challenge.algorithm} is not supported`);
  const h = (s: string): string => createHash(algo).update(s, 'utf8').digest('hex');
  let ha1 = h(`${creds.user}:${challenge.realm}:${creds.password}`);
  if (challenge.algorithm.endsWith('-SESS')) ha1 = h(`${ha1}:${challenge.nonce}:${cnonce}`);
  const ha2 = h(`${method.toUpperCase()}:${uri}`);
  const ncHex = nc.toString(16).padStart(8, '0');
  const qop = challenge.qop.length ? 'auth' : null;
  const response = qop ? h(`${ha1}:${challenge.nonce}:${ncHex}:${cnonce}:${qop}:${ha2}`) : h(`${ha1}:${challenge.nonce}:${ha2}`);
  const parts = [
    `username=${quote(creds.user)}`,
    `realm=${quote(challenge.realm)}`,
    `nonce=${quote(challenge.nonce)}`,
    `uri=${quote(uri)}`,
    `algorithm=${challenge.algorithm === 'MD5' ? 'MD5' : challenge.algorithm}`,
    `response=${quote(response)}`,
  ];
  if (qop) parts.push(`qop=${qop}`, `nc=${ncHex}`, `cnonce=${quote(cnonce)}`);
  if (challenge.opaque !== null) parts.push(`opaque=${quote(challenge.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}
