import type { HttpRequest } from '../http/ast';
import { contentTypeParts, hasScripts, runPreRequestScripts, runResponseHandlers, ScriptRunState, type ScriptPolicy, type ScriptReport, type ScriptRequestContext } from '../scripts/run';
import type { ScriptRequestView } from '../scripts/sandbox';
import { bodyText } from '../send/response';
import type { PipelineSteps } from './hooks';
import type { SentOutcome } from './io';
import type { FileRun } from './session';

/** Largest answer body a response handler gets as `response.body` (bytes of text). */
const SCRIPT_BODY_BYTES = 10 * 1024 * 1024;

/** Inputs of `scriptSteps`. */
export interface ScriptStepOptions {
  policy: ScriptPolicy;
  /** `client.global` of the run; share one between runs to keep globals (the editor keeps one per window). */
  state?: ScriptRunState;
  /** Reads handler `.js` files (the editor passes unsaved documents); default: the disk, capped. */
  readFile?: (path: string) => string;
}

/** The scripts' steps plus the state they share; pass `state.valueOf` to `openFileRun` as `scriptValues`. */
export interface ScriptSteps {
  steps: Pick<PipelineSteps, 'beforePrepare' | 'afterResponse'>;
  state: ScriptRunState;
}

function viewBeforePrepare(run: FileRun, req: HttpRequest): ScriptRequestView {
  const sub = (t: string): string => run.resolver.substitute(t).text;
  const body = req.body ? ('text' in req.body ? req.body.text.value : `< ${req.body.file.path.value}`) : null;
  return {
    method: req.method.value,
    rawUrl: req.url.value,
    url: sub(req.url.value),
    headers: req.headers.map((h) => [h.name.value, h.value.value, sub(h.value.value)]),
    rawBody: body,
    body: body === null ? null : sub(body),
  };
}

function viewAfterSend(outcome: SentOutcome): ScriptRequestView {
  const { request: req, prepared } = outcome;
  const raw = new Map(req.headers.map((h) => [h.name.value.toLowerCase(), h.value.value]));
  const rawBody = req.body ? ('text' in req.body ? req.body.text.value : `< ${req.body.file.path.value}`) : null;
  return {
    method: prepared.method,
    rawUrl: req.url.value,
    url: prepared.url,
    headers: prepared.headers.map(([k, v]) => [k, raw.get(k.toLowerCase()) ?? v, v]),
    rawBody,
    body: prepared.body.kind === 'text' ? prepared.body.text : rawBody,
  };
}

function context(run: FileRun, req: HttpRequest, view: ScriptRequestView, readFile?: (path: string) => string): ScriptRequestContext {
  return {
    file: run.file,
    filePath: run.filePath,
    request: req,
    view,
    environment: (n) => run.resolver.environmentValue(n),
    fileVariable: (n) => run.resolver.fileValue(n),
    ...(readFile ? { readFile } : {}),
  };
}

/**
 * Pipeline steps that run a request's pre-request scripts before it is prepared and its response
 * handlers after the answer is recorded. Reports land on the run item's `scripts` (so on its
 * outcome). A failing pre-request script stops its request (a signature or token it was to set would
 * be missing); handlers do not run for a request that got no answer.
 */
export function scriptSteps(o: ScriptStepOptions): ScriptSteps {
  const state = o.state ?? new ScriptRunState();
  return {
    state,
    steps: {
      async beforePrepare(run, item) {
        if (!hasScripts(item.request)) {
          state.requestVariables = new Map();
          return;
        }
        const reports: ScriptReport[] = (item.scripts ??= []);
        if (!hasScripts(item.request, 'pre')) {
          state.requestVariables = new Map();
          return;
        }
        const pre = await runPreRequestScripts(state, o.policy, context(run, item.request, viewBeforePrepare(run, item.request), o.readFile));
        reports.push(...pre);
        const failed = pre.find((r) => r.failure);
        if (failed?.failure) {
          const loc = failed.failure.location;
          const line = loc.file === run.filePath ? loc.range.start.line + 1 : failed.handler.range.start.line + 1;
          const where = loc.file === run.filePath ? '' : ` (${loc.file}:${loc.range.start.line + 1}:${loc.range.start.character + 1})`;
          return { line, message: `${failed.failure.message}${where}; the request was not sent.` };
        }
      },
      async afterResponse(outcome, run) {
        if (!hasScripts(outcome.request, 'post')) return;
        const reports: ScriptReport[] = (outcome.scripts ??= []);
        const { result } = outcome;
        if (result.status === null) {
          for (const h of outcome.request.handlers) {
            if (h.kind !== 'script' && h.kind !== 'script-file') continue;
            reports.push({ phase: 'post', handler: { file: run.filePath, range: h.range }, skipped: 'Response handler skipped: the request got no answer.', failure: null, tests: [], logs: [], exited: false, durationMs: 0 });
          }
          return;
        }
        const ct = result.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1];
        const post = await runResponseHandlers(state, o.policy, context(run, outcome.request, viewAfterSend(outcome), o.readFile), {
          status: result.status,
          headers: result.headers,
          body: bodyText(result.body, SCRIPT_BODY_BYTES),
          ...contentTypeParts(ct),
        });
        reports.push(...post);
      },
    },
  };
}
