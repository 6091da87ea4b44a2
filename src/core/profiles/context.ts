/**
 * What the profile rules know about one request: its profile and endpoint, its JSON bodies with
 * exact positions (inline, a `< file.json`, or a mapped payload) and the body's field errors.
 * Computed once per request context and memoised in `ctx.extra`.
 */
import { graphqlOf, isGraphqlRequest } from '../http/graphql';
import { realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ProjectConfig } from '../config/types';
import { readLimitsFrom, type ReadLimits } from '../io/limits';
import { FileReadError, readFileCapped } from '../io/read';
import type { FileBodyRef, HttpRequest } from '../http/ast';
import {
  containsHole,
  hasHoleKey,
  keyNode,
  looksLikeJson,
  nodeAtPointer,
  parseValidJsonBody,
  type JsonBody,
  type JsonNode,
} from '../http/json-body';
import type { RuleContext } from '../lint/rule';
import { isJsonMediaType } from '../text/media-type';
import { LineIndex, type Range } from '../text/position';
import { getNodeValue } from 'jsonc-parser';
import { openApiProfilesFor, type OpenApiConfig, type OpenApiResult } from '../openapi/index';
import { readProfiles, type ProfilesResult } from './load';
import { matchProfile, type ProfileMatchResult } from './match';
import type { Profile, ProfileEndpoint } from './types';
import { validateBody, type FieldError } from './validate';

/** A JSON body with positions: in the request's own file, or in the `< file` it references. */
export interface BodyDoc {
  /** Absolute path of the file holding the JSON text. */
  file: string;
  /** True when `file` is not the request's file (findings go there). */
  external: boolean;
  lines: LineIndex;
  /** The positioned parse (built on first use). */
  readonly json: JsonBody;
  /** The parsed value with bare holes as placeholder strings; undefined when the JSON does not parse. */
  value: unknown;
  /** The `< file` reference, when the body lives in another file. */
  ref: FileBodyRef | null;
  /** The body text and its absolute offset in `file`. */
  text: string;
  base: number;
}

/** A field error placed in a body document. */
export interface PlacedFieldError extends FieldError {
  doc: BodyDoc;
  /** Where the catalogue wants the finding (key, brace or value). */
  range: Range;
  /** The node the pointer names (the object for `required`). */
  node: JsonNode;
}

/** Everything the profile rules need for one request. */
export interface ProfileContext {
  profiles: Profile[];
  match: ProfileMatchResult | null;
  profile: Profile | null;
  endpoint: ProfileEndpoint | null;
  /** The URL with every variable that could be resolved substituted; `{{…}}` left where unknown. */
  url: string;
  /** The user's plan for the matched profile (config `plans`), or null. */
  plan: string | null;
  /** The request's JSON body, when it has one (parse errors included); null otherwise. */
  body: BodyDoc | null;
  /** Set when a `< file` body could not be read: the reference and the reason. */
  /** A `< file` body that could not be read; `hint` says what to do about it. */
  bodyFileProblem: { ref: FileBodyRef; message: string; hint?: string } | null;
  /** Body field errors that are real (holes filtered out), computed on first use. */
  fieldErrors(): PlacedFieldError[];
}

const KEY = 'reqlint.profileContext';
const profileCache = new WeakMap<object, ProfilesResult>();
const derivedFrom = new WeakMap<ProfilesResult, OpenApiResult>();
const noConfig: Pick<ProjectConfig, 'profiles' | 'baseUrls' | 'plans'> = { profiles: [], baseUrls: {}, plans: {} };

/** The profiles for a config (built-ins plus its own files) and the problems of its broken files, read once per config object. */
export function profilesResultFor(config: Pick<ProjectConfig, 'profiles'> | undefined): ProfilesResult {
  const key = (config ?? noConfig) as object;
  // Profiles derived from the config's OpenAPI specs: the same object while the spec files are unchanged.
  const openapi = openApiProfilesFor(config as Partial<ProjectConfig> as OpenApiConfig);
  let r = profileCache.get(key);
  if (!r || derivedFrom.get(r) !== openapi) {
    r = readProfiles({ profiles: config?.profiles ?? [], derived: openapi.profiles, limits: readLimitsFrom((config as Partial<ProjectConfig> | undefined)?.raw) });
    derivedFrom.set(r, openapi);
    profileCache.set(key, r);
  }
  return r;
}

