/**
 * OpenAPI documents as API profiles: reading the config's `openapi` entries, deriving one profile
 * per spec, and caching it by the modification time and size of every file it was read from, so an
 * editor re-linting on each keystroke reuses the derived profile and its compiled validators.
 */
import { statSync } from 'node:fs';
import { readLimitsFrom, type ReadLimits } from '../io/limits';
import { readTextCapped } from '../io/read';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import * as jsonc from 'jsonc-parser';
import type { ProjectConfig } from '../config/types';
import { mergeProfile } from '../profiles/load';
import { LineIndex } from '../text/position';
import { applyOverrides, deriveProfile } from './derive';
import { SpecError, readSpecFile, type SpecProblem } from './source';
import type { OpenApiEntry, OpenApiProfile } from './types';

export * from './types';
export { entryProfileId, errorShapeOf } from './derive';
export { SpecError, parseSpecText, type SpecProblem } from './source';

/** What the OpenAPI layer needs from a project config (a `ProjectConfig` fits). */
export type OpenApiConfig = Pick<ProjectConfig, 'path' | 'dir' | 'raw'>;

/** A config entry whose spec cannot be used: placed on the entry in reqlint.config.json (1-based line/column). */
export interface OpenApiEntryProblem {
  /** Absolute path of reqlint.config.json. */
  configFile: string;
  line: number;
  column: number;
  /** 0-based index of the entry in `openapi`. */
  entry: number;
  /** The spec path as written. */
  spec: string;
  /** `spec file:line:column: reason`, with what to do. */
  message: string;
  /** The problem's place in the spec (or the file it references). */
  where: SpecProblem;
}

/** The derived profiles of a config, the entries that failed, and every file they were read from. */
export interface OpenApiResult {
  profiles: OpenApiProfile[];
  problems: OpenApiEntryProblem[];
  /** Absolute paths of the specs and the files their `$ref`s reach. */
  files: string[];
}

const EMPTY: OpenApiResult = Object.freeze({ profiles: [], problems: [], files: [] });

const entryMemo = new WeakMap<object, OpenApiEntry[]>();

/** The config's `openapi` entries with absolute spec paths (config schema: `{ spec, id?, baseUrl?, overrides? }`). */
export function openApiEntries(config: OpenApiConfig | undefined): OpenApiEntry[] {
  const list = config?.raw?.openapi;
  if (!config || !Array.isArray(list) || !list.length) return [];
  const memo = entryMemo.get(config);
  if (memo) return memo;
  const out: OpenApiEntry[] = [];
  list.forEach((e, index) => {
    if (!e || typeof e !== 'object' || typeof (e as Record<string, unknown>).spec !== 'string') return;
    const r = e as Record<string, unknown>;
    const written = String(r.spec);
    const urls = [r.baseUrl, r.baseUrls].flatMap((u: unknown): unknown[] => (Array.isArray(u) ? (u as unknown[]) : u === undefined ? [] : [u])).filter((u): u is string => typeof u === 'string');
    out.push({
      index,
      spec: isAbsolute(written) ? written : resolve(config.dir, written),
      specWritten: written,
      ...(typeof r.id === 'string' ? { id: r.id } : {}),
      baseUrls: urls,
      ...(r.overrides && typeof r.overrides === 'object' ? { overrides: r.overrides as Record<string, unknown> } : {}),
    });
  });
  entryMemo.set(config, out);
  return out;
}

interface Cached {
  stamps: Array<[string, number, number]>;
  profile: OpenApiProfile | null;
  problem: SpecProblem | null;
  files: string[];
}

const specCache = new Map<string, Cached>();

function stamp(path: string): [string, number, number] {
  try {
    const st = statSync(path);
    return [path, st.mtimeMs, st.size];
  } catch {
    return [path, -1, -1];
  }
}

function fresh(c: Cached): boolean {
  return c.stamps.every(([p, m, s]) => {
    const [, m2, s2] = stamp(p);
    return m === m2 && s === s2;
  });
}

function deriveEntry(entry: OpenApiEntry, limits: ReadLimits): Cached {
  const key = JSON.stringify([entry.spec, entry.id ?? null, entry.baseUrls, entry.overrides ?? null, limits.specBytes]);
  const hit = specCache.get(key);
  if (hit && fresh(hit)) return hit;
  let result: Cached;
  // Stamps are taken before reading: a file saved while we read is seen as changed next time.
  const before = stamp(entry.spec);
  try {
    const main = readSpecFile(entry.spec, limits);
    const d = deriveProfile(entry, main);
    const profile = applyOverrides(d.profile, entry.overrides, mergeProfile);
    result = { stamps: [before, ...d.files.slice(1).map(stamp)], profile, problem: null, files: d.files };
  } catch (err) {
    const problem: SpecProblem = err instanceof SpecError ? err.problem : { file: entry.spec, line: 1, column: 1, message: `the spec could not be turned into a profile: ${err instanceof Error ? err.message : String(err)}` };
    const files = [...new Set([entry.spec, problem.file])];
    result = { stamps: files.map(stamp), profile: null, problem, files };
  }
  specCache.set(key, result);
  return result;
}

const configText = new Map<string, { mtimeMs: number; tree: jsonc.Node | undefined; lines: LineIndex }>();

