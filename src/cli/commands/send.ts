import { parseArgs } from 'node:util';
import { dirname, relative, resolve } from 'node:path';
import { parseHttp } from '../../core/http/parser';
import { requestAt } from '../../core/edit/request-at';
import { requestLabel, requestRef } from '../../core/edit/request-label';
import { formatBytes, formatDuration } from '../../core/text/format';
import type { HttpFile, HttpRequest } from '../../core/http/ast';
import { findConfigFile, loadConfigFile } from '../../core/config/load';
import { ConfigError, defaultConfig, type ProjectConfig } from '../../core/config/types';
import { formatProblem, readProfiles } from '../../core/profiles/load';
import type { Profile } from '../../core/profiles/types';
import type { Classification } from '../../core/classify/types';
import { readLimitsFrom } from '../../core/io/limits';
import { FileReadError, readTextCapped } from '../../core/io/read';
import { discardBody, hideUrlPassword, maskSecrets, type Attempt, type SendResult } from '../../core/send';
import {
  CookieFileError,
  createSession,
  openFileRun,
  scriptSteps,
  runRequests,
  saveSessionCookies,
  type PipelineIO,
  type RequestOutcome,
  type RunItem,
  type SendOverrides,
  type SendSession,
} from '../../core/pipeline';
import { hasScripts, scriptPolicy, scriptReportsJson, scriptReportsText, type ScriptReport, type ScriptReportJson } from '../../core/scripts';
import { cliAuthIO } from '../auth-io';
import { commandLineWorkspaceRoot } from '../../core/vars/environments';
import { UsageError } from '../usage';

const HELP = `reqlint send — send requests from a .http/.rest file and explain the answers

Usage:
  reqlint send FILE [--name NAME | --line N | --all] [--env NAME] [--format text|json]
                    [--no-retry] [--timeout MS] [--connect-timeout MS] [--config FILE]
                    [--proxy URL | --no-proxy] [--insecure] [--cookie-jar FILE]
                    [--allow-scripts]
                    [--auth-cache FILE]

  --name NAME          the request with '# @name NAME'
  --line N             the request written at 1-based line N
  --all                every request in file order; named results feed later requests
                       ({{name.response.body.$.id}}, {{name.response.headers.Location}})
  --env NAME           environment from http-client.env.json (default: the config's "environment")
  --format text|json   output format (default text); json is indented on a terminal and
                       one result per line when piped
  --no-retry           one attempt per request, whatever the API's retry policy says
  --timeout MS         whole-exchange limit per request, default 30000, 0 = none (a request's '# @timeout' wins)
  --connect-timeout MS limit for establishing a connection (default 10000)
  --proxy URL          send through this proxy (default: HTTP_PROXY / HTTPS_PROXY / NO_PROXY)
  --no-proxy           ignore proxy environment variables
  --insecure           accept any TLS certificate (only for hosts you trust)
  --cookie-jar FILE    read cookies from FILE before sending and save them back after
  --allow-scripts      run pre-request scripts (< {% %}) and response handlers (> {% %},
                       > file.js) in the sandbox (or set "scripts": true in the config);
                       without it they are reported as skipped
  --auth-cache FILE    keep OAuth 2.0 tokens ({{$auth.token("name")}}) in FILE (owner-only)
                       between runs; default: fetched anew for each run

Exit code: 0 when every request got a 2xx/3xx answer, 1 otherwise, 2 for bad usage.`;

interface Flags {
  name?: string;
  line?: string;
  all?: boolean;
  env?: string;
  format?: string;
  'no-retry'?: boolean;
  timeout?: string;
  'connect-timeout'?: string;
  config?: string;
  proxy?: string;
  'no-proxy'?: boolean;
  insecure?: boolean;
  'cookie-jar'?: string;
  'allow-scripts'?: boolean;
  'auth-cache'?: string;
  help?: boolean;
}

