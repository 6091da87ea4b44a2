import type { HttpRequest } from '../http/ast';
import { readLimitsFrom } from '../io/limits';
import { PrepareError, prepareRequest, type Placeholder } from '../send/prepare';
import type { PreparedRequest } from '../send/types';
import type { StepRefusal } from './hooks';
import type { FileRun, SendSession } from './session';

/** A request ready for the gate: whether it takes part in the cookie jar (`# @no-cookie-jar`) and the holes left in it. */
export type Prepared = PreparedRequest & { useCookieJar: boolean; placeholders: Placeholder[] };

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
  const tls = session.settings.tlsFor(prepared.url);
  // A client certificate's passphrase may come from the secret store or the private environment
  // (`"passphrase": "{{$secret pfxPass}}"`) instead of being written into the committed config.
  if (tls.passphrase?.includes('{{')) {
    const r = run.resolver.substitute(tls.passphrase);
    if (r.unresolved.length) {
      return {
        refusal: {
          line: req.requestLine.start.line + 1,
          message: `the client certificate passphrase for ${new URL(prepared.url).host} in the config's send.tls uses {{${r.unresolved[0]}}}, which is not defined: store the secret (Reqlint: Set API Key Secret…) or define it in http-client.private.env.json.`,
        },
      };
    }
    tls.passphrase = r.text;
    prepared.secrets.push(r.text);
  }
  Object.assign(prepared.options, tls);
  if (session.settings.insecure) prepared.options.insecure = true;
  return { prepared };
}
