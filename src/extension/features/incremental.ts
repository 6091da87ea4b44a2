// Incremental linting of .http text for the editor. Pure (no `vscode`), so the benchmark and the
// unit tests run exactly the code path the extension uses.
//
// Why it is shaped this way: the engine lints a whole file per call. Rather than teach the engine
// about caches, every per-request rule is wrapped so it only runs for requests whose text or
// context changed; the file-level rules (reused idempotency keys) and the orphan syntax problems
// run on every call, which is cheap. Findings of untouched requests are reused, shifted by the
// number of lines their request moved.
import { requestRef } from '../../core/edit/request-label';
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defaultConfig, type ProjectConfig } from '../../core/config/types';
import { loadEnvironmentFiles, type EnvironmentFiles } from '../../core/vars/environments';
import { buildScope } from '../../core/vars/scope';
import { compareFindings, type Finding } from '../../core/findings';
import type { HttpFile, HttpRequest } from '../../core/http/ast';
import { INTERNAL_ERROR_RULE, lintHttpText, type AnyRule, type LintOptions } from '../../core/lint/engine';
import type { FileRule, LintResult, Rule, VariableScope } from '../../core/lint/rule';
import { rules as registeredRules } from '../../core/lint/rules/index';
import type { Range } from '../../core/text/position';
import { IncrementalParser } from './incremental-parse';

/** What one incremental run did, besides the result. */
export interface IncrementalResult extends LintResult {
  /** Requests whose per-request rules ran in this call (the rest were reused from the cache). */
  relinted: number;
}

interface CachedRequest {
  /** The request's first line when `findings` were last placed. */
  line: number;
  /** Findings at their absolute places for a request starting on `line`. */
  findings: Finding[];
}

interface FileCache {
  parser: IncrementalParser;
  /** Everything outside a request that a per-request rule may read; any change empties `requests`. */
  context: string;
  config: ProjectConfig | undefined;
  environment: string | null | undefined;
  requests: Map<string, CachedRequest>;
  /** Variables files read for this file (the watcher clears the linter when one changes). */
  envFiles: EnvironmentFiles | null;
}

/** Files whose parse and results are kept; beyond it the least recently linted is dropped. */
const MAX_FILES = 64;

function isFileRule(r: AnyRule): r is FileRule {
  return typeof (r as FileRule).checkFile === 'function';
}