/** One line of `--format json` output (the contract's fields first). */
interface JsonResult {
  request: string | number;
  status: number | null;
  durationMs: number;
  attempts: number;
  classification: Classification | null;
  name: string | null;
  line: number;
  method: string;
  url: string;
  statusText: string;
  error: { code: string; message: string } | null;
  timings: Attempt['timings'] | null;
  attemptLog: Attempt[];
  headers: Array<[string, string]>;
  body: { size: number; file: string | null; text: string | null; problem: string | null } | null;
  rateLimitWaitMs: number;
  addedIdempotencyKey: string | null;
  /** What the request's scripts did; present only when it has scripts. */
  scripts?: ScriptReportJson[];
}

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} needs a whole number of milliseconds (0 = no limit), got '${v}'.`);
  return n;
}

function loadConfig(flags: Flags, fileDir: string): ProjectConfig {
  try {
    if (flags.config) return loadConfigFile(flags.config);
    const found = findConfigFile(fileDir);
    return found ? loadConfigFile(found) : defaultConfig(fileDir);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
}

function pickRequests(file: HttpFile, flags: Flags, path: string): HttpRequest[] {
  const chosen = [flags.name !== undefined, flags.line !== undefined, flags.all === true].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('pick requests one way only: --name, --line or --all.');
  if (!file.requests.length) throw new UsageError(`${path} has no requests to send.`);
  if (flags.all) return file.requests;
  if (flags.name !== undefined) {
    const r = file.requests.find((q) => q.name === flags.name);
    if (!r) {
      const names = file.requests.map((q) => q.name).filter(Boolean);
      throw new UsageError(`${path} has no request named '${flags.name}'. ${names.length ? `Named requests: ${names.join(', ')}.` : "No request has a '# @name'; use --line N."}`);
    }
    return [r];
  }
  if (flags.line !== undefined) {
    const n = Number(flags.line);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`--line needs a 1-based line number, got '${flags.line}'.`);
    const r = requestAt(file, n - 1);
    if (!r) throw new UsageError(`${path}:${n} is not inside a request. Requests start at lines ${file.requests.map((q) => q.requestLine.start.line + 1).join(', ')}.`);
    return [r];
  }
  if (file.requests.length === 1) return file.requests;
  throw new UsageError(`${path} has ${file.requests.length} requests; pick one with --name NAME or --line N, or send them all with --all.`);
}

function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return formatDuration(ms);
}

const OPTIONS = {
  name: { type: 'string' },
  line: { type: 'string' },
  all: { type: 'boolean' },
  env: { type: 'string' },
  format: { type: 'string' },
  'no-retry': { type: 'boolean' },
  timeout: { type: 'string' },
  'connect-timeout': { type: 'string' },
  config: { type: 'string' },
  proxy: { type: 'string' },
  'no-proxy': { type: 'boolean' },
  insecure: { type: 'boolean' },
  'cookie-jar': { type: 'string' },
  'allow-scripts': { type: 'boolean' },
  'auth-cache': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The command line read and checked: flags, the one FILE, the output format and what overrides the config. */
interface Invocation {
  flags: Flags;
  file: string;
  format: 'text' | 'json';
  overrides: SendOverrides;
}

/** Reads and checks the arguments; null when `--help` was printed. Throws `UsageError` for bad usage. */
function parseInvocation(argv: string[]): Invocation | null {
  let values: Flags;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. Try 'reqlint send --help'.`);
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return null;
  }
  if (positionals.length !== 1) throw new UsageError(`give exactly one .http/.rest FILE (got ${positionals.length}). Try 'reqlint send --help'.`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, got '${format}'.`);
  const timeoutMs = positiveInt(values.timeout, '--timeout');
  const connectTimeoutMs = positiveInt(values['connect-timeout'], '--connect-timeout');
  if (values.proxy !== undefined && values['no-proxy']) throw new UsageError('use --proxy URL or --no-proxy, not both.');
  if (values.proxy !== undefined) {
    try {
      new URL(values.proxy);
    } catch {
      throw new UsageError(`--proxy needs a URL such as http://proxy.example:3128, got '${hideUrlPassword(values.proxy)}'.`);
    }
  }
  const overrides: SendOverrides = {
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(connectTimeoutMs !== undefined ? { connectTimeoutMs } : {}),
    ...(values['no-proxy'] ? { proxy: null } : values.proxy ? { proxy: values.proxy } : {}),
    ...(values.insecure ? { insecure: true } : {}),
    ...(values['no-retry'] ? { retry: false } : {}),
    ...(values['cookie-jar'] ? { cookieJarFile: resolve(values['cookie-jar']) } : {}),
  };
  return { flags: values, file: positionals[0], format, overrides };
}

