import { dirname } from 'node:path';
import { RE2JS } from 're2js';
import { ConfigResolver } from '../config/load';
import type { ProjectConfig } from '../config/types';
import type { Finding } from '../findings';
import type { HttpFile, HttpRequest } from '../http/ast';
import { parseHttp } from '../http/parser';
import { lintHttpText } from '../lint/engine';
import { createSession, openFileRun, runRequests, saveSessionCookies, type SendOverrides, type SendSession } from '../pipeline';
import type { AuthIO } from '../pipeline/auth';
import type { RequestOutcome } from '../pipeline/io';
import type { Profile } from '../profiles/types';
import { maskSecrets } from '../send/mask';
import { DispatcherPool } from '../send/pool';
import { RateLimiter } from '../send/rate-limit';
import { bodyText, discardBody } from '../send/response';
import type { NamedExchange } from '../send/response-refs';
import { chainTarget } from '../vars/chain';
import { evaluateAssertions } from './assert';
import { groupFiles, shardGroups, type FileGroup, type PlannedFile } from './plan';
import { summarize, type FileTestResult, type RequestTestResult, type SuiteResult, type TestCheck } from './types';

/**
 * The suite runner of `reqlint test` (and the editor's Testing view): every request of every file
 * down the send pipeline, files that chain by name in one line, several lines at once (`jobs`),
 * one shard of the suite when asked; each answer checked by its `??` lines, `# @expect-error` or
 * the default "answered 2xx/3xx". Front ends supply the file list, profiles and where results go.
 */

/** One test file: the path shown in reports and its absolute path. */
export interface SuiteFile {
  path: string;
  absolutePath: string;
}

/** Options of `runSuite`. */
export interface SuiteOptions {
  files: readonly SuiteFile[];
  /** Files run at once (at least 1). */
  jobs: number;
  /** Run only shard `index` (1-based) of `total`. */
  shard?: { index: number; total: number } | null;
  /** Run only requests whose name (or title, or 1-based index) matches this RE2 pattern. */
  grep?: string | null;
  /** Refuse requests with an error-level lint finding (default true); unresolved variables are refused either way. */
  strict?: boolean;
  /** Environment name; default the config's `environment`. */
  environment?: string | null;
  /** Config file for every file (`--config`); default: the nearest `reqlint.config.json` upward. */
  configFile?: string | null;
  overrides?: SendOverrides;
  /** Where sign-in tokens live and how a person is involved (default: memory, nobody to ask). */
  auth?: AuthIO;
  signal?: AbortSignal;
  /** Reads a test file (the front end's capped reader). */
  readText(absolutePath: string): string;
  /** Built-in, configured and OpenAPI-derived profiles for a config. */
  profilesFor(config: ProjectConfig): Promise<Profile[]>;
  /** Called as each request's result is known (any order across files; file order within a file). */
  onResult?(file: SuiteFile, result: RequestTestResult): void;
  /** A problem that belongs to no request (cookies not saved, a profile problem). */
  warn?(message: string): void;
}

/** Longest `--grep` pattern compiled. */
export const MAX_GREP_LENGTH = 1024;
/** Largest answer body kept as text for assertions (bytes). */
const ASSERT_BODY_BYTES = 16 * 1024 * 1024;

/** Thrown for options a user can fix (a bad `--grep`, shard or config); the CLI exits 2 with the message. */
export class SuiteUsageError extends Error {
  override name = 'SuiteUsageError';
}

/** The label a request has in reports: its name, else its 1-based index in the file. */
export function requestLabel(req: HttpRequest): string | number {
  return req.name ?? req.index + 1;
}

function compileGrep(pattern: string | null | undefined): RE2JS | null {
  if (!pattern) return null;
  if (pattern.length > MAX_GREP_LENGTH) throw new SuiteUsageError(`--grep is longer than ${MAX_GREP_LENGTH} characters.`);
  try {
    return RE2JS.compile(pattern);
  } catch (err) {
    throw new SuiteUsageError(`--grep '${pattern}' is not a regular expression Reqlint can run (RE2 syntax): ${(err as Error).message}`);
  }
}

