import type { Finding } from '../findings';
import type { HttpRequest } from '../http/ast';
import type { ProjectConfig } from '../config/types';
import { lintHttpText, type AnyRule } from '../lint/engine';
import { rules as registeredRules } from '../lint/rules/index';
import type { Placeholder } from '../send/prepare';
import type { StepRefusal } from './hooks';
import type { PipelineIO, RunItem } from './io';
import type { Prepared } from './prepare';
import type { FileRun, SendSession } from './session';

/**
 * What the gate does with a request that has error-level lint findings: `refuse` it, `warn` (through
 * `io.warn`) and send, `ask` the user (`io.ask`), or `send` without a word (then the file is not linted).
 */
export type LintErrorPolicy = 'refuse' | 'warn' | 'ask' | 'send';

/** The question the gate asks about a request with error-level findings (sorted by position). */
export type LintQuestion = Parameters<NonNullable<PipelineIO['ask']>>[0];

/** The user's answer: send this once, send and stop asking for this file, show the problem (not sent), or do not send. */
export type LintAnswer = Awaited<ReturnType<NonNullable<PipelineIO['ask']>>>;

/**
 * Gate step: a request with a placeholder left unresolved (undefined, self-referencing, a
 * `{{$secret}}` with no store, cut off by the expansion depth) is refused, naming the variable and
 * its 1-based line; then error-level lint findings are handled by the session's `lintErrors` policy.
 */
export async function gateStep(session: SendSession, run: FileRun, item: RunItem, prepared: Prepared, io: PipelineIO): Promise<StepRefusal | null> {
  if (prepared.placeholders.length) return placeholderRefusal(run, item.request, prepared.placeholders[0]);
  const policy = session.lintErrors;
  if (policy === 'send') return null;
  const findings = errorFindings(session, run, item.request);
  if (!findings.length) return null;
  const first = findings[0];
  const line = first.range.start.line + 1;
  const what = `${findings.length === 1 ? 'an error-level finding' : `${findings.length} error-level findings`}, first at line ${line}: ${first.message} (${first.rule})`;
  if (policy === 'warn') {
    io.warn?.(`${run.label}:${line}: sending ${requestName(item.request)} despite ${what}.`);
    return null;
  }
  if (policy === 'ask' && io.ask) {
    const answer = await io.ask({ item, findings });
    if (answer === 'send' || answer === 'always') return null;
    return { line, message: answer === 'show' ? `the request has ${what}.` : `the request has ${what}; sending was cancelled.` };
  }
  return { line, message: `the request has ${what}. Fix it first, or allow sending despite lint errors ('reqlint send' without --strict; the setting reqlint.send.onLintErrors in the editor).` };
}

function requestName(req: HttpRequest): string {
  return req.name ? `'${req.name}'` : `request ${req.index + 1}`;
}

const gateRulesCache = new WeakMap<ProjectConfig, AnyRule[]>();

/**
 * The rules that can report an error-level finding under `config`: its level for the rule is `error`,
 * or it sets none and the rule's default is `error` (no rule reports an error variant of a lower
 * default; a unit test keeps it so). The gate reads nothing else, so the others are not run.
 */
export function gateRules(config: ProjectConfig): AnyRule[] {
  let list = gateRulesCache.get(config);
  if (!list) {
    list = registeredRules.filter((r) => {
      const level = config.rules[r.id];
      return level ? level === 'error' : r.defaultSeverity === 'error';
    });
    gateRulesCache.set(config, list);
  }
  return list;
}

/** The file's error-level lint findings, worked out once per run of the file (every request of it shares them). */
function errorFindings(session: SendSession, run: FileRun, req: HttpRequest): Finding[] {
  run.findings ??= lintHttpText(run.filePath, run.text, {
    rules: gateRules(session.config),
    config: session.config,
    environment: session.environment,
    parsed: run.file,
    ...(session.config.path ? { workspaceRoot: session.config.dir } : {}),
  }).findings;
  const first = req.range.start.line;
  const last = req.range.end.line;
  return run.findings.filter((f) => f.severity === 'error' && f.range.start.line >= first && f.range.start.line <= last);
}

/** The refusal for `p`: the line of the hole in the request that is (or leads to) it, and what to do. */
function placeholderRefusal(run: FileRun, req: HttpRequest, p: Placeholder): StepRefusal {
  const hole = `{{${p.expr}}}`;
  let line = req.range.start.line + 1;
  let via = '';
  const direct = req.variables.find((v) => v.expr.trim() === p.expr);
  if (direct) line = direct.range.start.line + 1;
  else {
    for (const v of req.variables) {
      const r = run.resolver.substitute(`{{${v.expr}}}`);
      if (![...r.unresolved, ...(r.cyclic ?? []), ...(r.capped ?? [])].includes(p.expr)) continue;
      line = v.range.start.line + 1;
      via = ` (through {{${v.expr.trim()}}})`;
      break;
    }
  }
  const secret = /^\$secret\s+(\S+)/.exec(p.expr);
  let message: string;
  if (p.kind === 'cycle') message = `${hole}${via} refers to itself, directly or through other variables; give it a value that does not use it.`;
  else if (p.kind === 'cap') message = `${hole}${via} nests variables more than 10 levels deep, so text would be left unresolved; flatten the definitions.`;
  else if (secret && !run.secretStore) message = `${hole}${via} needs a secret store, and there is none here; put the value in http-client.private.env.json and write {{${secret[1]}}}, or use {{$processEnv NAME}}.`;
  else if (secret) message = `${hole}${via}: no secret named '${secret[1]}' is stored; store it first.`;
  else message = `${hole}${via} is not defined in the file, the selected environment or .env; define it or pick another environment.`;
  return { line, message };
}
