/**
 * What the editor asks of a profile's body schema: the keys (with descriptions and constraints)
 * and enum values at a JSON Pointer of a request body, for completion and hovers. Works on any
 * profile endpoint; OpenAPI-derived ones carry the spec's descriptions.
 */
import type { ProjectConfig } from '../config/types';
import { profilesFor } from '../profiles/context';
import { matchProfile, type ProfileMatchResult } from '../profiles/match';
import { parsePointer } from '../text/json-pointer';
import type { JsonSchema, ProfileEndpoint } from '../profiles/types';
import { DISCRIMINATOR_VALUES } from './schema';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

/** One key an object at a pointer may have. */
export interface KeyInfo {
  name: string;
  description?: string;
  required: boolean;
  /** JSON type(s), e.g. `string` or `integer | null`. */
  type?: string;
  /** Allowed values when the key is an enum (or a const). */
  enum?: unknown[];
  /** Human constraints: `format uuid`, `1–20 characters`, `≤ 40`, `pattern ^[a-z]+$`. */
  constraints: string[];
  deprecated?: boolean;
  default?: unknown;
}

/** What the schema says about the value at a pointer. */
export interface SchemaInfo {
  /** Keys of the object there (empty when it is not an object or documents none), in documented order. */
  keys: KeyInfo[];
  /** Allowed values of the value itself, when it is an enum or const. */
  enumValues: unknown[];
  description?: string;
  type?: string;
  constraints: string[];
}

function resolveRef(s: unknown, root: JsonSchema, depth = 0): Obj | null {
  if (!isObj(s)) return null;
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/') && depth < 32) {
    let cur: unknown = root;
    for (const t of parsePointer(s.$ref.slice(1))) cur = isObj(cur) ? cur[t] : undefined;
    return resolveRef(cur, root, depth + 1);
  }
  return s;
}

/** The alternatives a schema stands for at one place: itself plus its allOf parts, and the oneOf/anyOf/discriminator branch the value picks (all branches when unknown). */
function parts(s: Obj | null, root: JsonSchema, value: unknown, seen = new Set<Obj>()): Obj[] {
  if (!s || seen.has(s)) return [];
  seen.add(s);
  const out: Obj[] = [s];
  for (const sub of Array.isArray(s.allOf) ? s.allOf : []) {
    if (isObj(sub) && isObj(sub.if) && isObj(sub.then)) {
      // A discriminator branch: taken when the value's discriminator matches, or when the value is unknown.
      const cond = sub.if.properties as Obj | undefined;
      const [prop, c] = cond ? Object.entries(cond)[0] ?? [] : [];
      const want = isObj(c) ? c.const : undefined;
      if (prop && isObj(value) && value[prop] !== undefined && value[prop] !== want) continue;
      if (prop && isObj(value) && value[prop] === undefined) continue;
      out.push(...parts(resolveRef(sub.then, root), root, value, seen));
      continue;
    }
    out.push(...parts(resolveRef(sub, root), root, value, seen));
  }
  for (const kw of ['oneOf', 'anyOf']) for (const sub of Array.isArray(s[kw]) ? (s[kw] as unknown[]) : []) out.push(...parts(resolveRef(sub, root), root, value, seen));
  return out;
}

function typeText(s: Obj): string | undefined {
  const t = s.type;
  return Array.isArray(t) ? t.join(' | ') : typeof t === 'string' ? t : undefined;
}

function constraintsOf(s: Obj): string[] {
  const out: string[] = [];
  if (typeof s.format === 'string') out.push(`format ${s.format}`);
  const minL = s.minLength as number | undefined;
  const maxL = s.maxLength as number | undefined;
  if (minL !== undefined && maxL !== undefined) out.push(`${minL}–${maxL} characters`);
  else if (minL !== undefined) out.push(`at least ${minL} characters`);
  else if (maxL !== undefined) out.push(`at most ${maxL} characters`);
  if (typeof s.minimum === 'number') out.push(`≥ ${s.minimum}`);
  if (typeof s.exclusiveMinimum === 'number') out.push(`> ${s.exclusiveMinimum}`);
  if (typeof s.maximum === 'number') out.push(`≤ ${s.maximum}`);
  if (typeof s.exclusiveMaximum === 'number') out.push(`< ${s.exclusiveMaximum}`);
  if (typeof s.pattern === 'string') out.push(`pattern ${s.pattern}`);
  if (typeof s.minItems === 'number') out.push(`at least ${s.minItems} items`);
  if (typeof s.maxItems === 'number') out.push(`at most ${s.maxItems} items`);
  if (s.readOnly === true) out.push('read-only');
  return out;
}