function grepMatches(re: RE2JS, req: HttpRequest): boolean {
  return [req.name, req.title, String(req.index + 1)].some((s) => s !== null && re.matcher(s).find());
}

interface LoadedFile {
  input: SuiteFile;
  file: HttpFile;
  text: string;
  error: string | null;
}

/** Runs the suite; never throws for a request's or a file's problem (they are results), only for bad options. */
export async function runSuite(o: SuiteOptions): Promise<SuiteResult> {
  const started = Date.now();
  const grep = compileGrep(o.grep);
  const jobs = Math.max(1, Math.floor(o.jobs));
  if (o.shard && (o.shard.total < 1 || o.shard.index < 1 || o.shard.index > o.shard.total)) throw new SuiteUsageError(`--shard must be K/N with 1 ≤ K ≤ N, got ${o.shard.index}/${o.shard.total}.`);
  const configs = new ConfigResolver(o.configFile ? { explicitPath: o.configFile } : {});
  // Config problems are usage problems: found before anything is sent.
  for (const f of o.files) {
    try {
      configs.forFile(f.absolutePath);
    } catch (err) {
      throw new SuiteUsageError((err as Error).message);
    }
  }
  const loaded: LoadedFile[] = o.files.map((input) => {
    try {
      const text = o.readText(input.absolutePath);
      return { input, text, file: parseHttp(text), error: null };
    } catch (err) {
      return { input, text: '', file: parseHttp(''), error: `cannot read ${input.path}: ${(err as Error).message}` };
    }
  });
  const byPath = new Map(loaded.map((l) => [l.input.absolutePath, l]));
  let groups: FileGroup[] = groupFiles(loaded.map((l) => ({ path: l.input.absolutePath, file: l.file })));
  if (o.shard) groups = shardGroups(groups, o.shard.index, o.shard.total);

  // One pool for the run: `jobs` files may talk to one origin at once.
  const pool = new DispatcherPool({ connections: jobs });
  const limiter = new RateLimiter();
  const sessions = new Map<string, Promise<SendSession>>();
  const sessionFor = (config: ProjectConfig): Promise<SendSession> => {
    const key = config.path ?? `default:${config.dir}`;
    let s = sessions.get(key);
    if (!s) {
      s = o.profilesFor(config).then((profiles) =>
        createSession({ config, profiles, environment: o.environment ?? config.environment ?? null, ...(o.overrides ? { overrides: o.overrides } : {}), ...(o.auth ? { auth: o.auth } : {}), pool, limiter }),
      );
      sessions.set(key, s);
    }
    return s;
  };

  const results = new Map<string, FileTestResult>();
  const runGroup = async (g: FileGroup): Promise<void> => {
    const exchanges = new Map<string, NamedExchange>();
    const earlierNames = new Set<string>();
    for (const pf of g.files) {
      const l = byPath.get(pf.path)!;
      const r = await runFile(l, exchanges, earlierNames);
      results.set(pf.path, r);
      for (const req of l.file.requests) {
        if (req.name) earlierNames.add(req.name);
        if (req.title && /^[\w-]+$/.test(req.title)) earlierNames.add(req.title);
      }
    }
  };

  const runFile = async (l: LoadedFile, exchanges: Map<string, NamedExchange>, earlierNames: ReadonlySet<string>): Promise<FileTestResult> => {
    const t0 = Date.now();
    const base: FileTestResult = { path: l.input.path, absolutePath: l.input.absolutePath, durationMs: 0, requests: [], error: l.error };
    if (l.error) return base;
    const requests = grep ? l.file.requests.filter((r) => grepMatches(grep, r)) : l.file.requests;
    if (!requests.length) return { ...base, durationMs: Date.now() - t0 };
    const config = configs.forFile(l.input.absolutePath);
    const session = await sessionFor(config);
    const workspaceRoot = config.path ? dirname(config.path) : undefined;
    const refused = gate(l, config, session.environment, workspaceRoot, o.strict !== false, earlierNames);
    const slots = new Array<RequestTestResult | undefined>(l.file.requests.length);
    const toSend: HttpRequest[] = [];
    for (const req of requests) {
      const f = refused.get(req.index);
      if (f) {
        const r = notSentResult(req, f.rule, `${l.input.path}:${f.range.start.line + 1}: ${f.message}`);
        slots[req.index] = r;
        o.onResult?.(l.input, r);
      } else toSend.push(req);
    }
    if (toSend.length) {
      const run = openFileRun(session, { file: l.file, filePath: l.input.absolutePath, exchanges, ...(workspaceRoot ? { workspaceRoot } : {}) });
      const summary = await runRequests(session, run, toSend, {
        ...(o.signal ? { signal: o.signal } : {}),
        reportPromptly: false,
        warn: (m) => o.warn?.(`${l.input.path}: ${m}`),
        report: async (outcome) => {
          const r = await toResult(outcome, l.input.path, (t) => run.resolver.substitute(t));
          slots[outcome.request.index] = r;
          o.onResult?.(l.input, r);
        },
      });
      void summary;
    }
    const out: RequestTestResult[] = [];
    for (const req of requests) out.push(slots[req.index] ?? skippedResult(req, 'not run: the run was cancelled'));
    return { ...base, durationMs: Date.now() - t0, requests: out };
  };

  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < groups.length && !o.signal?.aborted) await runGroup(groups[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(jobs, groups.length) }, worker));
  } finally {
    for (const s of sessions.values()) {
      const session = await s.catch(() => null);
      const problem = session ? saveSessionCookies(session) : null;
      if (problem) o.warn?.(problem);
    }
    await pool.destroy().catch(() => undefined);
  }
  // Reports list files in path order whatever order they finished in.
  const files = groups
    .flatMap((g) => g.files)
    .map((f) => f.path)
    .sort()
    .map((p) => results.get(p) ?? { path: byPath.get(p)!.input.path, absolutePath: p, durationMs: 0, requests: [], error: null });
  return { files, summary: summarize(files, Date.now() - started), shard: o.shard ?? null };
}

