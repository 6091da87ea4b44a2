import { bodyText } from '../send/response';
import type { SentOutcome } from './io';
import type { FileRun } from './session';

/** Largest answer body kept as text for `{{name.response.body…}}` references (bytes). */
const CHAIN_BODY_BYTES = 10 * 1024 * 1024;

/** Record step: keeps a named request's exchange so later requests of the file can refer to it. */
export function recordStep(run: FileRun, outcome: SentOutcome): void {
  const { request, prepared, result } = outcome;
  if (!request.name) return;
  run.exchanges.set(request.name, {
    request: { headers: prepared.headers, body: prepared.body.kind === 'text' ? prepared.body.text : '' },
    response: { status: result.status, headers: result.headers, body: bodyText(result.body, CHAIN_BODY_BYTES) },
  });
}
