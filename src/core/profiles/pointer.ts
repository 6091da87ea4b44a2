/** JSON Pointer (RFC 6901) helpers. */

/** Escapes one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  const t = String(token);
  // Most tokens are plain keys or indexes; skip the two regex passes for them.
  if (!t.includes('~') && !t.includes('/')) return t;
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The reference tokens of a pointer ('' → []); throws on a pointer not starting with '/'. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: '${pointer}'`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Joins tokens into a pointer. */
export function joinPointer(tokens: ReadonlyArray<string | number>): string {
  return tokens.map((t) => '/' + escapeToken(t)).join('');
}

/** `base` + one more token. */
export function childPointer(base: string, token: string | number): string {
  return base + '/' + escapeToken(token);
}

/** True when `pointer` is `base` or lies below it. */
export function isAtOrBelow(pointer: string, base: string): boolean {
  return pointer === base || pointer.startsWith(base + '/');
}

/** The value at `pointer` in `doc`, or undefined. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = /^\d+$/.test(t) ? cur[Number(t)] : undefined;
    else if (cur && typeof cur === 'object') cur = Object.prototype.hasOwnProperty.call(cur, t) ? (cur as Record<string, unknown>)[t] : undefined;
    else return undefined;
  }
  return cur;
}
