import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { parseHttp, printRequest } from '../../src/core/http/parser';
import { evaluateAssertions, type AnswerView } from '../../src/core/test/assert';
import type { TestCheck } from '../../src/core/test/types';
import { jsonPathLookup, parseJsonPath } from '../../src/core/vars/json-path';

const BODY = {
  total: 3,
  zero: 0,
  name: 'Widget Pro',
  active: true,
  off: false,
  nothing: null,
  tags: ['a', 'b'],
  ids: [1, 2, 3],
  items: [{ id: 'x1', price: 9.5 }],
  nested: { a: { b: 'c' } },
  'odd key': 'yes',
};

const ANSWER: AnswerView = {
  status: 201,
  headers: [
    ['Content-Type', 'application/json; charset=utf-8'],
    ['X-Count', '42'],
    ['X-Flag', 'true'],
    ['Set-Cookie', 'a=1'],
    ['set-cookie', 'b=2'],
  ],
  bodyText: JSON.stringify(BODY),
  durationMs: 120,
  timings: { firstByteMs: 80, downloadMs: 5, dnsMs: 1, connectMs: 2, tlsMs: null },
};

const noVars = (t: string): { text: string; unresolved: string[] } => ({ text: t, unresolved: [] });

/** Evaluates one `??` line (written after a request) against `answer`. */
function check(line: string, answer: AnswerView = ANSWER, substitute = noVars): TestCheck {
  const f = parseHttp(`GET https://api.test/x\n\n${line}\n`);
  assert.deepEqual(f.problems, []);
  assert.equal(f.requests[0].assertions.length, 1, `one assertion parsed from ${line}`);
  const [c] = evaluateAssertions(f.requests[0].assertions, answer, substitute);
  assert.ok(!/internal error/.test(c.message), c.message);
  return c;
}

function passes(line: string, answer?: AnswerView): void {
  const c = check(line, answer);
  assert.equal(c.outcome, 'passed', `${line}: ${c.message}`);
}

function fails(line: string, message: RegExp, answer?: AnswerView): void {
  const c = check(line, answer);
  assert.equal(c.outcome, 'failed', `${line} should fail`);
  assert.match(c.message, message);
}

describe('?? assertion lines: parsing', () => {
  it('splits field, argument, condition and expected with exact ranges', () => {
    const text = 'GET https://api.test/x\n\n?? body $.items[0].id == abc def\n';
    const a = parseHttp(text).requests[0].assertions[0];
    assert.equal(a.field.value, 'body');
    assert.equal(a.argument?.value, '$.items[0].id');
    assert.equal(a.condition?.value, '==');
    assert.equal(a.expected?.value, 'abc def');
    assert.deepEqual(a.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 32 } });
    assert.equal(text.slice(a.argument.start, a.argument.end), '$.items[0].id');
    assert.deepEqual(a.condition.range, { start: { line: 2, character: 22 }, end: { line: 2, character: 24 } });
  });

  it('reads ?? lines after headers, after a JSON body and after a handler, and keeps them out of the body', () => {
    const text = 'POST https://api.test/x\nContent-Type: application/json\n?? status == 201\n\n{"a": 1}\n\n?? body $.a == 1\n> {% client.log(1) %}\n?? header X-A exists\n';
    const f = parseHttp(text);
    assert.deepEqual(f.problems, []);
    const r = f.requests[0];
    assert.equal(r.headers.length, 1);
    assert.equal(r.body?.kind === 'inline' && r.body.text.value, '{"a": 1}');
    assert.deepEqual(r.assertions.map((a) => a.field.value), ['status', 'body', 'header']);
  });

  it('reads a two-word condition (not equals) and a line with no known condition', () => {
    const r = parseHttp('GET https://a.test\n\n?? status not equals 404\n?? status eq 200\n').requests[0];
    assert.equal(r.assertions[0].condition?.value, 'not equals');
    assert.equal(r.assertions[0].expected?.value, '404');
    assert.equal(r.assertions[1].condition, null);
    assert.equal(r.assertions[1].argument?.value, 'eq 200');
  });

  it('keeps `??` lines of different requests apart and prints them back', () => {
    const f = parseHttp('GET https://a.test/1\n\n?? status == 200\n\n###\nGET https://a.test/2\n?? status == 404\n');
    assert.equal(f.requests.length, 2);
    assert.equal(f.requests[0].assertions.length, 1);
    assert.equal(f.requests[1].assertions[0].expected?.value, '404');
    const again = parseHttp(printRequest(f.requests[0])).requests[0];
    assert.equal(again.assertions[0].condition?.value, '==');
  });

  it('a `?x=1` query continuation is still URL text', () => {
    const r = parseHttp('GET https://a.test/x\n?a=1\n').requests[0];
    assert.equal(r.url.value, 'https://a.test/x?a=1');
    assert.equal(r.assertions.length, 0);
  });
});

