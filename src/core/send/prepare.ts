import { dirname, isAbsolute, resolve } from 'node:path';
import type { FileBodyRef, HttpRequest } from '../http/ast';
import { graphqlOf, graphqlPayload, isGraphqlRequest } from '../http/graphql';
import type { ReadLimits } from '../io/limits';
import { FileReadError, readFileCapped } from '../io/read';
import { encodeBasicAuthorization, readDigestShorthand, type DigestCredentials } from '../auth';
import type { BodySource, HeaderPair, PreparedRequest, RequestOptions } from './types';

/** Substitutes `{{…}}` holes; implemented over the variables module by callers (and by tests). */
export interface ValueResolver {
  /**
   * Replaces every resolvable `{{expr}}` in `text`. `secrets` lists the values that came from secret
   * variables (to be masked in output); `unresolved` the expressions left as written.
   */
  substitute(text: string): { text: string; secrets: string[]; unresolved: string[] };
}

/** Inputs of `prepareRequest` besides the request itself. */
export interface PrepareContext {
  resolver: ValueResolver;
  /** Absolute path of the .http file (relative body files resolve against its folder). */
  filePath: string;
  /** Defaults from config and flags; `# @…` metadata of the request overrides them. */
  defaults?: RequestOptions;
  /** Read caps (the config's `limits`) for `<@` body files read into memory; defaults when absent. */
  limits?: Partial<ReadLimits>;
}

/** Why a request cannot be sent; `line` is 1-based in the .http file. */
export class PrepareError extends Error {
  override name = 'PrepareError';
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const FILE_LINE = /^<(@([A-Za-z0-9_-]*))?\s+(.+?)\s*$/;

function metaNumber(req: HttpRequest, keys: string[]): number | null {
  for (let i = req.metadata.length - 1; i >= 0; i--) {
    const m = req.metadata[i];
    if (!keys.includes(m.key.toLowerCase())) continue;
    const v = m.value.trim().toLowerCase();
    const num = /^(\d+(?:\.\d+)?)\s*(ms|s|m)?$/.exec(v);
    if (!num) throw new PrepareError(`'# @${m.key} ${m.value}' is not a duration: write milliseconds (5000) or a number with ms, s or m (5s).`, m.range.start.line + 1);
    const n = Number(num[1]);
    return num[2] === 's' ? n * 1000 : num[2] === 'm' ? n * 60_000 : n;
  }
  return null;
}

function hasMeta(req: HttpRequest, key: string): boolean {
  return req.metadata.some((m) => m.key.toLowerCase() === key);
}

/**
 * Turns a parsed request and a variable resolver into a `PreparedRequest`: URL, headers and bodies
 * substituted, body files resolved against the .http file's folder (streamed later, except `<@`
 * files, which are read to substitute variables), metadata applied (`@timeout`, `@connection-timeout`,
 * `@no-redirect`, `@no-cookie-jar`, `@http2`). Throws `PrepareError` (with a 1-based line) for a
 * request that cannot be sent, e.g. an unresolved variable in the URL.
 */
export function prepareRequest(req: HttpRequest, ctx: PrepareContext): PreparedRequest & { useCookieJar: boolean } {
  const secrets = new Set<string>();
  const line = req.requestLine.start.line + 1;
  const unresolvedAll = new Set<string>();
  const sub = (text: string): string => {
    const r = ctx.resolver.substitute(text);
    for (const s of r.secrets) secrets.add(s);
    for (const u of r.unresolved) unresolvedAll.add(u);
    return r.text;
  };
  const urlSub = ctx.resolver.substitute(req.url.value);
  for (const s of urlSub.secrets) secrets.add(s);
  const urlUnresolved = urlSub.unresolved;
  let url = urlSub.text.trim();
  if (urlUnresolved.length) {
    throw new PrepareError(`the URL uses ${urlUnresolved.map((u) => `{{${u}}}`).join(', ')}, which is not defined in the file, the selected environment or .env; define it or pick an environment (--env).`, line);
  }
  const headers: HeaderPair[] = req.headers.map((h) => [sub(h.name.value).trim(), sub(h.value.value)]);
  const digest = applyWrittenAuth(headers, secrets);
  const host = headers.find(([n]) => n.toLowerCase() === 'host')?.[1].trim();
  if (url === '*') {
    throw new PrepareError(`'${req.method.value} *' (the asterisk-form request target) cannot be sent: the HTTP client sends only paths that start with '/'. Write the URL of the server instead, e.g. ${req.method.value} ${host ? (/^https?:\/\//i.test(host) ? host : `http://${host}`) : 'http://host'}/.`, line);
  }
  if (url.startsWith('/') && host) url = `${/:443$/.test(host) ? 'https' : 'http'}://${host}${url}`;
  else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && /^[\w.-]+(:\d+)?(\/|$|\?)/.test(url)) url = `http://${url}`;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`the scheme ${u.protocol} is not HTTP`);
  } catch (err) {
    throw new PrepareError(`'${url}' is not an http(s) URL (${(err as Error).message}); write the full URL, e.g. https://host/path.`, line);
  }
  const baseDir = dirname(ctx.filePath);
  const options: RequestOptions = { ...ctx.defaults };
  const timeout = metaNumber(req, ['timeout']);
  if (timeout !== null) options.timeoutMs = timeout;
  const connectTimeout = metaNumber(req, ['connection-timeout', 'connect-timeout', 'connectiontimeout']);
  if (connectTimeout !== null) options.connectTimeoutMs = connectTimeout;
  if (hasMeta(req, 'no-redirect') || hasMeta(req, 'noredirect')) options.followRedirects = false;
  if (hasMeta(req, 'http2')) options.http2 = true;
  let method = req.method.value.toUpperCase();
  let body: BodySource;
  if (isGraphqlRequest(req)) {
    ({ method, body } = prepareGraphql(req, headers, sub));
  } else {
    const contentType = headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1] ?? '';
    body = prepareBody(req, contentType, baseDir, sub, ctx.limits);
  }
  return {
    method,
    url,
    headers,
    body,
    options,
    secrets: [...secrets].filter((s) => s.length > 0),
    name: req.name,
    ...(digest ? { digest } : {}),
    source: { file: ctx.filePath, line },
    useCookieJar: !hasMeta(req, 'no-cookie-jar'),
  };
}

