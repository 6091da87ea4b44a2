/**
 * Deriving an API profile from an OpenAPI document: servers → matching, security schemes → auth,
 * operations → endpoints (path templates, JSON request-body schemas, parameters, deprecation,
 * responses), documented error responses → the error model. The result has the built-in profiles'
 * format, so the same rules fire with the same ids.
 */
import { basename, extname } from 'node:path';
import type { ErrorShapeKind, Profile, ProfileAuth, ProfileEndpoint, RetryPolicy } from '../profiles/types';
import { escapeToken } from '../text/json-pointer';
import { isJsonMediaType } from '../text/media-type';
import { SchemaConverter } from './schema';
import { SpecError, SpecSet, type SpecFile } from './source';
import { convertSwagger2, originalPointer } from './swagger2';
import type { OpenApiEndpoint, OpenApiEntry, OpenApiOperation, OpenApiParameter, OpenApiProfile, OpenApiResponse } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** The retry facts every HTTP API shares (rules.md): 429 after Retry-After, 5xx and time-outs with backoff. */
const DEFAULT_RETRY: RetryPolicy = {
  retryOn: [429, 500, 502, 503, 504],
  doNotRetryOn: [400, 401, 403, 404, 409, 413, 422],
  retryNetworkErrors: true,
  honourRetryAfter: true,
  defaultRetryAfterSeconds: null,
  backoff: { kind: 'exponential', baseMs: 1000, maxRetries: 3, jitter: true },
};

/** The profile id an entry gets: its `id`, else the spec's file name without extension (lower case, `[a-z0-9-]`). */
export function entryProfileId(entry: Pick<OpenApiEntry, 'id' | 'spec'>): string {
  if (entry.id) return entry.id;
  const stem = basename(entry.spec, extname(entry.spec)).replace(/\.(openapi|swagger)$/i, '');
  return stem.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'openapi';
}

// A document that accepts any type (`*/*`) accepts JSON too.
function isJsonMedia(ct: string): boolean {
  return isJsonMediaType(ct) || ct.trim() === '*/*';
}

function camel(name: string): string {
  const parts = name.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const s = parts.map((p, i) => (i ? p[0].toUpperCase() + p.slice(1) : p[0].toLowerCase() + p.slice(1))).join('');
  return /^[A-Za-z_]/.test(s) ? s : `key${s}`;
}