const confinedCache = new WeakMap<object, Map<string, { from: ProfilesResult; result: ProfilesResult }>>();

/**
 * `profilesResultFor` when files may only be read inside `readRoot` (an untrusted workspace): a
 * profile file outside it is not read and is reported as a problem instead.
 */
export function confinedProfilesResultFor(config: Pick<ProjectConfig, 'profiles'> | undefined, readRoot: string | null | undefined): ProfilesResult {
  const listed = config?.profiles ?? [];
  if (!readRoot || !config || !listed.some((p) => readRefusal({ readRoot }, p))) return profilesResultFor(config);
  let byRoot = confinedCache.get(config);
  if (!byRoot) confinedCache.set(config, (byRoot = new Map<string, { from: ProfilesResult; result: ProfilesResult }>()));
  let entry = byRoot.get(readRoot);
  if (!entry) {
    const inside = { ...config, profiles: listed.filter((p) => !readRefusal({ readRoot }, p)) };
    const from = profilesResultFor(inside);
    const refused = listed.flatMap((file) => {
      const why = readRefusal({ readRoot }, file);
      return why ? [{ file, pointer: '', line: 1, column: 1, message: `the profile file was not read: it ${why}; move it into the workspace or trust the workspace` }] : [];
    });
    entry = { from, result: { profiles: from.profiles, problems: [...refused, ...from.problems] } };
    byRoot.set(readRoot, entry);
  }
  return entry.result;
}

/** The usable profiles for a config; broken files are left out here (`reqlint lint` refuses them with exit 2, see `profilesResultFor`). */
export function profilesFor(config: Pick<ProjectConfig, 'profiles'> | undefined): Profile[] {
  return profilesResultFor(config).profiles;
}

type Resolver = (expr: string) => string | undefined;

function resolverFor(ctx: RuleContext): Resolver {
  // The project's VariableResolver offers `lookup`; a plain scope only `isDefined`, so file variables stand in.
  const scope = ctx.vars as unknown as { lookup?: (expr: string, generate?: boolean) => { value?: string } };
  const fileVars = new Map<string, string>();
  for (const v of ctx.file?.fileVariables ?? []) fileVars.set(v.name.value, v.value.value);
  return (expr) => {
    const fromScope = typeof scope.lookup === 'function' ? scope.lookup.call(ctx.vars, expr, false).value : undefined;
    return fromScope ?? fileVars.get(expr.trim());
  };
}

/** One pass of `{{ expr }}` (no brace inside) → `resolveVar(expr)` where known; linear in `text`, unlike a `\s*…+?\s*` regex. */
function replaceHoles(text: string, resolveVar: Resolver): string {
  let out = '';
  let from = 0;
  let i = text.indexOf('{{');
  while (i >= 0) {
    let j = i + 2;
    while (j < text.length && text.charCodeAt(j) !== 123 && text.charCodeAt(j) !== 125) j++;
    if (j > i + 2 && text.charCodeAt(j) === 125 && text.charCodeAt(j + 1) === 125) {
      const inner = text.slice(i + 2, j);
      const value = resolveVar(inner.trim() || inner.slice(-1));
      if (value !== undefined) {
        out += text.slice(from, i) + value;
        from = j + 2;
      }
      i = text.indexOf('{{', j + 2);
    } else {
      // `{{{x}}`: the hole may open at the next brace; otherwise no hole starts before j.
      i = text.indexOf('{{', text.charCodeAt(j) === 123 ? j - 1 : j);
      if (i >= 0 && i < j - 1) i = text.indexOf('{{', j);
    }
  }
  return out + text.slice(from);
}

/** Substitutes `{{name}}` holes with values `resolveVar` knows (repeatedly, for values that use variables); unknown holes stay. */
export function substituteKnown(text: string, resolveVar: Resolver): string {
  let out = text;
  for (let round = 0; round < 5 && out.includes('{{'); round++) {
    const next = replaceHoles(out, resolveVar);
    if (next === out) break;
    out = next;
  }
  return out;
}

/** The request's header value by name (case-insensitive), last one wins; undefined when absent. */
export function headerValue(req: HttpRequest, name: string): string | undefined {
  const n = name.toLowerCase();
  let v: string | undefined;
  for (const h of req.headers) if (h.name.value.toLowerCase() === n) v = h.value.value;
  return v;
}