/** The request file's text; throws `UsageError` naming the file when it cannot be read. */
function readRequestFile(filePath: string, display: string): string {
  try {
    return readTextCapped(filePath, { limit: 'requestFileBytes', what: 'request file' });
  } catch (err) {
    const e = err as FileReadError;
    throw new UsageError(`cannot read ${display}: ${e.reason === 'missing' ? 'file not found' : /folder/.test(e.detail ?? '') ? 'it is a folder; give a .http or .rest file' : `it ${e.detail ?? String(err)}`}.`);
  }
}

/** Built-in, configured and OpenAPI-derived profiles; problems go to stderr (sending goes on without them). */
async function loadSendProfiles(config: ProjectConfig): Promise<Profile[]> {
  // OpenAPI-derived profiles only when the config has entries: the spec code stays out of plain sends.
  const derived = config.raw.openapi ? (await import('../../core/openapi/index')).openApiProfilesFor(config) : null;
  for (const p of derived?.problems ?? []) process.stderr.write(`reqlint send: ${p.message}\n`);
  const read = readProfiles({ profiles: config.profiles, derived: derived?.profiles ?? [], limits: readLimitsFrom(config.raw) });
  for (const p of read.problems) process.stderr.write(`reqlint send: profile problem: ${formatProblem(p)}\n`);
  return read.profiles;
}

/** Counts of what the CLI reported: `done` outcomes, of which `answered` got a 2xx/3xx; `failed` when any did not. */
interface Tally {
  done: number;
  answered: number;
  failed: boolean;
}

/** The terminal's side of a run: where results, progress and waits are written (stdout, stderr), and Ctrl-C. */
function terminalIO(format: 'text' | 'json', display: string, signal: AbortSignal, tally: Tally): { io: PipelineIO; clearProgress: () => void; end: () => void } {
  const tty = process.stderr.isTTY === true && format === 'text';
  const progress = (s: string): void => {
    if (tty) process.stderr.write(`\r\x1b[2K${s}`);
  };
  // A person at a terminal gets the indented document; a pipe (jq, a script, a file) gets one result
  // per line, which is the same JSON at a fraction of the size and of the time to build it.
  const indent = process.stdout.isTTY === true;
  // Each result becomes JSON text as soon as it is known and leaves in pieces of about 64 KiB: a
  // long run neither holds every result until the end nor writes once per request.
  const writer = format === 'json' ? new JsonDocumentWriter((text) => process.stdout.write(text), indent) : null;
  const keep = (r: JsonResult): void => {
    tally.done++;
    if (r.status !== null && r.status < 400 && !r.error) tally.answered++;
    writer?.add(indent ? JSON.stringify(r, null, 2) : JSON.stringify(r));
  };
  const report = async (o: RequestOutcome): Promise<void> => {
    const req = o.request;
    const label = requestRef(req);
    const line = req.requestLine.start.line + 1;
    if (o.kind === 'not-sent') {
      tally.failed = true;
      const message = `${display}:${o.line}: ${o.message}`;
      keep(withScripts(emptyResult(label, req, line, message), o.scripts, []));
      if (format === 'text') {
        progress('');
        process.stdout.write(`${req.method.value} ${label} (line ${line})\n  not sent: ${message}\n${scriptText(o.scripts, [])}\n`);
      }
      return;
    }
    const result = o.result;
    if (!(result.status !== null && result.status >= 200 && result.status < 400 && !result.error)) tally.failed = true;
    const json = withScripts(toJson(result, label, req, line, maskSecrets(o.prepared.url, o.prepared.secrets), o.prepared.secrets), o.scripts, o.prepared.secrets);
    keep(json);
    if (format === 'text') process.stdout.write(renderText(json, result, display).replace(/\n$/, `${scriptText(o.scripts, o.prepared.secrets)}\n`));
    // The sender spills a large body to a temp file the caller owns; a one-shot command must not
    // leave it behind (a 200 MB answer would stay in the temp folder after every send).
    await discardBody(result.body);
  };
  const io: PipelineIO = {
    signal,
    report,
    reportPromptly: tty,
    warn: (m) => process.stderr.write(`reqlint send: ${m}\n`),
    progress: {
      ...(tty ? { attemptStart: (it: RunItem, _n: number, _method: string) => progress(`[${it.index + 1}/${it.total}] ${requestLabel(it.request)} …`) } : {}),
      rateLimitWait: (it, ms, limit) => {
        progress('');
        process.stderr.write(`reqlint send: waiting ${fmtMs(ms)} before ${requestLabel(it.request)} to stay within ${limit}\n`);
      },
      retryWait: (it, ms, reason, next) => {
        progress('');
        if (format === 'text' || tty) process.stderr.write(`reqlint send: ${requestLabel(it.request)}: attempt ${next} in ${fmtMs(ms)} (${reason})\n`);
      },
      // Progress is drawn on a terminal only; elsewhere the hook would build strings nobody sees.
      ...(tty ? { bytes: (it: RunItem, bytes: number, total: number | null) => progress(`[${it.index + 1}/${it.total}] ${requestLabel(it.request)} … ${formatBytes(bytes)}${total ? ` of ${formatBytes(total)}` : ''}`) } : {}),
    },
  };
  return {
    io,
    clearProgress: () => progress(''),
    // Closed on every path, an internal error included: stdout always holds a whole document of what finished.
    end: () => writer?.end(),
  };
}

