import { createHash, createHmac } from 'node:crypto';
import { shouldInterruptAfterDeadline, type QuickJSContext, type QuickJSHandle, type QuickJSRuntime, type QuickJSWASMModule } from 'quickjs-emscripten-core';
import { loadScriptEngine, resetScriptEngine } from './engine';
import { PRELUDE, PRELUDE_FILE_NAME } from './prelude';

/** Resource limits of one script run. */
export interface ScriptLimits {
  /** Wall-clock time the script (and its `client.test`s) may run, in milliseconds. */
  timeoutMs: number;
  /** Memory the script's engine may allocate, in bytes. */
  memoryBytes: number;
}

/** Limits used when the config sets none: one second, 64 MiB. */
export const DEFAULT_SCRIPT_LIMITS: Readonly<ScriptLimits> = Object.freeze({ timeoutMs: 1000, memoryBytes: 64 * 1024 * 1024 });

// QuickJS checks its own stack against this many bytes; much more and deep recursion in the engine
// (JSON.parse of nested arrays, a recursive toString) exhausts the host's stack before QuickJS notices.
const MAX_STACK_BYTES = 64 * 1024;
// What a script may hand back (globals, logs, test names): beyond this the run is reported as too large.
const MAX_OUTPUT_CHARS = 16 * 1024 * 1024;

/** The request a script sees as `request` (raw text as written, substituted where known). */
export interface ScriptRequestView {
  method: string;
  rawUrl: string;
  url: string;
  /** [name, raw value, substituted value] in file order. */
  headers: Array<[string, string, string]>;
  /** Body as written and substituted; null when the request has none. */
  rawBody: string | null;
  body: string | null;
}

/** The answer a response handler sees as `response`. */
export interface ScriptResponseView {
  status: number;
  headers: Array<[string, string]>;
  /** Body text (decoded); read by the script only when it touches `response.body`. */
  body: string;
  /** `type/subtype` from Content-Type, lower case; '' when absent. */
  mimeType: string;
  /** Charset parameter of Content-Type; 'UTF-8' when absent, as JetBrains reports it. */
  charset: string;
}

/** Everything a script run gets from its host; nothing else enters the sandbox. */
export interface ScriptInput {
  /** The script's JavaScript source. */
  source: string;
  /** Name used in stack traces to find the script's own frames (any unique string). */
  fileName: string;
  globals: ReadonlyMap<string, string>;
  requestVariables: ReadonlyMap<string, string>;
  /** `request.environment.get(name)`: the selected environment's value (substituted), or undefined. */
  environment: (name: string) => string | undefined;
  /** `client.variables.file.get(name)`: a file variable's value (substituted), or undefined. */
  fileVariable: (name: string) => string | undefined;
  request: ScriptRequestView;
  /** The answer, for response handlers; null for pre-request scripts (then `response` is not defined). */
  response: ScriptResponseView | null;
  limits?: Partial<ScriptLimits>;
}

/** A 1-based line and column inside the script's own text. */
export interface ScriptPosition {
  line: number;
  column: number;
}

/** Why a script stopped early. `limit-*` are the sandbox's limits; `error` is an exception the script threw. */
export type ScriptErrorKind = 'error' | 'syntax' | 'limit-time' | 'limit-memory' | 'limit-stack' | 'limit-output' | 'engine';

/** An error that ended the script (or failed a test), with its place in the script when known. */
export interface ScriptFailure {
  kind: ScriptErrorKind;
  message: string;
  at: ScriptPosition | null;
}

/** One `client.test` result. */
export interface ScriptTestResult {
  name: string;
  passed: boolean;
  failure?: ScriptFailure;
}

/** What a script run produced; the globals are the full new state even when the script failed part way. */
export interface ScriptOutcome {
  globals: Map<string, string>;
  requestVariables: Map<string, string>;
  tests: ScriptTestResult[];
  logs: string[];
  /** True when the script called `client.exit()`. */
  exited: boolean;
  /** What ended the script early, or null when it ran to its end (or to `client.exit()`). */
  failure: ScriptFailure | null;
  /** Wall-clock milliseconds spent in the sandbox. */
  durationMs: number;
}

interface RawError {
  name: string;
  message: string;
  stack: string;
}

