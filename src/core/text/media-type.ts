// Media types (RFC 9110 §8.3.1): the one place Reqlint decides what a Content-Type value names.

/** The media type of a Content-Type value: lower case, without parameters or spaces; '' when none. */
export function mediaTypeOf(value: string): string {
  const semi = value.indexOf(';');
  return (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
}

/**
 * True for a JSON media type: `application/json`, `text/json` and any `+json` structured-syntax
 * suffix (`application/problem+json`, `application/vnd.api+json`); parameters such as
 * `; charset=utf-8` are ignored, case does not matter. False for null, '' and everything else.
 */
export function isJsonMediaType(value: string | null | undefined): boolean {
  if (!value) return false;
  const mt = mediaTypeOf(value);
  return mt === 'application/json' || mt === 'text/json' || (/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(mt));
}
