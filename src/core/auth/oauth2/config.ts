import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { LineIndex, type Range } from '../../text/position';
import { PRIVATE_ENV_FILE, SHARED_ENV, readTextFromDisk, type ReadText } from '../../vars/environments';

/**
 * OAuth 2.0 sign-in configurations written the JetBrains HTTP Client way: `Security.Auth` entries of
 * an environment in `http-client.env.json`, completed by `http-client.private.env.json`, referenced
 * from requests as `{{$auth.token("name")}}` / `{{$auth.idToken("name")}}`.
 */

/** The grants Reqlint performs (RFC 6749 §4.1, §4.3, §4.4, §6 and RFC 8628). */
export type GrantType = 'authorization_code' | 'client_credentials' | 'password' | 'device_code' | 'implicit';

/** How the client authenticates at the token endpoint (JetBrains `Client Credentials`). */
export type ClientAuthMode = 'basic' | 'in body' | 'none';

/** Where one field of an auth entry was written: absolute file, 0-based range of its key, and whether the file is the private one. */
export interface FieldLocation {
  file: string;
  range: Range;
  private: boolean;
}

/** A custom request parameter and the requests it goes to (JetBrains `Custom Request Parameters`). */
export interface CustomParam {
  name: string;
  value: string;
  use: 'auth' | 'token' | 'everywhere';
}

/**
 * One auth entry as written: text values may still hold `{{variables}}` (resolved when a token is
 * fetched). Absent optional fields are undefined.
 */
export interface OAuthConfig {
  /** The entry's name, as used in `$auth.token("name")`. */
  name: string;
  /** The environment it was read from (the selected one, or `$shared`). */
  environment: string;
  /** `Type` as written ("OAuth2" is the only supported type). */
  type: string;
  /** `Grant Type` as written, and what it maps to (null: unknown text). */
  grantTypeText: string;
  grantType: GrantType | null;
  tokenUrl?: string;
  authUrl?: string;
  deviceAuthUrl?: string;
  redirectUrl?: string;
  clientId?: string;
  clientSecret?: string;
  clientAuth: ClientAuthMode;
  scope?: string;
  username?: string;
  password?: string;
  /** PKCE: null when off; `verifier` when the file fixes one. */
  pkce: { method: 'S256' | 'plain'; verifier?: string } | null;
  customParams: CustomParam[];
  /** `Acquire Automatically` (default true): fetch a token on first use without asking. */
  acquireAutomatically: boolean;
  /** `Use ID Token`: `$auth.token` gives the ID token instead of the access token. */
  useIdToken: boolean;
  /** Field name (as written) → where it was written; `$entry` is the entry's own key. */
  fields: Map<string, FieldLocation>;
  /** Problems with the entry's shape (unknown grant, wrong value types), each with its place. */
  problems: AuthConfigProblem[];
}

/** A problem in an auth entry, at a place in an environment file. */
export interface AuthConfigProblem {
  file: string;
  range: Range;
  message: string;
}

/** Every auth entry visible for one environment, by name. */
export interface AuthConfigs {
  entries: Map<string, OAuthConfig>;
  /** Problems that belong to no single entry (a `Security` that is not an object, …). */
  problems: AuthConfigProblem[];
}

const GRANTS: Record<string, GrantType> = {
  'authorization code': 'authorization_code',
  authorization_code: 'authorization_code',
  'client credentials': 'client_credentials',
  client_credentials: 'client_credentials',
  password: 'password',
  'device authorization': 'device_code',
  'device code': 'device_code',
  device_code: 'device_code',
  implicit: 'implicit',
};

/** The fields each grant needs before a token can be requested (JetBrains names). */
export const REQUIRED_FIELDS: Record<GrantType, readonly string[]> = {
  client_credentials: ['Token URL', 'Client ID'],
  password: ['Token URL', 'Client ID', 'Username', 'Password'],
  authorization_code: ['Auth URL', 'Token URL', 'Client ID', 'Redirect URL'],
  device_code: ['Device Auth URL', 'Token URL', 'Client ID'],
  implicit: ['Auth URL', 'Client ID', 'Redirect URL'],
};

/** Text values Reqlint reads, by their JetBrains name (compared case-insensitively). */
const TEXT_FIELDS: Record<string, keyof OAuthConfig> = {
  'token url': 'tokenUrl',
  'auth url': 'authUrl',
  'device auth url': 'deviceAuthUrl',
  'redirect url': 'redirectUrl',
  'client id': 'clientId',
  'client secret': 'clientSecret',
  scope: 'scope',
  username: 'username',
  password: 'password',
};

const KNOWN_FIELDS = new Set([
  'type', 'grant type', 'client credentials', 'pkce', 'custom request parameters', 'acquire automatically',
  'use id token', 'start automatically', 'revoke url', ...Object.keys(TEXT_FIELDS),
]);

interface RawField {
  node: Node;
  loc: FieldLocation;
}

