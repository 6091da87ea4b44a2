import { jsonPathLookup } from './json-path';

/**
 * The one reader of chain references, `{{name.response.body.$.id}}` and friends: the linter asks it
 * what a reference names, the sender and the test runner ask it for the value, so a reference the
 * linter accepts is one the sender resolves, and the reverse.
 *
 * Forms: `name.(response|request).body` (whole body), `….body.*`, `….body.$.a.b[0]` (REST Client's
 * JSONPath), `….body.a.b[0]` (the dotted form), `name.(response|request).headers.Header-Name`.
 */

/** A parsed chain reference. */
export interface ChainRef {
  /** The request's `@name` (or one-word `### title`). */
  name: string;
  side: 'request' | 'response';
  part: 'body' | 'headers';
  /** Text after `body.` / `headers.`; null when absent. */
  rest: string | null;
}

/** What a finished request offers its references (header names compared case-insensitively). */
export interface ChainSource {
  request?: { headers?: ReadonlyArray<readonly [string, string]>; body?: string };
  response?: { headers?: ReadonlyArray<readonly [string, string]>; body?: string };
}

const CHAIN = /^([A-Za-z_][\w-]*)\.(response|request)\.(body|headers)(?:\.(.*))?$/s;

/** Parses `expr` (the inside of `{{…}}`, trimmed or not) as a chain reference; null when it is not one. */
export function parseChainRef(expr: string): ChainRef | null {
  const m = CHAIN.exec(expr.trim());
  if (!m) return null;
  return { name: m[1], side: m[2] as ChainRef['side'], part: m[3] as ChainRef['part'], rest: m[4] ?? null };
}

/** The request name a chain reference reads, else null. */
export function chainTarget(expr: string): string | null {
  return parseChainRef(expr)?.name ?? null;
}

/**
 * The value of `ref` in `source`: text as is, other JSON values as JSON; or why there is none
 * (`problem` is a sentence without the `{{…}}`, e.g. "the response of "login" has no X-Id header").
 */
export function readChainRef(ref: ChainRef, source: ChainSource | undefined): { value: string } | { problem: string } {
  const side = ref.side === 'response' ? source?.response : source?.request;
  if (!side) return { problem: `send request "${ref.name}" first: its ${ref.side} is not known yet` };
  if (ref.part === 'headers') {
    if (!ref.rest) return { problem: `write the header name: {{${ref.name}.${ref.side}.headers.Header-Name}}` };
    const want = ref.rest.toLowerCase();
    const values = (side.headers ?? []).filter(([k]) => k.toLowerCase() === want).map(([, v]) => v);
    return values.length ? { value: values.join(', ') } : { problem: `the ${ref.side} of "${ref.name}" has no ${ref.rest} header` };
  }
  const body = side.body ?? '';
  const path = ref.rest;
  if (path === null || path === '*' || path === '$') return { value: body };
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch {
    return { problem: `the ${ref.side} body of "${ref.name}" is not JSON, so ${path} cannot be read from it` };
  }
  const v = jsonPathLookup(data, path);
  if (v === undefined) return { problem: `${path} is not in the ${ref.side} body of "${ref.name}"` };
  return { value: typeof v === 'string' ? v : JSON.stringify(v) };
}
