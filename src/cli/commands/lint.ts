import { readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { readFileCapped } from '../../core/io/read';
import { parseArgs } from 'node:util';
import { ConfigError, ConfigResolver, type ProjectConfig } from '../../core/config';
import type { Finding, Fix, FixKind } from '../../core/findings';
import { fixFile, writeFileSafely, type FixIO } from '../../core/fix/apply';
import { lintHttpText, lintJsonPayload, type LintOptions } from '../../core/lint/engine';
import { knownRuleIds } from '../../core/lint/known';
import { profilesResultFor } from '../../core/profiles/context';
import { formatProblem } from '../../core/profiles/load';
import type { LintResult } from '../../core/lint/rule';
import { rules as registeredRules } from '../../core/lint/rules/index';
import { expandPaths, readLintable, type LintTarget } from '../files';
import { formatJson } from '../format/json';
import { relPath, type LintReport } from '../format/report';
import { formatSarif } from '../format/sarif';
import { formatText, useColour } from '../format/text';
import { commandLineWorkspaceRoot, listEnvironments } from '../../core/vars/environments';
import { UsageError } from '../usage';

/** Rule id of the finding standing in for a file that could not be linted (unreadable, binary, not UTF-8, too large). */
export const UNREADABLE_RULE = 'file/unreadable';

const HELP = `reqlint lint [PATH ...] [options]

Lints .http/.rest files and the JSON files reqlint.config.json maps to a request.
PATHs are files, folders or globs (folders: every *.http, *.rest and mapped *.json below them,
skipping node_modules and .git). No PATH: the current folder.

Options:
  --format text|json|sarif   output format (default: text); json is indented on a terminal,
                             compact when piped
  --config FILE              use this config for every file instead of the nearest reqlint.config.json
  --env NAME                 environment to resolve {{variables}} in (default: the config's "environment")
  --fix                      apply safe fixes in place, then report what is left
  --fix-type TYPE[,TYPE]     with --fix, also apply fixes of these kinds: pii, suggestion
  -h, --help                 show this help

Exit codes: 0 no error-severity finding; 1 at least one (a file that cannot be read, is binary,
is not UTF-8 or is over 50 MB counts as an error, reported as ${UNREADABLE_RULE}, and the other
files are still linted); 2 bad usage, an invalid config (the message names the key), or an
internal error in a rule (its findings may be missing; the message says which rule).`;

const FIX_TYPES: readonly FixKind[] = ['safe', 'pii', 'suggestion'];

interface LintArgs {
  paths: string[];
  format: 'text' | 'json' | 'sarif';
  config: string | undefined;
  env: string | undefined;
  fix: boolean;
  fixKinds: Set<FixKind>;
}

function parse(argv: string[]): LintArgs | null {
  let values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        config: { type: 'string', short: 'c' },
        env: { type: 'string', short: 'e' },
        fix: { type: 'boolean' },
        'fix-type': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const unknown = /'([^']+)'/.exec(e.message ?? '');
    const what =
      e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && unknown
        ? `unknown option '${unknown[1]}'`
        : e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE'
          ? (e.message ?? String(err)).replace(/^Option /, 'option ')
          : (e.message ?? String(err));
    throw new UsageError(`${what}. Run 'reqlint lint --help' for the options.`);
  }
  if (values.help) return null;
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'sarif') {
    throw new UsageError(`--format must be text, json or sarif (got '${format}').`);
  }
  const fixKinds = new Set<FixKind>(['safe']);
  for (const t of (values['fix-type'] ?? []).flatMap((v) => v.split(','))) {
    const kind = t.trim() as FixKind;
    if (!FIX_TYPES.includes(kind)) throw new UsageError(`--fix-type must be one of ${FIX_TYPES.join(', ')} (got '${t}').`);
    fixKinds.add(kind);
  }
  if (values['fix-type'] && !values.fix) throw new UsageError('--fix-type only works together with --fix.');
  if (values.env !== undefined && !values.env.trim()) throw new UsageError('--env needs an environment name.');
  return { paths: positionals, format, config: values.config, env: values.env, fix: Boolean(values.fix), fixKinds };
}

function unreadable(path: string, message: string, line: number, character: number): LintResult {
  const finding: Finding = {
    rule: UNREADABLE_RULE,
    severity: 'error',
    message,
    file: path,
    range: { start: { line, character }, end: { line, character } },
    request: null,
  };
  return { file: path, findings: [finding], requests: 0, version: null };
}

function lintText(target: LintTarget, text: string, options: LintOptions): LintResult {
  return target.kind === 'http' ? lintHttpText(target.path, text, options) : lintJsonPayload(target.path, text, target.mapping, options);
}

/** The fix `--fix` applies for a finding: the preferred one among the allowed kinds, else the first allowed. */
export function pickFix(finding: Finding, kinds: ReadonlySet<FixKind>): Fix | null {
  const allowed = (finding.fixes ?? []).filter((f) => kinds.has(f.kind) && f.edits.length);
  return allowed.find((f) => f.isPreferred) ?? allowed[0] ?? null;
}

