/**
 * Loading API profiles: the five built-ins (bundled JSON) and the user's own files named in
 * reqlint.config.json (`profiles`), validated against schemas/profile.schema.json. A broken file is
 * reported with its path, the JSON Pointer, line and column of the problem; never ignored.
 */
import * as jsonc from 'jsonc-parser';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020';
import profileSchema from '../../../schemas/profile.schema.json';
import scanovaManagement from '../../../profiles/scanova-management.json';
import qbarScanner from '../../../profiles/qbar-scanner.json';
import scanovaTracking from '../../../profiles/scanova-tracking.json';
import scantrust from '../../../profiles/scantrust.json';
import qrstudio from '../../../profiles/qrstudio.json';
import { FileReadError, readTextCapped } from '../io/read';
import type { ReadLimits } from '../io/limits';
import { LineIndex } from '../text/position';
import { compileSchema, getAjv } from './validate';
import { joinPointer, pointerPath } from '../text/json-pointer';
import type { JsonSchema, Profile, ProfileEndpoint } from './types';

/** Ids of the built-in profiles, in catalogue order. */
export const BUILTIN_PROFILE_IDS = ['scanova-management', 'qbar-scanner', 'scanova-tracking', 'scantrust', 'qrstudio'] as const;

const BUILTIN_JSON: Record<string, unknown> = {
  'scanova-management': scanovaManagement,
  'qbar-scanner': qbarScanner,
  'scanova-tracking': scanovaTracking,
  scantrust,
  qrstudio,
};

/** One problem in a profile file: `pointer` is a JSON Pointer into the file, `line`/`column` 1-based. */
export interface ProfileProblem {
  file: string;
  pointer: string;
  line: number;
  column: number;
  message: string;
}

