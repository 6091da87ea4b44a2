import type { ProjectConfig } from '../config/types';
import type { HttpFile, HttpRequest } from '../http/ast';
import { DEFAULT_SCRIPT_LIMITS, runScript, type ScriptErrorKind, type ScriptLimits, type ScriptRequestView, type ScriptResponseView } from './sandbox';
import { loadScript, locate, requestScripts, ScriptFileError, type FileLocation, type LoadedScript, type RequestScript, type ScriptPhase } from './source';

/** Whether scripts run, and their limits. */
export interface ScriptPolicy {
  /** True when scripts may run (trusted workspace / `--allow-scripts` / config `scripts`). */
  enabled: boolean;
  /** Why they do not run, and how to turn them on; shown on each skipped handler. */
  disabledReason: string;
  limits: ScriptLimits;
}

/** How a front end turns scripts on: the CLI flag, or the editor's trust (which also needs the config). */
export interface ScriptPolicyInput {
  /** `--allow-scripts` on the command line. */
  allowFlag?: boolean;
  /** False in an untrusted editor workspace: then nothing runs, whatever the config says. */
  trusted?: boolean;
  /** How the front end tells users to turn scripts on (used in the skipped message). */
  howToEnable: string;
}

/** Reads the config's `scripts` key (already schema-validated) and the front end's switches. */
export function scriptPolicy(config: ProjectConfig | null, input: ScriptPolicyInput): ScriptPolicy {
  const raw = config?.raw.scripts;
  const obj = raw && typeof raw === 'object' ? (raw as { enabled?: boolean; timeoutMs?: number; memoryMb?: number }) : null;
  const fromConfig = raw === true || (obj !== null && obj.enabled !== false);
  const limits: ScriptLimits = {
    timeoutMs: obj?.timeoutMs ?? DEFAULT_SCRIPT_LIMITS.timeoutMs,
    memoryBytes: obj?.memoryMb !== undefined ? obj.memoryMb * 1024 * 1024 : DEFAULT_SCRIPT_LIMITS.memoryBytes,
  };
  if (input.trusted === false) {
    return { enabled: false, disabledReason: 'Scripts never run in an untrusted workspace: trust the workspace to run them.', limits };
  }
  const enabled = Boolean(input.allowFlag) || fromConfig;
  return { enabled, disabledReason: enabled ? '' : input.howToEnable, limits };
}

/** State shared by the scripts of one run, in file order: `client.global`. */
export class ScriptRunState {
  /** `client.global` values; later `{{name}}` holes of the same run read them. */
  readonly globals = new Map<string, string>();
  /** Values `request.variables.set` gave the request being sent now (cleared per request). */
  requestVariables = new Map<string, string>();

  /** The value a script set for `name` (this request's variables first, then globals), else undefined. */
  valueOf(name: string): string | undefined {
    return this.requestVariables.get(name) ?? this.globals.get(name);
  }
}

/** One `client.test` result, with where its failure happened. */
export interface ScriptTestReport {
  name: string;
  passed: boolean;
  /** Failure message; absent when passed. */
  message?: string;
  /** Where it failed (the script's line, in the .http or .js file); absent when passed. */
  location?: FileLocation;
}

/** What happened to one script of a request. */
export interface ScriptReport {
  phase: ScriptPhase;
  /** The handler as written in the .http file. */
  handler: FileLocation;
  /** Set when the script did not run: why (disabled, or its file could not be read). */
  skipped: string | null;
  /** What ended the script early (its own error or a sandbox limit), with its place; null when it finished. */
  failure: { kind: ScriptErrorKind | 'file'; message: string; location: FileLocation } | null;
  tests: ScriptTestReport[];
  logs: string[];
  exited: boolean;
  durationMs: number;
}

/** The request as scripts see it, plus how to look up environment and file variables. */
export interface ScriptRequestContext {
  file: HttpFile;
  /** Absolute path of the .http file. */
  filePath: string;
  request: HttpRequest;
  view: ScriptRequestView;
  environment: (name: string) => string | undefined;
  fileVariable: (name: string) => string | undefined;
  /** Reads a handler `.js` file (default: the disk, capped). */
  readFile?: (path: string) => string;
}

const PHASE_LABEL: Record<ScriptPhase, string> = { pre: 'Pre-request script', post: 'Response handler' };