describe('?? assertion lines: fields', () => {
  it('status, header (case-insensitive, values joined), body text, duration and its parts', () => {
    passes('?? status == 201');
    passes('?? header content-type startsWith application/json');
    passes('?? header SET-COOKIE == a=1, b=2');
    passes('?? body includes "Widget Pro"');
    passes('?? duration < 1000');
    passes('?? duration firstByte == 80');
    fails('?? duration tls exists', /expected exists/);
    fails('?? duration warp < 3', /not a duration part/);
  });

  it('a JSON path: $. form, bare httpYac form, quoted keys, array length', () => {
    passes('?? body $.items[0].id == x1');
    passes('?? body items[0].price == 9.5');
    passes("?? body $['odd key'] == yes");
    passes('?? body $.nested.a.b == c');
    passes('?? body $.tags.length == 2');
    fails('?? body $.missing exists', /not in the body/);
    fails('?? body $.items[ == 1', /not a JSON path/);
    fails('?? body $.a == 1', /body is not JSON/, { ...ANSWER, bodyText: '<html>' });
  });

  it('fails when there was no answer and skips code-running fields', () => {
    fails('?? status == 200', /no answer/, { ...ANSWER, status: null });
    assert.equal(check('?? js response.parsedBody.total == 3').outcome, 'skipped');
    fails('?? stats == 200', /not an assertion field/);
    fails('?? status eq 200', /no condition/);
    fails('?? status ==', /needs an expected value/);
  });

  it('substitutes {{variables}} in the expected value and fails on an unresolved one', () => {
    const sub = (t: string): { text: string; unresolved: string[] } => (t.includes('{{want}}') ? { text: t.replace('{{want}}', '201'), unresolved: [] } : { text: t, unresolved: ['nope'] });
    assert.equal(check('?? status == {{want}}', ANSWER, sub).outcome, 'passed');
    const c = check('?? status == {{nope}}', ANSWER, sub);
    assert.equal(c.outcome, 'failed');
    assert.match(c.message, /\{\{nope\}\} could not be resolved/);
  });
});

