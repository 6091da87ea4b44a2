import { availableParallelism } from 'node:os';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { cliAuthIO } from '../auth-io';
import { ConfigResolver } from '../../core/config/load';
import type { ProjectConfig } from '../../core/config/types';
import { formatProblem, readProfiles } from '../../core/profiles/load';
import type { Profile } from '../../core/profiles/types';
import { jsonReport } from '../../core/test/report-json';
import { junitReport } from '../../core/test/report-junit';
import { progressLine, textReport } from '../../core/test/report-text';
import { SuiteUsageError, runSuite, type SuiteFile } from '../../core/test/runner';
import type { SuiteResult } from '../../core/test/types';
import { expandPaths, readLintable } from '../files';
import { GitIgnore } from '../gitignore';
import { UsageError } from '../usage';

const HELP = `reqlint test — run the requests of .http/.rest files as tests

Usage:
  reqlint test [PATH|GLOB ...] [--grep PATTERN] [--jobs N] [--shard K/N]
               [--reporter text|json|junit] [--output FILE] [--env NAME] [--config FILE]
               [--no-strict] [--no-retry] [--timeout MS] [--insecure] [--auth-cache FILE]

  PATH|GLOB          files, folders or globs (default: the current folder); files that
                     .gitignore ignores are left out of folders and globs
  --grep PATTERN     only requests whose name, title or 1-based index matches (RE2 syntax)
  --jobs N           files run at once (default: the number of cores); files that use each
                     other's named answers run one after another
  --shard K/N        run the K-th of N parts of the suite (by file, dependent files together)
  --reporter R       text (default), json (docs/test-json.md) or junit (JUnit XML)
  --output FILE      write the report to FILE instead of standard output
  --env NAME         environment from http-client.env.json (default: the config's "environment")
  --no-strict        send requests even with error-level lint findings (unresolved
                     variables are never sent)
  --no-retry         one attempt per request, whatever the API's retry policy says
  --timeout MS       whole-exchange limit per request
  --insecure         accept any TLS certificate (only for hosts you trust)
  --auth-cache FILE  keep OAuth 2.0 tokens ({{$auth.token("name")}}) in FILE (owner-only)
                     between runs; default: fetched anew for each run

Each request passes when its '??' assertions hold; one without a status assertion must also get
a 2xx/3xx answer ('# @expect-error': a 4xx/5xx one). Exit code: 0 all passed, 1 a test failed,
2 bad usage or config.`;

const OPTIONS = {
  grep: { type: 'string' },
  jobs: { type: 'string' },
  shard: { type: 'string' },
  reporter: { type: 'string' },
  output: { type: 'string' },
  env: { type: 'string' },
  config: { type: 'string' },
  'no-strict': { type: 'boolean' },
  'no-retry': { type: 'boolean' },
  timeout: { type: 'string' },
  insecure: { type: 'boolean' },
  'auth-cache': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Reporter = 'text' | 'json' | 'junit';

function parseShard(v: string | undefined): { index: number; total: number } | null {
  if (v === undefined) return null;
  const m = /^(\d{1,6})\/(\d{1,6})$/.exec(v);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) throw new UsageError(`--shard needs K/N with 1 ≤ K ≤ N (e.g. --shard 2/4), got '${v}'.`);
  return { index, total };
}

function parseJobs(v: string | undefined): number {
  if (v === undefined) return Math.max(1, availableParallelism());
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new UsageError(`--jobs needs a whole number from 1 to 256, got '${v}'.`);
  return n;
}

/** Built-in, configured and OpenAPI-derived profiles of a config; problems go to stderr once per config. */
async function profilesFor(config: ProjectConfig): Promise<Profile[]> {
  const derived = config.raw.openapi ? (await import('../../core/openapi/index')).openApiProfilesFor(config) : null;
  for (const p of derived?.problems ?? []) process.stderr.write(`reqlint test: ${p.message}\n`);
  const read = readProfiles({ profiles: config.profiles, derived: derived?.profiles ?? [] });
  for (const p of read.problems) process.stderr.write(`reqlint test: profile problem: ${formatProblem(p)}\n`);
  return read.profiles;
}

