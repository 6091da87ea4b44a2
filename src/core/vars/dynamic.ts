import { randomUUID } from 'node:crypto';

/**
 * Dynamic (system) variables: `{{$uuid}}`, `{{$timestamp -1 d}}`, `{{$random.integer(1, 10)}}`…
 * Recognised by name and generated on demand; nothing here evaluates user code.
 */

/** Dynamic variable heads (without `$`) that are known; `random.*` is known as a family. */
export const DYNAMIC_HEADS: ReadonlySet<string> = new Set([
  'uuid', 'guid', 'timestamp', 'isoTimestamp', 'randomInt', 'datetime', 'localDatetime',
  'processEnv', 'dotenv', 'secret', 'aadToken', 'aadV2Token', 'auth.token', 'auth.idToken',
]);

/** A parsed `{{$…}}` expression: `head` without `$` (e.g. `random.integer`), raw `args` after the head. */
export interface DynamicExpr {
  head: string;
  args: string;
}

/** Splits a `$…` expression into head and argument text; null when `expr` does not start with `$`. */
export function parseDynamic(expr: string): DynamicExpr | null {
  if (!expr.startsWith('$')) return null;
  let i = 1;
  while (i < expr.length && !/\s|\(/.test(expr[i])) i++;
  const head = expr.slice(1, i);
  return { head, args: expr.slice(i).trim() };
}

/** True when `expr` names a known dynamic variable (its arguments are checked only when generating). */
export function isKnownDynamic(expr: string): boolean {
  const d = parseDynamic(expr);
  if (!d) return false;
  return DYNAMIC_HEADS.has(d.head) || d.head.startsWith('random.');
}

/** What generating a dynamic value needs; `now` and `random` make it deterministic in tests. */
export interface DynamicContext {
  now: () => Date;
  /** Uniform in [0, 1). */
  random: () => number;
  processEnv: Record<string, string | undefined>;
  /** `.env` values next to the file (for `$dotenv`). */
  dotenv: (name: string) => string | undefined;
  /** Secret store lookup (for `$secret`). */
  secret: (name: string) => string | undefined;
  /** Resolves a plain variable name (for the `%name` indirection of `$processEnv`/`$dotenv`). */
  variable: (name: string) => string | undefined;
  /** OAuth 2.0 tokens fetched for this request (for `$auth.token("name")` / `$auth.idToken("name")`). */
  authToken?: (kind: 'token' | 'idToken', name: string) => string | undefined;
}

/** A generated value, or `problem` saying why none could be made. */
export type DynamicResult = { value: string; problem?: undefined } | { value?: undefined; problem: string };

const UNIT_MS: Record<string, number> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000,
};

/** Applies an offset like `-1 d`, `3 h`, `2 M`, `1 y` to a date; null when the offset is malformed. */
export function applyOffset(date: Date, amountText: string, unit: string): Date | null {
  const amount = Number(amountText);
  if (!Number.isInteger(amount)) return null;
  if (unit === 'M' || unit === 'y') {
    const d = new Date(date.getTime());
    d.setUTCMonth(d.getUTCMonth() + (unit === 'y' ? amount * 12 : amount));
    return d;
  }
  const ms = UNIT_MS[unit];
  if (ms === undefined) return null;
  return new Date(date.getTime() + amount * ms);
}

/** Splits `rfc1123 -1 d` / `"DD-MM-YYYY" 2 h` / `'YYYY'` into format and optional offset tokens. */
function splitFormatArgs(args: string): { format: string; rest: string[] } | null {
  const t = args.trim();
  if (!t) return null;
  const q = t[0];
  if (q === '"' || q === "'") {
    const close = t.indexOf(q, 1);
    if (close < 0) return null;
    return { format: t.slice(1, close), rest: t.slice(close + 1).trim().split(/\s+/).filter(Boolean) };
  }
  const parts = t.split(/\s+/);
  return { format: parts[0], rest: parts.slice(1) };
}

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, '0');
}

