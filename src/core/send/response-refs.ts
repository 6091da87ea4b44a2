import type { HeaderPair } from './types';

/** What a finished named request offers to later requests' `{{name.response.…}}` / `{{name.request.…}}`. */
export interface NamedExchange {
  request: { headers: HeaderPair[]; body: string };
  response: { status: number | null; headers: HeaderPair[]; body: string };
}

const REF = /^([A-Za-z_][\w-]*)\.(request|response)\.(headers|body)(?:\.(.*))?$/;

/** True when `expr` has the shape of a request-result reference (`name.response.body.$.id`). */
export function isExchangeRef(expr: string): boolean {
  return REF.test(expr.trim());
}

/**
 * Resolves `name.response.body.*` (whole body), `name.response.body.$.a.b[0]` (JSONPath subset:
 * dot names, `['key']`, `[index]`), `name.response.headers.X-Name` (case-insensitive) and the same
 * for `request`. Returns null when the name has not run yet or the path finds nothing.
 */
export function resolveExchangeRef(expr: string, exchanges: ReadonlyMap<string, NamedExchange>): string | null {
  const m = REF.exec(expr.trim());
  if (!m) return null;
  const [, name, side, part, rest = ''] = m;
  const ex = exchanges.get(name);
  if (!ex) return null;
  const s = side === 'request' ? ex.request : ex.response;
  if (part === 'headers') {
    const want = rest.toLowerCase();
    const values = s.headers.filter(([k]) => k.toLowerCase() === want).map(([, v]) => v);
    return values.length ? values.join(', ') : null;
  }
  if (rest === '' || rest === '*') return s.body;
  if (!rest.startsWith('$')) return null;
  let value: unknown;
  try {
    value = JSON.parse(s.body);
  } catch {
    return null;
  }
  const found = jsonPath(value, rest);
  if (found === undefined) return null;
  return typeof found === 'string' ? found : JSON.stringify(found);
}

function jsonPath(root: unknown, path: string): unknown {
  const tokens: Array<string | number> = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\[['"]([^'"]*)['"]\]/g;
  let pos = 1;
  for (let m = re.exec(path); m; m = re.exec(path)) {
    if (m.index !== pos) return undefined;
    tokens.push(m[1] !== undefined ? m[1] : m[2] !== undefined ? Number(m[2]) : m[3]);
    pos = re.lastIndex;
  }
  if (pos !== path.length) return undefined;
  let cur: unknown = root;
  for (const t of tokens) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[t];
    if (cur === undefined) return undefined;
  }
  return cur;
}
