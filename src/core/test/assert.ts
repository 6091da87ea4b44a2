import { createHash } from 'node:crypto';
import { RE2JS } from 're2js';
import type { Assertion } from '../http/ast';
import { ASSERTION_FIELDS, DURATION_PARTS, FOREIGN_FIELDS, conditionBySpelling, isAssertionField, type ConditionName } from '../http/assertions';
import { parseJsonPath, readJsonPath } from '../vars/json-path';
import type { TestCheck } from './types';

/**
 * Evaluation of `??` assertion lines against an answer, with httpYac's semantics where the two
 * overlap (the expected text is read as the type of the actual value; `>`… compare numbers; string
 * conditions work on text). Differences are listed in docs/testing.md. Nothing here runs code: a
 * `matches` pattern runs on RE2 (linear time) over at most `MAX_MATCH_INPUT` characters.
 */

/** What an assertion can read from an answer. */
export interface AnswerView {
  /** Status code, or null when no answer came. */
  status: number | null;
  headers: ReadonlyArray<readonly [string, string]>;
  /** The body decoded as UTF-8 text; null when there was none or it was not kept. */
  bodyText: string | null;
  /** Whole exchange in milliseconds (retries excluded: the last attempt). */
  durationMs: number;
  /** Phases of the last attempt in milliseconds, null when unknown. */
  timings?: { firstByteMs?: number | null; downloadMs?: number | null; dnsMs?: number | null; connectMs?: number | null; tlsMs?: number | null } | null;
}

/** Substitutes `{{…}}` in an expected text; `unresolved` lists the holes it could not fill. */
export type Substitute = (text: string) => { text: string; unresolved: string[] };

/** Longest text a `matches` pattern runs over; longer values are cut (and the message says so). */
export const MAX_MATCH_INPUT = 1024 * 1024;
/** Longest `matches` pattern compiled. */
export const MAX_PATTERN_LENGTH = 4096;
/** Longest actual/expected text kept in a check (the rest is cut with an ellipsis). */
const MAX_SHOWN = 4000;

const ABSENT = Symbol('absent');

/** A JSON body parsed once for all assertions of a request. */
class BodyCache {
  private parsed: { ok: true; value: unknown } | { ok: false } | null = null;
  constructor(private readonly text: string | null) {}
  json(): { ok: true; value: unknown } | { ok: false } {
    if (this.parsed) return this.parsed;
    if (this.text === null) return (this.parsed = { ok: false });
    try {
      this.parsed = { ok: true, value: JSON.parse(this.text) as unknown };
    } catch {
      this.parsed = { ok: false };
    }
    return this.parsed;
  }
}

/** Text of a value for messages: strings as they are, anything else as JSON; cut past 4000 characters. */
export function showValue(v: unknown): string {
  let s: string;
  if (v === ABSENT || v === undefined) s = '(absent)';
  else if (typeof v === 'string') s = v;
  else s = JSON.stringify(v) ?? `(${typeof v})`;
  return s.length > MAX_SHOWN ? `${s.slice(0, MAX_SHOWN)}…` : s;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'number') return 'a number';
  if (typeof v === 'boolean') return 'a boolean';
  if (typeof v === 'string') return 'a string';
  return typeof v;
}

/** The name a check gets: the assertion as written after `??`. */
export function assertionName(a: Assertion): string {
  return [a.field.value, a.argument?.value, a.condition?.value, a.expected?.value].filter((w) => w).join(' ');
}

type Verdict = { pass: true } | { pass: false; message: string };

const pass: Verdict = { pass: true };
const fail = (message: string): Verdict => ({ pass: false, message });