/**
 * The gate of a test run, by request index: the first error-level finding (strict), or an undefined
 * variable (always). A chain reference to a request of an earlier file of the same group is not
 * undefined here: that file ran first and its answers are shared.
 */
function gate(l: LoadedFile, config: ProjectConfig, environment: string | null, workspaceRoot: string | undefined, strict: boolean, earlierNames: ReadonlySet<string>): Map<number, Finding> {
  const out = new Map<number, Finding>();
  const res = lintHttpText(l.input.absolutePath, l.text, { config, parsed: l.file, environment, ...(workspaceRoot ? { workspaceRoot } : {}) });
  for (const f of res.findings) {
    if (f.severity !== 'error') continue;
    if (!strict && f.rule !== 'variable/undefined') continue;
    if (f.rule === 'variable/undefined' && earlierNames.size) {
      const text = l.file.lines.text.slice(l.file.lines.offsetAt(f.range.start), l.file.lines.offsetAt(f.range.end));
      const target = chainTarget(text.replace(/^\{\{|\}\}$/g, ''));
      if (target && earlierNames.has(target)) continue;
    }
    const idx = requestIndexOf(l.file, f);
    if (idx !== null && !out.has(idx)) out.set(idx, f);
  }
  return out;
}

function requestIndexOf(file: HttpFile, f: Finding): number | null {
  if (typeof f.request === 'number') return f.request - 1;
  if (typeof f.request === 'string') {
    const r = file.requests.find((q) => q.name === f.request);
    if (r) return r.index;
  }
  const line = f.range.start.line;
  const r = file.requests.find((q) => q.range.start.line <= line && line <= q.range.end.line);
  return r ? r.index : null;
}