/** True for an httpyac script block (`{{` alone on the first line … `}}`), which is code, never a JSON body. */
export function isScriptBlock(text: string): boolean {
  return /^\s*\{\{[ \t]*\r?\n/.test(text);
}

function isJsonBody(req: HttpRequest, text: string): boolean {
  if (isScriptBlock(text)) return false;
  const ct = headerValue(req, 'content-type');
  if (ct !== undefined) return isJsonMediaType(ct) || looksLikeJson(text);
  return looksLikeJson(text);
}

const fileTextCache = new Map<string, { mtimeMs: number; size: number; text: string }>();

function readCached(path: string, limits: ReadLimits): string {
  const st = statSync(path);
  const hit = fileTextCache.get(path);
  if (hit && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
  // The BOM is kept (as U+FEFF) so offsets match the file; the caller blanks it.
  const text = readFileCapped(path, { limit: 'bodyFileBytes', what: 'body file' }, limits).toString('utf8');
  fileTextCache.set(path, { mtimeMs: st.mtimeMs, size: st.size, text });
  return text;
}

/** Absolute path of a `< file` body reference, relative to the .http file's folder. */
export function bodyFilePath(ctx: Pick<RuleContext, 'filePath'>, ref: FileBodyRef, resolveVar?: Resolver): string {
  const p = resolveVar ? substituteKnown(ref.path.value, resolveVar) : ref.path.value;
  const expanded = p.startsWith('~/') && process.env.HOME ? resolve(process.env.HOME, p.slice(2)) : p;
  return isAbsolute(expanded) ? expanded : resolve(dirname(ctx.filePath), expanded);
}

/**
 * Why `path` may not be read for `ctx` (it lies outside `ctx.readRoot`, symbolic links followed), or
 * null when it may. Used for every file a lint reads on a request's behalf.
 */
export function readRefusal(ctx: Pick<RuleContext, 'readRoot'>, path: string): string | null {
  if (!ctx.readRoot) return null;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  const root = real(ctx.readRoot);
  const rel = relative(root, real(path));
  if (rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))) return null;
  return `lies outside the workspace folder ${root}, and this workspace is not trusted to make Reqlint read files there`;
}

function makeDoc(file: string, external: boolean, text: string, base: number, lines: LineIndex, ref: FileBodyRef | null): BodyDoc {
  let json: JsonBody | undefined;
  const doc: BodyDoc = {
    file,
    external,
    lines,
    ref,
    text,
    base,
    value: undefined,
    // The positioned tree is only needed to place a finding; most bodies are clean, and the native
    // parser is far cheaper than building a tree for each of them.
    get json(): JsonBody {
      json ??= parseValidJsonBody(text, base);
      return json;
    },
  };
  if (!text.includes('{{')) {
    try {
      doc.value = JSON.parse(text) as unknown;
      return doc;
    } catch {
      // Not valid JSON: the tree below says where.
    }
  }
  const j = doc.json;
  doc.value = j.root && j.errors.length === 0 ? getNodeValue(j.root) : undefined;
  return doc;
}

function bodyOf(ctx: RuleContext, resolveVar: Resolver): { body: BodyDoc | null; problem: ProfileContext['bodyFileProblem'] } {
  const req = ctx.request;
  const b = req.body;
  if (!b) return { body: null, problem: null };
  if (b.kind === 'inline') {
    // A GraphQL request's body is a query (not JSON); only its variables object is JSON.
    if (isGraphqlRequest(req)) {
      const vars = graphqlOf(req)?.variables;
      if (!vars) return { body: null, problem: null };
      return { body: makeDoc(ctx.filePath, false, vars.text, vars.start, ctx.file?.lines ?? new LineIndex(ctx.file?.text ?? ''), null), problem: null };
    }
    if (!isJsonBody(req, b.text.value)) return { body: null, problem: null };
    const lines = ctx.file?.lines ?? new LineIndex(b.text.value);
    return { body: makeDoc(ctx.filePath, false, b.text.value, b.text.start, lines, null), problem: null };
  }
  if (b.kind === 'file') {
    const path = bodyFilePath(ctx, b.file, resolveVar);
    const ct = headerValue(req, 'content-type');
    const jsonByName = /\.json$/i.test(path);
    if (!jsonByName && !isJsonMediaType(ct)) return { body: null, problem: null };
    const refused = readRefusal(ctx, path);
    if (refused) return { body: null, problem: { ref: b.file, message: `'${b.file.path.value}' ${refused}` } };
    let text: string;
    try {
      text = readCached(path, readLimitsFrom(ctx.config?.raw));
    } catch (e) {
      if (e instanceof FileReadError && (e.reason === 'too-large' || e.reason === 'not-regular')) {
        // The io message names the file, the cap and the key that raises it.
        return { body: null, problem: { ref: b.file, message: `'${b.file.path.value}' was not read: it ${e.detail}`, hint: e.reason === 'too-large' ? 'Make the file smaller or raise the cap.' : 'Point it at a regular file.' } };
      }
      const why = e instanceof FileReadError ? (e.reason === 'missing' ? 'ENOENT' : e.detail) : ((e as NodeJS.ErrnoException).code ?? String(e));
      return { body: null, problem: { ref: b.file, message: `cannot read '${b.file.path.value}' (${why})` } };
    }
    if (text.charCodeAt(0) === 0xfeff) text = ' ' + text.slice(1);
    return { body: makeDoc(path, true, text, 0, new LineIndex(text), b.file), problem: null };
  }
  return { body: null, problem: null };
}

/** True for the object that is the whole body: the root, or an item of a batch (top-level array or a wrapper key's array). */
function isWholeBody(node: JsonNode): boolean {
  if (!node.parent) return true;
  const arr = node.parent;
  if (arr.type !== 'array') return false;
  if (!arr.parent) return true;
  return arr.parent.type === 'property' && !arr.parent.parent?.parent;
}

/**
 * [start, end) offsets (relative to `text`) of each item of a top-level JSON array, found by one
 * character scan; null when `text` is not an array. Lets a finding in item 4,000 of a large batch be
 * placed by parsing that item alone instead of building a tree of the whole body.
 */
export function topLevelItemSpans(text: string): Array<[number, number]> | null {
  let i = 0;
  const n = text.length;
  const ws = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;
  while (i < n && ws(text.charCodeAt(i))) i++;
  if (text.charCodeAt(i) !== 91 /* [ */) return null;
  i++;
  const spans: Array<[number, number]> = [];
  let depth = 0;
  let start = -1;
  let last = -1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      if (start < 0) start = i;
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34 || d === 10) break;
      }
      last = i + 1;
      continue;
    }
    if (ws(c)) continue;
    if (depth === 0 && (c === 44 /* , */ || c === 93 /* ] */)) {
      if (start >= 0) spans.push([start, last]);
      start = -1;
      if (c === 93) return spans;
      continue;
    }
    if (start < 0) start = i;
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) depth--;
    last = i + 1;
  }
  return null;
}