/** Reads the auth entries for `environment` (null: only `$shared`) from the given environment files, in override order (farther first). */
export function readAuthConfigs(envFiles: readonly string[], environment: string | null, readText: ReadText = readTextFromDisk): AuthConfigs {
  const raw = new Map<string, { env: string; fields: Map<string, RawField>; entry: FieldLocation }>();
  const problems: AuthConfigProblem[] = [];
  const envs = environment === null ? [SHARED_ENV] : [SHARED_ENV, environment];
  for (const file of envFiles) {
    if (!file.endsWith('.json') || basename(file) === 'settings.json') continue;
    let text: string | undefined;
    try {
      text = readText(file);
    } catch {
      text = undefined;
    }
    if (text === undefined) continue;
    // Cheap guard: most environment files have no sign-in entries at all.
    if (!text.includes('"Auth"')) continue;
    const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
    if (!root || root.type !== 'object') continue;
    const idx = new LineIndex(text);
    const isPrivate = basename(file) === PRIVATE_ENV_FILE;
    for (const env of envs) {
      const auth = findNodeAtLocation(root, [env, 'Security', 'Auth']);
      if (!auth) continue;
      if (auth.type !== 'object') {
        problems.push({ file, range: idx.range(auth.offset, auth.offset + auth.length), message: `${file}:${idx.positionAt(auth.offset).line + 1}: "Security"."Auth" of environment "${env}" must be an object of named sign-in configurations.` });
        continue;
      }
      for (const prop of auth.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (!k || !v) continue;
        const name = String(k.value);
        const loc: FieldLocation = { file, range: idx.range(k.offset, k.offset + k.length), private: isPrivate };
        if (v.type !== 'object') {
          problems.push({ file, range: loc.range, message: `${file}:${loc.range.start.line + 1}: sign-in configuration "${name}" must be an object such as { "Type": "OAuth2", "Grant Type": "Client Credentials", … }.` });
          continue;
        }
        let e = raw.get(name);
        // The selected environment overrides `$shared`; a nearer or private file overrides field by field.
        if (!e) raw.set(name, (e = { env, fields: new Map(), entry: loc }));
        if (env !== SHARED_ENV) e.env = env;
        if (!isPrivate) e.entry = loc;
        for (const fp of v.children ?? []) {
          const [fk, fv] = fp.children ?? [];
          if (!fk || !fv) continue;
          e.fields.set(String(fk.value).toLowerCase(), { node: fv, loc: { file, range: idx.range(fk.offset, fk.offset + fk.length), private: isPrivate } });
        }
      }
    }
  }
  const entries = new Map<string, OAuthConfig>();
  for (const [name, e] of raw) entries.set(name, toConfig(name, e.env, e.fields, e.entry));
  return { entries, problems };
}

function nodeText(n: Node): string | undefined {
  if (n.type === 'string') return String(n.value);
  if (n.type === 'number' || n.type === 'boolean') return String(n.value);
  return undefined;
}

function toConfig(name: string, environment: string, fields: Map<string, RawField>, entry: FieldLocation): OAuthConfig {
  const problems: AuthConfigProblem[] = [];
  const where = (f: RawField): string => `${f.loc.file}:${f.loc.range.start.line + 1}`;
  const text = (key: string): string | undefined => {
    const f = fields.get(key);
    if (!f) return undefined;
    const t = nodeText(f.node);
    if (t === undefined) problems.push({ file: f.loc.file, range: f.loc.range, message: `${where(f)}: "${key}" of sign-in "${name}" must be text.` });
    return t;
  };
  const bool = (key: string, dflt: boolean): boolean => {
    const f = fields.get(key);
    if (!f) return dflt;
    if (f.node.type === 'boolean') return f.node.value === true;
    if (f.node.type === 'string' && /^(true|false)$/i.test(String(f.node.value))) return /^true$/i.test(String(f.node.value));
    problems.push({ file: f.loc.file, range: f.loc.range, message: `${where(f)}: "${key}" of sign-in "${name}" must be true or false.` });
    return dflt;
  };
  const type = text('type') ?? '';
  const grantTypeText = text('grant type') ?? '';
  const grantType = GRANTS[grantTypeText.trim().toLowerCase()] ?? null;
  const gf = fields.get('grant type');
  if (gf && grantTypeText && !grantType) {
    problems.push({ file: gf.loc.file, range: gf.loc.range, message: `${where(gf)}: "Grant Type" "${grantTypeText}" of sign-in "${name}" is not one of Authorization Code, Client Credentials, Password, Device Authorization, Implicit.` });
  }
  const tf = fields.get('type');
  if (tf && type && type.toLowerCase() !== 'oauth2') {
    problems.push({ file: tf.loc.file, range: tf.loc.range, message: `${where(tf)}: sign-in "${name}" has "Type": "${type}"; Reqlint signs in with "OAuth2" only.` });
  }
  const modeText = (text('client credentials') ?? 'basic').trim().toLowerCase();
  const clientAuth: ClientAuthMode = modeText === 'in body' || modeText === 'none' ? modeText : 'basic';
  const cf = fields.get('client credentials');
  if (cf && !['basic', 'in body', 'none'].includes(modeText)) {
    problems.push({ file: cf.loc.file, range: cf.loc.range, message: `${where(cf)}: "Client Credentials" must be "basic", "in body" or "none".` });
  }
  const cfg: OAuthConfig = {
    name,
    environment,
    type,
    grantTypeText,
    grantType,
    clientAuth,
    pkce: readPkce(fields.get('pkce'), problems, name),
    customParams: readCustomParams(fields.get('custom request parameters'), problems, name),
    acquireAutomatically: bool('acquire automatically', true),
    useIdToken: bool('use id token', false),
    fields: new Map([['$entry', entry]]),
    problems,
  };
  for (const [key, prop] of Object.entries(TEXT_FIELDS)) {
    const v = text(key);
    if (v !== undefined) (cfg as unknown as Record<string, unknown>)[prop] = v;
  }
  for (const [key, f] of fields) {
    cfg.fields.set(key, f.loc);
    if (!KNOWN_FIELDS.has(key)) problems.push({ file: f.loc.file, range: f.loc.range, message: `${where(f)}: "${f.node.parent?.children?.[0]?.value ?? key}" is not a sign-in setting Reqlint knows; it is ignored.` });
  }
  return cfg;
}

