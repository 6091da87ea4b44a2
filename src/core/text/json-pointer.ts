// JSON Pointer (RFC 6901): the one implementation every part of Reqlint uses for escaping,
// splitting and walking pointers.

/** Escapes one reference token (`~` → `~0`, `/` → `~1`); numbers are written in decimal. */
export function escapeToken(token: string | number): string {
  const t = String(token);
  // Most tokens are plain keys or indexes; skip the two regex passes for them.
  if (!t.includes('~') && !t.includes('/')) return t;
  return t.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Undoes `escapeToken` on one reference token (`~1` → `/`, then `~0` → `~`). */
export function unescapeToken(token: string): string {
  if (!token.includes('~')) return token;
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The unescaped reference tokens of a pointer ('' → []); throws on a non-empty pointer not starting with '/'. */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`not a JSON Pointer: '${pointer}'`);
  return pointer.slice(1).split('/').map(unescapeToken);
}

/**
 * The tokens of a pointer as a path into parsed JSON: tokens that are decimal array indexes
 * (`0`, `12`) become numbers, as jsonc-parser's `findNodeAtLocation` expects; throws like `parsePointer`.
 */
export function pointerPath(pointer: string): Array<string | number> {
  return parsePointer(pointer).map((t) => (/^(0|[1-9]\d{0,8})$/.test(t) ? Number(t) : t));
}

/** Joins tokens into a pointer (`['a', 0]` → `/a/0`; `[]` → '', the whole document). */
export function joinPointer(tokens: ReadonlyArray<string | number>): string {
  let out = '';
  for (const t of tokens) out += '/' + escapeToken(t);
  return out;
}

/** `base` + one more token. */
export function childPointer(base: string, token: string | number): string {
  return base + '/' + escapeToken(token);
}

/** The value at `pointer` in `doc` (own properties and decimal array indexes only), or undefined. */
export function getAtPointer(doc: unknown, pointer: string): unknown {
  let cur: unknown = doc;
  for (const t of parsePointer(pointer)) {
    if (Array.isArray(cur)) cur = /^(0|[1-9]\d*)$/.test(t) ? cur[Number(t)] : undefined;
    else if (cur && typeof cur === 'object') cur = Object.prototype.hasOwnProperty.call(cur, t) ? (cur as Record<string, unknown>)[t] : undefined;
    else return undefined;
  }
  return cur;
}