/** The expected text read as the type of `actual` (httpYac's rule), or a reason it cannot be. */
function convert(actual: unknown, expected: string): { ok: true; value: unknown } | { ok: false; message: string } {
  const t = expected.trim();
  if (typeof actual === 'number') {
    const n = t === '' ? NaN : Number(t);
    return Number.isNaN(n) ? { ok: false, message: `the value is a number but '${t}' is not` } : { ok: true, value: n };
  }
  if (typeof actual === 'boolean') {
    if (/^true$/i.test(t)) return { ok: true, value: true };
    if (/^false$/i.test(t)) return { ok: true, value: false };
    return { ok: false, message: `the value is a boolean but '${t}' is neither true nor false` };
  }
  if (typeof actual === 'string') return { ok: true, value: expected };
  if (actual === null) return t === 'null' ? { ok: true, value: null } : { ok: true, value: expected };
  if (typeof actual === 'object') {
    try {
      return { ok: true, value: JSON.parse(t) as unknown };
    } catch {
      return { ok: false, message: `the value is ${typeName(actual)} but '${t.length > 60 ? t.slice(0, 57) + '…' : t}' is not JSON` };
    }
  }
  return { ok: true, value: expected };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

function equals(actual: unknown, expected: string): Verdict {
  const c = convert(actual, expected);
  if (!c.ok) return fail(c.message);
  if (deepEqual(actual, c.value)) return pass;
  // A quoted expected text against a string value: `== "abc"` means the string abc.
  if (typeof actual === 'string' && /^".*"$/s.test(expected.trim())) {
    try {
      if (JSON.parse(expected.trim()) === actual) return pass;
    } catch {
      // not a JSON string: compared as written above
    }
  }
  return fail(`expected ${showValue(c.value)}, got ${showValue(actual)}`);
}

function asText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return null;
}

function compareNumbers(actual: unknown, expected: string, cond: ConditionName): Verdict {
  const a = typeof actual === 'number' ? actual : typeof actual === 'string' && actual.trim() !== '' ? Number(actual) : NaN;
  if (Number.isNaN(a)) return fail(`${cond} compares numbers, but the value is ${typeName(actual)}${typeof actual === 'string' ? ` ('${showValue(actual)}')` : ''}`);
  const e = expected.trim() === '' ? NaN : Number(expected.trim());
  if (Number.isNaN(e)) return fail(`${cond} compares numbers, but '${expected.trim()}' is not a number`);
  const ok = cond === '>' ? a > e : cond === '>=' ? a >= e : cond === '<' ? a < e : a <= e;
  return ok ? pass : fail(`expected a value ${cond} ${e}, got ${a}`);
}

function digest(algorithm: 'sha256' | 'sha512' | 'md5', v: unknown): string | null {
  const text = asText(v);
  return text === null ? null : createHash(algorithm).update(text, 'utf8').digest('base64');
}

