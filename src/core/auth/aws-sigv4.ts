import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import aws4 from 'aws4';
import { encodeForm } from '../send/body';
import type { HeaderPair, PreparedRequest } from '../send/types';
import { readTextFromDisk, type ReadText } from '../vars/environments';

/**
 * AWS Signature Version 4 for requests written the httpYac / REST Client way:
 * `Authorization: AWS <accessKeyId> <secretAccessKey> [token:<t>] [region:<r>] [service:<s>]`,
 * or `Authorization: AWS [profile:<p>] [region:<r>] [service:<s>]` with the credentials from the
 * environment (`AWS_ACCESS_KEY_ID`…) or the shared credentials file (`AWS_PROFILE`). The signing
 * itself is the `aws4` library's; this module only gathers its inputs.
 */

/** What an `Authorization: AWS …` value says; absent parts come from the environment or the host name. */
export interface AwsAuthSpec {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  region?: string;
  service?: string;
  profile?: string;
}

/** Credentials to sign with. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A request that cannot be signed: what is missing and what to do. */
export class AwsSignError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AwsSignError';
  }
}

const OPTION = /^(token|region|service|profile):(.*)$/;

/** Parses an `Authorization` value of the `AWS …` form; null for any other value (a ready `AWS4-HMAC-SHA256 …` signature included). */
export function parseAwsAuthorization(value: string): AwsAuthSpec | null {
  const parts = value.trim().split(/\s+/);
  if (parts[0] !== 'AWS') return null;
  const spec: AwsAuthSpec = {};
  const keys: string[] = [];
  for (const p of parts.slice(1)) {
    const m = OPTION.exec(p);
    if (!m) {
      keys.push(p);
      continue;
    }
    const v = m[2];
    if (m[1] === 'token') spec.sessionToken = v;
    else if (m[1] === 'region') spec.region = v;
    else if (m[1] === 'service') spec.service = v;
    else spec.profile = v;
  }
  if (keys.length === 1 || keys.length > 2) {
    throw new AwsSignError(`'Authorization: AWS …' takes the access key id and the secret access key (two words) or neither, then token:, region:, service: or profile: options; got ${keys.length} words.`);
  }
  if (keys.length === 2) [spec.accessKeyId, spec.secretAccessKey] = keys;
  return spec;
}

/** Most bytes of the shared credentials file that are read. */
export const MAX_CREDENTIALS_FILE_BYTES = 1024 * 1024;

/** Reads `[profile]` sections of an AWS shared credentials / config file (`key = value` lines, `#`/`;` comments). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  let cur: Map<string, string> | null = null;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const sec = /^\[\s*(?:profile\s+)?([^\]]+?)\s*\]$/.exec(line);
    if (sec) {
      cur = out.get(sec[1]) ?? new Map<string, string>();
      out.set(sec[1], cur);
      continue;
    }
    const eq = line.indexOf('=');
    if (cur && eq > 0) cur.set(line.slice(0, eq).trim().toLowerCase(), line.slice(eq + 1).trim());
  }
  return out;
}

/** The credentials for `spec`: written in the header, else `AWS_*` environment variables, else the shared credentials file's profile. */
export function resolveAwsCredentials(spec: AwsAuthSpec, env: Record<string, string | undefined> = process.env, readText: ReadText = readTextFromDisk): AwsCredentials {
  if (spec.accessKeyId && spec.secretAccessKey) {
    return { accessKeyId: spec.accessKeyId, secretAccessKey: spec.secretAccessKey, ...(spec.sessionToken ? { sessionToken: spec.sessionToken } : {}) };
  }
  if (!spec.profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    const token = spec.sessionToken ?? env.AWS_SESSION_TOKEN;
    return { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, ...(token ? { sessionToken: token } : {}) };
  }
  const profile = spec.profile ?? env.AWS_PROFILE ?? 'default';
  const file = env.AWS_SHARED_CREDENTIALS_FILE ?? join(env.HOME ?? homedir(), '.aws', 'credentials');
  const text = readText(file);
  if (text !== undefined && text.length > MAX_CREDENTIALS_FILE_BYTES) throw new AwsSignError(`${file} is over ${MAX_CREDENTIALS_FILE_BYTES} bytes; that is no credentials file.`);
  const section = text === undefined ? undefined : parseIni(text).get(profile);
  const id = section?.get('aws_access_key_id');
  const secret = section?.get('aws_secret_access_key');
  if (!id || !secret) {
    throw new AwsSignError(
      `no AWS credentials: write them in the header ('Authorization: AWS {{accessKeyId}} {{secretAccessKey}}'), set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add profile [${profile}] with aws_access_key_id and aws_secret_access_key to ${file}${text === undefined ? ' (not found)' : ''}.`,
    );
  }
  const token = spec.sessionToken ?? section?.get('aws_session_token');
  return { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) };
}

