import type { HttpRequest } from '../http/ast';
import { discardBody } from '../send/response';
import { classifyStep } from './classify';
import type { StepRefusal } from './hooks';
import type { NotSentOutcome, PipelineIO, RequestOutcome, RunItem, SentOutcome } from './io';
import { prepareStep, type Prepared } from './prepare';
import { recordStep } from './record';
import { sendStep } from './send';
import type { FileRun, SendSession } from './session';

/** How a run ended: `reported` outcomes reached `io.report`; the rest were not sent because the run was cancelled. */
export interface RunSummary {
  reported: number;
  cancelled: number;
}

type Preparation = ReturnType<typeof prepareStep>;

function notSent(item: RunItem, refusal: StepRefusal): NotSentOutcome {
  return { ...item, kind: 'not-sent', line: refusal.line, message: refusal.message };
}

/**
 * Walks one request down the road: (beforePrepare) → prepare → (authorize, beforeSend) → classify → send → record →
 * (afterResponse, assert). `early` is a preparation made ahead of time, used instead of preparing again.
 */
export async function runRequest(session: SendSession, run: FileRun, item: RunItem, io: PipelineIO, early?: Preparation, renewed = false): Promise<RequestOutcome> {
  const { steps } = session;
  // Pre-request scripts run once per request: a resend after a renewed token keeps what they set.
  if (steps.beforePrepare && !renewed) {
    const refusal = await steps.beforePrepare(run, item);
    if (refusal) return notSent(item, refusal);
  }
  if (steps.authenticate) {
    const refused = await steps.authenticate(run, item, session.environment, io.signal);
    if (refused) return notSent(item, refused);
  }
  const p = early ?? prepareStep(session, run, item.request);
  if ('refusal' in p) return notSent(item, p.refusal);
  const prepared: Prepared = p.prepared;
  for (const name of ['authorize', 'beforeSend'] as const) {
    const refusal = await steps[name]?.(prepared, item);
    if (refusal) return notSent(item, refusal);
  }
  const c = classifyStep(session, prepared);
  const result = await sendStep(session, item, prepared, c, io);
  const outcome: SentOutcome = { ...item, kind: 'sent', prepared, plan: c.plan, result };
  // A refused token is renewed and the request sent once more; never twice, whatever the answer.
  if (!renewed && steps.reauthenticate && !io.signal?.aborted && (await steps.reauthenticate(outcome, session.environment))) {
    await discardBody(result.body);
    return runRequest(session, run, item, io, undefined, true);
  }
  recordStep(run, outcome);
  await steps.afterResponse?.(outcome, run);
  await steps.assert?.(outcome);
  return outcome;
}

/**
 * Sends `requests` of `run` one at a time in order and hands each outcome to `io.report` in order.
 * Each outcome is reported while the next request is on the wire (unless `io.reportPromptly`), and a
 * request whose variables are all fixed text is prepared meanwhile too. Stops when `io.signal` aborts.
 */
export async function runRequests(session: SendSession, run: FileRun, requests: readonly HttpRequest[], io: PipelineIO): Promise<RunSummary> {
  const total = requests.length;
  const early = new Map<number, Preparation>();
  // Scripts may change what later requests read: then nothing is prepared ahead.
  const prepareAhead = !session.steps.beforePrepare && !session.steps.beforeSend && !session.steps.afterResponse;
  let reported = 0;
  let pending: RequestOutcome | null = null;
  const flush = async (): Promise<void> => {
    const o = pending;
    pending = null;
    if (!o) return;
    reported++;
    await io.report(o);
  };
  try {
    for (let i = 0; i < total; i++) {
      if (io.signal?.aborted) break;
      const item: RunItem = { request: requests[i], index: i, total };
      const next = runRequest(session, run, item, io, early.get(i));
      early.delete(i);
      // Handled here so a failure does not count as unhandled while the report runs; awaiting `next` still throws it.
      next.catch(() => undefined);
      await flush();
      const after = requests[i + 1];
      if (prepareAhead && after && fixedText(run, after)) {
        const ahead = prepareStep(session, run, after);
        // A refusal is made again when its turn comes, which reports the problem in order.
        if (!('refusal' in ahead)) early.set(i + 1, ahead);
      }
      pending = await next;
      if (io.reportPromptly) await flush();
    }
  } finally {
    await flush().catch((err: unknown) => io.warn?.(`could not write a result: ${(err as Error).message}`));
  }
  return { reported, cancelled: total - reported };
}

/** True when every `{{…}}` of `req` is fixed text (no dynamic value, no earlier answer, no `<@` file). */
function fixedText(run: FileRun, req: HttpRequest): boolean {
  const b = req.body;
  if (b && b.kind !== 'inline' && !(b.kind === 'file' && !b.file.substituteVariables)) return false;
  return req.variables.every((v) => run.resolver.isStatic(v.expr.trim()));
}
