import { requestRef } from '../edit/request-label';
import { dirname } from 'node:path';
import { readLimitsFrom } from '../io/limits';
import { defaultConfig, type PayloadMapping, type ProjectConfig } from '../config/types';
import { compareFindings, type Finding, type Severity } from '../findings';
import type { HttpFile, HttpHeader, HttpRequest, Spanned, VariableRef } from '../http/ast';
import { parseHttp, isRuleDisabled } from '../http/parser';
import { LineIndex, type Range } from '../text/position';
import { buildScope } from '../vars/scope';
import type { ContextProvider, LintSession } from './provider';
import { contextProviders } from './providers/index';
import type { FileRule, LintResult, Rule, RuleContext, RuleReport, VariableScope } from './rule';
import { rules as registeredRules } from './rules/index';

/** A per-request rule or a whole-file rule. */
export type AnyRule = Rule | FileRule;

/** Rule id of the finding that stands in for a rule or provider that threw (an internal error, not a user mistake). */
export const INTERNAL_ERROR_RULE = 'internal/rule-error';

/** Options shared by {@link lintHttpText} and {@link lintJsonPayload}. */
export interface LintOptions {
  /** The config governing the file (rule levels, plans…); default: built-in defaults. */
  config?: ProjectConfig;
  /** Rules to run; default: every registered rule (rules/index.ts). */
  rules?: readonly AnyRule[];
  /** Context providers run after the registered ones (providers/index.ts), before any rule. */
  providers?: readonly ContextProvider[];
  /**
   * Variable lookup, or a factory given the parsed file (null for JSON payloads). Default: the file's
   * definitions plus the variables files (http-client.env.json, private env, .env) from `workspaceRoot`
   * down to the file's folder, for the selected environment.
   */
  scope?: VariableScope | ((file: HttpFile | null) => VariableScope);
  /** Where the upward search for variables files stops (inclusive); default: the config's folder when a config file exists, else only the file's folder. */
  workspaceRoot?: string;
  /** Selected environment name (default: the config's `environment`, else null). */
  environment?: string | null;
  /** Editor document version to stamp on the result; default null. */
  version?: number | null;
  /** An already parsed file for `text` (saves a parse when the caller has one). */
  parsed?: HttpFile;
  /** Called for every internal error (a rule or provider that threw), besides the internal finding. */
  onInternalError?: (message: string, error: unknown) => void;
  /**
   * Folder every file a lint reads on a request's behalf (`< file` bodies, sizes of uploaded files)
   * must lie in; a reference outside it is reported, never read. The editor sets it to the workspace
   * folder in an untrusted workspace, so a .http file cannot make Reqlint read `~/.ssh` or `/etc`.
   * Default: no limit (the command line reads what its user names).
   */
  readRoot?: string | null;
}