/** Thrown by `loadProfiles` for profile files that cannot be used; the message names each file, line and key. */
export class ProfileError extends Error {
  override name = 'ProfileError';
  constructor(readonly problems: ProfileProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

/** `file:line:column: message (at /pointer)` for one problem. */
export function formatProblem(p: ProfileProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}${p.pointer ? ` (at ${p.pointer})` : ''}`;
}

/** What `loadProfiles` needs from the project config (a `ProjectConfig` fits). */
export interface ProfilesConfig {
  /** Absolute paths of the user's profile files, in order. */
  profiles: string[];
  /** Profiles derived from other sources (OpenAPI documents): added after the built-ins, so user files can extend or replace them. */
  derived?: readonly Profile[];
  /** Read caps (the config's `limits`); defaults when absent. */
  limits?: Partial<ReadLimits>;
}

function withDefaults(raw: Record<string, unknown>, source: string): Profile {
  const p = raw as unknown as Profile & { $schema?: string };
  const auth = p.auth ?? { header: null, required: false, variable: 'apiKey' };
  return {
    id: p.id,
    title: p.title,
    docs: p.docs ?? null,
    notes: p.notes ?? [],
    match: { ...p.match, hosts: p.match?.hosts ?? [] },
    auth: { ...auth, variable: auth.variable ?? 'apiKey' },
    transport: { ...p.transport, httpsRequiredPathPrefixes: p.transport?.httpsRequiredPathPrefixes ?? [] },
    endpoints: (p.endpoints ?? []).map((e: ProfileEndpoint) => ({ ...e, method: e.method ?? 'POST', path: e.path === undefined ? null : e.path })),
    rateLimits: p.rateLimits ?? [],
    retry: p.retry,
    errors: { ...p.errors, shapes: p.errors?.shapes ?? [], statuses: p.errors?.statuses ?? {} },
    idempotency: p.idempotency ?? null,
    plans: p.plans ?? {},
    source,
  };
}

let builtinCache: Profile[] | null = null;

/** The five built-in profiles (parsed once per process; treat them as read-only). */
export function builtinProfiles(): Profile[] {
  if (!builtinCache) builtinCache = BUILTIN_PROFILE_IDS.map((id) => withDefaults(BUILTIN_JSON[id] as Record<string, unknown>, `builtin:${id}`));
  return builtinCache;
}

let profileValidator: ValidateFunction | null = null;

function positionOf(tree: jsonc.Node | undefined, lines: LineIndex, pointer: string): { line: number; column: number } {
  let offset = 0;
  if (tree) {
    const path = pointerPath(pointer);
    // Walk up until a node exists: a missing key is reported at its parent object.
    for (let n = path.length; n >= 0; n--) {
      const node = jsonc.findNodeAtLocation(tree, path.slice(0, n));
      if (node) {
        offset = node.parent?.type === 'property' && node.parent.children?.[1] === node ? node.parent.offset : node.offset;
        break;
      }
    }
  }
  const pos = lines.positionAt(offset);
  return { line: pos.line + 1, column: pos.character + 1 };
}

function schemaProblemMessage(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `missing key '${String(p.missingProperty)}'`;
    case 'additionalProperties':
      return `unknown key '${String(p.additionalProperty)}'`;
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'oneOf':
      return 'must be either a whole profile (id, title, match, auth, endpoints, retry, errors) or { "extends": "<built-in id>", … } without an id';
    default:
      return e.message ?? 'is not valid';
  }
}

/** `base` changed by the keys of `ext` (an `extends` profile body): objects merge key by key, endpoints by id, notes add up. */
export function mergeProfile(base: Profile, ext: Record<string, unknown>, source: string): Profile {
  const merged: Profile = { ...base, source, notes: [...base.notes, ...((ext.notes as string[]) ?? [])] };
  for (const key of ['match', 'auth', 'transport', 'retry', 'errors'] as const) {
    if (ext[key] && typeof ext[key] === 'object') (merged as unknown as Record<string, unknown>)[key] = { ...base[key], ...(ext[key]) };
  }
  if (ext.title) merged.title = ext.title as string;
  if (ext.docs !== undefined) merged.docs = ext.docs as string | null;
  if (ext.idempotency !== undefined) merged.idempotency = ext.idempotency as Profile['idempotency'];
  if (ext.rateLimits) merged.rateLimits = ext.rateLimits as Profile['rateLimits'];
  if (ext.plans) merged.plans = { ...base.plans, ...(ext.plans as Profile['plans']) };
  if (Array.isArray(ext.endpoints)) {
    const endpoints = base.endpoints.map((e) => ({ ...e }));
    for (const e of ext.endpoints as ProfileEndpoint[]) {
      const i = endpoints.findIndex((b) => b.id === e.id);
      if (i >= 0) endpoints[i] = { ...endpoints[i], ...e };
      else endpoints.push({ ...e, method: e.method ?? 'POST', path: e.path === undefined ? null : e.path });
    }
    merged.endpoints = endpoints;
  }
  return merged;
}

/** Result of reading profiles without throwing: usable profiles plus every problem found. */
export interface ProfilesResult {
  profiles: Profile[];
  problems: ProfileProblem[];
}

/**
 * Reads the built-in profiles and the user's files (`config.profiles`, absolute paths). A user file
 * with `extends` changes the built-in of that id; one with the id of a built-in replaces it.
 * Never throws: files with problems are left out and their problems returned.
 */
export function readProfiles(config: ProfilesConfig, readFile: (path: string) => string = (p) => readTextCapped(p, { limit: 'profileBytes', what: 'profile file' }, config.limits)): ProfilesResult {
  const byId = new Map<string, Profile>(builtinProfiles().map((p) => [p.id, p]));
  for (const d of config.derived ?? []) byId.set(d.id, d);
  const problems: ProfileProblem[] = [];
  const seen = new Map<string, string>();
  for (const file of config.profiles) {
    const fileProblems: ProfileProblem[] = [];
    let text: string;
    try {
      text = readFile(file);
    } catch (e) {
      const refused = e instanceof FileReadError && e.reason !== 'missing' ? `not read: the profile file ${e.detail}` : null;
      const code = e instanceof FileReadError ? 'ENOENT' : ((e as NodeJS.ErrnoException).code ?? String(e));
      problems.push({ file, pointer: '', line: 1, column: 1, message: refused ?? `cannot read the profile file (${code}); fix the path under "profiles" in reqlint.config.json` });
      continue;
    }
    const lines = new LineIndex(text);
    const errors: jsonc.ParseError[] = [];
    const tree = jsonc.parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length || !tree) {
      const e = errors[0];
      const pos = lines.positionAt(e ? e.offset : 0);
      problems.push({ file, pointer: '', line: pos.line + 1, column: pos.character + 1, message: `not valid JSON: ${e ? jsonc.printParseErrorCode(e.error) : 'empty file'}` });
      continue;
    }
    const raw = jsonc.getNodeValue(tree) as Record<string, unknown>;
    profileValidator ??= getAjv().compile(profileSchema as JsonSchema);
    if (!profileValidator(raw)) {
      // The oneOf branch error is noise when a nested key is the real problem.
      const errs = (profileValidator.errors ?? []).filter((e, _i, all) => e.keyword !== 'oneOf' || all.length === 1 || all.every((x) => x.instancePath === ''));
      const uniq = new Map<string, ErrorObject>();
      for (const e of errs) uniq.set(`${e.instancePath}|${schemaProblemMessage(e)}`, e);
      for (const e of uniq.values()) {
        fileProblems.push({ file, pointer: e.instancePath, ...positionOf(tree, lines, e.instancePath), message: `${e.instancePath ? `'${e.instancePath.split('/').pop()}' ` : 'the profile '}${schemaProblemMessage(e)}` });
      }
    }
    let profile: Profile | null = null;
    if (!fileProblems.length) {
      if (typeof raw.extends === 'string') {
        const base = byId.get(raw.extends);
        if (!base) fileProblems.push({ file, pointer: '/extends', ...positionOf(tree, lines, '/extends'), message: `extends '${raw.extends}', which is not a built-in profile (${BUILTIN_PROFILE_IDS.join(', ')})` });
        else profile = mergeProfile(base, raw, file);
      } else {
        profile = withDefaults(raw, file);
      }
    }
    if (profile) {
      profile.endpoints.forEach((e, i) => {
        if (!e.body) return;
        try {
          const ajv = getAjv();
          if (!ajv.validateSchema(e.body.schema)) throw new Error(ajv.errorsText(ajv.errors, { dataVar: 'schema' }));
          compileSchema(e.body.schema);
        } catch (err) {
          const ptr = Array.isArray(raw.endpoints) && (raw.endpoints as ProfileEndpoint[]).some((x) => x.id === e.id)
            ? joinPointer(['endpoints', (raw.endpoints as ProfileEndpoint[]).findIndex((x) => x.id === e.id), 'body', 'schema'])
            : joinPointer(['endpoints', i, 'body', 'schema']);
          fileProblems.push({ file, pointer: ptr, ...positionOf(tree, lines, ptr), message: `the body schema of endpoint '${e.id}' is not usable: ${err instanceof Error ? err.message : String(err)}` });
        }
      });
      const prior = seen.get(profile.id);
      if (prior) fileProblems.push({ file, pointer: '/id', ...positionOf(tree, lines, '/id'), message: `profile id '${profile.id}' is already defined by ${prior}; give one of them another id` });
    }
    if (fileProblems.length || !profile) {
      problems.push(...fileProblems);
      continue;
    }
    seen.set(profile.id, file);
    byId.set(profile.id, profile);
  }
  return { profiles: [...byId.values()], problems };
}

/** The built-in profiles plus the config's own files; throws `ProfileError` naming every broken file, line and key. */
export function loadProfiles(config: ProfilesConfig, readFile?: (path: string) => string): Profile[] {
  const r = readProfiles(config, readFile);
  if (r.problems.length) throw new ProfileError(r.problems);
  return r.profiles;
}