/**
 * Encodes `Authorization: Basic user password` / `Basic user:password` in place (REST Client and
 * httpYac shorthand) and takes out `Digest user password`, returning its credentials: the sender
 * answers the server's challenge with them. A token built from a secret is masked like the secret.
 */
function applyWrittenAuth(headers: HeaderPair[], secrets: Set<string>): DigestCredentials | null {
  let digest: DigestCredentials | null = null;
  for (let i = 0; i < headers.length; i++) {
    const [name, value] = headers[i];
    if (name.toLowerCase() !== 'authorization') continue;
    const d = readDigestShorthand(value);
    if (d) {
      digest = d;
      headers.splice(i--, 1);
      continue;
    }
    const encoded = encodeBasicAuthorization(value);
    if (encoded === value) continue;
    headers[i] = [name, encoded];
    if ([...secrets].some((s) => s.length > 0 && value.includes(s))) secrets.add(encoded.slice('Basic '.length));
  }
  return digest;
}

/**
 * A GraphQL request (REST Client's `X-REQUEST-TYPE: GraphQL` header or JetBrains' `GRAPHQL` method)
 * goes as a JSON POST of `{query, variables, operationName}`: the marker header is dropped and
 * `Content-Type: application/json` set unless one is written. Edits `headers` in place.
 */