function readTestFile(abs: string): string {
  const r = readLintable(abs, (p) => readFileSync(p), (p) => statSync(p).size);
  if (!r.ok) throw new Error(r.message);
  return r.text;
}

/** The test files under PATH arguments: .http/.rest only, without those .gitignore ignores (unless named one by one). */
function testFiles(paths: readonly string[], cwd: string, configFile: string | undefined): SuiteFile[] {
  const expanded = expandPaths(paths, cwd, new ConfigResolver(configFile ? { explicitPath: configFile } : {}));
  const named = new Set(paths.map((p) => resolve(cwd, p)));
  const git = new GitIgnore(cwd);
  return expanded.targets
    .filter((t) => t.kind === 'http')
    .filter((t) => named.has(t.path) || !git.ignores(t.path))
    .map((t) => ({ path: relative(cwd, t.path) || t.path, absolutePath: t.path }));
}

function render(reporter: Reporter, suite: SuiteResult, pretty: boolean): string {
  if (reporter === 'json') return jsonReport(suite, pretty ? 2 : undefined);
  if (reporter === 'junit') return junitReport(suite);
  return textReport(suite);
}

/** `reqlint test`: runs request files as a test suite and writes a text, JSON or JUnit report. */
export async function run(argv: string[]): Promise<number> {
  let values: { [K in keyof typeof OPTIONS]?: (typeof OPTIONS)[K]['type'] extends 'string' ? string : boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. Try 'reqlint test --help'.`);
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const reporter = (values.reporter ?? 'text') as Reporter;
  if (!['text', 'json', 'junit'].includes(reporter)) throw new UsageError(`--reporter must be text, json or junit, got '${values.reporter}'.`);
  const jobs = parseJobs(values.jobs);
  const shard = parseShard(values.shard);
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 0) throw new UsageError(`--timeout needs a whole number of milliseconds (0 = no limit), got '${values.timeout}'.`);
  }
  const cwd = process.cwd();
  const files = testFiles(positionals, cwd, values.config);
  if (!files.length) throw new UsageError(`no .http or .rest files found in ${positionals.length ? positionals.join(', ') : 'the current folder'}.`);

  const controller = new AbortController();
  let interrupted = false;
  const onSigint = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\nreqlint test: cancelling (Ctrl-C again to quit at once)…\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  const tty = process.stderr.isTTY === true;
  let done = 0;
  let failed = 0;
  const total = files.length;
  let suite: SuiteResult;
  try {
    suite = await runSuite({
      files,
      jobs,
      shard,
      grep: values.grep ?? null,
      strict: !values['no-strict'],
      ...(values.env !== undefined ? { environment: values.env } : {}),
      ...(values.config ? { configFile: values.config } : {}),
      overrides: { ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(values.insecure ? { insecure: true } : {}), ...(values['no-retry'] ? { retry: false } : {}) },
      signal: controller.signal,
      auth: cliAuthIO(values['auth-cache'], 'test'),
      readText: readTestFile,
      profilesFor,
      warn: (m) => process.stderr.write(`${tty ? '\r\x1b[2K' : ''}reqlint test: ${m}\n`),
      // The live line is drawn on a terminal only; in CI logs it would be noise.
      ...(tty
        ? {
            onResult: (_f, r) => {
              done++;
              if (r.outcome === 'failed') failed++;
              process.stderr.write(`\r\x1b[2K${progressLine(done, failed, null, r)} (${total} files)`);
            },
          }
        : {}),
    });
  } catch (err) {
    if (err instanceof SuiteUsageError) throw new UsageError(err.message);
    throw err;
  } finally {
    process.off('SIGINT', onSigint);
    if (tty) process.stderr.write('\r\x1b[2K');
  }
  const text = render(reporter, suite, process.stdout.isTTY === true);
  if (values.output) {
    const out = resolve(values.output);
    try {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, text);
    } catch (err) {
      throw new UsageError(`cannot write the report to ${values.output}: ${(err as Error).message}`);
    }
    if (reporter !== 'text') process.stdout.write(textReport(suite).split('\n').slice(-2).join('\n'));
  } else process.stdout.write(text);
  if (controller.signal.aborted) process.stderr.write('reqlint test: cancelled; requests not run are reported as skipped.\n');
  return suite.summary.failed > 0 || controller.signal.aborted ? 1 : 0;
}