interface RawOutcome {
  globals: Array<[string, string]>;
  requestVariables: Array<[string, string]>;
  tests: Array<{ name: string; passed: boolean; error?: RawError }>;
  logs: string[];
  exited: boolean;
  error: RawError | null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The first stack frame in the script itself (`name:line:col`), 1-based. */
function positionInStack(stack: string, fileName: string): ScriptPosition | null {
  const m = new RegExp(`${escapeRegExp(fileName)}:(\\d+)(?::(\\d+))?`).exec(stack);
  if (!m) return null;
  return { line: Number(m[1]), column: m[2] ? Number(m[2]) : 1 };
}

function classify(e: RawError, fileName: string, limits: ScriptLimits): ScriptFailure {
  const at = positionInStack(e.stack, fileName);
  if (e.name === 'InternalError' && e.message === 'interrupted') {
    return { kind: 'limit-time', message: `The script ran longer than its ${limits.timeoutMs} ms limit and was stopped.`, at };
  }
  if (e.message === 'out of memory' || (e.name === 'InternalError' && /out of memory/.test(e.message))) {
    return { kind: 'limit-memory', message: `The script needed more than its ${Math.round(limits.memoryBytes / 1048576)} MiB memory limit and was stopped.`, at };
  }
  if (e.message === 'stack overflow') {
    return { kind: 'limit-stack', message: 'The script recursed too deeply (stack overflow) and was stopped.', at };
  }
  if (e.name === 'InternalError' && /string too long|invalid string length/.test(e.message)) {
    return { kind: 'limit-memory', message: `The script built a string too long for its ${Math.round(limits.memoryBytes / 1048576)} MiB memory limit (${e.message}).`, at };
  }
  if (e.name === 'RangeError' && e.message === 'invalid string length') {
    return { kind: 'limit-memory', message: 'The script built a string longer than the engine allows (invalid string length).', at };
  }
  const label = e.name && e.name !== 'Error' ? `${e.name}: ` : '';
  if (e.name === 'SyntaxError') return { kind: 'syntax', message: `${label}${e.message}`, at };
  return { kind: 'error', message: `${label}${e.message || 'the script threw a value that is not an Error'}`, at };
}

const ALGORITHMS = new Set(['md5', 'sha1', 'sha256', 'sha384', 'sha512']);
const TEXT_ENCODINGS: Record<string, BufferEncoding> = {
  utf8: 'utf8', 'utf-8': 'utf8', latin1: 'latin1', 'iso-8859-1': 'latin1', ascii: 'ascii', 'us-ascii': 'ascii',
  utf16le: 'utf16le', 'utf-16le': 'utf16le', base64: 'base64', hex: 'hex',
};

function bytesOf(part: unknown): Buffer {
  if (!Array.isArray(part) || typeof part[1] !== 'string') throw new TypeError('malformed digest input');
  const [kind, value, encoding] = part as [string, string, string];
  if (kind === 'hex') {
    if (!/^(?:[0-9a-fA-F]{2})*$/.test(value)) throw new TypeError(`"${value.slice(0, 40)}" is not hexadecimal text`);
    return Buffer.from(value, 'hex');
  }
  if (kind === 'base64' || kind === 'base64url') return Buffer.from(value, kind);
  const enc = TEXT_ENCODINGS[String(encoding).toLowerCase()];
  if (!enc) throw new TypeError(`unknown text encoding "${encoding}" (use UTF-8, ISO-8859-1, US-ASCII or UTF-16LE)`);
  return Buffer.from(value, enc);
}

/** The host side of `crypto.*().digest()`: node:crypto over the parts the script gave. */
function digest(spec: string, format: string): string {
  const s = JSON.parse(spec) as { alg: string; secret: unknown; parts: unknown[] };
  if (!ALGORITHMS.has(s.alg)) throw new TypeError(`unknown hash ${s.alg}`);
  const h = s.secret ? createHmac(s.alg, bytesOf(s.secret)) : createHash(s.alg);
  for (const p of s.parts) h.update(bytesOf(p));
  const out = h.digest();
  return format === 'hex' ? out.toString('hex') : out.toString(format === 'base64url' ? 'base64url' : 'base64');
}

function validOutcome(v: unknown): v is RawOutcome {
  if (!v || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  const pairs = (a: unknown) => Array.isArray(a) && a.every((p) => Array.isArray(p) && p.length === 2 && typeof p[0] === 'string' && typeof p[1] === 'string');
  const err = (e: unknown) => e === null || e === undefined || (typeof e === 'object' && typeof (e as RawError).message === 'string' && typeof (e as RawError).stack === 'string' && typeof (e as RawError).name === 'string');
  return (
    pairs(o.globals) &&
    pairs(o.requestVariables) &&
    Array.isArray(o.logs) && o.logs.every((l) => typeof l === 'string') &&
    typeof o.exited === 'boolean' &&
    err(o.error) &&
    Array.isArray(o.tests) && o.tests.every((t) => t && typeof t === 'object' && typeof (t as { name: unknown }).name === 'string' && typeof (t as { passed: unknown }).passed === 'boolean' && err((t as { error?: unknown }).error))
  );
}

function failedOutcome(input: ScriptInput, failure: ScriptFailure, started: number): ScriptOutcome {
  // What the script changed is lost with it: the state before it stays.
  return {
    globals: new Map(input.globals),
    requestVariables: new Map(input.requestVariables),
    tests: [],
    logs: [],
    exited: false,
    failure,
    durationMs: performance.now() - started,
  };
}

function dumpError(ctx: QuickJSContext, h: QuickJSHandle): RawError {
  const d: unknown = ctx.dump(h);
  if (d && typeof d === 'object') {
    const o = d as Record<string, unknown>;
    return { name: typeof o.name === 'string' ? o.name : '', message: typeof o.message === 'string' ? o.message : '', stack: typeof o.stack === 'string' ? o.stack : '' };
  }
  return { name: '', message: String(d), stack: '' };
}

let sharedRuntime: { engine: QuickJSWASMModule; runtime: QuickJSRuntime } | null = null;

function runIn(runtime: QuickJSRuntime, input: ScriptInput, limits: ScriptLimits, started: number): ScriptOutcome {
  // The API's own set-up is not the script's time: a cold engine compiles its code on first use.
  runtime.removeInterruptHandler();
  const ctx = runtime.newContext();
  try {
    const payload = JSON.stringify({
      globals: [...input.globals],
      requestVariables: [...input.requestVariables],
      request: input.request,
      response: input.response
        ? {
            status: input.response.status,
            headers: input.response.headers,
            mimeType: input.response.mimeType,
            charset: input.response.charset,
            json: /^application\/(?:[\w.+-]+\+)?json$|\+json$/.test(input.response.mimeType) || (input.response.mimeType === '' && /^\s*[[{]/.test(input.response.body)),
          }
        : null,
    });
    ctx.newString(payload).consume((h) => ctx.setProp(ctx.global, '__reqlintInput', h));
    const host = ctx.newObject();
    ctx.newFunction('digest', (specH, formatH) => {
      try {
        return ctx.newString(digest(ctx.getString(specH), ctx.getString(formatH)));
      } catch (err) {
        return { error: ctx.newError({ name: 'TypeError', message: `crypto: ${(err as Error).message}` }) };
      }
    }).consume((f) => ctx.setProp(host, 'digest', f));
    ctx.newFunction('body', () => ctx.newString(input.response?.body ?? '')).consume((f) => ctx.setProp(host, 'body', f));
    ctx.newFunction('lookup', (kindH, nameH) => {
      const name = ctx.getString(nameH);
      const v = ctx.getString(kindH) === 'file' ? input.fileVariable(name) : input.environment(name);
      return v === undefined ? ctx.undefined : ctx.newString(v);
    }).consume((f) => ctx.setProp(host, 'lookup', f));
    ctx.setProp(ctx.global, '__reqlintHost', host);
    host.dispose();

    const prelude = ctx.evalCode(PRELUDE, PRELUDE_FILE_NAME);
    if (prelude.error) {
      const e = dumpError(ctx, prelude.error);
      prelude.error.dispose();
      return failedOutcome(input, { kind: 'engine', message: `The script API could not start: ${e.message}`, at: null }, started);
    }
    const finish = prelude.value;
    runtime.setInterruptHandler(shouldInterruptAfterDeadline(Date.now() + limits.timeoutMs));
    try {
      const run = ctx.evalCode(input.source, input.fileName, { type: 'global', strict: false });
      let failed = false;
      let errorHandle: QuickJSHandle = ctx.undefined;
      if (run.error) {
        failed = true;
        errorHandle = run.error;
      } else {
        run.value.dispose();
        // Promise callbacks (`.then`) the script queued run now, still under the same deadline.
        const jobs = runtime.executePendingJobs(-1);
        if (jobs.error) {
          failed = true;
          errorHandle = jobs.error;
        }
      }
      // An uncatchable end (time, memory) cannot reach the script's own tests: report it directly.
      if (failed) {
        const raw = dumpError(ctx, errorHandle);
        const f = classify(raw, input.fileName, limits);
        if (f.kind === 'limit-time' || f.kind === 'limit-memory') {
          errorHandle.dispose();
          return failedOutcome(input, f, started);
        }
      }
      const done = ctx.callFunction(finish, ctx.undefined, failed ? ctx.true : ctx.false, errorHandle);
      if (failed) errorHandle.dispose();
      if (done.error) {
        const raw = dumpError(ctx, done.error);
        done.error.dispose();
        return failedOutcome(input, classify(raw, input.fileName, limits), started);
      }
      const json = ctx.getString(done.value);
      done.value.dispose();
      if (json.length > MAX_OUTPUT_CHARS) {
        return failedOutcome(input, { kind: 'limit-output', message: `The script left more than ${MAX_OUTPUT_CHARS / 1048576} MiB of variables and logs; nothing it set was kept.`, at: null }, started);
      }
      const raw: unknown = JSON.parse(json);
      if (!validOutcome(raw)) {
        return failedOutcome(input, { kind: 'error', message: 'The script changed the script API so that its results could not be read (were JSON or Array replaced?).', at: null }, started);
      }
      return {
        globals: new Map(raw.globals),
        requestVariables: new Map(raw.requestVariables),
        tests: raw.tests.map((t) => (t.passed ? { name: t.name, passed: true } : { name: t.name, passed: false, failure: classify(t.error ?? { name: '', message: 'failed', stack: '' }, input.fileName, limits) })),
        logs: raw.logs,
        exited: raw.exited,
        failure: raw.error ? classify(raw.error, input.fileName, limits) : null,
        durationMs: performance.now() - started,
      };
    } finally {
      finish.dispose();
    }
  } finally {
    ctx.dispose();
  }
}

/**
 * Runs one script in a fresh QuickJS context (WebAssembly): no file system, network, `require`,
 * `process` or host objects, only the API built from `input`. Never throws for anything the script
 * does: a thrown error, an endless loop (time limit), a memory or stack overflow ends the script
 * and comes back as `failure`. Rejects only when the engine itself cannot be loaded.
 */
export async function runScript(input: ScriptInput): Promise<ScriptOutcome> {
  const limits: ScriptLimits = { ...DEFAULT_SCRIPT_LIMITS, ...input.limits };
  const engine = await loadScriptEngine();
  const started = performance.now();
  let reuse = false;
  try {
    // One runtime serves script after script (a fresh context each); a runtime whose script hit a limit is replaced.
    if (!sharedRuntime || sharedRuntime.engine !== engine) {
      sharedRuntime?.runtime.dispose();
      sharedRuntime = { engine, runtime: engine.newRuntime() };
      sharedRuntime.runtime.setMaxStackSize(MAX_STACK_BYTES);
    }
    const { runtime } = sharedRuntime;
    runtime.setMemoryLimit(limits.memoryBytes);
    const out = runIn(runtime, input, limits, started);
    reuse = !out.failure || !out.failure.kind.startsWith('limit-');
    return out;
  } catch (err) {
    // The engine itself failed (the host's stack ran out inside it, or its memory is corrupt): start a
    // new one for the next script and end this one with a message.
    sharedRuntime = null;
    resetScriptEngine();
    const stack = err instanceof RangeError;
    const msg = stack ? 'The script recursed too deeply for the engine (host stack exhausted) and was stopped.' : `The script engine failed: ${(err as Error).message}`;
    return failedOutcome(input, { kind: stack ? 'limit-stack' : 'engine', message: msg, at: null }, started);
  } finally {
    if (!reuse && sharedRuntime) {
      const r = sharedRuntime.runtime;
      sharedRuntime = null;
      try {
        r.dispose();
      } catch {
        // A runtime that cannot be freed cleanly is dropped with its engine.
        resetScriptEngine();
      }
    }
  }
}