/** 1-based line/column of a JSON Pointer's key in the config file (the entry itself when the key is absent). */
function configPosition(configFile: string | null, path: Array<string | number>): { line: number; column: number } {
  if (!configFile) return { line: 1, column: 1 };
  try {
    const st = statSync(configFile);
    let c = configText.get(configFile);
    if (!c || c.mtimeMs !== st.mtimeMs) {
      const text = readTextCapped(configFile, { limit: 'configBytes', what: 'config file' });
      c = { mtimeMs: st.mtimeMs, tree: jsonc.parseTree(text, [], { allowTrailingComma: true }), lines: new LineIndex(text) };
      configText.set(configFile, c);
    }
    for (let n = path.length; n >= 0 && c.tree; n--) {
      const node = jsonc.findNodeAtLocation(c.tree, path.slice(0, n));
      if (node) {
        const p = c.lines.positionAt(node.offset);
        return { line: p.line + 1, column: p.character + 1 };
      }
    }
  } catch {
    // An unreadable config was reported by the config loader already; the entry keeps line 1.
  }
  return { line: 1, column: 1 };
}

// Messages name files as the user wrote them: relative to the config's folder when inside it.
function shown(dir: string, file: string): string {
  const rel = relative(dir, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : file;
}

function advice(p: SpecProblem): string {
  if (/cannot read the spec \(file not found\)/.test(p.message)) return ' Fix the "spec" path (it is relative to reqlint.config.json).';
  if (/not valid (JSON|YAML)/.test(p.message)) return ' Fix the syntax there; until then requests to this API are linted without it.';
  return ' Until it is fixed, requests to this API are linted without it.';
}

const tickMemo = new WeakMap<object, OpenApiResult>();
const lastResult = new WeakMap<object, { parts: Cached[]; result: OpenApiResult }>();

/**
 * The profiles derived from a config's `openapi` entries. Never throws: an entry whose spec cannot
 * be read, parsed or followed becomes a problem placed on the entry. Files are checked for changes
 * (modification time and size) once per synchronous run; unchanged specs give the very same
 * profile objects, so compiled body validators are reused.
 */
export function openApiProfilesFor(config: OpenApiConfig | undefined): OpenApiResult {
  const entries = openApiEntries(config);
  if (!config || !entries.length) return EMPTY;
  const memo = tickMemo.get(config);
  if (memo) return memo;
  const limits = readLimitsFrom(config.raw);
  const parts = entries.map((e) => deriveEntry(e, limits));
  const last = lastResult.get(config);
  let result: OpenApiResult;
  if (last && last.parts.length === parts.length && last.parts.every((p, i) => p === parts[i])) result = last.result;
  else {
    const profiles: OpenApiProfile[] = [];
    const problems: OpenApiEntryProblem[] = [];
    const files = new Set<string>();
    const ids = new Set<string>();
    parts.forEach((c, i) => {
      const entry = entries[i];
      c.files.forEach((f) => files.add(f));
      if (c.problem) {
        const at = configPosition(config.path, ['openapi', entry.index, 'spec']);
        const p = c.problem;
        problems.push({
          configFile: config.path ?? entry.spec,
          ...at,
          entry: entry.index,
          spec: entry.specWritten,
          where: p,
          message: `OpenAPI spec '${entry.specWritten}' cannot be used: ${shown(config.dir, p.file)}:${p.line}:${p.column}: ${p.message}.${advice(p)}`,
        });
        return;
      }
      const profile = c.profile as OpenApiProfile;
      if (ids.has(profile.id)) {
        const at = configPosition(config.path, ['openapi', entry.index]);
        problems.push({
          configFile: config.path ?? entry.spec,
          ...at,
          entry: entry.index,
          spec: entry.specWritten,
          where: { file: entry.spec, line: 1, column: 1, message: 'duplicate profile id' },
          message: `OpenAPI spec '${entry.specWritten}' gives the profile id '${profile.id}', which an earlier entry already uses; give this entry its own "id".`,
        });
        return;
      }
      ids.add(profile.id);
      profiles.push(profile);
    });
    result = { profiles, problems, files: [...files] };
    lastResult.set(config, { parts, result });
  }
  tickMemo.set(config, result);
  // One check of the files per synchronous lint run: the memo is dropped once the run yields.
  queueMicrotask(() => tickMemo.delete(config));
  return result;
}

/**
 * Every file whose change should re-lint requests governed by `config`: the config itself, its
 * profile files, each OpenAPI spec and the files the spec's `$ref`s reach (absolute paths).
 */
export function profileDependencies(config: (OpenApiConfig & Partial<Pick<ProjectConfig, 'profiles'>>) | undefined): string[] {
  if (!config) return [];
  const out = new Set<string>();
  if (config.path) out.add(config.path);
  for (const p of config.profiles ?? []) out.add(p);
  for (const e of openApiEntries(config)) out.add(e.spec);
  for (const f of openApiProfilesFor(config).files) out.add(f);
  return [...out];
}

/** The derived profile of an entry id, or null (`entryProfileId` names it). */
export function openApiProfileById(config: OpenApiConfig | undefined, id: string): OpenApiProfile | null {
  return openApiProfilesFor(config).profiles.find((p) => p.id === id) ?? null;
}

/** Drops every cached derivation (tests; an editor command "reload specs"). */
export function clearOpenApiCache(): void {
  specCache.clear();
  configText.clear();
}
