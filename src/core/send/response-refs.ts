import { parseChainRef, readChainRef } from '../vars/chain';
import type { HeaderPair } from './types';

/** What a finished named request offers to later requests' `{{name.response.…}}` / `{{name.request.…}}`. */
export interface NamedExchange {
  request: { headers: HeaderPair[]; body: string };
  response: { status: number | null; headers: HeaderPair[]; body: string };
}

/** True when `expr` has the shape of a request-result reference (`name.response.body.$.id`, `name.response.body.id`). */
export function isExchangeRef(expr: string): boolean {
  return parseChainRef(expr) !== null;
}

/**
 * Resolves a chain reference against the named exchanges through the one chain reader
 * (`vars/chain.ts`): whole body, `$.a.b[0]` or dotted `a.b[0]` paths, `headers.X-Name`, for the
 * request or the response. Returns null when the name has not run yet or the path finds nothing.
 */
export function resolveExchangeRef(expr: string, exchanges: ReadonlyMap<string, NamedExchange>): string | null {
  const ref = parseChainRef(expr);
  if (!ref) return null;
  const ex = exchanges.get(ref.name);
  if (!ex) return null;
  const r = readChainRef(ref, ex);
  return 'value' in r ? r.value : null;
}