/** `reqlint lint`: lints files and folders, prints text, JSON or SARIF; exit 0 clean, 1 error findings, 2 bad usage or config. */
export async function run(argv: string[]): Promise<number> {
  const args = parse(argv);
  if (!args) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const cwd = process.cwd();
  const configs = new ConfigResolver({
    knownRuleIds: knownRuleIds(),
    display: (p) => relPath(cwd, p),
    ...(args.config ? { explicitPath: args.config } : {}),
  });

  let targets: LintTarget[];
  try {
    const expanded = expandPaths(args.paths, cwd, configs);
    for (const note of expanded.notes) process.stderr.write(`reqlint lint: ${note}\n`);
    targets = expanded.targets;
    // Validate every governing config before printing anything: a bad config is exit 2, not a half report.
    if (args.config) configs.forDir(cwd);
    for (const t of targets) configs.forFile(t.path);
    // A broken profile file is refused like a broken config: never linted around silently.
    const profileProblems = [...new Set(targets.map((t) => configs.forFile(t.path)))].flatMap((c) => profilesResultFor(c).problems);
    if (profileProblems.length) {
      throw new UsageError(`invalid profile:\n${profileProblems.map((p) => formatProblem({ ...p, file: relPath(cwd, p.file) })).join('\n')}`);
    }
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`invalid config:\n${err.message}`);
    throw err;
  }
  if (args.env !== undefined) checkEnvironment(args.env, targets, cwd, configs);

  const results: LintResult[] = [];
  const internal: string[] = [];
  for (const target of targets) {
    const config: ProjectConfig = configs.forFile(target.path);
    const workspaceRoot = workspaceRootFor(target.path, cwd, config);
    const options: LintOptions = {
      config,
      ...(workspaceRoot ? { workspaceRoot } : {}),
      ...(args.env !== undefined ? { environment: args.env } : {}),
      onInternalError: (message) => internal.push(`${relPath(cwd, target.path)}: ${message}`),
    };
    const read = readLintable(target.path, (p) => readFileCapped(p, { limit: 'requestFileBytes', what: 'file' }), (p) => statSync(p).size);
    if (!read.ok) {
      results.push(unreadable(target.path, read.message, read.line, read.character));
      continue;
    }
    if (!args.fix) {
      results.push(lintText(target, read.text, options));
      continue;
    }
    const report = await fixFile(target.path, {
      lint: (text) => lintText(target, text, options),
      pick: (f) => pickFix(f, args.fixKinds),
      io: guardedIO(target.path, read.text, read.bom),
    });
    for (const u of report.unwritable) process.stderr.write(`reqlint lint: ${relPath(cwd, u.file)}: fixes not written: ${u.message}\n`);
    results.push(report.result);
  }
  for (const line of internal) process.stderr.write(`reqlint lint: internal error: ${line}\n`);

  const report: LintReport = {
    cwd,
    results,
    rules: registeredRules.map((r) => ({ id: r.id, defaultSeverity: r.defaultSeverity, description: r.description, docs: r.docs })),
  };
  const out =
    // JSON is indented for a person at a terminal and compact for a pipe or a file, as `send` does.
    args.format === 'json' ? formatJson(report, process.stdout.isTTY === true) : args.format === 'sarif' ? formatSarif(report) : formatText(report, useColour(process.stdout));
  await new Promise<void>((resolve) => process.stdout.write(out, () => resolve()));
  // A rule that failed (a stack overflow on hostile nesting, a bug) may have missed real problems: never "clean".
  if (internal.length) return 2;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}


/** Where the upward search for variables files stops (one answer for lint and send). */
function workspaceRootFor(file: string, cwd: string, config: ProjectConfig): string | undefined {
  return commandLineWorkspaceRoot(file, cwd, config.path ? config.dir : null);
}

/** `--env NAME` must name an environment some linted file can see; a typo would otherwise flag every variable. */
function checkEnvironment(env: string, targets: LintTarget[], cwd: string, configs: ConfigResolver): void {
  const seen = new Set<string>();
  const available = new Set<string>();
  for (const t of targets) {
    const dir = dirname(t.path);
    if (seen.has(dir)) continue;
    seen.add(dir);
    for (const name of listEnvironments(dir, workspaceRootFor(t.path, cwd, configs.forFile(t.path)))) available.add(name);
    if (available.has(env)) return;
  }
  if (!targets.length) return;
  throw new UsageError(
    available.size
      ? `environment '${env}' is not defined in any http-client.env.json (or private env file) the linted files can see. Available: ${[...available].sort().join(', ')}.`
      : `environment '${env}' is not defined: no http-client.env.json was found next to the linted files or above them.`,
  );
}

/**
 * Disk access for `--fix` that never overwrites a change saved by someone else while we linted
 * (losing their work is worse than skipping a fix) and keeps a file's UTF-8 BOM.
 */
function guardedIO(mainPath: string, mainText: string, mainBom: boolean): FixIO {
  const raw = (p: string) => readFileSync(p, 'utf8');
  const expected = new Map<string, string>();
  const bom = new Map<string, boolean>();
  const strip = (p: string, t: string) => {
    const has = t.charCodeAt(0) === 0xfeff;
    if (!bom.has(p)) bom.set(p, has);
    return has ? t.slice(1) : t;
  };
  return {
    read(p) {
      if (p === mainPath && !expected.has(p)) {
        // What was linted is what must still be on disk when the fixes are written.
        expected.set(p, (mainBom ? '\uFEFF' : '') + mainText);
        bom.set(p, mainBom);
        return mainText;
      }
      const t = raw(p);
      expected.set(p, t);
      return strip(p, t);
    },
    write(p, text) {
      if (expected.has(p) && raw(p) !== expected.get(p)) throw new Error('the file changed on disk while linting; run again');
      const out = (bom.get(p) ? '\uFEFF' : '') + text;
      writeFileSafely(p, out);
      expected.set(p, out);
    },
  };
}
