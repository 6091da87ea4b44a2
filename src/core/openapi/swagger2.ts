/**
 * Swagger 2.0 → OpenAPI 3.0, for the parts a derived profile reads: servers, security schemes,
 * operations with their parameters, request bodies and responses, and the schema definitions.
 * Done here rather than with a converter package because the known converters are asynchronous
 * (or need Node 22) while profile derivation runs synchronously inside the lint engine.
 */
import { isJsonMediaType } from '../text/media-type';

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** Pointer prefixes of a Swagger 2.0 document and where the conversion puts them. */
const MOVES: Array<[string, string]> = [
  ['#/definitions/', '#/components/schemas/'],
  ['#/responses/', '#/components/responses/'],
];

/** The converted pointer's place in the original 2.0 file (for messages), e.g. `/components/schemas/Pet` → `/definitions/Pet`. */
export function originalPointer(pointer: string): string {
  for (const [from, to] of MOVES) if (pointer.startsWith(to.slice(1))) return from.slice(1) + pointer.slice(to.length - 1);
  return pointer;
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!isObj(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string') {
      const move = MOVES.find(([from]) => v.startsWith(from));
      out[k] = move ? move[1] + v.slice(move[0].length) : v;
    } else if (k === 'x-nullable') {
      out.nullable = v;
    } else if (k === 'discriminator' && typeof v === 'string') {
      // 2.0's discriminator names a property; 3.0's is an object. The property stays documented either way.
      continue;
    } else out[k] = rewriteRefs(v);
  }
  return out;
}