const itemCache = new WeakMap<BodyDoc, { spans: Array<[number, number]> | null; items: Map<number, JsonBody> }>();

/** The positioned parse that holds a field error, and the pointer within it: the item alone for top-level batch items. */
function treeFor(doc: BodyDoc, e: FieldError): { json: JsonBody; pointer: string } {
  const prefix = e.index === undefined ? null : `/${e.index}`;
  if (prefix !== null && (e.pointer === prefix || e.pointer.startsWith(prefix + '/'))) {
    let c = itemCache.get(doc);
    if (!c) itemCache.set(doc, (c = { spans: topLevelItemSpans(doc.text), items: new Map() }));
    const span = c.spans?.[e.index!];
    if (span) {
      let json = c.items.get(e.index!);
      if (!json) c.items.set(e.index!, (json = parseValidJsonBody(doc.text.slice(span[0], span[1]), doc.base + span[0])));
      if (json.root && !json.errors.length) return { json, pointer: e.pointer.slice(prefix.length) };
    }
  }
  return { json: doc.json, pointer: e.pointer };
}

/** The finding range for a field error (catalogue: key of the parent for missing fields, brace for a whole-body object, the value otherwise). */
function placeError(doc: BodyDoc, e: FieldError): PlacedFieldError | null {
  const { json, pointer } = treeFor(doc, e);
  const node = nodeAtPointer(json.root, pointer);
  if (!node) return null;
  const lines = doc.lines;
  if (e.rule === 'body/required') {
    if (hasHoleKey(json, node) || (node.type !== 'object' && containsHole(json, node))) return null;
    if (node.parent?.type === 'property' && !isWholeBody(node)) {
      const k = keyNode(node.parent);
      return { ...e, doc, node, range: lines.range(k.offset, k.offset + k.length) };
    }
    return { ...e, doc, node, range: lines.range(node.offset, node.offset + 1) };
  }
  if (e.rule === 'body/unknown-field') {
    const prop = node.parent?.type === 'property' ? node.parent : null;
    if (!prop) return null;
    const k = keyNode(prop);
    if (containsHole(json, k)) return null;
    return { ...e, doc, node, range: lines.range(k.offset, k.offset + k.length) };
  }
  // A feature a plan lacks is used whatever the value is, so a {{variable}} there still counts.
  if (e.rule !== 'plan/unavailable' && containsHole(json, node)) return null;
  // The whole body as "the value" would paint every line: its opening bracket stands for it.
  const end = node.parent ? node.offset + node.length : node.offset + 1;
  return { ...e, doc, node, range: lines.range(node.offset, end) };
}