function isFileRule(r: AnyRule): r is FileRule {
  return typeof (r as FileRule).checkFile === 'function';
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** Lints one file's worth of request contexts; shared by the .http and JSON paths. */
class FileLinter {
  readonly findings: Finding[] = [];
  private readonly failed = new Set<string>();
  private readonly levels: Record<string, string>;

  constructor(
    readonly session: LintSession,
    private readonly options: LintOptions,
  ) {
    this.levels = session.config.rules;
  }

  /** Enabled rules in registry order (a rule configured `off` never runs). */
  enabled(): AnyRule[] {
    return (this.options.rules ?? registeredRules).filter((r) => this.levels[r.id] !== 'off');
  }

  severityFor(rule: { id: string; defaultSeverity: Severity }, override?: Severity): Severity {
    const level = this.levels[rule.id];
    // An explicit user level wins over a rule's per-finding variant; otherwise the variant, else the default.
    if (level && level !== 'off') return level as Severity;
    return override ?? rule.defaultSeverity;
  }

  makeContext(request: HttpRequest, synthetic: boolean, vars: VariableScope): RuleContext {
    const session = this.session;
    const requestId = requestRef(request);
    const ctx: RuleContext = {
      filePath: session.filePath,
      file: session.file,
      request,
      synthetic,
      requestId,
      vars,
      extra: {},
      config: session.config,
      environment: session.environment,
      readRoot: this.options.readRoot ?? null,
      report: () => undefined,
    };
    return ctx;
  }

  /** Points `ctx.report` at `rule`: fills rule id, severity, file, request, docs; drops disabled lines. */
  bind(ctx: RuleContext, rule: { id: string; defaultSeverity: Severity; docs: string }): void {
    const file = this.session.file;
    ctx.report = (r: RuleReport) => {
      const inThisFile = !r.file || r.file === this.session.filePath;
      // Findings in another file (a `< body.json`) obey the suppressions written at their request line.
      const line = inThisFile ? r.range.start.line : ctx.request.requestLine.start.line;
      if (file && isRuleDisabled(file.disabled, rule.id, line)) return;
      const f: Finding = {
        rule: rule.id,
        severity: this.severityFor(rule, r.severity),
        message: r.message,
        file: r.file ?? this.session.filePath,
        range: r.range,
        request: ctx.synthetic && !ctx.file ? null : ctx.requestId,
      };
      const docs = r.docs ?? rule.docs;
      if (docs) f.docs = docs;
      if (r.fixes?.length) f.fixes = r.fixes;
      if (r.related?.length) f.related = r.related;
      this.findings.push(f);
    };
  }

  internalError(what: string, err: unknown, ctx: RuleContext | null): void {
    const message = `${what} failed: ${errorText(err)}`;
    this.options.onInternalError?.(message, err);
    // One internal finding per rule per file: the failure is ours, the other requests would only repeat it.
    if (this.failed.has(what)) return;
    this.failed.add(what);
    const range: Range = ctx ? ctx.request.requestLine : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    this.findings.push({
      rule: INTERNAL_ERROR_RULE,
      severity: 'warning',
      message: `Reqlint internal error: ${message}. The other rules still ran; please report this with the file.`,
      file: this.session.filePath,
      range,
      request: ctx ? ctx.requestId : null,
    });
  }

  run(ctxs: RuleContext[]): void {
    const providers = [...contextProviders, ...(this.options.providers ?? [])];
    for (const ctx of ctxs) {
      for (const p of providers) {
        try {
          p.provide(ctx, this.session);
        } catch (err) {
          this.internalError(`context provider ${p.id}`, err, ctx);
        }
      }
    }
    for (const rule of this.enabled()) {
      if (isFileRule(rule)) {
        if (!ctxs.length) continue;
        for (const ctx of ctxs) this.bind(ctx, rule);
        try {
          rule.checkFile(ctxs);
        } catch (err) {
          this.internalError(`rule ${rule.id}`, err, ctxs[0]);
        }
        continue;
      }
      for (const ctx of ctxs) {
        this.bind(ctx, rule);
        try {
          rule.check(ctx);
        } catch (err) {
          this.internalError(`rule ${rule.id}`, err, ctx);
        }
      }
    }
    for (const ctx of ctxs) ctx.report = () => undefined;
  }

  /** Sorted, de-duplicated findings. */
  result(requests: number): LintResult {
    const seen = new Set<string>();
    const unique = this.findings.filter((f) => {
      const r = f.range;
      const key = `${f.file}\0${f.rule}\0${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}\0${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    unique.sort(compareFindings);
    return { file: this.session.filePath, findings: unique, requests, version: this.options.version ?? null };
  }
}

let emptyFile: HttpFile | null = null;

function scopeFor(options: LintOptions, file: HttpFile | null, s: LintSession): VariableScope {
  const given = options.scope;
  if (given) return typeof given === 'function' ? given(file) : given;
  emptyFile ??= parseHttp('');
  const workspaceRoot = options.workspaceRoot ?? (s.config.path ? s.config.dir : undefined);
  return buildScope(file ?? emptyFile, { filePath: s.filePath, env: s.environment, limits: readLimitsFrom(s.config.raw), ...(workspaceRoot ? { workspaceRoot } : {}) });
}

function session(filePath: string, file: HttpFile | null, mapping: PayloadMapping | null, options: LintOptions): LintSession {
  const config = options.config ?? defaultConfig(dirname(filePath));
  const environment = options.environment !== undefined ? options.environment : config.environment;
  return { filePath, file, mapping, config, environment, cache: new Map() };
}

/**
 * Lints the text of a .http/.rest file (absolute `path`). Never throws: parse problems become
 * `syntax/*` findings and a failing rule becomes one `internal/rule-error` warning.
 */
export function lintHttpText(path: string, text: string, options: LintOptions = {}): LintResult {
  const file = options.parsed ?? parseHttp(text);
  const s = session(path, file, null, options);
  const linter = new FileLinter(s, options);
  const vars = scopeFor(options, file, s);
  const ctxs = file.requests.map((r) => linter.makeContext(r, false, vars));
  linter.run(ctxs);
  reportOrphanProblems(file, linter, options);
  return linter.result(file.requests.length);
}

// A syntax problem outside any request (a block the parser could not make a request of) still
// deserves its finding; the syntax rules only see problems of requests that exist.
function reportOrphanProblems(file: HttpFile, linter: FileLinter, options: LintOptions): void {
  const byId = new Map((options.rules ?? registeredRules).map((r) => [r.id, r]));
  for (const p of file.problems) {
    if (p.request >= 0 && p.request < file.requests.length) continue;
    const rule = byId.get(p.rule);
    if (!rule || linter.enabled().indexOf(rule) < 0) continue;
    if (isRuleDisabled(file.disabled, rule.id, p.range.start.line)) continue;
    linter.findings.push({
      rule: rule.id,
      severity: linter.severityFor(rule),
      message: p.message,
      file: linter.session.filePath,
      range: p.range,
      request: null,
      ...(rule.docs ? { docs: rule.docs } : {}),
    });
  }
}

/**
 * Every `{{…}}` hole in `text` (offsets absolute in `text`): each `{{` closes at the first `}}` after it.
 * Linear: the search never goes back (a lazy regex took quadratic time on 200k unclosed `{{`).
 */
export function findHoles(text: string, lines: LineIndex): VariableRef[] {
  const out: VariableRef[] = [];
  let start = text.indexOf('{{');
  while (start >= 0) {
    const close = text.indexOf('}}', start + 2);
    if (close < 0) break;
    const end = close + 2;
    out.push({ expr: text.slice(start + 2, close).trim(), range: lines.range(start, end), start, end });
    start = text.indexOf('{{', end);
  }
  return out;
}

/**
 * The request a payload mapping stands for, with `text` (the whole JSON file) as its inline body.
 * Headers come from the mapping; `Content-Type: application/json` is added when the mapping has none.
 */
export function syntheticRequest(text: string, mapping: PayloadMapping): HttpRequest {
  const lines = new LineIndex(text);
  const zero: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const sp = <T>(value: T): Spanned<T> => ({ value, range: zero, start: 0, end: 0 });
  const headers: HttpHeader[] = Object.entries(mapping.headers).map(([name, value]) => ({ name: sp(name), value: sp(value), range: zero }));
  if (!headers.some((h) => h.name.value.toLowerCase() === 'content-type')) {
    headers.push({ name: sp('Content-Type'), value: sp('application/json'), range: zero });
  }
  const whole = lines.range(0, text.length);
  return {
    index: 0,
    name: null,
    title: null,
    metadata: [],
    method: sp(mapping.method),
    url: sp(mapping.url),
    httpVersion: null,
    headers,
    body: { kind: 'inline', text: { value: text, range: whole, start: 0, end: text.length } },
    handlers: [],
    assertions: [],
    variables: findHoles(text, lines),
    requestLine: zero,
    range: whole,
    disabled: { lines: new Map(), from: [] },
  };
}

/**
 * Lints a plain JSON file (absolute `path`) as the body of the request `mapping` names. Findings
 * carry `request: null`; rules see `ctx.synthetic === true` and `ctx.file === null`.
 */
export function lintJsonPayload(path: string, text: string, mapping: PayloadMapping, options: LintOptions = {}): LintResult {
  const s = session(path, null, mapping, options);
  const linter = new FileLinter(s, options);
  const ctx = linter.makeContext(syntheticRequest(text, mapping), true, scopeFor(options, null, s));
  linter.run([ctx]);
  return linter.result(1);
}
