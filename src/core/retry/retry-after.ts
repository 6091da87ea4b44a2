/** A parsed `Retry-After` value: `ms` is the wait in milliseconds (0: now), or null when the value is unusable; `reason` explains anything unusual. */
export interface ParsedRetryAfter {
  ms: number | null;
  /** Which form the value had; `invalid` when neither. */
  kind: 'seconds' | 'date' | 'invalid';
  /** Why the value was ignored or adjusted; null for a clean value. */
  reason: string | null;
}

// RFC 9110 §5.6.7: IMF-fixdate, the obsolete RFC 850 form, and asctime.
const IMF_FIXDATE = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const RFC850 = /^[A-Za-z]{6,9}, \d{2}-[A-Za-z]{3}-\d{2} \d{2}:\d{2}:\d{2} GMT$/;
const ASCTIME = /^[A-Za-z]{3} [A-Za-z]{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/;
// Lenient: any date Date.parse understands that still names a weekday or month and a time of day.
const LOOSE_DATE = /[A-Za-z]{3}.*\d{1,2}:\d{2}(:\d{2})?/;

/** Longest wait in ms a Retry-After may express before it is treated as "effectively never" (one year). */
export const RETRY_AFTER_LIMIT_MS = 365 * 24 * 3600 * 1000;

/**
 * Parses a `Retry-After` header value (delay-seconds or an HTTP date) relative to `now` (ms since the
 * epoch). Never throws: negative numbers and garbage give `ms: null`, a date in the past gives `ms: 0`,
 * each with a reason.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): ParsedRetryAfter {
  if (value === null || value === undefined) return { ms: null, kind: 'invalid', reason: 'no Retry-After value' };
  let v = String(value).trim();
  if (v === '') return { ms: null, kind: 'invalid', reason: 'Retry-After is empty' };
  let note: string | null = null;
  // A header repeated by a proxy arrives joined with commas; the first one is what the server meant.
  // (An HTTP date contains a comma after the weekday, so only split number lists.)
  if (/^[^A-Za-z]*,/.test(v)) {
    v = v.split(',')[0].trim();
    note = `Retry-After holds several values; used the first (${v})`;
  }
  if (/^[+-]?\d+(\.\d+)?$/.test(v)) {
    const seconds = Number(v);
    if (seconds < 0 || v.startsWith('-')) {
      return { ms: null, kind: 'invalid', reason: `Retry-After '${v}' is negative; ignored` };
    }
    const ms = Math.round(seconds * 1000);
    if (ms > RETRY_AFTER_LIMIT_MS) {
      return { ms: RETRY_AFTER_LIMIT_MS, kind: 'seconds', reason: `Retry-After '${v}' is more than a year; read as one year` };
    }
    if (!/^\+?\d+$/.test(v)) note = join(note, `Retry-After '${v}' is not a whole number of seconds as HTTP requires; read as ${seconds} s`);
    return { ms, kind: 'seconds', reason: note };
  }
  if (IMF_FIXDATE.test(v) || RFC850.test(v) || ASCTIME.test(v) || LOOSE_DATE.test(v)) {
    const t = Date.parse(ASCTIME.test(v) ? `${v} GMT` : v);
    if (Number.isFinite(t)) {
      const diff = t - now;
      if (diff <= 0) return { ms: 0, kind: 'date', reason: join(note, `Retry-After date '${v}' is already past; retrying now is allowed`) };
      if (diff > RETRY_AFTER_LIMIT_MS) return { ms: RETRY_AFTER_LIMIT_MS, kind: 'date', reason: join(note, `Retry-After date '${v}' is more than a year away; read as one year`) };
      const strict = IMF_FIXDATE.test(v) || RFC850.test(v) || ASCTIME.test(v);
      return { ms: diff, kind: 'date', reason: strict ? note : join(note, `Retry-After date '${v}' is not in HTTP date format; read it anyway`) };
    }
  }
  return { ms: null, kind: 'invalid', reason: `Retry-After '${truncate(v, 40)}' is neither a number of seconds nor an HTTP date; ignored` };
}

function join(a: string | null, b: string): string {
  return a ? `${a}; ${b}` : b;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