/** The field errors of a body document against an endpoint, placed and with holes filtered out. */
export function placedFieldErrors(doc: BodyDoc, profile: Profile, endpoint: ProfileEndpoint, plan: string | null): PlacedFieldError[] {
  if (doc.value === undefined) return [];
  const out: PlacedFieldError[] = [];
  for (const e of validateBody(profile, endpoint, doc.value, { plan })) {
    const placed = placeError(doc, e);
    if (placed) out.push(placed);
  }
  return out;
}

const matchCache = new WeakMap<Profile[], WeakMap<object, Map<string, ProfileMatchResult | null>>>();

// One .http file sends many requests to the same few URLs; matching each distinct one once is enough.
function cachedMatch(url: string, method: string, profiles: Profile[], config: ProjectConfig | undefined): ProfileMatchResult | null {
  let byConfig = matchCache.get(profiles);
  if (!byConfig) matchCache.set(profiles, (byConfig = new WeakMap()));
  const cfgKey = (config ?? noConfig) as object;
  let byUrl = byConfig.get(cfgKey);
  if (!byUrl) byConfig.set(cfgKey, (byUrl = new Map<string, ProfileMatchResult | null>()));
  // matchProfile reads nothing after the first '?' or '#': requests differing only in their query share one match.
  const cut = url.search(/[?#]/);
  const key = `${method} ${cut < 0 ? url : url.slice(0, cut)}`;
  if (!byUrl.has(key)) byUrl.set(key, matchProfile(url, profiles, config ?? noConfig, method));
  return byUrl.get(key) ?? null;
}

/** The profile context of a request (computed once, memoised in `ctx.extra`). */
export function profileContext(ctx: RuleContext): ProfileContext {
  const memo = ctx.extra[KEY] as ProfileContext | undefined;
  if (memo) return memo;
  const config = ctx.config;
  const profiles = (ctx.extra.profiles as Profile[] | undefined) ?? confinedProfilesResultFor(config, ctx.readRoot).profiles;
  const resolveVar = resolverFor(ctx);
  const url = substituteKnown(ctx.request.url.value, resolveVar);
  const match = cachedMatch(url, ctx.request.method.value, profiles, config);
  const plan = match ? (config?.plans?.[match.profile.id] ?? null) : null;
  const { body, problem } = bodyOf(ctx, resolveVar);
  let errors: PlacedFieldError[] | null = null;
  const pc: ProfileContext = {
    profiles,
    match,
    profile: match?.profile ?? null,
    endpoint: match?.endpoint ?? null,
    url,
    plan,
    body,
    bodyFileProblem: problem,
    fieldErrors() {
      if (!errors) errors = body && match?.endpoint ? placedFieldErrors(body, match.profile, match.endpoint, plan) : [];
      return errors;
    },
  };
  ctx.extra[KEY] = pc;
  ctx.extra.profile = pc.profile;
  ctx.extra.endpoint = pc.endpoint;
  return pc;
}

/** Memoised field errors of one rule for a request. */
export function fieldErrorsFor(ctx: RuleContext, rule: string): PlacedFieldError[] {
  return profileContext(ctx).fieldErrors().filter((e) => e.rule === rule);
}

/** The docs link for a finding from a profile section: the profile's page with an anchor, or undefined (the rule's own page then). */
export function profileDocs(profile: Profile | null, section: string | undefined): string | undefined {
  if (!profile?.docs) return undefined;
  if (!section) return profile.docs;
  return `${profile.docs}#${section.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
}