/** Applies one condition to a value that is present (`ABSENT` is handled by the caller). */
function applyCondition(cond: ConditionName, actual: unknown, expected: string): Verdict {
  switch (cond) {
    case '==':
      return equals(actual, expected);
    case '!=': {
      const v = equals(actual, expected);
      return v.pass ? fail(`expected anything but ${showValue(actual)}`) : pass;
    }
    case '>':
    case '>=':
    case '<':
    case '<=':
      return compareNumbers(actual, expected, cond);
    case 'startsWith':
    case 'endsWith': {
      const t = asText(actual);
      if (t === null) return fail(`${cond} works on text, but the value is ${typeName(actual)}`);
      const ok = cond === 'startsWith' ? t.startsWith(expected) : t.endsWith(expected);
      return ok ? pass : fail(`expected text that ${cond === 'startsWith' ? 'starts' : 'ends'} with '${showValue(expected)}', got '${showValue(t)}'`);
    }
    case 'includes': {
      if (Array.isArray(actual)) {
        const hit = actual.some((el) => {
          const c = convert(el, expected);
          return c.ok && deepEqual(el, c.value);
        });
        return hit ? pass : fail(`expected an array with an element equal to ${showValue(expected)}, got ${showValue(actual)}`);
      }
      const t = asText(actual);
      if (t === null) return fail(`includes works on text and arrays, but the value is ${typeName(actual)}`);
      return t.includes(expected) ? pass : fail(`expected text containing '${showValue(expected)}', got '${showValue(t)}'`);
    }
    case 'exists':
      return pass;
    case 'isTrue':
    case 'isFalse': {
      const want = cond === 'isTrue';
      if (actual === want || (typeof actual === 'string' && actual.trim().toLowerCase() === String(want))) return pass;
      if (typeof actual === 'boolean' || typeof actual === 'string') return fail(`expected ${want}, got ${showValue(actual)}`);
      return fail(`expected ${want}, but the value is ${typeName(actual)} (${showValue(actual)})`);
    }
    case 'isNumber':
      return typeof actual === 'number' ? pass : fail(`expected a number, got ${typeName(actual)} (${showValue(actual)})`);
    case 'isBoolean':
      return typeof actual === 'boolean' ? pass : fail(`expected a boolean, got ${typeName(actual)} (${showValue(actual)})`);
    case 'isString':
      return typeof actual === 'string' ? pass : fail(`expected a string, got ${typeName(actual)} (${showValue(actual)})`);
    case 'isArray':
      return Array.isArray(actual) ? pass : fail(`expected an array, got ${typeName(actual)} (${showValue(actual)})`);
    case 'matches': {
      const t = asText(actual);
      if (t === null) return fail(`matches works on text, but the value is ${typeName(actual)}`);
      const compiled = compilePattern(expected);
      if (!compiled.ok) return fail(compiled.message);
      const cut = t.length > MAX_MATCH_INPUT;
      const ok = compiled.re.matcher(cut ? t.slice(0, MAX_MATCH_INPUT) : t).find();
      return ok ? pass : fail(`expected text matching /${expected}/, got '${showValue(t)}'${cut ? ` (only the first ${MAX_MATCH_INPUT} characters were searched)` : ''}`);
    }
    case 'sha256':
    case 'sha512':
    case 'md5': {
      const d = digest(cond, actual);
      if (d === null) return fail(`${cond} needs a value to hash, but the value is ${typeName(actual)}`);
      return d === expected.trim() ? pass : fail(`expected the base64 ${cond} digest ${expected.trim()}, got ${d}`);
    }
  }
}

/** Compiles a `matches` pattern with RE2 (linear time); a bad or over-long pattern gives a message. */
export function compilePattern(pattern: string): { ok: true; re: RE2JS } | { ok: false; message: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { ok: false, message: `the pattern is longer than ${MAX_PATTERN_LENGTH} characters` };
  try {
    return { ok: true, re: RE2JS.compile(pattern) };
  } catch (err) {
    return { ok: false, message: `'${pattern}' is not a regular expression Reqlint can run (RE2 syntax: no look-around or back-references): ${err instanceof Error ? err.message : String(err)}` };
  }
}

