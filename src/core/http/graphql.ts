import type { HttpRequest } from './ast';

/** A GraphQL request as REST Client (`X-REQUEST-TYPE: GraphQL`) or JetBrains (`GRAPHQL` method) write it. */
export interface GraphqlRequest {
  /** Which spelling marked it: the REST Client header or the JetBrains method. */
  form: 'header' | 'method';
  /** The query document as written (`{{…}}` holes kept); `start` is its absolute UTF-16 offset in the file. */
  query: { text: string; start: number };
  /** The variables JSON object after the blank line, with its absolute offset; null when none. */
  variables: { text: string; start: number } | null;
  /** The first named operation of the query (`query Name`, `mutation Name`…), else null. */
  operationName: string | null;
}

const REQUEST_TYPE = 'x-request-type';

/** True when `req` is written as a GraphQL request (either form), whatever its body. */
export function isGraphqlRequest(req: HttpRequest): boolean {
  if (req.method.value.toUpperCase() === 'GRAPHQL') return true;
  return req.headers.some((h) => h.name.value.toLowerCase() === REQUEST_TYPE && h.value.value.trim().toLowerCase() === 'graphql');
}

/**
 * The GraphQL parts of `req`, or null when it is not a GraphQL request or has no inline body. The
 * variables start after the first blank line at which the text before holds balanced braces and
 * the text after begins with `{` (so a blank line inside the query or inside the variables is kept).
 */
export function graphqlOf(req: HttpRequest): GraphqlRequest | null {
  if (!isGraphqlRequest(req)) return null;
  const form = req.method.value.toUpperCase() === 'GRAPHQL' ? 'method' : 'header';
  const b = req.body;
  if (!b || b.kind !== 'inline') return null;
  const text = b.text.value;
  const blank = /\r?\n[ \t]*\r?\n\s*/g;
  let m: RegExpExecArray | null;
  let split: { queryEnd: number; varsStart: number } | null = null;
  while ((m = blank.exec(text)) !== null) {
    const after = m.index + m[0].length;
    if (text[after] === '{' && balanced(text.slice(0, m.index)) && text.slice(0, m.index).trim() !== '') {
      split = { queryEnd: m.index, varsStart: after };
      break;
    }
  }
  const queryText = split ? text.slice(0, split.queryEnd) : text;
  const vars = split ? text.slice(split.varsStart).replace(/\s+$/, '') : null;
  const op = /^\s*(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/m.exec(stripComments(queryText));
  return {
    form,
    query: { text: queryText.replace(/\s+$/, ''), start: b.text.start },
    variables: split && vars ? { text: vars, start: b.text.start + split.varsStart } : null,
    operationName: op ? op[1] : null,
  };
}

/** GraphQL text with `#` comments blanked (strings kept), so braces and names inside comments do not count. */
function stripComments(text: string): string {
  return text.replace(/"(?:[^"\\\n]|\\.)*"|#[^\n]*/g, (s) => (s.startsWith('#') ? ' '.repeat(s.length) : s));
}

/** True when `{`/`}` outside strings and comments pair up (a `{{hole}}` counts as a pair too). */
function balanced(text: string): boolean {
  let depth = 0;
  for (const ch of stripComments(text).replace(/"(?:[^"\\\n]|\\.)*"/g, '""')) {
    if (ch === '{') depth++;
    else if (ch === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/**
 * The JSON body a GraphQL request sends: `{"query", "variables", "operationName"}` with the query as
 * text and the variables as the JSON text written (already substituted); `variables` is null when
 * absent. Throws a `SyntaxError` when the variables are not JSON.
 */
export function graphqlPayload(query: string, variables: string | null, operationName: string | null): string {
  const vars: unknown = variables === null || variables.trim() === '' ? null : JSON.parse(variables);
  return JSON.stringify({ query, variables: vars, operationName });
}