// httpYac script assignments anywhere in the file define names every request may use.
const SCRIPT_ASSIGN = /(?:\bexports|\$global)\.([A-Za-z_$][\w$]*)\s*=(?!=)/g;
const GLOBAL_SET = /client\.global\.set\(\s*["'`]([^"'`]+)["'`]/g;

/** The parts of a file outside its requests that per-request rules read (file variables, names, scripts, disable ranges). */
export function fileContextKey(file: HttpFile): string {
  const parts: string[] = [];
  for (const v of file.fileVariables) parts.push(`v:${v.name.value}=${v.value.value}`);
  for (const r of file.requests) if (r.name) parts.push(`n:${r.name}`);
  // The insertion point of new variable definitions depends on the first request's position.
  const first = file.requests[0];
  if (first) parts.push(`f:${first.range.start.line}`);
  for (const r of file.requests) if (r.title && /^[\w-]+$/.test(r.title)) parts.push(`t:${r.title}`);
  for (const r of file.requests) for (const m of r.metadata) if (m.key === 'prompt') parts.push(`p:${m.value}`);
  if (file.text.includes('client.global.set')) for (const m of file.text.matchAll(GLOBAL_SET)) parts.push(`g:${m[1]}`);
  for (const f of file.disabled.from) parts.push(`d:${f.line}-${f.to ?? ''}:${[...f.ids].join(',')}`);
  for (const m of file.metadata) parts.push(`m:${m.key}=${m.value}`);
  if (file.text.includes('exports.') || file.text.includes('$global.')) {
    for (const m of file.text.matchAll(SCRIPT_ASSIGN)) parts.push(`s:${m[1]}`);
  }
  return parts.join('\n');
}

function bodyFiles(req: HttpRequest): string[] {
  const b = req.body;
  if (!b) return [];
  if (b.kind === 'file') return [b.file.path.value];
  if (b.kind === 'mixed') return b.files.map((f) => f.path.value);
  if (b.kind === 'multipart') return b.parts.flatMap((p) => (p.file ? [p.file.path.value] : []));
  return [];
}

/** Size and mtime of a referenced body file, so an edit to it invalidates the request's entry. */
function fileStamp(base: string, p: string): string {
  if (p.includes('{{')) return `${p}:?`;
  try {
    const s = statSync(resolve(base, p));
    return `${p}:${s.size}:${s.mtimeMs}`;
  } catch {
    return `${p}:-`;
  }
}

// A request object the incremental parser kept has the same text as before: its key string is
// reused, so the map lookup does not hash the request's text again.
const textKeys = new WeakMap<HttpRequest, string>();

/** The cache key of one request: its exact text, identity and what it reads from other files. */
export function requestKey(file: HttpFile, req: HttpRequest, filePath: string, disabledLines: string): string {
  let textKey = textKeys.get(req);
  if (textKey === undefined) {
    const start = file.lines.offsetAt(req.range.start);
    const end = file.lines.offsetAt(req.range.end);
    textKey = `${req.index}\0${req.name ?? ''}\0${file.text.slice(start, end)}`;
    textKeys.set(req, textKey);
  }
  const files = bodyFiles(req);
  if (!files.length && !disabledLines) return textKey;
  const stamps = files.map((p) => fileStamp(dirname(filePath), p)).join('|');
  return `${stamps}\0${disabledLines}\0${textKey}`;
}

function within(r: Range, first: number, last: number): boolean {
  return r.start.line >= first && r.end.line <= last;
}

function shiftRange(r: Range, by: number): Range {
  return { start: { line: r.start.line + by, character: r.start.character }, end: { line: r.end.line + by, character: r.end.character } };
}

/** True when every location of `f` in `filePath` lies on lines [first, last] (so it can follow its request). */
function staysInside(f: Finding, filePath: string, first: number, last: number): boolean {
  const inFile = (file: string | undefined): boolean => !file || file === filePath;
  if (inFile(f.file) && !within(f.range, first, last)) return false;
  for (const r of f.related ?? []) if (inFile(r.file) && !within(r.range, first, last)) return false;
  for (const fix of f.fixes ?? []) for (const e of fix.edits) if (inFile(e.file) && !within(e.range, first, last)) return false;
  return true;
}

/**
 * A finding with every location in `filePath` moved `by` lines; locations in other files are kept.
 * `copy` forces fresh range objects: rules report the AST's own ranges, which the incremental
 * parser later moves in place, and a published finding must not move with them.
 */
function shiftFinding(f: Finding, filePath: string, by: number, copy = false): Finding {
  const inFile = (file: string | undefined): boolean => copy || !file || file === filePath;
  if (by === 0 && !copy) return f;
  const out: Finding = { ...f, range: inFile(f.file) ? shiftRange(f.range, by) : f.range };
  if (f.related) out.related = f.related.map((r) => (inFile(r.file) ? { ...r, range: shiftRange(r.range, by) } : r));
  if (f.fixes) out.fixes = f.fixes.map((x) => ({ ...x, edits: x.edits.map((e) => (inFile(e.file) ? { ...e, range: shiftRange(e.range, by) } : e)) }));
  return out;
}

/** Disabled-line directives inside each request, as request-relative text (part of its key). */
function disabledByRequest(file: HttpFile): Map<number, string> {
  const out = new Map<number, string>();
  if (file.disabled.lines.size === 0) return out;
  for (const req of file.requests) {
    const parts: string[] = [];
    for (const [line, ids] of file.disabled.lines) {
      if (line >= req.range.start.line - 1 && line <= req.range.end.line) parts.push(`${line - req.range.start.line}:${[...ids].join(',')}`);
    }
    if (parts.length) out.set(req.index, parts.sort().join(';'));
  }
  return out;
}

/**
 * Lints .http text like `lintHttpText`, re-running the per-request rules only for requests whose
 * text, index, name, body files or file context changed since the last call for the same path,
 * config object and environment. Results equal a full lint (a unit test compares them).
 */
export class IncrementalHttpLinter {
  private readonly files = new Map<string, FileCache>();
  private readonly wrapped: AnyRule[];
  /** Request indexes the wrapped per-request rules run for in the current call. */
  private readonly dirty = new Set<number>();
  private readonly fileRuleIds: Set<string>;

  constructor(rules: readonly AnyRule[] = registeredRules) {
    this.fileRuleIds = new Set(rules.filter(isFileRule).map((r) => r.id));
    this.wrapped = rules.map((r): AnyRule => {
      if (isFileRule(r)) return r;
      const inner: Rule = r;
      return { ...inner, check: (ctx) => (this.dirty.has(ctx.request.index) ? inner.check(ctx) : undefined) };
    });
  }

  /** Forgets every cached result (config, environment or variables files changed). */
  clear(): void {
    this.files.clear();
  }

  /** Forgets one file's cached results (its document closed). */
  forget(path: string): void {
    this.files.delete(path);
  }

  /** Lints `text` as the file at absolute `path`; `options.rules`/`parsed` are ignored (the linter owns them). */
  lint(path: string, text: string, options: Omit<LintOptions, 'rules' | 'parsed'> = {}): IncrementalResult {
    let cache = this.files.get(path);
    const parser = cache?.parser ?? new IncrementalParser();
    const file = parser.parse(text);
    const context = fileContextKey(file);
    if (!cache || cache.context !== context || cache.config !== options.config || cache.environment !== options.environment) {
      cache = { parser, context, config: options.config, environment: options.environment, requests: new Map(), envFiles: cache?.envFiles ?? null };
    }
    // Most recently linted last; files not linted for a long while (closed documents) fall out.
    this.files.delete(path);
    this.files.set(path, cache);
    if (this.files.size > MAX_FILES) this.files.delete(this.files.keys().next().value!);
    const disabled = disabledByRequest(file);
    const keys = file.requests.map((r) => requestKey(file, r, path, disabled.get(r.index) ?? ''));
    const reused: Finding[] = [];
    this.dirty.clear();
    for (const req of file.requests) {
      const hit = cache.requests.get(keys[req.index]);
      if (!hit) {
        this.dirty.add(req.index);
        continue;
      }
      const by = req.range.start.line - hit.line;
      if (by !== 0) {
        hit.findings = hit.findings.map((f) => shiftFinding(f, path, by));
        hit.line = req.range.start.line;
      }
      for (const f of hit.findings) reused.push(f);
    }
    const relinted = this.dirty.size;
    let result: LintResult;
    try {
      result = this.run(path, text, file, cache, options);
    } finally {
      this.dirty.clear();
    }

    // Fresh per-request findings go into the cache, relative to their request's first line.
    const next = new Map<string, CachedRequest>();
    const fresh = new Map<number, Finding[]>();
    const byId = new Map<string | number, number>(file.requests.map((r) => [requestRef(r), r.index]));
    const others: Finding[] = [];
    for (const raw of result.findings) {
      const f = shiftFinding(raw, path, 0, true);
      const idx = f.request === null ? undefined : byId.get(f.request);
      if (idx === undefined || this.fileRuleIds.has(f.rule) || f.rule === INTERNAL_ERROR_RULE) {
        others.push(f);
        continue;
      }
      const list = fresh.get(idx) ?? [];
      list.push(f);
      fresh.set(idx, list);
    }
    for (const req of file.requests) {
      const key = keys[req.index];
      const old = cache.requests.get(key);
      if (old) {
        next.set(key, old);
        continue;
      }
      const own = fresh.get(req.index) ?? [];
      if (own.every((f) => staysInside(f, path, req.range.start.line, req.range.end.line))) next.set(key, { line: req.range.start.line, findings: own });
    }
    cache.requests = next;
    const findings = [...reused, ...others];
    for (const list of fresh.values()) findings.push(...list);
    findings.sort(compareFindings);
    return { ...result, findings, relinted };
  }

  /**
   * Runs the engine for the dirty requests. Few dirty requests: the per-request rules see a file
   * holding only those (plus the first request, where new variable definitions are placed), and a
   * second call runs the file-level rules and orphan syntax problems over every request, so no
   * engine work scales with the untouched requests. Otherwise one call over the whole file.
   */
  private run(path: string, text: string, file: HttpFile, cache: FileCache, options: Omit<LintOptions, 'rules' | 'parsed'>): LintResult {
    const scope = options.scope ?? this.scopeFor(path, cache, options, file);
    if (this.dirty.size * 4 > file.requests.length) return lintHttpText(path, text, { ...options, rules: this.wrapped, parsed: file, scope });
    const subset = file.requests.filter((r) => r.index === 0 || this.dirty.has(r.index));
    const perRequest = lintHttpText(path, text, {
      ...options,
      rules: this.wrapped.filter((r) => !isFileRule(r)),
      parsed: { ...file, requests: subset, problems: file.problems.filter((p) => this.dirty.has(p.request)) },
      scope,
    });
    const dirty = [...this.dirty];
    this.dirty.clear();
    const orphanRules = new Set<string>(file.problems.filter((p) => p.request < 0 || p.request >= file.requests.length).map((p) => p.rule));
    const fileLevel = lintHttpText(path, text, {
      ...options,
      rules: this.wrapped.filter((r) => isFileRule(r) || orphanRules.has(r.id)),
      parsed: file,
      scope,
    });
    for (const i of dirty) this.dirty.add(i);
    // Problems of subset requests past the subset's length come back as orphans too: only the rules' own findings count.
    const findings = perRequest.findings.filter((f) => f.request !== null).concat(fileLevel.findings);
    return { ...fileLevel, findings };
  }

  // The engine's default scope, with the variables files read once per file rather than per keystroke.
  // Built from the whole file even when the engine is handed a subset: names of other requests are defined.
  private scopeFor(path: string, cache: FileCache, options: LintOptions, file: HttpFile): VariableScope {
    const config = options.config ?? defaultConfig(dirname(path));
    const workspaceRoot = options.workspaceRoot ?? (config.path ? config.dir : undefined);
    cache.envFiles ??= loadEnvironmentFiles(dirname(path), workspaceRoot);
    const env = options.environment !== undefined ? options.environment : config.environment;
    return buildScope(file, { filePath: path, env, envFiles: cache.envFiles, ...(workspaceRoot ? { workspaceRoot } : {}) });
  }
}
