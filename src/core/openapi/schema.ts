/**
 * OpenAPI schema objects (3.0 and 3.1) → the JSON Schema 2020-12 the profile validator compiles,
 * so body rules fire exactly as they do for the built-in profiles. `$ref`s become `#/$defs/<name>`
 * references (recursive schemas stay finite), 3.0 `nullable` becomes a `null` type, a `oneOf` with a
 * `discriminator` becomes one `if`/`then` per mapped value (so the errors are those of the branch the
 * body chose), and annotations the strict validator does not know (`example`, `xml`, `x-…`) are dropped.
 */
import type { JsonSchema } from '../profiles/types';
import { escapeToken } from '../text/json-pointer';
import type { SpecSet } from './source';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);

const KEEP = new Set([
  'type', 'enum', 'const', 'multipleOf', 'maximum', 'minimum', 'maxLength', 'minLength', 'maxItems', 'minItems',
  'uniqueItems', 'maxProperties', 'minProperties', 'required', 'title', 'description', 'default', 'deprecated',
  'readOnly', 'writeOnly', 'minContains', 'maxContains', 'dependentRequired', '$comment',
]);
const SUB_ONE = new Set(['items', 'additionalProperties', 'not', 'propertyNames', 'contains', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems']);
const SUB_LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SUB_MAP = new Set(['properties', 'patternProperties', 'dependentSchemas']);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
/** Formats the shared validator registers; others are annotations to us (int32, binary, …). */
const FORMATS: Record<string, string> = { uuid: 'uuid', email: 'email', 'date-time': 'date-time', uri: 'uri', url: 'uri' };

/** Converts the schemas of one spec, sharing one table of named definitions between its endpoints. */
export class SchemaConverter {
  /** Converted definitions by name (what `#/$defs/<name>` refers to). */
  readonly defs = new Map<string, JsonSchema>();
  private readonly names = new Map<string, string>();
  private readonly refsOf = new Map<string, Set<string>>();
  private readonly finished = new Set<string>();
  private readonly bundles = new Map<string, JsonSchema>();

  constructor(
    private readonly set: SpecSet,
    /** True for OpenAPI 3.1 (JSON Schema 2020-12 dialect: `type` arrays, `$ref` siblings). */
    private readonly v31: boolean,
    private readonly notes: string[],
  ) {}

  /** Converts the schema found at `pointer` of `file` (for a request body: `readOnly` properties are not required). */
  convert(schema: unknown, file: string, pointer: string): JsonSchema {
    return this.walk(schema, file, pointer, 0, null) as JsonSchema;
  }

  /** A self-contained schema: `root` plus the definitions it reaches, with near-miss key lists completed. */
  bundle(root: JsonSchema): JsonSchema {
    // Operations sharing one named body schema share one bundle, and so one compiled validator.
    const only = Object.keys(root).length === 1 && typeof root.$ref === 'string' ? root.$ref : null;
    const shared = only ? this.bundles.get(only) : undefined;
    if (shared) return shared;
    const made = this.makeBundle(root);
    if (only) this.bundles.set(only, made);
    return made;
  }

  private makeBundle(root: JsonSchema): JsonSchema {
    const reach = new Set<string>();
    const visit = (names: Iterable<string>) => {
      for (const n of names) {
        if (reach.has(n)) continue;
        reach.add(n);
        visit(this.refsOf.get(n) ?? []);
      }
    };
    visit(collectRefs(root));
    for (const n of reach) this.complete(n);
    completeNearMiss(root, this.defs);
    if (!reach.size) return root;
    const $defs: Record<string, JsonSchema> = {};
    for (const n of reach) $defs[n] = this.defs.get(n) ?? {};
    return { ...root, $defs };
  }

  private complete(name: string): void {
    if (this.finished.has(name)) return;
    this.finished.add(name);
    const d = this.defs.get(name);
    if (d) completeNearMiss(d, this.defs);
  }

  private defName(file: string, pointer: string): string {
    const key = `${file}#${pointer}`;
    const known = this.names.get(key);
    if (known) return known;
    const tokens = pointer.split('/');
    const base = (tokens[tokens.length - 1] || 'root').replace(/~1/g, '_').replace(/~0/g, '_').replace(/[^A-Za-z0-9_.-]/g, '_') || 'schema';
    let name = file === this.set.main.path ? base : `${base}@${file.split(/[\\/]/).pop()?.replace(/[^A-Za-z0-9_.-]/g, '_') ?? 'file'}`;
    for (let i = 2; [...this.names.values()].includes(name); i++) name = `${base}_${i}`;
    this.names.set(key, name);
    return name;
  }

  private refTo(ref: string, file: string, pointer: string, owner: string | null): Obj {
    const target = this.set.resolve(ref, file, pointer + '/$ref');
    const name = this.defName(target.file, target.pointer);
    if (owner) {
      let s = this.refsOf.get(owner);
      if (!s) this.refsOf.set(owner, (s = new Set()));
      s.add(name);
    }
    if (!this.defs.has(name)) {
      this.defs.set(name, {});
      const converted = this.walk(target.value, target.file, target.pointer, 0, name);
      // Filled in place: references taken while converting a recursive schema already point here.
      Object.assign(this.defs.get(name) as Obj, isObj(converted) ? converted : { allOf: [converted] });
    }
    return { $ref: `#/$defs/${escapeToken(name)}` };
  }

  private walk(s: unknown, file: string, pointer: string, depth: number, owner: string | null): unknown {
    if (typeof s === 'boolean') return s;
    if (!isObj(s) || depth > 64) return {};
    if (typeof s.$ref === 'string') {
      const ref = this.refTo(s.$ref, file, pointer, owner);
      if (!this.v31) return ref;
      const rest = Object.keys(s).filter((k) => k !== '$ref' && k !== 'description' && k !== 'summary');
      if (!rest.length) return ref;
      const siblings = this.walk(Object.fromEntries(rest.map((k) => [k, s[k]])), file, pointer, depth + 1, owner) as Obj;
      return { allOf: [ref, siblings] };
    }
    const out: Obj = {};
    const sub = (v: unknown, p: string) => this.walk(v, file, p, depth + 1, owner);
    for (const [k, v] of Object.entries(s)) {
      const p = `${pointer}/${escapeToken(k)}`;
      if (KEEP.has(k)) {
        if (keywordValueOk(k, v)) out[k] = v;
        else this.notes.push(`'${k}' at ${pointer} has a value of the wrong type and is not checked.`);
      }
      else if (SUB_ONE.has(k)) out[k] = Array.isArray(v) ? {} : sub(v, p);
      else if (SUB_LIST.has(k) && Array.isArray(v)) out[k] = v.map((x, i) => sub(x, `${p}/${i}`));
      else if (SUB_MAP.has(k) && isObj(v)) out[k] = Object.fromEntries(Object.entries(v).map(([n, x]) => [n, sub(x, `${p}/${escapeToken(n)}`)]));
      else if (k === 'exclusiveMaximum' || k === 'exclusiveMinimum') {
        if (typeof v === 'number') out[k] = v;
      } else if (k === 'pattern' && typeof v === 'string') {
        try {
          new RegExp(v, 'u');
          out.pattern = v;
        } catch {
          this.notes.push(`The pattern at ${pointer} is not a valid regular expression here and is not checked.`);
        }
      } else if (k === 'format' && typeof v === 'string') {
        if (FORMATS[v]) out.format = FORMATS[v];
        else if (v === 'date' && typeof s.pattern !== 'string') out.pattern = '^\\d{4}-\\d{2}-\\d{2}$';
      } else if (k === 'examples' && this.v31 && Array.isArray(v)) out.examples = v;
    }
    // 3.0's boolean exclusive bounds qualify `maximum`/`minimum`.
    if (s.exclusiveMaximum === true && typeof s.maximum === 'number') {
      out.exclusiveMaximum = s.maximum;
      delete out.maximum;
    }
    if (s.exclusiveMinimum === true && typeof s.minimum === 'number') {
      out.exclusiveMinimum = s.minimum;
      delete out.minimum;
    }
    // The strict validator refuses keywords that would be ignored; a spec may still write them.
    if (out.if === undefined) {
      delete out.then;
      delete out.else;
    }
    if (out.contains === undefined) {
      delete out.minContains;
      delete out.maxContains;
    }
    if (out.type !== undefined) {
      const types = (Array.isArray(out.type) ? out.type : [out.type]).filter((t): t is string => typeof t === 'string' && JSON_TYPES.has(t));
      out.type = types.length === 1 ? types[0] : types;
      if (!types.length) delete out.type;
    }
    if (s.nullable === true && !this.v31) {
      if (typeof out.type === 'string') out.type = [out.type, 'null'];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...(out.enum as unknown[]), null];
    }
    if (Array.isArray(out.required)) {
      // A readOnly property is the server's to set: a request body need not (and should not) send it.
      const props = isObj(s.properties) ? s.properties : {};
      out.required = (out.required as unknown[]).filter((n) => typeof n === 'string' && !this.isReadOnly(props[n], file, `${pointer}/properties/${escapeToken(n)}`));
      if (!(out.required as unknown[]).length) delete out.required;
    }
    if (isObj(s.discriminator) && typeof s.discriminator.propertyName === 'string') {
      const branches = (Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : null) as unknown[] | null;
      const kw = Array.isArray(s.oneOf) ? 'oneOf' : 'anyOf';
      if (branches) this.discriminate(out, kw, s.discriminator, branches, file, pointer);
    }
    if (isObj(out.properties) || out.type === 'object') {
      if (isObj(out.properties) && Object.keys(out.properties).length) out.nearMissKeys = true;
    }
    return out;
  }

  private isReadOnly(prop: unknown, file: string, pointer: string): boolean {
    if (!isObj(prop)) return false;
    if (prop.readOnly === true) return true;
    if (typeof prop.$ref !== 'string') return false;
    try {
      const r = this.set.deref(prop, file, pointer);
      return isObj(r.value) && r.value.readOnly === true;
    } catch {
      return false;
    }
  }

  /**
   * Turns a discriminated `oneOf`/`anyOf` into one `if`/`then` per discriminator value, so a body
   * naming a known value is checked against that branch only. The discriminator is a hint (OpenAPI
   * 3.0 and 3.1): a value it does not map falls back to the plain `oneOf`/`anyOf`, so it never
   * changes whether a body validates. Values are the explicit `mapping` keys, else (implicitly) the
   * branch's schema name.
   */
  private discriminate(out: Obj, kw: string, disc: Obj, branches: unknown[], file: string, pointer: string): void {
    const prop = disc.propertyName as string;
    const mapping = isObj(disc.mapping) ? (disc.mapping as Record<string, unknown>) : {};
    const rules: Obj[] = [];
    const values: string[] = [];
    for (let i = 0; i < branches.length; i++) {
      const b = branches[i];
      if (!isObj(b) || typeof b.$ref !== 'string') return;
      const ref = b.$ref;
      const name = ref.split('/').pop() ?? ref;
      const mapped = Object.entries(mapping)
        .filter(([, target]) => typeof target === 'string' && (target === ref || target === name || target.endsWith(`/${name}`)))
        .map(([v]) => v);
      const converted = (out[kw] as unknown[])[i];
      for (const v of mapped.length ? mapped : [name]) {
        if (values.includes(v)) continue;
        values.push(v);
        rules.push({ if: { properties: { [prop]: { const: v } }, required: [prop] }, then: converted });
      }
    }
    void file;
    void pointer;
    const plain = out[kw];
    delete out[kw];
    rules.push({ if: { properties: { [prop]: { enum: values } }, required: [prop] }, else: { [kw]: plain } });
    out.allOf = [...(Array.isArray(out.allOf) ? (out.allOf as unknown[]) : []), ...rules];
    // The values, as an annotation the editor offers for completion (validation ignores it).
    const props = isObj(out.properties) ? { ...out.properties } : {};
    props[prop] = { ...(isObj(props[prop]) ? (props[prop]) : {}), $comment: DISCRIMINATOR_VALUES, examples: values };
    out.properties = props;
  }
}

/** `$comment` marking a property's `examples` as the discriminator values of a oneOf/anyOf (for completion). */
export const DISCRIMINATOR_VALUES = 'discriminator values';

const NUMBER_KEYS = new Set(['multipleOf', 'maximum', 'minimum']);
const COUNT_KEYS = new Set(['maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties', 'minContains', 'maxContains']);

/** True when a kept keyword's value has the type JSON Schema requires (a spec may hold anything). */
function keywordValueOk(k: string, v: unknown): boolean {
  if (NUMBER_KEYS.has(k)) return typeof v === 'number' && Number.isFinite(v) && (k !== 'multipleOf' || v > 0);
  if (COUNT_KEYS.has(k)) return Number.isInteger(v) && (v as number) >= 0;
  if (k === 'enum') return Array.isArray(v) && v.length > 0;
  if (k === 'required') return Array.isArray(v) && v.every((x) => typeof x === 'string');
  if (k === 'uniqueItems' || k === 'deprecated' || k === 'readOnly' || k === 'writeOnly') return typeof v === 'boolean';
  if (k === 'title' || k === 'description' || k === '$comment') return typeof v === 'string';
  if (k === 'dependentRequired') return isObj(v) && Object.values(v).every((x) => Array.isArray(x) && x.every((y) => typeof y === 'string'));
  return true;
}

function collectRefs(s: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(s)) for (const x of s) collectRefs(x, out);
  else if (isObj(s)) {
    for (const [k, v] of Object.entries(s)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) out.add(v.slice(8).replace(/~1/g, '/').replace(/~0/g, '~'));
      else if (k !== '$defs') collectRefs(v, out);
    }
  }
  return out;
}