function baseResult(req: HttpRequest): Omit<RequestTestResult, 'outcome' | 'notSent' | 'checks'> {
  return { request: requestLabel(req), name: req.name, index: req.index, line: req.requestLine.start.line + 1, method: req.method.value, url: req.url.value, status: null, durationMs: 0, attempts: [], category: null };
}

function notSentResult(req: HttpRequest, rule: string | null, message: string): RequestTestResult {
  return { ...baseResult(req), outcome: 'failed', notSent: { rule, message }, checks: [{ name: 'not sent', source: 'gate', range: req.requestLine, outcome: 'failed', message }] };
}

function skippedResult(req: HttpRequest, message: string): RequestTestResult {
  return { ...baseResult(req), outcome: 'skipped', notSent: null, checks: [{ name: 'sent', source: 'gate', range: req.requestLine, outcome: 'skipped', message }] };
}

/** True when the request says it expects an error answer (`# @expect-error`). */
export function expectsError(req: HttpRequest): boolean {
  return req.metadata.some((m) => m.key === 'expect-error' || m.key === 'expectError');
}

/** Turns one pipeline outcome into a test result (assertions, default status check); frees the answer body. */
async function toResult(outcome: RequestOutcome, display: string, substitute: (t: string) => { text: string; unresolved: string[] }): Promise<RequestTestResult> {
  const req = outcome.request;
  if (outcome.kind === 'not-sent') return notSentResult(req, null, `${display}:${outcome.line}: ${outcome.message}`);
  const { result, prepared } = outcome;
  const secrets = prepared.secrets;
  const last = result.attempts[result.attempts.length - 1];
  const text = result.body ? bodyText(result.body, ASSERT_BODY_BYTES) : null;
  await discardBody(result.body);
  const checks: TestCheck[] = [];
  const status = result.status;
  if (result.error) {
    checks.push({ name: 'answered', source: 'status', range: req.requestLine, outcome: 'failed', message: `no answer: ${result.error.message}` });
  }
  const hasStatusAssertion = req.assertions.some((a) => a.field.value === 'status' && a.condition);
  if (!result.error && !hasStatusAssertion) {
    if (expectsError(req)) {
      const ok = status !== null && status >= 400;
      checks.push({ name: 'status is an error (@expect-error)', source: 'status', range: req.requestLine, outcome: ok ? 'passed' : 'failed', message: ok ? '' : `expected an error answer (4xx/5xx), got ${status}`, expected: '4xx/5xx', actual: String(status) });
    } else {
      const ok = status !== null && status >= 200 && status < 400;
      checks.push({ name: 'status is 2xx/3xx', source: 'status', range: req.requestLine, outcome: ok ? 'passed' : 'failed', message: ok ? '' : `expected a 2xx/3xx answer, got ${status}${result.classification?.category ? ` (${result.classification.category})` : ''}; write '?? status == ${status}' or '# @expect-error' if that is what this request should get`, expected: '2xx/3xx', actual: String(status) });
    }
  }
  if (req.assertions.length) {
    const view = { status, headers: result.headers, bodyText: text, durationMs: result.durationMs, timings: last?.timings ?? null };
    for (const c of evaluateAssertions(req.assertions, view, substitute)) {
      // An answer that echoes a secret must not print it in a report.
      checks.push(secrets.length ? { ...c, message: maskSecrets(c.message, secrets), ...(c.actual !== undefined ? { actual: maskSecrets(c.actual, secrets) } : {}), ...(c.expected !== undefined ? { expected: maskSecrets(c.expected, secrets) } : {}) } : c);
    }
  }
  const failed = checks.some((c) => c.outcome === 'failed');
  return {
    ...baseResult(req),
    url: maskSecrets(prepared.url, secrets),
    method: prepared.method,
    outcome: failed ? 'failed' : 'passed',
    status,
    durationMs: result.durationMs,
    attempts: result.attempts.map((a) => ({ number: a.number, status: a.status, durationMs: a.timings.totalMs, error: a.error ? a.error.message : null, retryReason: a.retryReason })),
    category: result.classification?.category ?? null,
    notSent: null,
    checks,
  };
}

export type { PlannedFile };