/** Formats a date with day.js-style tokens (YYYY MM DD HH mm ss SSS A ddd MMM Z X x…); `[text]` is literal. */
export function formatDate(date: Date, format: string, utc: boolean): string {
  const Y = utc ? date.getUTCFullYear() : date.getFullYear();
  const Mo = utc ? date.getUTCMonth() : date.getMonth();
  const D = utc ? date.getUTCDate() : date.getDate();
  const H = utc ? date.getUTCHours() : date.getHours();
  const Mi = utc ? date.getUTCMinutes() : date.getMinutes();
  const S = utc ? date.getUTCSeconds() : date.getSeconds();
  const ms = utc ? date.getUTCMilliseconds() : date.getMilliseconds();
  const wd = utc ? date.getUTCDay() : date.getDay();
  const offMin = utc ? 0 : -date.getTimezoneOffset();
  const sign = offMin < 0 ? '-' : '+';
  const tokens: Record<string, () => string> = {
    YYYY: () => String(Y), YY: () => pad(Y % 100),
    MMMM: () => MONTHS[Mo], MMM: () => MONTHS[Mo].slice(0, 3), MM: () => pad(Mo + 1), M: () => String(Mo + 1),
    DD: () => pad(D), D: () => String(D),
    dddd: () => DAYS[wd], ddd: () => DAYS[wd].slice(0, 3), d: () => String(wd),
    HH: () => pad(H), H: () => String(H),
    hh: () => pad(H % 12 || 12), h: () => String(H % 12 || 12),
    mm: () => pad(Mi), m: () => String(Mi),
    ss: () => pad(S), s: () => String(S),
    SSS: () => pad(ms, 3),
    A: () => (H < 12 ? 'AM' : 'PM'), a: () => (H < 12 ? 'am' : 'pm'),
    ZZ: () => `${sign}${pad(Math.floor(Math.abs(offMin) / 60))}${pad(Math.abs(offMin) % 60)}`,
    Z: () => `${sign}${pad(Math.floor(Math.abs(offMin) / 60))}:${pad(Math.abs(offMin) % 60)}`,
    X: () => String(Math.floor(date.getTime() / 1000)), x: () => String(date.getTime()),
  };
  return format.replace(/\[([^\]]*)]|YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|d|HH|H|hh|h|mm|m|ss|s|SSS|A|a|ZZ|Z|X|x/g, (tok, lit: string | undefined) =>
    lit !== undefined ? lit : tokens[tok](),
  );
}

const ALPHA = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const HEX = '0123456789abcdef';