/** `reqlint send`: sends one request, a named one, or all in file order through the send pipeline; prints text or the JSON contract. */
export async function run(argv: string[]): Promise<number> {
  const inv = parseInvocation(argv);
  if (!inv) return 0;
  const filePath = resolve(inv.file);
  const display = relative(process.cwd(), filePath) || filePath;
  const file = parseHttp(readRequestFile(filePath, display));
  const requests = pickRequests(file, inv.flags, display);
  const config = loadConfig(inv.flags, dirname(filePath));
  const environment = inv.flags.env ?? config.environment ?? null;
  const profiles = await loadSendProfiles(config);
  // Steps only when the requests carry scripts: otherwise the next request may be prepared while one is on the wire.
  const scripts = requests.some((r) => hasScripts(r))
    ? scriptSteps({ policy: scriptPolicy(config, { allowFlag: inv.flags['allow-scripts'] === true, howToEnable: 'pass --allow-scripts, or set "scripts": true in reqlint.config.json, to run it.' }) })
    : null;
  let session: SendSession;
  try {
    session = createSession({ config, profiles, environment, overrides: inv.overrides, auth: cliAuthIO(inv.flags['auth-cache'], 'send'), ...(scripts ? { steps: scripts.steps } : {}) });
  } catch (err) {
    if (err instanceof CookieFileError) throw new UsageError(err.message);
    throw err;
  }
  // The same root lint uses: .vscode/settings.json REST Client environments and env files found by one are found by the other.
  const workspaceRoot = commandLineWorkspaceRoot(filePath, process.cwd(), config.path ? dirname(config.path) : null);
  const fileRun = openFileRun(session, { file, filePath, ...(workspaceRoot ? { workspaceRoot } : {}), ...(scripts ? { scriptValues: (n: string) => scripts.state.valueOf(n) } : {}) });
  const scope = fileRun.resolver;
  if (environment && !scope.environments.includes(environment)) {
    throw new UsageError(
      `environment '${environment}' is not defined in any http-client.env.json next to ${display} or above it. ${scope.environments.length ? `Defined: ${scope.environments.join(', ')}.` : 'No environment files were found.'}`,
    );
  }
  for (const p of scope.problems) process.stderr.write(`reqlint send: ${p}\n`);

  const controller = new AbortController();
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nreqlint send: cancelling (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const tally: Tally = { done: 0, answered: 0, failed: false };
  const term = terminalIO(inv.format, display, controller.signal, tally);
  try {
    await runRequests(session, fileRun, requests, term.io);
  } finally {
    process.off('SIGINT', onSigint);
    term.clearProgress();
    term.end();
    // Nothing of this run is still wanted: end every connection at once rather than wait on one.
    await session.pool.destroy().catch(() => undefined);
    const problem = saveSessionCookies(session);
    if (problem) process.stderr.write(`reqlint send: ${problem}\n`);
  }
  const notSent = requests.length - tally.done;
  if (notSent > 0) {
    tally.failed = true;
    process.stderr.write(`reqlint send: cancelled; ${notSent} request${notSent === 1 ? ' was' : 's were'} not sent.\n`);
  }
  if (inv.format === 'text' && tally.done > 1) process.stdout.write(`${tally.done} requests: ${tally.answered} answered 2xx/3xx, ${tally.done - tally.answered} did not.\n`);
  return tally.failed ? 1 : 0;
}

/**
 * Writes the `send --format json` document from each result's own JSON text, in order: with `indent`,
 * exactly `JSON.stringify({ version: 1, results }, null, 2)` and a newline; without, the same document
 * with one compact result per line. `write` gets pieces of about `chunkChars` characters.
 */
export class JsonDocumentWriter {
  private parts: string[];
  private size: number;
  private count = 0;
  private ended = false;

  constructor(
    private readonly write: (text: string) => void,
    private readonly indent: boolean,
    private readonly chunkChars = 64 * 1024,
  ) {
    const open = indent ? '{\n  "version": 1,\n  "results": [' : '{"version":1,"results":[';
    this.parts = [open];
    this.size = open.length;
  }

  /** Adds one result (its JSON text, two-space indented when the document is). */
  add(json: string): void {
    if (this.ended) return;
    const sep = this.count++ === 0 ? '\n' : ',\n';
    // JSON text has no raw line breaks inside strings, so indenting every line nests a result one level deeper.
    const piece = this.indent ? `${sep}    ${json.replace(/\n/g, '\n    ')}` : sep + json;
    this.parts.push(piece);
    this.size += piece.length;
    if (this.size >= this.chunkChars) this.flush();
  }

  /** Closes the document and writes what is left; later calls do nothing. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.parts.push(this.indent ? (this.count ? '\n  ]\n}\n' : ']\n}\n') : this.count ? '\n]}\n' : ']}\n');
    this.flush();
  }

  private flush(): void {
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (text) this.write(text);
  }
}

/** The whole `send --format json` document for these results at once (see `JsonDocumentWriter`). */
export function jsonDocument(results: readonly string[], indent: boolean): string {
  let out = '';
  const w = new JsonDocumentWriter((t) => (out += t), indent);
  for (const r of results) w.add(r);
  w.end();
  return out;
}

function showPath(abs: string): string {
  return relative(process.cwd(), abs) || abs;
}

/** `j` with the request's script reports (secrets masked in what scripts logged or failed with). */
function withScripts(j: JsonResult, reports: readonly ScriptReport[] | undefined, secrets: readonly string[]): JsonResult {
  if (!reports?.length) return j;
  return { ...j, scripts: maskDeep(scriptReportsJson(reports, showPath), secrets) };
}

function scriptText(reports: readonly ScriptReport[] | undefined, secrets: readonly string[]): string {
  if (!reports?.length) return '';
  return scriptReportsText(reports, showPath).map((l) => `  ${maskSecrets(l, [...secrets])}\n`).join('');
}

function emptyResult(label: string | number, req: HttpRequest, line: number, message: string): JsonResult {
  return {
    request: label,
    status: null,
    durationMs: 0,
    attempts: 0,
    classification: null,
    name: req.name,
    line,
    method: req.method.value,
    url: req.url.value,
    statusText: '',
    error: { code: 'not-sent', message },
    timings: null,
    attemptLog: [],
    headers: [],
    body: null,
    rateLimitWaitMs: 0,
    addedIdempotencyKey: null,
  };
}

/** `v` with every secret masked in every string inside it (for values built from what a server sent back). */
function maskDeep<T>(v: T, secrets: readonly string[]): T {
  if (!secrets.length) return v;
  if (typeof v === 'string') return maskSecrets(v, secrets) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => maskDeep(x, secrets)) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x, secrets)])) as T;
  return v;
}