describe('?? assertion lines: every condition (hit, miss, type mismatch)', () => {
  it('== / === / equals', () => {
    passes('?? body $.total == 3');
    passes('?? body $.total === 3');
    passes('?? body $.name equals Widget Pro');
    passes('?? body $.name == "Widget Pro"');
    passes('?? body $.ids == [1,2,3]');
    passes('?? body $.active == true');
    passes('?? body $.nothing == null');
    const miss = check('?? body $.total == 4');
    assert.equal(miss.outcome, 'failed');
    assert.equal(miss.expected, '4');
    assert.equal(miss.actual, '3');
    fails('?? body $.total == three', /is a number but 'three' is not/);
    fails('?? body $.active == yes', /neither true nor false/);
    fails('?? body $.ids == [1,2', /not JSON/);
  });

  it('!= / !== / not equals', () => {
    passes('?? status != 200');
    passes('?? status !== 500');
    passes('?? status not equals 404');
    passes('?? header X-Absent != anything');
    fails('?? status != 201', /anything but 201/);
    // A value of another type is never equal, so != holds (as in httpYac).
    passes('?? body $.total != x');
    passes('?? body $.ids != {"a":1}');
  });

  it('> >= < <=', () => {
    passes('?? status > 200');
    passes('?? status >= 201');
    passes('?? status < 300');
    passes('?? status <= 201');
    passes('?? header X-Count > 41');
    fails('?? status > 201', /expected a value > 201, got 201/);
    fails('?? status >= 202', /expected a value >= 202/);
    fails('?? status < 201', /expected a value < 201/);
    fails('?? status <= 200', /expected a value <= 200/);
    fails('?? body $.name > 3', /compares numbers, but the value is a string/);
    fails('?? status < abc', /'abc' is not a number/);
    fails('?? body $.tags >= 1', /compares numbers, but the value is an array/);
  });

  it('startsWith / endsWith', () => {
    passes('?? body $.name startsWith Widget');
    passes('?? body $.name endsWith Pro');
    passes('?? status startsWith 2');
    fails('?? body $.name startsWith Pro', /starts with 'Pro'/);
    fails('?? body $.name endsWith Widget', /ends with 'Widget'/);
    fails('?? body $.nothing startsWith x', /works on text, but the value is null/);
    fails('?? body $.nothing endsWith x', /works on text, but the value is null/);
  });

  it('includes / contains (text and arrays)', () => {
    passes('?? body $.name includes get');
    passes('?? body $.name contains Pro');
    passes('?? body $.tags includes b');
    passes('?? body $.ids contains 2');
    fails('?? body $.name includes zzz', /containing 'zzz'/);
    fails('?? body $.ids includes 7', /an element equal to 7/);
    fails('?? body $.nothing includes x', /works on text and arrays, but the value is null/);
  });

  it('exists (JSON null and 0 are present)', () => {
    passes('?? body $.zero exists');
    passes('?? body $.nothing exists');
    passes('?? header x-count exists');
    fails('?? header X-Missing exists', /has no X-Missing header/);
    fails('?? body exists', /has no body/, { ...ANSWER, bodyText: null });
  });

  it('isTrue / isFalse', () => {
    passes('?? body $.active isTrue');
    passes('?? body $.off isFalse');
    passes('?? header X-Flag isTrue');
    fails('?? body $.off isTrue', /expected true, got false/);
    fails('?? body $.active isFalse', /expected false, got true/);
    fails('?? body $.total isTrue', /the value is a number/);
    fails('?? body $.tags isFalse', /the value is an array/);
  });

  it('isNumber / isBoolean / isString / isArray', () => {
    passes('?? body $.total isNumber');
    passes('?? body $.active isBoolean');
    passes('?? body $.name isString');
    passes('?? body $.tags isArray');
    fails('?? body $.name isNumber', /expected a number, got a string/);
    fails('?? body $.total isBoolean', /expected a boolean, got a number/);
    fails('?? body $.ids isString', /expected a string, got an array/);
    fails('?? body $.nested isArray', /expected an array, got an object/);
    fails('?? header X-Count isNumber', /got a string/);
  });

  it('matches (RE2: linear time, no back-references)', () => {
    passes('?? body $.items[0].id matches ^x\\d+$');
    passes('?? header content-type matches json');
    fails('?? body $.name matches ^\\d+$', /expected text matching/);
    fails('?? body $.name matches (a)\\1', /not a regular expression Reqlint can run/);
    fails('?? body $.nothing matches x', /works on text, but the value is null/);
    // A pattern that backtracks exponentially in a backtracking engine finishes at once in RE2.
    const long = { ...ANSWER, bodyText: JSON.stringify({ s: 'a'.repeat(5000) + '!' }) };
    fails('?? body $.s matches ^(a+)+$', /expected text matching/, long);
  });

  it('sha256 / sha512 / md5 (base64 digests, as httpYac)', () => {
    const d = (alg: string): string => createHash(alg).update('Widget Pro').digest('base64');
    passes(`?? body $.name sha256 ${d('sha256')}`);
    passes(`?? body $.name sha512 ${d('sha512')}`);
    passes(`?? body $.name md5 ${d('md5')}`);
    fails('?? body $.name sha256 nope', /expected the base64 sha256 digest/);
    fails('?? body $.nothing md5 x', /needs a value to hash, but the value is null/);
  });
});

describe('JSON paths', () => {
  it('parses steps with offsets and refuses broken ones', () => {
    const p = parseJsonPath("$.a[0]['b c']");
    assert.ok(p.ok);
    if (p.ok) assert.deepEqual(p.steps.map((s) => [s.kind, s.key, s.start, s.end]), [['key', 'a', 1, 3], ['index', '0', 3, 6], ['key', 'b c', 6, 13]]);
    assert.equal(parseJsonPath('$.a[').ok, false);
    assert.equal(parseJsonPath('$..a').ok, false);
    assert.equal(jsonPathLookup({ a: [{ b: 1 }] }, 'a.0.b'), 1);
    assert.equal(jsonPathLookup({ a: 'xyz' }, '$.a.length'), 3);
    assert.equal(jsonPathLookup({ a: 1 }, '$.b'), undefined);
  });
});