/** Base URLs from `servers`, with server variables set to their defaults (and enum values, up to 16 bases). */
function serverBases(servers: unknown): { absolute: string[]; relative: string[] } {
  const absolute: string[] = [];
  const relative: string[] = [];
  for (const s of Array.isArray(servers) ? servers : []) {
    if (!isObj(s) || typeof s.url !== 'string') continue;
    let urls = [s.url];
    const vars = isObj(s.variables) ? s.variables : {};
    for (const [name, v] of Object.entries(vars)) {
      if (!isObj(v)) continue;
      const values = [...new Set([v.default, ...(Array.isArray(v.enum) ? (v.enum as unknown[]) : [])].filter((x): x is string => typeof x === 'string'))];
      if (!values.length) continue;
      urls = urls.flatMap((u) => values.map((val) => u.split(`{${name}}`).join(val))).slice(0, 16);
    }
    for (const u of urls) {
      if (u.includes('{')) continue;
      const clean = u.replace(/\/+$/, '');
      if (/^https?:\/\//i.test(clean)) absolute.push(clean);
      else if (/^wss?:\/\//i.test(clean)) continue;
      else relative.push(clean.startsWith('/') || clean === '' ? clean : `/${clean}`);
    }
  }
  return { absolute: [...new Set(absolute)], relative: [...new Set(relative)] };
}

/** Joins a configured base URL with a relative server path (`https://h` + `/v1`), unless the base already ends with it. */
function joinBase(base: string, rel: string): string {
  const b = base.replace(/\/+$/, '');
  return !rel || b.endsWith(rel) ? b : b + rel;
}

interface Credential {
  scheme: string;
  name: string;
  in: 'header' | 'query' | 'cookie';
  http?: 'bearer' | 'basic';
  description: string;
}

function credentialOf(schemeName: string, s: unknown): Credential | null {
  if (!isObj(s)) return null;
  const desc = typeof s.description === 'string' ? s.description : '';
  if (s.type === 'apiKey' && typeof s.name === 'string' && (s.in === 'header' || s.in === 'query' || s.in === 'cookie')) {
    return { scheme: schemeName, name: s.name, in: s.in, description: desc || `the '${schemeName}' API key` };
  }
  if (s.type === 'http') {
    const sch = (typeof s.scheme === 'string' ? s.scheme : '').toLowerCase();
    if (sch === 'basic') return { scheme: schemeName, name: 'Authorization', in: 'header', http: 'basic', description: desc || 'HTTP Basic credentials' };
    return { scheme: schemeName, name: 'Authorization', in: 'header', http: 'bearer', description: desc || `an 'Authorization: ${sch ? sch[0].toUpperCase() + sch.slice(1) : 'Bearer'} …' token` };
  }
  if (s.type === 'oauth2' || s.type === 'openIdConnect') {
    return { scheme: schemeName, name: 'Authorization', in: 'header', http: 'bearer', description: desc || `an OAuth 2.0 access token ('${schemeName}')` };
  }
  return null;
}

function requirementSchemes(sec: unknown): string[][] | null {
  if (!Array.isArray(sec)) return null;
  return sec.filter(isObj).map((r) => Object.keys(r));
}

/** The classifier's error-body shape for an error response schema (plain, `$ref`s already followed), or null. */
export function errorShapeOf(schema: unknown, follow: (s: unknown) => unknown): ErrorShapeKind | null {
  const s = follow(schema);
  if (!isObj(s)) return null;
  const props = isObj(s.properties) ? s.properties : {};
  const prop = (k: string) => follow(props[k]);
  const detail = prop('detail');
  if (isObj(detail)) {
    if (detail.type === 'string' || (Array.isArray(detail.type) && detail.type.includes('string'))) return 'detail-string';
    if (detail.type === 'array') {
      const item = follow(detail.items);
      const ip = isObj(item) && isObj(item.properties) ? item.properties : {};
      if ('loc' in ip || 'msg' in ip) return 'fastapi-detail-list';
    }
  }
  const error = prop('error');
  if (isObj(error) && isObj(error.properties) && ('message' in error.properties || 'code' in error.properties)) return 'error-envelope';
  const errors = prop('errors');
  if (isObj(errors) && errors.type === 'array') {
    const item = follow(errors.items);
    if (isObj(item) && isObj(item.properties) && 'index' in item.properties) return 'bulk-index-list';
  }
  if ('code' in props && ('message' in props || 'error' in props)) return 'error-code-message';
  const add = follow(s.additionalProperties);
  if (!Object.keys(props).length && isObj(add) && add.type === 'array') return 'drf-field-errors';
  return null;
}

/** Derivation output: the profile and the files it was read from. */
export interface Derived {
  profile: OpenApiProfile;
  files: string[];
}

/** The document as OpenAPI 3.x (Swagger 2.0 converted), its version, and the spec file whose pointers map back to the original text. */
interface Versioned {
  doc: Obj;
  version: string;
  swagger: boolean;
  specFile: SpecFile;
}

/** Reads the version key and converts Swagger 2.0; throws {@link SpecError} for anything else. */
function readVersion(main: SpecFile): Versioned {
  const raw = main.root;
  const fail = (pointer: string, message: string): never => {
    throw new SpecError({ file: main.path, ...main.locate(pointer), message });
  };
  if (!isObj(raw)) fail('', 'the spec must be an object with an "openapi" (3.x) or "swagger" ("2.0") key');
  const doc0 = raw as Obj;
  if (typeof doc0.openapi === 'string' && /^3\.[01]\./.test(doc0.openapi)) return { doc: doc0, version: doc0.openapi, swagger: false, specFile: main };
  if (String(doc0.swagger) === '2.0') {
    const doc = convertSwagger2(doc0);
    return { doc, version: '2.0', swagger: true, specFile: { ...main, root: doc, locate: (p) => main.locate(originalPointer(p)) } };
  }
  const v = doc0.openapi ?? doc0.swagger;
  return fail(doc0.openapi !== undefined ? '/openapi' : doc0.swagger !== undefined ? '/swagger' : '', v === undefined ? 'not an OpenAPI document: it has neither an "openapi" nor a "swagger" key' : `unsupported version ${JSON.stringify(v)}: Reqlint reads OpenAPI 3.0, 3.1 and Swagger 2.0`);
}

/** The base URLs requests are matched by: the config's (joined with relative servers), else the spec's absolute servers. */
function matchBaseUrls(entry: OpenApiEntry, doc: Obj, id: string, notes: string[]): string[] {
  const servers = serverBases(doc.servers);
  if (entry.baseUrls.length) {
    return entry.baseUrls.flatMap((b) => (servers.relative.length && !servers.absolute.length ? servers.relative.map((r) => joinBase(b, r)) : [b.replace(/\/+$/, '')]));
  }
  if (!servers.absolute.length) notes.push(`The spec names no absolute server URL: add "baseUrl" to its openapi entry in reqlint.config.json (or "baseUrls": { "${id}": … }) so requests are matched to it.`);
  return servers.absolute;
}

/** The profile's auth: every scheme the spec requires anywhere; the first global one is the main credential. */
function deriveAuth(doc: Obj, set: SpecSet, mainPath: string, notes: string[]): ProfileAuth {
  const schemes = isObj(doc.components) && isObj((doc.components).securitySchemes) ? ((doc.components).securitySchemes) : {};
  const creds = new Map<string, Credential>();
  for (const [name, s] of Object.entries(schemes)) {
    let value: unknown = s;
    try {
      value = set.deref(s, mainPath, `/components/securitySchemes/${escapeToken(name)}`).value;
    } catch (err) {
      if (err instanceof SpecError) throw err;
    }
    const c = credentialOf(name, value);
    if (c) creds.set(name, c);
  }
  const global = requirementSchemes(doc.security);
  const order: string[] = [];
  const addOrder = (reqs: string[][] | null) => reqs?.forEach((r) => r.forEach((n) => !order.includes(n) && creds.has(n) && order.push(n)));
  addOrder(global);
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const item of Object.values(paths)) if (isObj(item)) for (const m of METHODS) if (isObj(item[m])) addOrder(requirementSchemes((item[m]).security));
  const primary = order.length ? creds.get(order[0]) ?? null : null;
  const auth: ProfileAuth = primary
    ? {
        header: primary.name,
        required: !!global && global.length > 0 && !global.some((r) => r.length === 0),
        variable: camel(primary.scheme),
        ...(primary.in !== 'header' ? { in: primary.in } : {}),
        ...(primary.http ? { scheme: primary.http } : {}),
        alternatives: order.slice(1).map((n) => creds.get(n) as Credential).filter((c) => c.name.toLowerCase() !== primary.name.toLowerCase() || c.in !== primary.in).map((c) => ({ header: c.name, description: c.description, ...(c.in !== 'header' ? { in: c.in } : {}) })),
      }
    : { header: null, required: false, variable: 'apiKey' };
  if (auth.alternatives && !auth.alternatives.length) delete auth.alternatives;
  for (const [name, s] of Object.entries(schemes)) if (!creds.has(name) && isObj(s) && s.type === 'mutualTLS') notes.push(`Security scheme '${name}' is mutual TLS: a client certificate, which no request header shows.`);
  return auth;
}

/** What the per-operation readers share: the spec set, the schema converter and `$ref` following that never throws. */
interface DeriveContext {
  set: SpecSet;
  conv: SchemaConverter;
  follow: (s: unknown) => unknown;
  /** Error-body shapes seen in documented 4xx/5xx answers. */
  shapes: Set<ErrorShapeKind>;
  /** Status → description → how many operations say it. */
  statusText: Map<string, Map<string, number>>;
}

/** Parameters of an operation: operation-level ones replace path-level ones of the same name and place. */
function readParameters(ctx: DeriveContext, file: string, lists: Array<[unknown[], string]>): OpenApiParameter[] {
  const params = new Map<string, OpenApiParameter>();
  for (const [list, base] of lists) {
    list.forEach((p0, i) => {
      const p = ctx.set.deref(p0, file, `${base}/${i}`).value;
      if (!isObj(p) || typeof p.name !== 'string' || !['query', 'header', 'cookie', 'path'].includes(String(p.in))) return;
      const sch = ctx.follow(p.schema);
      const ex: unknown = p.example ?? (isObj(sch) ? (sch.example ?? sch.default ?? (Array.isArray(sch.enum) ? (sch.enum as unknown[])[0] : undefined)) : undefined);
      params.set(`${String(p.in)}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, {
        name: p.name,
        in: p.in as OpenApiParameter['in'],
        required: p.in === 'path' || p.required === true,
        ...(typeof p.description === 'string' ? { description: p.description } : {}),
        example: typeof ex === 'string' || typeof ex === 'number' || typeof ex === 'boolean' ? String(ex) : null,
        ...(p.deprecated === true ? { deprecated: true } : {}),
      });
    });
  }
  return [...params.values()];
}

/** The request body: its media types, and the JSON media type's schema converted for the body rules. */
function readRequestBody(ctx: DeriveContext, op: Obj, file: string, opPtr: string): { body: ProfileEndpoint['body']; contentTypes: string[] } {
  if (op.requestBody === undefined) return { body: undefined, contentTypes: [] };
  const rb = ctx.set.deref(op.requestBody, file, `${opPtr}/requestBody`);
  const content = isObj(rb.value) && isObj(rb.value.content) ? rb.value.content : {};
  const contentTypes = Object.keys(content);
  const jsonType = contentTypes.find(isJsonMedia);
  const media = jsonType ? content[jsonType] : undefined;
  if (!jsonType || !isObj(media) || media.schema === undefined) return { body: undefined, contentTypes };
  const root = ctx.conv.convert(media.schema, rb.file, `${rb.pointer}/content/${escapeToken(jsonType)}/schema`);
  return { body: { schema: ctx.conv.bundle(root) }, contentTypes };
}

/** Documented responses: descriptions per status (for the classifier), error models and their body shapes. */
function readResponses(ctx: DeriveContext, op: Obj, file: string, opPtr: string): OpenApiResponse[] {
  const responses: OpenApiResponse[] = [];
  if (!isObj(op.responses)) return responses;
  for (const [status, r0] of Object.entries(op.responses)) {
    let r: unknown = r0;
    try {
      r = ctx.set.deref(r0, file, `${opPtr}/responses/${escapeToken(status)}`).value;
    } catch (err) {
      if (err instanceof SpecError) throw err;
    }
    if (!isObj(r)) continue;
    const description = typeof r.description === 'string' ? r.description.trim() : '';
    const content = isObj(r.content) ? r.content : {};
    const jsonTypes = Object.keys(content).filter(isJsonMedia);
    let model: string | null = null;
    let shape: ErrorShapeKind | null = null;
    const media = jsonTypes.length ? content[jsonTypes[0]] : undefined;
    if (isObj(media) && media.schema !== undefined) {
      const sch = media.schema;
      if (isObj(sch) && typeof sch.$ref === 'string') model = sch.$ref.split('/').pop() ?? null;
      else if (isObj(sch) && sch.type === 'array' && isObj(sch.items) && typeof sch.items.$ref === 'string') model = `${sch.items.$ref.split('/').pop()}[]`;
      if (/^[45]|^default$/i.test(status)) {
        shape = errorShapeOf(sch, ctx.follow);
        if (shape) ctx.shapes.add(shape);
      }
    }
    responses.push({ status, description, model, shape, contentTypes: jsonTypes });
    if (/^\d{3}$/.test(status) && description) {
      let m2 = ctx.statusText.get(status);
      if (!m2) ctx.statusText.set(status, (m2 = new Map<string, number>()));
      m2.set(description, (m2.get(description) ?? 0) + 1);
    }
  }
  return responses;
}

/** One operation as an endpoint. `op` is the operation with a whole-operation `$ref` already followed. */
function deriveEndpoint(ctx: DeriveContext, at: { path: string; method: string; id: string; file: string; opPtr: string; shared: [unknown[], string]; swagger: boolean }, op: Obj): OpenApiEndpoint {
  const { path, method, file, opPtr } = at;
  const lists: Array<[unknown[], string]> = [at.shared];
  if (Array.isArray(op.parameters)) lists.push([op.parameters, `${opPtr}/parameters`]);
  const parameters = readParameters(ctx, file, lists);
  const idem = parameters.find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');
  const { body, contentTypes } = readRequestBody(ctx, op, file, opPtr);
  const opSec = requirementSchemes(op.security);
  const operation: OpenApiOperation = {
    operationId: typeof op.operationId === 'string' && op.operationId ? op.operationId : null,
    path,
    method,
    deprecated: op.deprecated === true,
    parameters,
    responses: readResponses(ctx, op, file, opPtr),
    requestContentTypes: contentTypes,
    pointer: at.swagger ? originalPointer(opPtr) : opPtr,
    file,
  };
  return {
    id: at.id,
    method,
    path,
    docs: `${method} ${path}`,
    ...(typeof op.summary === 'string' ? { summary: op.summary } : {}),
    ...(opSec ? { auth: opSec.length > 0 && !opSec.some((r) => r.length === 0) } : {}),
    ...(idem ? { idempotency: true } : {}),
    ...(body ? { body } : {}),
    openapi: operation,
  };
}

/** Every operation of every path item, path-item and whole-operation `$ref`s followed; endpoint ids unique. */
function deriveEndpoints(ctx: DeriveContext, doc: Obj, mainPath: string, swagger: boolean): OpenApiEndpoint[] {
  const endpoints: OpenApiEndpoint[] = [];
  const usedIds = new Set<string>();
  const paths = isObj(doc.paths) ? doc.paths : {};
  for (const [path, item0] of Object.entries(paths)) {
    if (!path.startsWith('/')) continue;
    const itemPtr = `/paths/${escapeToken(path)}`;
    let item: unknown = item0;
    let itemFile = mainPath;
    let itemBase = itemPtr;
    if (isObj(item0) && typeof item0.$ref === 'string') {
      const r = ctx.set.deref(item0, mainPath, itemPtr);
      item = r.value;
      itemFile = r.file;
      itemBase = r.pointer;
    }
    if (!isObj(item)) continue;
    const shared: [unknown[], string] = [Array.isArray(item.parameters) ? item.parameters : [], `${itemBase}/parameters`];
    for (const m of METHODS) {
      const op0 = item[m];
      if (!isObj(op0)) continue;
      // `post: { $ref: operations/create.yaml }`: outside the 3.0 text, but Redocly and
      // json-schema-ref-parser follow it and large multi-file specs rely on that. A `$ref` that
      // cannot be followed throws, which the caller reports on the config entry.
      let op: unknown = op0;
      let file = itemFile;
      let opPtr = `${itemBase}/${m}`;
      if (typeof op0.$ref === 'string') {
        const r = ctx.set.deref(op0, itemFile, opPtr);
        op = r.value;
        file = r.file;
        opPtr = r.pointer;
      }
      if (!isObj(op)) continue;
      const operationId = typeof op.operationId === 'string' && op.operationId ? op.operationId : null;
      let id = (operationId ?? `${m}-${path}`).replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || m;
      for (let i = 2; usedIds.has(id); i++) id = `${id.replace(/-\d+$/, '')}-${i}`;
      usedIds.add(id);
      endpoints.push(deriveEndpoint(ctx, { path, method: m.toUpperCase(), id, file, opPtr, shared, swagger }, op));
    }
  }
  return endpoints;
}

/** The most common description per status across operations, sorted by status. */
function commonStatusTexts(statusText: Map<string, Map<string, number>>): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const [status, texts] of [...statusText.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    statuses[status] = [...texts.entries()].sort((a, b) => b[1] - a[1])[0][0];
  }
  return statuses;
}

/**
 * Derives a profile from an entry's spec (already read as `main`). Throws {@link SpecError} with
 * the spec file and line for a document that is not OpenAPI 3.x / Swagger 2.0 or whose `$ref`s
 * cannot be followed; everything else the spec leaves unclear becomes a note on the profile.
 */
export function deriveProfile(entry: OpenApiEntry, main: SpecFile): Derived {
  const { doc, version, swagger, specFile } = readVersion(main);
  const set = new SpecSet(specFile);
  const notes: string[] = [];
  const conv = new SchemaConverter(set, version.startsWith('3.1'), notes);
  const follow = (s: unknown): unknown => {
    try {
      return set.deref(s, main.path, '').value;
    } catch {
      return undefined;
    }
  };
  const ctx: DeriveContext = { set, conv, follow, shapes: new Set(), statusText: new Map() };

  const info = isObj(doc.info) ? doc.info : {};
  const id = entryProfileId(entry);
  const title = typeof info.title === 'string' && info.title.trim() ? info.title.trim() : id;
  const ext = isObj(doc.externalDocs) && typeof doc.externalDocs.url === 'string' && /^https?:/i.test(doc.externalDocs.url) ? doc.externalDocs.url : null;
  const baseUrls = matchBaseUrls(entry, doc, id, notes);
  const auth = deriveAuth(doc, set, main.path, notes);
  const endpoints = deriveEndpoints(ctx, doc, main.path, swagger);
  const idem = endpoints.flatMap((e) => e.openapi.parameters).find((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key');

  const profile: OpenApiProfile = {
    id,
    title,
    docs: ext,
    notes,
    match: { hosts: [], baseUrls, baseUrlRequired: true },
    auth,
    transport: { httpsRequiredPathPrefixes: [] },
    endpoints,
    rateLimits: [],
    retry: DEFAULT_RETRY,
    errors: { shapes: [...ctx.shapes], statuses: commonStatusTexts(ctx.statusText) },
    idempotency: idem ? { header: idem.name, conflictStatus: 409 } : null,
    plans: {},
    source: main.path,
    openapi: { spec: main.path, files: set.files, version, entry: entry.index, defs: conv.defs },
  };
  return { profile, files: set.files };
}

/** Applies an entry's `overrides` (profile keys; objects merge key by key, endpoints by id) on a derived profile. */
export function applyOverrides(p: OpenApiProfile, overrides: Record<string, unknown> | undefined, merge: (base: Profile, ext: Record<string, unknown>, source: string) => Profile): OpenApiProfile {
  if (!overrides || !Object.keys(overrides).length) return p;
  const merged = merge(p, overrides, p.source) as OpenApiProfile;
  merged.openapi = p.openapi;
  if (isObj(overrides.match)) merged.match = { ...p.match, ...(overrides.match) };
  return merged;
}