/** Every property name a schema documents, through `$ref`, `allOf`, `oneOf`, `anyOf` and discriminator branches. */
export function documentedKeys(s: unknown, defs: ReadonlyMap<string, JsonSchema>, seen = new Set<unknown>()): string[] {
  if (!isObj(s) || seen.has(s)) return [];
  seen.add(s);
  const out = new Set<string>(isObj(s.properties) ? Object.keys(s.properties) : []);
  if (typeof s.$ref === 'string' && s.$ref.startsWith('#/$defs/')) for (const k of documentedKeys(defs.get(s.$ref.slice(8).replace(/~1/g, '/').replace(/~0/g, '~')), defs, seen)) out.add(k);
  for (const kw of ['allOf', 'oneOf', 'anyOf']) {
    const list = s[kw];
    if (Array.isArray(list)) for (const b of list) for (const k of documentedKeys(isObj(b) && isObj(b.then) ? b.then : b, defs, seen)) out.add(k);
  }
  return [...out];
}

// A composed object (allOf/oneOf/anyOf) documents the keys of all its parts: list them (as `true`
// schemas, which accept anything) so a near miss of a key documented in a part is still caught.
function completeNearMiss(s: JsonSchema, defs: ReadonlyMap<string, JsonSchema>): void {
  if (!['allOf', 'oneOf', 'anyOf'].some((k) => Array.isArray(s[k]))) return;
  if (s.additionalProperties === false || s.unevaluatedProperties === false) return;
  const keys = documentedKeys(s, defs);
  if (!keys.length) return;
  const props = isObj(s.properties) ? (s.properties) : {};
  for (const k of keys) if (!(k in props)) props[k] = true;
  s.properties = props;
  s.nearMissKeys = true;
}
