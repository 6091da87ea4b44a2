/**
 * Body validation against a profile endpoint's JSON Schema (draft 2020-12, ajv) with the keywords
 * and formats JSON Schema cannot say on its own. One Ajv instance per process; each schema is
 * compiled once, on first use, and cached.
 */
import { RE2JS } from 're2js';
import Ajv2020 from 'ajv/dist/2020';
import type { AnySchemaObject, ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import type { DataValidateFunction, SchemaValidateFunction } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { editDistance } from '../config/nearest';
import { findEmail, isHttpUrl, isIso4217, isQrColor, privateUrlReason, serializedBytes } from './formats';
import { childPointer, escapeToken, getAtPointer, parsePointer } from '../text/json-pointer';
import type { JsonSchema, Profile, ProfileEndpoint } from './types';

/** One problem with a body value. `pointer` is the JSON Pointer of the value (of the object for `required`). */
export interface FieldError {
  /** Rule id the problem belongs to (`body/required`, `body/format`, …). */
  rule: string;
  pointer: string;
  message: string;
  /** The schema keyword (or Reqlint check) that failed. */
  keyword: string;
  /** For `body/required`: the missing key (the pointer names its parent object). */
  missing?: string;
  /** For `body/unknown-field`: the documented key the written one is a near miss of (the pointer names the key). */
  suggestion?: string;
  /** For `body/range`: the bound. */
  limit?: number;
  /** 0-based item index in a batch body. */
  index?: number;
  /** Page section that documents the field. */
  docs?: string;
}

/** Options of `validateBody`. */
export interface ValidateOptions {
  /** The user's plan for this API (config `plans`): plan caps and gates apply. */
  plan?: string | null;
}

function keywordError(keyword: string, message: string, params: Record<string, unknown> = {}): ErrorObject {
  return { keyword, params, message } as ErrorObject;
}

// Most values pass; sharing one empty list keeps a 5,000-item batch from allocating one per check.
const NO_ERRORS: ErrorObject[] = [];

function kw(check: (schema: unknown, data: unknown, parentSchema: JsonSchema) => ErrorObject[]): SchemaValidateFunction {
  const fn: SchemaValidateFunction = (schema: unknown, data: unknown, parentSchema?: AnySchemaObject) => {
    const errs = check(schema, data, (parentSchema ?? {}));
    fn.errors = errs;
    return errs.length === 0;
  };
  return fn;
}

function parseJsonString(s: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(s) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function emailsIn(value: unknown, sub: string, out: ErrorObject[]): void {
  if (typeof value === 'string') {
    const email = findEmail(value);
    if (email) out.push(keywordError('noRawEmail', `raw e-mail address '${email}'`, { sub, email }));
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => emailsIn(v, childPointer(sub, i), out));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) emailsIn(v, childPointer(sub, k), out);
  }
}

function normaliseKey(k: string): string {
  return k.toLowerCase().replace(/[-_\s]/g, '');
}

/** The documented key `key` is a near miss of (case/separator variants, a short typo, a truncation), or null. */
export function nearMissOf(key: string, documented: readonly string[]): string | null {
  if (documented.includes(key)) return null;
  const memoKey = `${key}\u0000${documented.join('\u0000')}`;
  const hit = nearMissMemo.get(memoKey);
  if (hit !== undefined) return hit;
  const found = computeNearMiss(key, documented);
  if (nearMissMemo.size > 10000) nearMissMemo.clear();
  nearMissMemo.set(memoKey, found);
  return found;
}

const nearMissMemo = new Map<string, string | null>();