const SCHEMA_KEYS = ['type', 'format', 'items', 'enum', 'default', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems', 'uniqueItems', 'multipleOf'];

/** A 2.0 non-body parameter's schema keywords moved under `schema`, as 3.0 wants them. */
function paramSchema(p: Obj): Obj {
  const s: Obj = {};
  for (const k of SCHEMA_KEYS) if (p[k] !== undefined) s[k] = k === 'items' ? rewriteRefs(p[k]) : p[k];
  if (p['x-nullable']) s.nullable = true;
  if (s.type === 'file') {
    s.type = 'string';
    s.format = 'binary';
  }
  return s;
}

function resolveLocalParam(doc: Obj, p: unknown): Obj | null {
  let cur = p;
  for (let i = 0; i < 10 && isObj(cur) && typeof cur.$ref === 'string'; i++) {
    const m = /^#\/parameters\/(.+)$/.exec(cur.$ref);
    if (!m) return cur;
    const params = isObj(doc.parameters) ? doc.parameters : {};
    cur = params[m[1].replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return isObj(cur) ? cur : null;
}

function convertOperation(doc: Obj, op: Obj, pathParams: unknown[]): Obj {
  const consumes = (Array.isArray(op.consumes) ? op.consumes : Array.isArray(doc.consumes) ? doc.consumes : ['application/json']) as string[];
  const produces = (Array.isArray(op.produces) ? op.produces : Array.isArray(doc.produces) ? doc.produces : ['application/json']) as string[];
  const out: Obj = {};
  for (const k of ['operationId', 'summary', 'description', 'deprecated', 'tags', 'security', 'externalDocs']) if (op[k] !== undefined) out[k] = op[k];
  const params: Obj[] = [];
  const form: Obj = { type: 'object', properties: {}, required: [] as string[] };
  let hasForm = false;
  const byKey = new Map<string, Obj>();
  for (const raw of [...pathParams, ...((Array.isArray(op.parameters) ? op.parameters : []) as unknown[])]) {
    const p = resolveLocalParam(doc, raw);
    if (!p) continue;
    if (typeof p.$ref === 'string') {
      params.push({ $ref: p.$ref });
      continue;
    }
    byKey.set(`${String(p.in)}:${String(p.name)}`, p);
  }
  for (const p of byKey.values()) {
    if (p.in === 'body') {
      const types = consumes.filter((c) => isJsonMediaType(c));
      const content: Obj = {};
      for (const ct of types.length ? types : ['application/json']) content[ct] = { schema: rewriteRefs(p.schema ?? {}) };
      out.requestBody = { required: p.required === true, content, ...(p.description ? { description: p.description } : {}) };
    } else if (p.in === 'formData') {
      hasForm = true;
      (form.properties as Obj)[String(p.name)] = { ...paramSchema(p), ...(p.description ? { description: p.description } : {}) };
      if (p.required) (form.required as string[]).push(String(p.name));
    } else {
      params.push({
        name: p.name,
        in: p.in,
        required: p.in === 'path' ? true : p.required === true,
        schema: paramSchema(p),
        ...(p.description ? { description: p.description } : {}),
      });
    }
  }
  if (params.length) out.parameters = params;
  if (hasForm && !out.requestBody) {
    const ct = consumes.find((c) => /multipart|x-www-form-urlencoded/i.test(c)) ?? 'application/x-www-form-urlencoded';
    out.requestBody = { content: { [ct]: { schema: form } } };
  }
  if (isObj(op.responses)) {
    const responses: Obj = {};
    for (const [status, r] of Object.entries(op.responses)) {
      if (!isObj(r)) continue;
      if (typeof r.$ref === 'string') {
        responses[status] = rewriteRefs(r);
        continue;
      }
      responses[status] = convertResponse(r, produces);
    }
    out.responses = responses;
  }
  return out;
}

function convertResponse(r: Obj, produces: string[]): Obj {
  const res: Obj = { description: r.description ?? '' };
  if (r.schema !== undefined) {
    const ct = produces.find((c) => isJsonMediaType(c)) ?? produces[0] ?? 'application/json';
    res.content = { [ct]: { schema: rewriteRefs(r.schema) } };
  }
  return res;
}

function convertSecurity(defs: unknown): Obj {
  const out: Obj = {};
  if (!isObj(defs)) return out;
  for (const [name, d] of Object.entries(defs)) {
    if (!isObj(d)) continue;
    if (d.type === 'basic') out[name] = { type: 'http', scheme: 'basic', ...(d.description ? { description: d.description } : {}) };
    else if (d.type === 'apiKey') out[name] = { type: 'apiKey', name: d.name, in: d.in, ...(d.description ? { description: d.description } : {}) };
    else if (d.type === 'oauth2') out[name] = { type: 'oauth2', flows: {}, ...(d.description ? { description: d.description } : {}) };
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

/** Converts a Swagger 2.0 document (already parsed) to an OpenAPI 3.0.3 document with the same meaning for linting. */
export function convertSwagger2(doc: Obj): Obj {
  const schemes = (Array.isArray(doc.schemes) && doc.schemes.length ? doc.schemes : ['https']) as string[];
  const basePath = typeof doc.basePath === 'string' ? doc.basePath.replace(/\/+$/, '') : '';
  const servers = typeof doc.host === 'string' && doc.host ? schemes.map((s) => ({ url: `${s}://${doc.host as string}${basePath}` })) : basePath ? [{ url: basePath }] : [];
  const paths: Obj = {};
  for (const [p, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    const converted: Obj = {};
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const m of METHODS) if (isObj(item[m])) converted[m] = convertOperation(doc, item[m], shared);
    paths[p] = converted;
  }
  const responses: Obj = {};
  for (const [k, r] of Object.entries(isObj(doc.responses) ? doc.responses : {})) if (isObj(r)) responses[k] = convertResponse(r, (doc.produces as string[]) ?? ['application/json']);
  return {
    openapi: '3.0.3',
    info: doc.info ?? { title: 'API', version: '' },
    ...(doc.externalDocs ? { externalDocs: doc.externalDocs } : {}),
    servers,
    paths,
    ...(doc.security ? { security: doc.security } : {}),
    components: {
      schemas: rewriteRefs(doc.definitions ?? {}),
      responses,
      securitySchemes: convertSecurity(doc.securityDefinitions),
    },
  };
}
