import type { HttpRequest } from '../http/ast';
import { readLimitsFrom } from '../io/limits';
import { PrepareError, prepareRequest } from '../send/prepare';
import type { PreparedRequest } from '../send/types';
import type { StepRefusal } from './hooks';
import type { FileRun, SendSession } from './session';

/** A request ready for the gate, with whether it takes part in the cookie jar (`# @no-cookie-jar`). */
export type Prepared = PreparedRequest & { useCookieJar: boolean };

/**
 * Prepare step: substitutes variables, resolves body files and applies, from weakest to strongest,
 * the session's defaults (config and flags), the request's `# @…` metadata and the config's TLS for
 * its host. Resolves with a refusal (1-based line) for a request that cannot be sent.
 */
export function prepareStep(session: SendSession, run: FileRun, req: HttpRequest): { prepared: Prepared } | { refusal: StepRefusal } {
  let prepared: Prepared;
  try {
    prepared = prepareRequest(req, { resolver: run.resolver, filePath: run.filePath, defaults: session.settings.defaults, limits: readLimitsFrom(session.config.raw) });
  } catch (err) {
    if (err instanceof PrepareError) return { refusal: { line: err.line, message: err.message } };
    throw err;
  }
  Object.assign(prepared.options, session.settings.tlsFor(prepared.url));
  if (session.settings.insecure) prepared.options.insecure = true;
  return { prepared };
}