function pick(chars: string, len: number, random: () => number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

function uuidFrom(random: () => number): string {
  // Version 4 layout from the supplied generator, so tests can make it deterministic.
  const h = pick(HEX, 32, random).split('');
  h[12] = '4';
  h[16] = HEX[(parseInt(h[16], 16) & 0x3) | 0x8];
  const s = h.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** Parses `(a, b)` or `a b` argument lists into trimmed strings. */
function argList(args: string): string[] {
  let t = args.trim();
  if (t.startsWith('(')) t = t.slice(1, t.endsWith(')') ? -1 : undefined);
  return t.split(/[\s,]+/).filter(Boolean);
}

function intInRange(min: number, max: number, random: () => number): number {
  return min + Math.floor(random() * (max - min));
}

/** Generates the value of a dynamic variable expression (`$uuid`, `$timestamp -1 d`…); never throws. */
export function generateDynamic(expr: string, ctx: DynamicContext, defaultRandom = false): DynamicResult {
  const d = parseDynamic(expr);
  if (!d) return { problem: `${expr} is not a dynamic variable` };
  const { head, args } = d;
  const uuid = (): string => (defaultRandom ? randomUUID() : uuidFrom(ctx.random));
  switch (head) {
    case 'uuid':
    case 'guid':
      return { value: uuid() };
    case 'timestamp': {
      let date = ctx.now();
      const a = args.split(/\s+/).filter(Boolean);
      if (a.length) {
        const shifted = a.length === 2 ? applyOffset(date, a[0], a[1]) : null;
        if (!shifted) return { problem: `{{$timestamp ${args}}}: the offset must be "<integer> <unit>" with unit one of y, M, w, d, h, m, s, ms (e.g. {{$timestamp -1 d}})` };
        date = shifted;
      }
      return { value: String(Math.floor(date.getTime() / 1000)) };
    }
    case 'isoTimestamp':
      return { value: ctx.now().toISOString() };
    case 'datetime':
    case 'localDatetime': {
      const utc = head === 'datetime';
      const f = splitFormatArgs(args);
      if (!f) return { problem: `{{$${head}}} needs a format: rfc1123, iso8601 or a quoted pattern such as "YYYY-MM-DD"` };
      let date = ctx.now();
      if (f.rest.length) {
        const shifted = f.rest.length === 2 ? applyOffset(date, f.rest[0], f.rest[1]) : null;
        if (!shifted) return { problem: `{{$${head} ${args}}}: the offset must be "<integer> <unit>" (unit y, M, w, d, h, m, s, ms)` };
        date = shifted;
      }
      if (f.format === 'rfc1123') return { value: utc ? date.toUTCString() : formatDate(date, 'ddd, DD MMM YYYY HH:mm:ss ZZ', false) };
      if (f.format === 'iso8601') return { value: utc ? date.toISOString() : formatDate(date, 'YYYY-MM-DDTHH:mm:ss.SSSZ', false) };
      return { value: formatDate(date, f.format, utc) };
    }
    case 'randomInt': {
      const a = argList(args);
      if (!a.length) return { value: String(intInRange(0, 1000, ctx.random)) };
      const min = Number(a[0]);
      const max = Number(a[1]);
      if (a.length !== 2 || !Number.isInteger(min) || !Number.isInteger(max) || max <= min) {
        return { problem: `{{$randomInt ${args}}}: write two integers, min (inclusive) then max (exclusive), e.g. {{$randomInt 1 100}}` };
      }
      return { value: String(intInRange(min, max, ctx.random)) };
    }
    case 'processEnv':
    case 'dotenv': {
      let name = args.trim();
      if (!name) return { problem: `{{$${head}}} needs a variable name, e.g. {{$${head} API_KEY}}` };
      if (name.startsWith('%')) {
        // REST Client: `%name` first resolves `name` as a variable, then reads that environment variable.
        const indirect = ctx.variable(name.slice(1));
        if (indirect === undefined) return { problem: `{{$${head} ${name}}}: variable ${name.slice(1)} is not defined` };
        name = indirect;
      }
      const v = head === 'processEnv' ? ctx.processEnv[name] : ctx.dotenv(name);
      if (v === undefined) {
        return { problem: head === 'processEnv' ? `environment variable ${name} is not set` : `${name} is not defined in the .env file next to this file` };
      }
      return { value: v };
    }
    case 'secret': {
      const name = args.trim();
      if (!name) return { problem: '{{$secret}} needs a name, e.g. {{$secret apiKey}}' };
      const v = ctx.secret(name);
      if (v === undefined) return { problem: `secret ${name} is not stored: store it first (Reqlint: Set Secret), or set it in the private environment file` };
      return { value: v };
    }
    case 'auth.token':
    case 'auth.idToken': {
      const m = /^\(\s*(["'])([^"']+)\1\s*\)$/.exec(args.trim());
      if (!m) return { problem: `{{$${head}}} names a sign-in from the environment's Security.Auth, e.g. {{$${head}("my-auth")}}` };
      const v = ctx.authToken?.(head === 'auth.token' ? 'token' : 'idToken', m[2]);
      if (v === undefined) return { problem: `the token of sign-in "${m[2]}" is fetched when the request is sent` };
      return { value: v };
    }
    case 'aadToken':
    case 'aadV2Token':
      return { problem: `{{$${head}}} needs an Azure sign-in that Reqlint does not perform: put the token in a variable instead` };
  }
  if (head.startsWith('random.')) return generateRandom(head.slice(7), args, ctx, uuid);
  return { problem: `{{${expr}}} is not a dynamic variable Reqlint knows` };
}

function generateRandom(kind: string, args: string, ctx: DynamicContext, uuid: () => string): DynamicResult {
  const a = argList(args);
  const len = (dflt: number): number | null => {
    if (!a.length) return dflt;
    const n = Number(a[0]);
    return Number.isInteger(n) && n >= 0 && n <= 10_000 ? n : null;
  };
  switch (kind) {
    case 'uuid':
      return { value: uuid() };
    case 'email':
      return { value: `${pick(ALPHA.slice(0, 26), 8, ctx.random)}@example.com` };
    case 'integer': {
      const min = a.length ? Number(a[0]) : 0;
      const max = a.length > 1 ? Number(a[1]) : 1000;
      if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min) return { problem: `$random.integer(${a.join(', ')}): write integers from (inclusive) and to (exclusive), e.g. $random.integer(1, 10)` };
      return { value: String(intInRange(min, max, ctx.random)) };
    }
    case 'float': {
      const min = a.length ? Number(a[0]) : 0;
      const max = a.length > 1 ? Number(a[1]) : 1000;
      if (!Number.isFinite(min) || !Number.isFinite(max) || max <= min) return { problem: `$random.float(${a.join(', ')}): write numbers from and to, e.g. $random.float(0, 1)` };
      return { value: String(min + ctx.random() * (max - min)) };
    }
    case 'bool':
    case 'boolean':
      return { value: ctx.random() < 0.5 ? 'true' : 'false' };
    case 'alphabetic':
    case 'alphanumeric':
    case 'hexadecimal':
    case 'numeric': {
      const n = len(10);
      if (n === null) return { problem: `$random.${kind}(${a.join(', ')}): the length must be an integer from 0 to 10000` };
      const chars = kind === 'alphabetic' ? ALPHA + '_' : kind === 'alphanumeric' ? ALPHA + DIGITS + '_' : kind === 'hexadecimal' ? HEX : DIGITS;
      return { value: pick(chars, n, ctx.random) };
    }
  }
  return { problem: `$random.${kind} is recognised but Reqlint cannot generate it: use $random.uuid, email, integer, float, bool, alphabetic, alphanumeric, hexadecimal or numeric` };
}