function enumOf(list: Obj[]): unknown[] {
  for (const s of list) {
    if (s.$comment === DISCRIMINATOR_VALUES && Array.isArray(s.examples)) return s.examples;
    if (Array.isArray(s.enum)) return s.enum.filter((v) => v !== null || list.some((x) => Array.isArray(x.type) && x.type.includes('null')));
    if (s.const !== undefined) return [s.const];
  }
  return [];
}

function infoOf(list: Obj[], root: JsonSchema, value: unknown): SchemaInfo {
  const keys = new Map<string, KeyInfo>();
  const required = new Set<string>();
  for (const s of list) for (const r of Array.isArray(s.required) ? s.required : []) if (typeof r === 'string') required.add(r);
  for (const s of list) {
    if (!isObj(s.properties)) continue;
    for (const [name, raw] of Object.entries(s.properties)) {
      // `true` lists a key documented in a composed part (for near-miss checks); the part itself describes it.
      if (raw === true) continue;
      const ps = parts(resolveRef(raw, root), root, isObj(value) ? value[name] : undefined);
      if (!ps.length) continue;
      const prev = keys.get(name);
      const description = ps.map((p) => p.description).find((d): d is string => typeof d === 'string');
      const type = ps.map(typeText).find(Boolean);
      const en = enumOf(ps);
      const info: KeyInfo = {
        name,
        required: required.has(name),
        constraints: [...new Set(ps.flatMap(constraintsOf))],
        ...(description ?? prev?.description ? { description: description ?? prev?.description } : {}),
        ...(type ?? prev?.type ? { type: type ?? prev?.type } : {}),
        ...(en.length ? { enum: en } : prev?.enum ? { enum: prev.enum } : {}),
        ...(ps.some((p) => p.deprecated === true) ? { deprecated: true } : {}),
        ...(ps.find((p) => p.default !== undefined) ? { default: ps.find((p) => p.default !== undefined)?.default } : {}),
      };
      keys.set(name, prev && !ps.some((p) => Object.keys(p).length) ? prev : { ...prev, ...info, constraints: [...new Set([...(prev?.constraints ?? []), ...info.constraints])] });
    }
  }
  const description = list.map((p) => p.description).find((d): d is string => typeof d === 'string');
  const type = list.map(typeText).find(Boolean);
  return {
    keys: [...keys.values()],
    enumValues: enumOf(list),
    ...(description ? { description } : {}),
    ...(type ? { type } : {}),
    constraints: [...new Set(list.flatMap(constraintsOf))],
  };
}

/**
 * What an endpoint's body schema says at `pointer` (RFC 6901, '' for the whole body): the keys an
 * object there may have and the enum values the value may take. `body` (the parsed body so far,
 * optional) picks the branch of a discriminated union. Null when the endpoint documents no body
 * or the pointer leaves the schema.
 */
export function schemaInfoAt(endpoint: ProfileEndpoint, pointer: string, body?: unknown): SchemaInfo | null {
  const root = endpoint.body?.schema;
  if (!root) return null;
  let tokens: string[];
  try {
    tokens = parsePointer(pointer);
  } catch {
    return null;
  }
  if ((endpoint.body?.batch || (endpoint.body?.arrayMeansBatch && Array.isArray(body))) && tokens.length) {
    const i = tokens.findIndex((t) => /^\d+$/.test(t));
    if (i >= 0 && i <= 1) {
      body = getPath(body, tokens.slice(0, i + 1));
      tokens = tokens.slice(i + 1);
    }
  }
  let list = parts(resolveRef(root, root), root, body);
  let value = body;
  for (const t of tokens) {
    const next: Obj[] = [];
    const child: unknown = Array.isArray(value) ? value[Number(t)] : isObj(value) ? value[t] : undefined;
    for (const s of list) {
      if (isObj(s.properties) && t in s.properties) next.push(...parts(resolveRef(s.properties[t], root), root, child));
      else if (/^\d+$/.test(t) && s.items !== undefined) next.push(...parts(resolveRef(s.items, root), root, child));
      else if (!isObj(s.properties) || !(t in s.properties)) {
        if (isObj(s.additionalProperties)) next.push(...parts(resolveRef(s.additionalProperties, root), root, child));
      }
    }
    if (!next.length) return null;
    list = next;
    value = child;
  }
  return infoOf(list, root, value);
}

function getPath(v: unknown, tokens: string[]): unknown {
  let cur = v;
  for (const t of tokens) cur = Array.isArray(cur) ? cur[Number(t)] : isObj(cur) ? cur[t] : undefined;
  return cur;
}

/**
 * The profile and endpoint a request goes to, for completion outside a lint run: `url` with its
 * variables already substituted. Uses the same profiles (built-in, files, OpenAPI-derived) as linting.
 */
export function endpointFor(config: ProjectConfig | undefined, method: string, url: string): ProfileMatchResult | null {
  return matchProfile(url, profilesFor(config), config ?? { baseUrls: {} }, method);
}