function skippedReport(script: RequestScript, filePath: string, reason: string): ScriptReport {
  return { phase: script.phase, handler: { file: filePath, range: script.range }, skipped: reason, failure: null, tests: [], logs: [], exited: false, durationMs: 0 };
}

/** True when the request has a script of this phase (so a front end can skip work when it has none). */
export function hasScripts(req: HttpRequest, phase?: ScriptPhase): boolean {
  return req.handlers.some((h) =>
    phase === 'pre' ? h.kind === 'pre-script' || h.kind === 'pre-script-file' : phase === 'post' ? h.kind === 'script' || h.kind === 'script-file' : h.kind !== 'output' && h.kind !== 'output-force',
  );
}

async function runPhase(
  phase: ScriptPhase,
  state: ScriptRunState,
  policy: ScriptPolicy,
  ctx: ScriptRequestContext,
  response: ScriptResponseView | null,
): Promise<ScriptReport[]> {
  const reports: ScriptReport[] = [];
  for (const script of requestScripts(ctx.file, ctx.request)) {
    if (script.phase !== phase) continue;
    if (!policy.enabled) {
      reports.push(skippedReport(script, ctx.filePath, `${PHASE_LABEL[phase]} skipped: ${policy.disabledReason}`));
      continue;
    }
    let loaded: LoadedScript;
    try {
      loaded = loadScript(script, ctx.file, ctx.filePath, ctx.readFile);
    } catch (err) {
      if (!(err instanceof ScriptFileError)) throw err;
      reports.push({
        ...skippedReport(script, ctx.filePath, err.message),
        failure: { kind: 'file', message: err.message, location: { file: ctx.filePath, range: script.file?.range ?? script.range } },
      });
      continue;
    }
    const out = await runScript({
      source: loaded.code,
      fileName: loaded.filePath,
      globals: state.globals,
      requestVariables: state.requestVariables,
      environment: ctx.environment,
      fileVariable: ctx.fileVariable,
      request: ctx.view,
      response,
      limits: policy.limits,
    });
    state.globals.clear();
    for (const [k, v] of out.globals) state.globals.set(k, v);
    state.requestVariables = out.requestVariables;
    reports.push({
      phase,
      handler: { file: ctx.filePath, range: script.range },
      skipped: null,
      failure: out.failure ? { kind: out.failure.kind, message: `${PHASE_LABEL[phase]} failed: ${out.failure.message}`, location: locate(loaded, out.failure.at) } : null,
      tests: out.tests.map((t) => (t.passed ? { name: t.name, passed: true } : { name: t.name, passed: false, message: t.failure?.message ?? 'failed', location: locate(loaded, t.failure?.at ?? null) })),
      logs: out.logs,
      exited: out.exited,
      durationMs: out.durationMs,
    });
  }
  return reports;
}

/**
 * Runs the request's pre-request scripts (`< {% %}`) in file order, before its `{{…}}` holes are
 * resolved. Starts the request's `request.variables` afresh; what the scripts set stays in `state`
 * for `valueOf`. Never throws for what a script does.
 */
export function runPreRequestScripts(state: ScriptRunState, policy: ScriptPolicy, ctx: ScriptRequestContext): Promise<ScriptReport[]> {
  state.requestVariables = new Map();
  return runPhase('pre', state, policy, ctx, null);
}

/**
 * Runs the request's response handlers (`> {% %}`, `> file.js`) against its answer, then their
 * `client.test`s. `client.global` changes stay in `state` for later requests of the run.
 */
export function runResponseHandlers(state: ScriptRunState, policy: ScriptPolicy, ctx: ScriptRequestContext, response: ScriptResponseView): Promise<ScriptReport[]> {
  return runPhase('post', state, policy, ctx, response);
}

/** `type/subtype` (lower case) and charset of a Content-Type value, as `response.contentType` reports them. */
export function contentTypeParts(value: string | null | undefined): { mimeType: string; charset: string } {
  if (!value) return { mimeType: '', charset: 'UTF-8' };
  const [type, ...params] = value.split(';');
  let charset = 'UTF-8';
  for (const p of params) {
    const m = /^\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(p);
    if (m) charset = m[1];
  }
  return { mimeType: type.trim().toLowerCase(), charset };
}
