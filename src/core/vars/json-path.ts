/**
 * The one JSON path reader of Reqlint: chain references (`{{login.response.body.$.token}}`,
 * `{{login.response.body.token}}`) and `??` assertions (`?? body $.items[0].id exists`) both use it,
 * so what the linter accepts is what the sender and the test runner read.
 *
 * Syntax: an optional `$`, then `.name`, `['name']`, `["name"]` or `[index]` steps; the first step
 * may be a bare name (`items[0].id`, as httpYac writes it). `length` on an array or a string that has
 * no such key is its length (httpYac evaluates the path as JavaScript, where that works).
 */

/** One step of a path; `start`/`end` are UTF-16 offsets in the path text. */
export interface PathStep {
  kind: 'key' | 'index';
  key: string;
  start: number;
  end: number;
}

/** A parsed path, or why it is not one (`at`: offset in the path text). */
export type ParsedPath = { ok: true; steps: PathStep[] } | { ok: false; message: string; at: number };

/** Longest path text read; longer ones are refused rather than scanned. */
export const MAX_PATH_LENGTH = 2048;

/** Parses a JSON path (see the module comment); never throws. */
export function parseJsonPath(path: string): ParsedPath {
  if (path.length > MAX_PATH_LENGTH) return { ok: false, message: `the path is longer than ${MAX_PATH_LENGTH} characters`, at: 0 };
  const steps: PathStep[] = [];
  let i = 0;
  const n = path.length;
  if (path.charCodeAt(0) === 36 /* $ */) i = 1;
  const name = (from: number): number => {
    let j = from;
    while (j < n) {
      const c = path[j];
      if (c === '.' || c === '[' || c === ']') break;
      j++;
    }
    return j;
  };
  if (i === 0 && n > 0 && path[0] !== '.' && path[0] !== '[') {
    const j = name(0);
    if (j === 0) return { ok: false, message: `unexpected '${path[0]}'`, at: 0 };
    steps.push({ kind: 'key', key: path.slice(0, j), start: 0, end: j });
    i = j;
  }
  while (i < n) {
    const c = path[i];
    if (c === '.') {
      const j = name(i + 1);
      if (j === i + 1) return { ok: false, message: "a '.' must be followed by a name", at: i };
      steps.push({ kind: 'key', key: path.slice(i + 1, j), start: i, end: j });
      i = j;
      continue;
    }
    if (c === '[') {
      const q = path[i + 1];
      if (q === "'" || q === '"') {
        const close = path.indexOf(q, i + 2);
        if (close < 0 || path[close + 1] !== ']') return { ok: false, message: `unclosed [${q}…${q}]`, at: i };
        steps.push({ kind: 'key', key: path.slice(i + 2, close), start: i, end: close + 2 });
        i = close + 2;
        continue;
      }
      const close = path.indexOf(']', i + 1);
      const inner = close < 0 ? '' : path.slice(i + 1, close).trim();
      if (!/^\d{1,9}$/.test(inner)) return { ok: false, message: "write [0], [1]… for an array element or ['name'] for a key", at: i };
      steps.push({ kind: 'index', key: inner, start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    return { ok: false, message: `unexpected '${c}'`, at: i };
  }
  return { ok: true, steps };
}

/** The value at `steps` in parsed JSON `data`; `undefined` when some step finds nothing. */
export function readJsonPath(data: unknown, steps: readonly PathStep[]): unknown {
  let cur: unknown = data;
  for (const s of steps) {
    if (Array.isArray(cur)) {
      if (s.kind === 'index' || /^\d+$/.test(s.key)) cur = cur[Number(s.key)];
      else if (s.key === 'length') cur = cur.length;
      else return undefined;
    } else if (cur !== null && typeof cur === 'object') {
      if (!Object.prototype.hasOwnProperty.call(cur, s.key)) return undefined;
      cur = (cur as Record<string, unknown>)[s.key];
    } else if (typeof cur === 'string' && s.key === 'length' && s.kind === 'key') {
      cur = cur.length;
    } else return undefined;
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Parses and reads `path` in one go; `undefined` for a bad path or a value that is not there. */
export function jsonPathLookup(data: unknown, path: string): unknown {
  const p = parseJsonPath(path.trim());
  return p.ok ? readJsonPath(data, p.steps) : undefined;
}