async function hashFile(path: string, into: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(path)) into.update(chunk as Buffer);
}

/** SHA-256 hex of the body as it will be sent (files streamed, never held whole). */
export async function payloadHash(body: PreparedRequest['body']): Promise<string> {
  const h = createHash('sha256');
  switch (body.kind) {
    case 'none':
      break;
    case 'text':
      h.update(body.text, 'utf8');
      break;
    case 'bytes':
      h.update(body.data);
      break;
    case 'form':
      h.update(encodeForm(body.fields), 'utf8');
      break;
    case 'file':
      await hashFile(body.path, h);
      break;
    case 'segments':
      for (const s of body.segments) {
        if ('text' in s) h.update(s.text, 'utf8');
        else await hashFile(s.path, h);
      }
      break;
  }
  return h.digest('hex');
}

/** Options of `signAwsRequest`: the clock and where credentials come from (tests fix them). */
export interface AwsSignOptions {
  now?: Date;
  env?: Record<string, string | undefined>;
  readText?: ReadText;
}

/**
 * When `prepared` carries `Authorization: AWS …`, replaces it with a SigV4 signature over the final
 * method, URL, headers and body (adding `X-Amz-Date`, `X-Amz-Content-Sha256` when there is a body, and
 * `X-Amz-Security-Token` for session credentials) and adds the secret key and token to the
 * request's secrets. Returns false (and changes nothing) for any other request.
 */
export async function signAwsRequest(prepared: PreparedRequest, opts: AwsSignOptions = {}): Promise<boolean> {
  const i = prepared.headers.findIndex(([n, v]) => n.toLowerCase() === 'authorization' && /^\s*AWS(\s|$)/.test(v));
  if (i < 0) return false;
  const spec = parseAwsAuthorization(prepared.headers[i][1]);
  if (!spec) return false;
  const env = opts.env ?? process.env;
  const creds = resolveAwsCredentials(spec, env, opts.readText);
  const url = new URL(prepared.url);
  const headers: Record<string, string> = {};
  for (const [n, v] of prepared.headers) {
    if (n.toLowerCase() === 'authorization') continue;
    headers[n] = headers[n] === undefined ? v : `${headers[n]},${v}`;
  }
  const has = (name: string): boolean => Object.keys(headers).some((k) => k.toLowerCase() === name);
  // A body's hash goes in a signed header (streamed files are never held whole); a request without a
  // body signs exactly as the published test vectors do.
  if (prepared.body.kind !== 'none' && !has('x-amz-content-sha256')) headers['X-Amz-Content-Sha256'] = await payloadHash(prepared.body);
  if (opts.now && !has('x-amz-date')) headers['X-Amz-Date'] = opts.now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const region = spec.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const signed = aws4.sign(
    {
      host: url.host,
      path: `${url.pathname}${url.search}`,
      method: prepared.method,
      headers,
      ...(spec.service ? { service: spec.service } : {}),
      ...(region ? { region } : {}),
    },
    creds,
  );
  const out: HeaderPair[] = [];
  for (const [n, v] of Object.entries(signed.headers ?? {})) {
    // The sender sets Host from the URL; everything else the signature covers goes out as signed.
    if (n.toLowerCase() === 'host') continue;
    out.push([n, String(v)]);
  }
  prepared.headers = out;
  prepared.secrets.push(creds.secretAccessKey, ...(creds.sessionToken ? [creds.sessionToken] : []));
  return true;
}