/** The value an assertion reads, `ABSENT` when the answer has none, or a reason it cannot be read. */
function readField(a: Assertion, answer: AnswerView, body: BodyCache): { ok: true; value: unknown } | { ok: false; message: string; skip?: boolean } {
  const field = a.field.value;
  if (!isAssertionField(field)) {
    const foreign = FOREIGN_FIELDS[field];
    if (foreign) return { ok: false, skip: true, message: `'?? ${field}' evaluates ${foreign}; Reqlint never runs code, so this assertion was skipped` };
    return { ok: false, message: `'${field}' is not an assertion field (known: ${Object.keys(ASSERTION_FIELDS).join(', ')})` };
  }
  const arg = a.argument?.value ?? null;
  switch (field) {
    case 'status':
      return { ok: true, value: answer.status ?? ABSENT };
    case 'header': {
      if (!arg) return { ok: false, message: 'write the header name: ?? header Content-Type includes json' };
      const want = arg.toLowerCase();
      const values = answer.headers.filter(([k]) => k.toLowerCase() === want).map(([, v]) => v);
      return { ok: true, value: values.length ? values.join(', ') : ABSENT };
    }
    case 'body': {
      if (!arg) return { ok: true, value: answer.bodyText ?? ABSENT };
      const p = parseJsonPath(arg);
      if (!p.ok) return { ok: false, message: `'${arg}' is not a JSON path: ${p.message}` };
      const j = body.json();
      if (!j.ok) return { ok: false, message: answer.bodyText === null ? `the answer has no body, so ${arg} cannot be read` : `the body is not JSON, so ${arg} cannot be read from it` };
      const v = readJsonPath(j.value, p.steps);
      return { ok: true, value: v === undefined ? ABSENT : v };
    }
    case 'duration': {
      const part = arg ?? 'total';
      if (!DURATION_PARTS.includes(part)) return { ok: false, message: `'${part}' is not a duration part (known: ${DURATION_PARTS.join(', ')})` };
      if (part === 'total') return { ok: true, value: answer.durationMs };
      const t = answer.timings;
      const v = part === 'firstByte' ? t?.firstByteMs : part === 'download' ? t?.downloadMs : part === 'dns' ? t?.dnsMs : part === 'connect' ? t?.connectMs : t?.tlsMs;
      return { ok: true, value: v ?? ABSENT };
    }
  }
}

/**
 * Evaluates a request's `??` lines against its answer, in order. `substitute` fills `{{…}}` in
 * expected texts (an unresolved one fails its assertion, naming the hole). Never throws.
 */
export function evaluateAssertions(assertions: readonly Assertion[], answer: AnswerView, substitute: Substitute): TestCheck[] {
  const body = new BodyCache(answer.bodyText);
  return assertions.map((a) => evaluateOne(a, answer, body, substitute));
}

function evaluateOne(a: Assertion, answer: AnswerView, body: BodyCache, substitute: Substitute): TestCheck {
  const name = assertionName(a);
  const check = (outcome: TestCheck['outcome'], message: string, extra: Partial<TestCheck> = {}): TestCheck => ({ name, source: 'assertion', range: a.range, outcome, message, ...extra });
  try {
    const value = readField(a, answer, body);
    if (!value.ok) return check(value.skip ? 'skipped' : 'failed', value.message);
    if (!a.condition) return check('failed', `no condition: write one of ==, !=, >, >=, <, <=, startsWith, endsWith, includes, exists, isTrue, isFalse, isNumber, isBoolean, isString, isArray, matches after ${a.field.value}${a.argument ? ' ' + a.argument.value : ''}`);
    const cond = conditionBySpelling(a.condition.value)!;
    let expected = a.expected?.value ?? '';
    if (cond.expected && a.expected === null) return check('failed', `${cond.spellings[0]} needs an expected value after it`);
    if (expected.includes('{{')) {
      const s = substitute(expected);
      if (s.unresolved.length) return check('failed', `${s.unresolved.map((u) => `{{${u}}}`).join(', ')} could not be resolved, so the expected value is unknown`);
      expected = s.text;
    }
    const actual = value.value;
    const shown = { expected: cond.expected ? expected : cond.name, actual: showValue(actual) };
    if (actual === ABSENT) {
      if (cond.name === '!=') return check('passed', '', shown);
      const what = a.field.value === 'status' ? 'there was no answer' : a.field.value === 'header' ? `the answer has no ${a.argument?.value ?? ''} header` : a.argument ? `${a.argument.value} is not in the body` : 'the answer has no body';
      return check('failed', `expected ${cond.expected ? `${cond.spellings[0]} ${expected}` : cond.name}, but ${what}`, shown);
    }
    const v = applyCondition(cond.name, actual, expected);
    return v.pass ? check('passed', '', shown) : check('failed', v.message, shown);
  } catch (err) {
    // Defensive only: one assertion must not take the others (or the run) down with it.
    return check('failed', `internal error while evaluating this assertion: ${err instanceof Error ? err.message : String(err)}`);
  }
}
