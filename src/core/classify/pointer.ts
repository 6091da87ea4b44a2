import { joinPointer, parsePointer } from '../text/json-pointer';

/**
 * The tokens of a field as an error answer names it: a JSON Pointer is split (RFC 6901), anything
 * else not empty is read as a dotted/bracketed field name (see `dottedSegments`).
 */
export function fieldTokens(field: string): string[] {
  if (field === '') return [];
  if (!field.startsWith('/')) return dottedSegments(field).map(String);
  return parsePointer(field);
}

/**
 * Path segments of a field name as APIs write them: dotted (`conversion_value.currency`), indexed
 * (`items[3].size`, `items.3.size`), Stripe/Rails brackets (`conversion_value[currency]`) or already a
 * JSON pointer (`/a/b`). Numeric segments become numbers.
 */
export function dottedSegments(field: string): Array<string | number> {
  const f = field.trim();
  if (f === '') return [];
  if (f.startsWith('/')) return parsePointer(f).map(numOrString);
  if (f.startsWith('#/')) return parsePointer(f.slice(1)).map(numOrString);
  const out: Array<string | number> = [];
  // `a.b[0].c`, `a[b][c]`, `a['b']`, `$.a.b` (JSONPath-ish)
  const re = /\[\s*(?:'([^']*)'|"([^"]*)"|([^\]]*))\s*\]|([^.[\]]+)/g;
  let m: RegExpExecArray | null;
  let first = true;
  while ((m = re.exec(f))) {
    const seg = m[1] ?? m[2] ?? m[3] ?? m[4] ?? '';
    if (first && seg === '$' && m[4] !== undefined) {
      first = false;
      continue;
    }
    first = false;
    if (seg === '') continue;
    out.push(m[1] !== undefined || m[2] !== undefined ? seg : numOrString(seg));
  }
  return out;
}

/** A JSON pointer for a dotted/bracketed field name (see `dottedSegments`); a JSON Pointer (`/a/0`, `#/a/0`) is kept as written. */
export function pointerForField(field: string): string {
  // A field already written as a JSON Pointer is used as the API wrote it.
  const f = field.trim();
  if (f.startsWith('/')) return f;
  if (f.startsWith('#/')) return f.slice(1);
  return joinPointer(dottedSegments(f));
}

function numOrString(s: string): string | number {
  return /^(0|[1-9]\d{0,8})$/.test(s) ? Number(s) : s;
}