function toJson(r: SendResult<Classification>, label: string | number, req: HttpRequest, line: number, url: string, secrets: string[]): JsonResult {
  const last = r.attempts[r.attempts.length - 1];
  const body = r.body;
  let textBody: string | null = null;
  if (body) {
    const raw = body.bytes ?? null;
    if (raw && raw.length <= 1024 * 1024) {
      const s = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
      // Binary answers (images) are described by size only.
      // An answer that echoes a secret back must not print it either.
      textBody = /\uFFFD|[\u0000-\u0008\u000E-\u001F]/.test(s) ? null : maskSecrets(s, secrets);
    }
  }
  return {
    request: label,
    status: r.status,
    durationMs: r.durationMs,
    attempts: r.attempts.length,
    // A server that echoes a secret back (in its error message, a header, a cookie) must not get it printed.
    classification: maskDeep(r.classification, secrets),
    name: req.name,
    line,
    method: r.method,
    url,
    statusText: r.statusText,
    error: r.error ? { code: r.error.code, message: r.error.message } : null,
    timings: last?.timings ?? null,
    attemptLog: r.attempts,
    headers: maskDeep(r.headers, secrets),
    // The temp file is deleted once the request is shown, so no path to it is printed.
    body: body ? { size: body.size, file: null, text: textBody, problem: body.problem } : null,
    rateLimitWaitMs: r.rateLimitWaitMs,
    addedIdempotencyKey: r.addedIdempotencyKey,
  };
}