function computeNearMiss(key: string, documented: readonly string[]): string | null {
  const nk = normaliseKey(key);
  let best: string | null = null;
  let bestScore = Infinity;
  for (const d of documented) {
    const nd = normaliseKey(d);
    let score = Infinity;
    if (nk === nd) score = 0;
    else if (nk.length >= 4 && nd.startsWith(nk) && nk.length / nd.length >= 0.6) score = 1;
    else if (nk.length >= 4) {
      const dist = editDistance(nk, nd);
      if (dist <= (nd.length >= 8 ? 2 : 1)) score = 1 + dist;
    }
    if (score < bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

let ajvInstance: Ajv2020 | null = null;

/**
 * The regular-expression engine for schema `pattern` / `patternProperties`: RE2 semantics, linear in
 * the input, so a user's profile or spec pattern like `^(a+)+$` cannot hang lint. A pattern RE2 cannot
 * run (lookaround, backreferences) makes the schema unusable with a message saying why.
 */
const linearRegExp = Object.assign(
  (pattern: string): { test: (s: string) => boolean; toString: () => string } => {
    let re: RE2JS;
    try {
      re = RE2JS.compile(pattern);
    } catch (err) {
      throw new Error(`the pattern ${JSON.stringify(pattern)} cannot run on the linear-time engine Reqlint uses for user patterns (no lookaround or backreferences): ${err instanceof Error ? err.message : String(err)}`);
    }
    // Ajv keys its cache of compiled patterns by toString(): each pattern needs its own.
    return { test: (s: string) => re.matcher(s).find(), toString: () => `/${pattern}/` };
  },
  { code: 'linearRegExp' },
);

/** The shared Ajv instance with Reqlint's keywords and formats registered. */
export function getAjv(): Ajv2020 {
  if (ajvInstance) return ajvInstance;
  const ajv = new Ajv2020({ allErrors: true, verbose: true, validateSchema: false, code: { optimize: false, regExp: linearRegExp }, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, logger: false });
  addFormats(ajv, ['uuid', 'regex', 'uri', 'email', 'date-time']);
  ajv.addFormat('iso4217', { type: 'string', validate: isIso4217 });
  ajv.addFormat('http-url', { type: 'string', validate: isHttpUrl });
  ajv.addFormat('qr-color', { type: 'string', validate: isQrColor });
  ajv.addKeyword({ keyword: 'docs', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'notBlank',
    schemaType: 'boolean',
    errors: true,
    validate: kw((on, data) => (on && typeof data === 'string' && data.trim() === '' ? [keywordError('notBlank', 'may not be blank')] : NO_ERRORS)),
  });
  ajv.addKeyword({
    keyword: 'jsonString',
    schemaType: 'boolean',
    errors: true,
    validate: kw((on, data) => {
      if (!on || typeof data !== 'string') return NO_ERRORS;
      const r = parseJsonString(data);
      return r.ok ? NO_ERRORS : [keywordError('jsonString', `is not valid JSON (${r.error})`)];
    }),
  });
  ajv.addKeyword({
    keyword: 'jsonRequired',
    schemaType: 'array',
    errors: true,
    validate: kw((keys, data) => {
      let obj: unknown = data;
      if (typeof data === 'string') {
        const r = parseJsonString(data);
        if (!r.ok) return [];
        obj = r.value;
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [];
      return (keys as string[])
        .filter((k) => !Object.prototype.hasOwnProperty.call(obj, k))
        .map((k) => keywordError('jsonRequired', `must contain '${k}'`, { missingProperty: k, inJsonString: typeof data === 'string' }));
    }),
  });
  ajv.addKeyword({
    keyword: 'serializedBytesUnder',
    schemaType: 'number',
    errors: true,
    validate: kw((limit, data) => {
      const bytes = serializedBytes(data);
      return bytes >= (limit as number) ? [keywordError('serializedBytesUnder', `is ${bytes} bytes serialized; it must stay under ${limit as number}`, { bytes, limit })] : NO_ERRORS;
    }),
  });
  ajv.addKeyword({
    keyword: 'noRawEmail',
    schemaType: 'boolean',
    errors: true,
    validate: kw((on, data) => {
      if (!on) return NO_ERRORS;
      const out: ErrorObject[] = [];
      emailsIn(data, '', out);
      return out.length ? out : NO_ERRORS;
    }),
  });
  ajv.addKeyword({
    keyword: 'publicUrl',
    schemaType: 'boolean',
    errors: true,
    validate: kw((on, data) => {
      if (!on || typeof data !== 'string') return NO_ERRORS;
      const reason = privateUrlReason(data);
      return reason ? [keywordError('publicUrl', `points at an address the API will not fetch: ${reason}`, { reason })] : NO_ERRORS;
    }),
  });
  ajv.addKeyword({
    keyword: 'nearMissKeys',
    schemaType: 'boolean',
    errors: true,
    // Compiled per schema so the documented keys are listed once, not on every object validated.
    compile: (on: boolean, parent: AnySchemaObject) => {
      const props = parent.properties && typeof parent.properties === 'object' ? Object.keys(parent.properties as object) : [];
      const known = new Set(props);
      // A batch repeats the same undocumented keys thousands of times: look each up once per schema.
      const nearByKey = new Map<string, string | null>();
      const fn: DataValidateFunction = (data: unknown) => {
        fn.errors = NO_ERRORS;
        if (!on || !data || typeof data !== 'object' || Array.isArray(data)) return true;
        let out: ErrorObject[] | null = null;
        for (const key of Object.keys(data)) {
          if (known.has(key)) continue;
          let near = nearByKey.get(key);
          if (near === undefined) {
            near = nearMissOf(key, props);
            if (nearByKey.size < 10000) nearByKey.set(key, near);
          }
          if (near && !Object.prototype.hasOwnProperty.call(data, near)) {
            (out ??= []).push(keywordError('nearMissKeys', `'${key}' is not documented; did you mean '${near}'?`, { sub: '/' + escapeToken(key), key, suggestion: near }));
          }
        }
        if (!out) return true;
        fn.errors = out;
        return false;
      };
      return fn;
    },
  });
  ajvInstance = ajv;
  return ajv;
}

const compiled = new WeakMap<JsonSchema, ValidateFunction>();

/** Compiles (once) a body schema; throws ajv's error for an invalid schema. */
export function compileSchema(schema: JsonSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = getAjv().compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** A pointer as a reader writes the field: `/messages/0/role` → `messages[0].role`; an index alone is `(item)`. */
function fieldLabel(pointer: string): string {
  const t = parsePointer(pointer);
  if (!t.length) return 'the body';
  if (t.every((x) => /^\d+$/.test(x))) return '(item)';
  let out = '';
  for (const x of t) out += /^\d+$/.test(x) ? `[${x}]` : out === '' ? x : `.${x}`;
  return out;
}

/** "must be one of 'a', 'b' or 'c'", naming the nearest allowed value when the given one is a near miss. */
function enumMessage(allowed: unknown[], value: unknown): string {
  const show = (v: unknown) => (typeof v === 'string' ? `'${v}'` : JSON.stringify(v));
  const list = allowed.length > 12 ? `${allowed.slice(0, 12).map(show).join(', ')} … (${allowed.length} in all)` : allowed.length > 1 ? `${allowed.slice(0, -1).map(show).join(', ')} or ${show(allowed[allowed.length - 1])}` : show(allowed[0]);
  let msg = allowed.length === 1 ? `must be ${list}` : `must be one of ${list}`;
  if (typeof value === 'string') {
    const near = nearestAllowed(value, allowed);
    if (near !== null) msg += `; did you mean '${near}'?`;
    else msg += `; got ${show(value.length > 60 ? value.slice(0, 57) + '…' : value)}`;
  } else if (value !== undefined) msg += `; got ${JSON.stringify(value)?.slice(0, 60)}`;
  return msg;
}

function nearestAllowed(value: string, allowed: unknown[]): string | null {
  const v = value.toLowerCase();
  let best: string | null = null;
  let bestD = Infinity;
  for (const a of allowed) {
    if (typeof a !== 'string' || a.length > 64 || value.length > 64) continue;
    const d = a.toLowerCase() === v ? 0 : editDistance(v, a.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = a;
    }
  }
  return best !== null && bestD <= Math.max(1, Math.floor(best.length / 4)) ? best : null;
}

const branchValidators = new WeakMap<object, ValidateFunction>();

// A branch of a oneOf/anyOf compiled on its own, with the body schema's `$defs` for its `$ref`s.
function branchValidator(branch: unknown, root: JsonSchema): ValidateFunction | null {
  if (typeof branch !== 'object' || branch === null) return null;
  let v = branchValidators.get(branch);
  if (!v) {
    const defs = (root as { $defs?: unknown }).$defs;
    try {
      v = getAjv().compile(defs ? { ...(branch), $defs: defs } : (branch));
    } catch {
      return null;
    }
    branchValidators.set(branch, v);
  }
  return v;
}

const errorKey = (e: ErrorObject, prefix = '') => `${prefix}${e.instancePath}|${e.keyword}|${JSON.stringify(e.params)}`;

/**
 * For every failed `oneOf`/`anyOf`, keeps only the errors of its best-matching branch: the one
 * whose value had the right type and tag and the fewest errors. The other branches' complaints
 * (`must be null` beside the real `must be <= 2`) are noise. When every branch refuses the same
 * tag property (`type: "click"`), the one message left is that tag's allowed values. Ajv's
 * `schemaPath` does not survive `$ref`s, so each branch is re-checked on its own to tell whose
 * error is whose.
 */
function bestBranchOnly(errors: ErrorObject[], root: JsonSchema): ErrorObject[] {
  const drop = new Set<string>();
  const keep = new Set<string>();
  const extra: ErrorObject[] = [];
  for (const c of errors) {
    if ((c.keyword !== 'oneOf' && c.keyword !== 'anyOf') || !Array.isArray(c.schema) || c.schema.length < 2) continue;
    const branches: ErrorObject[][] = [];
    for (const b of c.schema as unknown[]) {
      const v = branchValidator(b, root);
      if (!v) break;
      branches.push(v(c.data) ? [] : [...(v.errors ?? [])]);
    }
    if (branches.length !== c.schema.length || branches.some((l) => l.length === 0)) continue;
    const direct = (e: ErrorObject) => e.instancePath !== '' && !e.instancePath.slice(1).includes('/');
    const tagOf = (list: ErrorObject[]) => list.find((e) => direct(e) && (e.keyword === 'const' || e.keyword === 'enum'));
    const wrongKind = (list: ErrorObject[]) => list.some((e) => e.instancePath === '' && e.keyword === 'type') || tagOf(list) !== undefined;
    const score = (list: ErrorObject[]) => (wrongKind(list) ? 1e6 : 0) + list.length;
    const ranked = branches.map((list, i) => ({ list, i })).sort((a, b) => score(a.list) - score(b.list) || a.i - b.i);
    const tags = ranked.map((r) => tagOf(r.list));
    if (tags.every((t) => t && t.instancePath === tags[0]!.instancePath)) {
      for (const r of ranked) for (const e of r.list) drop.add(errorKey(e, c.instancePath));
      const allowed = [...new Set(tags.flatMap((t) => (t!.keyword === 'const' ? [(t!.params as { allowedValue: unknown }).allowedValue] : ((t!.params as { allowedValues?: unknown[] }).allowedValues ?? []))))];
      extra.push({ ...tags[0]!, instancePath: c.instancePath + tags[0]!.instancePath, keyword: 'enum', params: { allowedValues: allowed }, message: 'must be equal to one of the allowed values' });
      continue;
    }
    for (const e of ranked[0].list) keep.add(errorKey(e, c.instancePath));
    for (const r of ranked.slice(1)) for (const e of r.list) drop.add(errorKey(e, c.instancePath));
  }
  if (!drop.size && !extra.length) return errors;
  return [...errors.filter((e) => { const k = errorKey(e); return keep.has(k) || !drop.has(k); }), ...extra];
}

const FORMAT_TEXT: Record<string, string> = {
  uuid: 'a UUID (e.g. 7ad26d4f-3181-4ef8-b6ca-b8f59499dd43)',
  iso4217: 'a 3-letter ISO 4217 currency code in upper case (e.g. USD, EUR, GBP)',
  'http-url': 'a URL starting with http:// or https://',
  'qr-color': "'black', 'white' or a hex colour like #RRGGBB",
};

function schemaDocsAt(schema: JsonSchema, pointer: string): string | undefined {
  let cur: unknown = schema;
  for (const t of parsePointer(pointer)) {
    const s = cur as JsonSchema | undefined;
    if (!s || typeof s !== 'object') return undefined;
    const props = s.properties as Record<string, unknown> | undefined;
    if (props && t in props) cur = props[t];
    else if (/^\d+$/.test(t) && s.items) cur = s.items;
    else return undefined;
  }
  const d = (cur as JsonSchema | undefined)?.docs;
  return typeof d === 'string' ? d : undefined;
}

function toFieldErrors(errors0: ErrorObject[], data: unknown, schema: JsonSchema, base: string, index: number | undefined): FieldError[] {
  const out: FieldError[] = [];
  const errors = bestBranchOnly(errors0, schema);
  for (const e of errors) {
    const here = e.instancePath;
    const p = e.params as Record<string, unknown>;
    const at = (rel: string) => base + rel;
    const docsFor = (rel: string) => schemaDocsAt(schema, rel);
    const add = (f: Omit<FieldError, 'index'>) => out.push(index === undefined ? f : { ...f, index });
    switch (e.keyword) {
      case 'required': {
        const missing = String(p.missingProperty);
        add({ rule: 'body/required', keyword: 'required', pointer: at(here), missing, docs: docsFor(childPointer(here, missing)), message: `'${missing}' is required${here ? ` in '${fieldLabel(here)}'` : ''}` });
        break;
      }
      case 'jsonRequired': {
        const missing = String(p.missingProperty);
        add({ rule: 'body/required', keyword: 'jsonRequired', pointer: at(here), missing, docs: docsFor(here), message: `'${fieldLabel(here)}.${missing}' is required here${p.inJsonString ? ` (inside the JSON string '${fieldLabel(here)}')` : ''}` });
        break;
      }
      case 'notBlank':
        add({ rule: 'body/blank', keyword: 'notBlank', pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' may not be blank` });
        break;
      case 'format': {
        const fmt = String(p.format);
        const value = getAtPointer(data, here);
        add({ rule: 'body/format', keyword: 'format', pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' must be ${FORMAT_TEXT[fmt] ?? `in ${fmt} format`}${typeof value === 'string' ? `; got '${value.length > 60 ? value.slice(0, 57) + '…' : value}'` : ''}` });
        break;
      }
      case 'jsonString':
        add({ rule: 'body/format', keyword: 'jsonString', pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' must be a string holding valid JSON: it ${e.message}` });
        break;
      case 'type':
        add({ rule: 'body/format', keyword: 'type', pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' must be of type ${Array.isArray(p.type) ? (p.type as string[]).join(' or ') : String(p.type)}` });
        break;
      case 'enum':
      case 'const': {
        const allowed = e.keyword === 'enum' ? (Array.isArray(p.allowedValues) ? (p.allowedValues as unknown[]) : []) : [p.allowedValue];
        const value = getAtPointer(data, here);
        add({ rule: 'body/format', keyword: e.keyword, pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' ${allowed.length ? enumMessage(allowed, value) : e.message ?? 'has a value that is not allowed'}` });
        break;
      }
      case 'pattern':
        add({ rule: 'body/format', keyword: 'pattern', pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' does not have the documented form` });
        break;
      case 'maximum':
      case 'exclusiveMaximum':
      case 'minimum':
      case 'exclusiveMinimum': {
        const limit = Number(p.limit);
        const op = String(p.comparison);
        add({ rule: 'body/range', keyword: e.keyword, pointer: at(here), limit, docs: docsFor(here), message: `'${fieldLabel(here)}' must be ${op} ${limit}` });
        break;
      }
      case 'minLength':
      case 'maxLength': {
        const limit = Number(p.limit);
        const value = getAtPointer(data, here);
        const len = typeof value === 'string' ? [...value].length : 0;
        add({ rule: 'body/length', keyword: e.keyword, pointer: at(here), limit, docs: docsFor(here), message: `'${fieldLabel(here)}' must be at ${e.keyword === 'minLength' ? 'least' : 'most'} ${limit} characters; it has ${len}` });
        break;
      }
      case 'serializedBytesUnder':
        add({ rule: 'body/too-large', keyword: e.keyword, pointer: at(here), limit: Number(p.limit), docs: docsFor(here), message: `'${fieldLabel(here)}' ${e.message}` });
        break;
      case 'noRawEmail': {
        const sub = here + (typeof p.sub === 'string' ? p.sub : '');
        add({ rule: 'body/pii-email', keyword: e.keyword, pointer: at(sub), docs: docsFor(here), message: `Raw e-mail address in '${fieldLabel(sub)}': send user_identifiers.email_hash (SHA-256 hex of the trimmed, lower-cased address) instead` });
        break;
      }
      case 'publicUrl':
        add({ rule: 'body/ssrf-url', keyword: e.keyword, pointer: at(here), docs: docsFor(here), message: `'${fieldLabel(here)}' ${e.message}; the API fetches it server-side and refuses private addresses` });
        break;
      case 'nearMissKeys': {
        const sub = here + (typeof p.sub === 'string' ? p.sub : '');
        add({ rule: 'body/unknown-field', keyword: e.keyword, pointer: at(sub), suggestion: String(p.suggestion), docs: docsFor(here), message: String(e.message) });
        break;
      }
      default:
        // Combinators (if/then/oneOf…) restate their children's errors; the children are reported.
        break;
    }
  }
  return out;
}

/**
 * One finding per problem: a blank value is not also reported as a bad format, and a documented
 * bound a plan tightens is reported once, with the plan's (stricter) bound.
 */
function dedupe(errors: FieldError[]): FieldError[] {
  if (errors.length < 2) return errors;
  const blank = new Set(errors.filter((e) => e.rule === 'body/blank').map((e) => e.pointer));
  const planCapped = new Set(errors.filter((e) => e.keyword === 'planCap').map((e) => e.pointer));
  return errors.filter((e) => !(e.rule === 'body/format' && blank.has(e.pointer)) && !(e.rule === 'body/range' && e.keyword !== 'planCap' && planCapped.has(e.pointer)));
}

function validateOne(schema: JsonSchema, value: unknown, base: string, index: number | undefined): FieldError[] {
  const v = compileSchema(schema);
  if (v(value)) return [];
  return toFieldErrors(v.errors ?? [], value, schema, base, index);
}

/** The items of a batch body and the pointer of the array holding them, or null when the body has neither documented shape. */
export function batchItems(endpoint: ProfileEndpoint, json: unknown): { base: string; items: unknown[] } | null {
  const batch = endpoint.body?.batch;
  if (!batch) return null;
  if (Array.isArray(json)) return batch.array ? { base: '', items: json } : null;
  if (json && typeof json === 'object') {
    for (const k of batch.wrapperKeys) {
      const inner = (json as Record<string, unknown>)[k];
      if (Array.isArray(inner)) return { base: '/' + escapeToken(k), items: inner };
    }
  }
  return null;
}

function planErrors(profile: Profile, value: unknown, base: string, index: number | undefined, plan: string | null | undefined): FieldError[] {
  const p = plan ? profile.plans[plan] : undefined;
  if (!p) return [];
  const out: FieldError[] = [];
  for (const cap of p.caps) {
    const v = getAtPointer(value, cap.pointer);
    if (typeof v === 'number' && v > cap.maximum) {
      out.push({ rule: 'body/range', keyword: 'planCap', pointer: base + cap.pointer, limit: cap.maximum, ...(index === undefined ? {} : { index }), message: `'${fieldLabel(cap.pointer)}' is ${v}; plan '${plan}' allows at most ${cap.maximum} (the API answers 403: "${cap.message}")` });
    }
  }
  for (const gate of p.unavailable) {
    for (const ptr of gate.pointers ?? []) {
      if (getAtPointer(value, ptr) !== undefined) {
        out.push({ rule: 'plan/unavailable', keyword: 'planGate', pointer: base + ptr, ...(index === undefined ? {} : { index }), message: `'${fieldLabel(ptr)}' needs a feature plan '${plan}' lacks (the API answers 403: "${gate.message}")` });
      }
    }
  }
  return out;
}

/**
 * Validates a parsed JSON body against an endpoint's documented schema (item by item on batch
 * endpoints, pointers then start with the item's index) and, when `options.plan` is set, the plan's
 * caps. Returns every problem with the JSON Pointer of the offending value; [] when the endpoint
 * documents no body. Compiles the schema on first use (throws only for an invalid schema).
 */
export function validateBody(profile: Profile, endpoint: ProfileEndpoint, json: unknown, options: ValidateOptions = {}): FieldError[] {
  const body = endpoint.body;
  if (!body) return [];
  const out: FieldError[] = [];
  const plan = options.plan ? profile.plans[options.plan] : undefined;
  for (const gate of plan?.unavailable ?? []) {
    if (gate.endpoints?.includes(endpoint.id)) {
      out.push({ rule: 'plan/unavailable', keyword: 'planGate', pointer: '', message: `Plan '${options.plan}' cannot use this endpoint (the API answers 403: "${gate.message}")` });
    }
  }
  const batch = body.batch;
  if (batch || (body.arrayMeansBatch && Array.isArray(json))) {
    const found = batch ? batchItems(endpoint, json) : { base: '', items: json as unknown[] };
    if (!found) {
      const shapes = [batch?.array ? 'a JSON array of items' : null, ...(batch?.wrapperKeys ?? []).map((k) => `an object { "${k}": [...] }`)].filter(Boolean);
      out.push({ rule: 'body/format', keyword: 'batchShape', pointer: '', message: `A batch body must be ${shapes.join(' or ')}` });
      return out;
    }
    found.items.forEach((item, i) => {
      const base = childPointer(found.base, i);
      out.push(...dedupe([...validateOne(body.schema, item, base, i), ...planErrors(profile, item, base, i, options.plan)]));
    });
    return out;
  }
  out.push(...dedupe([...validateOne(body.schema, json, '', undefined), ...planErrors(profile, json, '', undefined, options.plan)]));
  return out;
}

/** The rule that documents the field at `pointer` of an endpoint's body (for offering the linter's fix next to an error answer), or null. */
export function ruleForPointer(endpoint: ProfileEndpoint, pointer: string): { rule: string; keyword: string } | null {
  const schema = endpoint.body?.schema;
  if (!schema) return null;
  let tokens = parsePointer(pointer);
  if (endpoint.body?.batch || endpoint.body?.arrayMeansBatch) {
    const i = tokens.findIndex((t) => /^\d+$/.test(t));
    if (i >= 0 && i <= 1) tokens = tokens.slice(i + 1);
  }
  let cur: JsonSchema | undefined = schema;
  let parent: JsonSchema | undefined;
  for (const t of tokens) {
    parent = cur;
    const props = cur?.properties as Record<string, JsonSchema> | undefined;
    cur = props?.[t];
    if (!cur) break;
  }
  const last = tokens[tokens.length - 1];
  if (!cur) {
    const req = parent?.required as string[] | undefined;
    return req?.includes(last) ? { rule: 'body/required', keyword: 'required' } : null;
  }
  const required = (parent?.required as string[] | undefined)?.includes(last);
  if (cur.noRawEmail) return { rule: 'body/pii-email', keyword: 'noRawEmail' };
  if (cur.serializedBytesUnder !== undefined) return { rule: 'body/too-large', keyword: 'serializedBytesUnder' };
  if (cur.publicUrl) return { rule: 'body/ssrf-url', keyword: 'publicUrl' };
  if (cur.format || cur.jsonString || cur.enum) return { rule: 'body/format', keyword: cur.format ? 'format' : cur.jsonString ? 'jsonString' : 'enum' };
  if (cur.maximum !== undefined || cur.minimum !== undefined) return { rule: 'body/range', keyword: 'maximum' };
  if (cur.minLength !== undefined || cur.maxLength !== undefined) return { rule: 'body/length', keyword: 'minLength' };
  if (cur.notBlank) return { rule: 'body/blank', keyword: 'notBlank' };
  if (required) return { rule: 'body/required', keyword: 'required' };
  return null;
}