function prepareGraphql(req: HttpRequest, headers: HeaderPair[], sub: (s: string) => string): { method: string; body: BodySource } {
  const method = req.method.value.toUpperCase() === 'GRAPHQL' ? 'POST' : req.method.value.toUpperCase();
  for (let i = headers.length - 1; i >= 0; i--) if (headers[i][0].toLowerCase() === 'x-request-type') headers.splice(i, 1);
  if (!headers.some(([n]) => n.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/json']);
  const g = graphqlOf(req);
  if (!g) {
    if (req.body) throw new PrepareError('a GraphQL request needs its query written inline after the headers (a < file body is not read as GraphQL); write the query, a blank line, then the variables as JSON.', req.requestLine.start.line + 1);
    throw new PrepareError('this GraphQL request has no query: write it after the headers and a blank line.', req.requestLine.start.line + 1);
  }
  let text: string;
  try {
    text = graphqlPayload(sub(g.query.text), g.variables ? sub(g.variables.text) : null, g.operationName);
  } catch (err) {
    throw new PrepareError(`the GraphQL variables after the query are not JSON (${(err as Error).message}); write one JSON object, e.g. {"id": 1}.`, req.requestLine.start.line + 1);
  }
  return { method, body: { kind: 'text', text } };
}

function filePath(ref: FileBodyRef | string, baseDir: string, sub: (s: string) => string): string {
  const p = sub(typeof ref === 'string' ? ref : ref.path.value).trim();
  const home = process.env.HOME ?? process.env.USERPROFILE;
  const expanded = p.startsWith('~/') && home ? resolve(home, p.slice(2)) : p;
  return isAbsolute(expanded) ? expanded : resolve(baseDir, expanded);
}

function readSubstituted(path: string, encoding: string | null, line: number, sub: (s: string) => string, limits: Partial<ReadLimits> | undefined): string {
  const enc = encoding || 'utf8';
  if (!Buffer.isEncoding(enc)) throw new PrepareError(`unknown encoding '${encoding}' after '<@'; use utf8, latin1, ascii, utf16le or base64.`, line);
  let bytes: Buffer;
  try {
    bytes = readFileCapped(path, { limit: 'bodyFileBytes', what: 'body file' }, limits);
  } catch (err) {
    if (err instanceof FileReadError && err.reason !== 'missing' && err.reason !== 'unreadable') throw new PrepareError(`${err.message.replace(/\.$/, '')}; the request was not sent.`, line);
    const code = err instanceof FileReadError ? (err.reason === 'missing' ? 'ENOENT' : err.detail) : ((err as Error).message);
    throw new PrepareError(`cannot read body file ${path} (${code}); relative paths start at the .http file's folder.`, line);
  }
  return sub(bytes.toString(enc));
}

function prepareBody(req: HttpRequest, contentType: string, baseDir: string, sub: (s: string) => string, limits?: Partial<ReadLimits>): BodySource {
  const b = req.body;
  if (!b) return { kind: 'none' };
  if (b.kind === 'file') {
    const path = filePath(b.file, baseDir, sub);
    if (b.file.substituteVariables) return { kind: 'text', text: readSubstituted(path, b.file.encoding, b.file.range.start.line + 1, sub, limits) };
    return { kind: 'file', path };
  }
  if (b.kind === 'inline') {
    const text = sub(b.text.value);
    if (/^\s*application\/x-www-form-urlencoded/i.test(contentType)) {
      // Written forms may break lines before `&`; the wire form is one line.
      return { kind: 'text', text: text.split(/\r?\n/).map((l) => l.trim()).join('') };
    }
    return { kind: 'text', text };
  }
  // Multipart and mixed bodies: text lines and `< file` lines back to back; multipart wants CRLF.
  const eol = b.kind === 'multipart' ? '\r\n' : '\n';
  const firstLine = b.text.range.start.line;
  const segments: Array<{ text: string } | { path: string }> = [];
  const pushText = (t: string): void => {
    const last = segments[segments.length - 1];
    if (last && 'text' in last) last.text += t;
    else segments.push({ text: t });
  };
  const lines = b.text.value.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const m = FILE_LINE.exec(raw);
    if (m) {
      const path = filePath(m[3], baseDir, sub);
      if (m[1] !== undefined) pushText(readSubstituted(path, m[2] || null, firstLine + i + 1, sub, limits));
      else segments.push({ path });
    } else {
      pushText(sub(raw));
    }
    if (i < lines.length - 1) pushText(eol);
  });
  if (segments.every((s) => 'text' in s)) return { kind: 'text', text: segments.map((s) => (s).text).join('') };
  return { kind: 'segments', segments };
}