function renderText(j: JsonResult, r: SendResult<Classification>, display: string): string {
  const out: string[] = [];
  out.push(`${j.method} ${j.url}  (${display}:${j.line}${j.name ? `, ${j.name}` : ''})`);
  const c = j.classification;
  const head = j.status !== null ? `${j.status}${j.statusText ? ` ${j.statusText}` : ''}` : 'no answer';
  out.push(`  ${head} · ${c?.category ?? j.error?.code ?? '–'} · ${j.attempts} attempt${j.attempts === 1 ? '' : 's'} · ${fmtMs(j.durationMs)}${j.rateLimitWaitMs ? ` (incl. ${fmtMs(j.rateLimitWaitMs)} rate-limit wait)` : ''}`);
  for (const a of r.attempts) {
    const t = a.timings;
    const conn = t.reusedConnection ? 'reused connection' : `dns ${fmtMs(t.dnsMs)}, connect ${fmtMs(t.connectMs)}, tls ${fmtMs(t.tlsMs)}`;
    const what = a.status !== null ? String(a.status) : (a.error?.code ?? 'failed');
    out.push(`  attempt ${a.number}: ${what} in ${fmtMs(t.totalMs)} (${conn}, first byte ${fmtMs(t.firstByteMs)}, download ${fmtMs(t.downloadMs)}${a.remoteAddress ? `, ${a.remoteAddress}:${a.remotePort}` : ''})${a.retryReason ? ` → retried after ${fmtMs(a.retryDelayMs)}: ${a.retryReason}` : ''}`);
    for (const h of a.redirects) out.push(`    ${h.status} ${h.method} ${h.url} → ${h.location}`);
  }
  if (j.error) out.push(`  error: ${j.error.message}`);
  if (c && c.category !== 'success') {
    if (c.message) out.push(`  ${c.code ? `${c.code}: ` : ''}${c.message}`);
    for (const f of c.fieldErrors) out.push(`    ${f.pointer}: ${f.message}`);
    for (const it of c.itemErrors) out.push(`    item ${it.index}${it.pointer ? ` ${it.pointer}` : ''}: ${it.message}`);
    if (c.requestId) out.push(`  request id: ${c.requestId}`);
    if (c.advice) out.push(`  → ${c.advice}`);
  }
  if (j.addedIdempotencyKey) out.push(`  Idempotency-Key added: ${j.addedIdempotencyKey}`);
  if (j.body) {
    if (j.body.file) out.push(`  body: ${formatBytes(j.body.size)} saved to ${j.body.file}`);
    else if (j.body.text !== null && j.body.text.length) {
      let pretty = j.body.text;
      if (j.body.text.length < 64 * 1024 && /^\s*[[{]/.test(j.body.text)) {
        try {
          pretty = JSON.stringify(JSON.parse(j.body.text), null, 2);
        } catch {
          // Not JSON after all (whatever the Content-Type said): show it as it came.
        }
      }
      const shown = pretty.length > 2000 ? `${pretty.slice(0, 2000)}… (${formatBytes(j.body.size)} in all)` : pretty;
      out.push(...shown.split('\n').map((l) => `  | ${l}`));
    } else if (j.body.size) out.push(`  body: ${formatBytes(j.body.size)} (binary)`);
    if (j.body.problem) out.push(`  note: ${j.body.problem}`);
  }
  return out.join('\n') + '\n\n';
}