function readPkce(f: RawField | undefined, problems: AuthConfigProblem[], name: string): OAuthConfig['pkce'] {
  if (!f) return null;
  const n = f.node;
  if (n.type === 'boolean') return n.value === true ? { method: 'S256' } : null;
  if (n.type === 'object') {
    const method = findNodeAtLocation(n, ['Code Challenge Method']);
    const verifier = findNodeAtLocation(n, ['Code Verifier']);
    const m = method && method.type === 'string' ? String(method.value).toLowerCase() : 'sha-256';
    return { method: m === 'plain' ? 'plain' : 'S256', ...(verifier && verifier.type === 'string' ? { verifier: String(verifier.value) } : {}) };
  }
  problems.push({ file: f.loc.file, range: f.loc.range, message: `${f.loc.file}:${f.loc.range.start.line + 1}: "PKCE" of sign-in "${name}" must be true, false or { "Code Challenge Method": "SHA-256" }.` });
  return null;
}

function readCustomParams(f: RawField | undefined, problems: AuthConfigProblem[], name: string): CustomParam[] {
  if (!f) return [];
  if (f.node.type !== 'object') {
    problems.push({ file: f.loc.file, range: f.loc.range, message: `${f.loc.file}:${f.loc.range.start.line + 1}: "Custom Request Parameters" of sign-in "${name}" must be an object of "name": "value" pairs.` });
    return [];
  }
  const out: CustomParam[] = [];
  for (const p of f.node.children ?? []) {
    const [k, v] = p.children ?? [];
    if (!k || !v) continue;
    const pname = String(k.value);
    const values = v.type === 'array' ? (v.children ?? []) : [v];
    for (const item of values) {
      if (item.type === 'object') {
        const value = findNodeAtLocation(item, ['Value']);
        const use = findNodeAtLocation(item, ['Use']);
        const u = use && use.type === 'string' ? String(use.value).toLowerCase() : 'everywhere';
        if (value && nodeText(value) !== undefined) {
          out.push({ name: pname, value: nodeText(value)!, use: u.includes('auth') ? 'auth' : u.includes('token') ? 'token' : 'everywhere' });
        }
        continue;
      }
      const t = nodeText(item);
      if (t !== undefined) out.push({ name: pname, value: t, use: 'everywhere' });
    }
  }
  return out;
}

/** Fields of `cfg`'s grant that are absent (JetBrains names); the client secret counts unless `Client Credentials` is "none" or PKCE stands in for it. */
export function missingFields(cfg: OAuthConfig): string[] {
  if (!cfg.grantType) return cfg.grantTypeText ? [] : ['Grant Type'];
  const missing = REQUIRED_FIELDS[cfg.grantType].filter((f) => !cfg.fields.has(f.toLowerCase()));
  const needsSecret = (cfg.grantType === 'client_credentials' || (cfg.grantType === 'authorization_code' && !cfg.pkce)) && cfg.clientAuth !== 'none';
  if (needsSecret && !cfg.fields.has('client secret')) missing.push('Client Secret');
  return missing;
}

/** A short hash of everything that decides which token an entry gets: a cached token is reused only while it matches. */
export function configFingerprint(cfg: OAuthConfig): string {
  const h = createHash('sha256');
  for (const v of [cfg.grantType, cfg.tokenUrl, cfg.authUrl, cfg.deviceAuthUrl, cfg.clientId, cfg.scope, cfg.username, cfg.useIdToken ? 'id' : 'access']) h.update(`${v ?? ''}\u0000`);
  for (const p of cfg.customParams) h.update(`${p.name}=${p.value}/${p.use}\u0000`);
  return h.digest('hex').slice(0, 16);
}
