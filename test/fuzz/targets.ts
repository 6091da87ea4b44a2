// Property-based targets over the engine's parsers and fixes. The same targets run in `npm test`
// (few cases, fixed seed) and in `npm run fuzz` (many cases); a failure prints its seed and path so
// it replays exactly with `npm run fuzz -- --target NAME --seed S --path P`.
import { strict as assert } from 'node:assert';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parseConfigText } from '../../src/core/config/validate';
import { ConfigError, defaultConfig } from '../../src/core/config/types';
import { classifyResponse } from '../../src/core/classify/classify';
import { ERROR_CATEGORIES } from '../../src/core/classify/types';
import type { Finding } from '../../src/core/findings';
import { applyTextEdits } from '../../src/core/fix/apply';
import type { HttpFile, HttpRequest, Spanned } from '../../src/core/http/ast';
import { nodeValue, parseJsonBody } from '../../src/core/http/json-body';
import { parseHttp, printHttp } from '../../src/core/http/parser';
import { lintHttpText } from '../../src/core/lint/engine';
import { readProfiles } from '../../src/core/profiles/load';
import { parseRetryAfter, RETRY_AFTER_LIMIT_MS } from '../../src/core/retry/retry-after';
import type { Range } from '../../src/core/text/position';
import { buildScope } from '../../src/core/vars/scope';
import { blankHoles, findEmail } from '../../src/core/profiles/formats';
import { findHoles } from '../../src/core/lint/engine';
import { substituteKnown } from '../../src/core/profiles/context';
import { LineIndex } from '../../src/core/text/position';

/**
 * Hostile strings for the ReDoS targets: short mixes of `units` (checked against a reference) and
 * long ones where one unit repeats thousands of times between others (the shapes that were quadratic).
 */
function hostileText(units: string[]): fc.Arbitrary<string> {
  const unit = fc.constantFrom(...units);
  const short = fc.array(unit, { maxLength: 60 }).map((a) => a.join(''));
  const long = fc.array(fc.tuple(unit, fc.integer({ min: 1, max: 60_000 })), { minLength: 1, maxLength: 4 }).map((parts) => parts.map(([u, n]) => u.repeat(n)).join(''));
  return fc.oneof({ weight: 3, arbitrary: short }, { weight: 1, arbitrary: long });
}

const EMAIL_REFERENCE = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/;

/** The e-mail scan as a plain regex (quadratic on long runs; only used on short text). */
function referenceEmail(s: string): string | null {
  if (!s.includes('@')) return null;
  const m = EMAIL_REFERENCE.exec(s.replace(/\{\{[^}]*\}\}/g, ' '));
  return m ? m[0] : null;
}

/** One fuzz target: a name and the property fast-check runs. */
export interface FuzzTarget {
  name: string;
  property: () => fc.IPropertyWithHooks<unknown[]>;
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Lines a real .http file is made of, plus hostile pieces (lone surrogates, NUL, BOM, CR, deep braces). */
const HTTP_PIECES = [
  '###', '### title', '# @name a', '# @name b-2', '// @no-redirect', '# reqlint-disable-next-line body/format', '# reqlint-disable', '# reqlint-enable',
  'GET /a', 'POST https://api.qrstudio.agency/api/v1/generate/', 'post {{host}}/x?y={{z}}', 'GET http://[::1]:8080/', 'PUT https://h.example/p HTTP/1.1',
  '    &page=2', '?q=1', 'Content-Type: application/json', 'X-Api-Key: {{key}}', 'Authorization: Bearer smk_live_1234567890abcdef', 'A:b', ':no-name', 'no colon here',
  '', '', '{', '}', '[', ']', '"a": 1,', '{"data": "{{url}}", "size_inches": {{n}}}', '{{', '}}', '{{a}}{{b}}', '{{ {{x}} }}', '{{$processEnv HOME}}',
  '{{$dotenv X}}', '{{$randomInt 1 9}}', '{{$datetime iso8601 1 d}}', '> {%', 'client.global.set("t", 1)', '%}', '> handler.js', '>> out.json', '>>! out.json', '<> prev.json',
  '< ./body.json', '<@ ./body.json', '<@latin1 ./b.txt', '< ../../etc/passwd', '@host = https://h.example', '@a = {{b}}', '@b = {{a}}', '--boundary', 'Content-Type: multipart/form-data; boundary=boundary',
  'Content-Disposition: form-data; name="f"; filename="a.txt"', '--boundary--', '\t', '\u00a0', '\ufeff', '\u0000', '\ud800', '\udc00x', '\u2028', 'é', '😀',
];

const httpPiece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HTTP_PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('{', '}', '"', ':', ',', '\\', '#', '<', '>', '@', ' ', '\t', 'a', '\r', '\n'), maxLength: 16 }) },
);

const randomLines = fc.array(httpPiece, { maxLength: 12 });
/** A request block shaped as a file would have it (separator, metadata, request line, headers, blank, body), with hostile pieces mixed in. */
const requestBlock = fc
  .tuple(
    fc.constantFrom('###', '### t', '', '###\u00a0x'),
    fc.array(fc.constantFrom('# @name r', '// @name r2', '# @no-log', '# reqlint-disable-next-line *'), { maxLength: 2 }),
    fc.constantFrom('GET', 'POST', 'put', 'PROPFIND', '', 'FOO'),
    fc.constantFrom('https://api.qrstudio.agency/api/v1/generate/', '{{host}}/a', '/rel?x=1', 'http://[::1]:1/', 'https://track.scanova.io/ct', 'h.example', 'https://management.scanova.io/qr/', 'http://a.example/{{p}}?q={{q}}'),
    fc.constantFrom('', ' HTTP/1.1', ' HTTP/2'),
    fc.array(fc.constantFrom('    ?page=1', '    &x={{y}}'), { maxLength: 2 }),
    fc.array(fc.constantFrom('Content-Type: application/json', 'X-Api-Key: {{key}}', 'Authorization: Bearer abc', 'A:', 'bad header', 'Content-Type: multipart/form-data; boundary=b'), { maxLength: 3 }),
    fc.option(fc.array(httpPiece, { minLength: 1, maxLength: 8 })),
    randomLines,
  )
  .map(([sep, meta, m, url, ver, cont, headers, body, noise]) => [sep, ...meta, `${m ? m + ' ' : ''}${url}${ver}`, ...cont, ...headers, ...(body ? ['', ...body] : []), ...noise]);

/** An arbitrary .http-looking text joined with any of the line-break styles (mixed within one file too). */
export const httpText: fc.Arbitrary<string> = fc
  .tuple(randomLines, fc.array(requestBlock, { maxLength: 5 }), fc.infiniteStream(fc.constantFrom('\n', '\n', '\r\n', '\r')))
  .map(([head, blocks, eols]) => [...head, ...blocks.flat()].map((l) => l + (eols.next().value as string)).join(''));

// ---------------------------------------------------------------------------------------------
// Range checks

/** Asserts a 0-based range lies inside `text` (each position on an existing line, at most its length) and is ordered. */
export function assertRangeInside(file: HttpFile, r: Range, what: string): void {
  const { lines } = file;
  for (const p of [r.start, r.end]) {
    assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} outside 0..${lines.lineCount - 1}`);
    const len = lines.lineEnd(p.line) - lines.lineStarts[p.line];
    assert.ok(Number.isInteger(p.character) && p.character >= 0 && p.character <= len, `${what}: character ${p.character} outside 0..${len} on line ${p.line}`);
  }
  const a = lines.offsetAt(r.start);
  const b = lines.offsetAt(r.end);
  assert.ok(a <= b, `${what}: range ends before it starts`);
}

function assertSpanned(file: HttpFile, s: Spanned<unknown>, what: string, exact = true): void {
  assertRangeInside(file, s.range, what);
  assert.ok(s.start >= 0 && s.start <= s.end && s.end <= file.text.length, `${what}: offsets ${s.start}..${s.end} outside the text`);
  assert.equal(file.lines.offsetAt(s.range.start), s.start, `${what}: range start and offset disagree`);
  assert.equal(file.lines.offsetAt(s.range.end), s.end, `${what}: range end and offset disagree`);
  if (exact && typeof s.value === 'string') assert.equal(file.text.slice(s.start, s.end), s.value, `${what}: value is not the text it spans`);
}

/** Every range of a parsed file inside its text, and every single-span value equal to the text it covers. */
export function assertFileRanges(file: HttpFile): void {
  for (const m of file.metadata) assertRangeInside(file, m.range, 'file metadata');
  for (const v of file.fileVariables) {
    assertSpanned(file, v.name, 'variable name');
    assertRangeInside(file, v.value.range, 'variable value');
    assertRangeInside(file, v.range, 'variable line');
  }
  for (const p of file.problems) assertRangeInside(file, p.range, `problem ${p.rule}`);
  for (const r of file.requests) {
    const w = `request ${r.index}`;
    assertRangeInside(file, r.range, w);
    assertRangeInside(file, r.requestLine, `${w} request line`);
    assertRangeInside(file, r.method.range, `${w} method`);
    // A URL continued over several lines is joined, so its value is not one slice of the text.
    assertRangeInside(file, r.url.range, `${w} url`);
    if (r.httpVersion) assertSpanned(file, r.httpVersion, `${w} version`);
    for (const m of r.metadata) assertRangeInside(file, m.range, `${w} metadata`);
    for (const h of r.headers) {
      assertSpanned(file, h.name, `${w} header name`);
      assertRangeInside(file, h.value.range, `${w} header value`);
      assertRangeInside(file, h.range, `${w} header line`);
    }
    for (const v of r.variables) {
      assertRangeInside(file, v.range, `${w} hole`);
      assert.ok(file.text.startsWith('{{', v.start) && file.text.startsWith('}}', v.end - 2), `${w}: hole ${v.start}..${v.end} is not {{…}}`);
    }
    for (const h of r.handlers) assertRangeInside(file, h.range, `${w} handler`);
    const b = r.body;
    if (b) {
      if (b.kind === 'file') assertSpanned(file, b.file.path, `${w} body file`);
      else assertSpanned(file, b.text, `${w} body`);
      if (b.kind === 'multipart') for (const part of b.parts) assertRangeInside(file, part.range, `${w} part`);
      if (b.kind === 'mixed') for (const f of b.files) assertSpanned(file, f.path, `${w} mixed file`);
    }
  }
}

/** What a request means, independent of where it was written. */
function requestMeaning(r: HttpRequest): unknown {
  return {
    name: r.name,
    method: r.method.value,
    url: r.url.value,
    version: r.httpVersion?.value ?? null,
    headers: r.headers.map((h) => [h.name.value, h.value.value]),
    body: r.body === null ? null : r.body.kind === 'file' ? ['file', r.body.file.path.value, r.body.file.substituteVariables, r.body.file.encoding] : [r.body.kind, r.body.text.value.replace(/\r\n?/g, '\n')],
  };
}

// ---------------------------------------------------------------------------------------------
// Lint + fixes over requests for the built-in profiles

const uuid = '7ad26d4f-3181-4ef8-b6ca-b8f59499dd43';
/** Field values that break (and some that satisfy) the documented rules, holes included. */
const fieldValue = fc.constantFrom<unknown>(
  '', ' ', 'x', 'https://example.com/a', 'example.com/b', 'http://192.168.1.10/l.png', 'http://localhost/x', 'eur', 'EUR', 'usd', 'XXX', 'rouge', '#1F3B57', '#fff', 'black',
  'session-42', uuid, 'jane.doe@example.com', ' John@Example.COM ', '{"url": "https://e.com"}', '{url: nope', 'Short', 'A long enough name', 0, 1, 3, 4, 15, 16, 20, 300, 600, -1, 1.5, true, null, [], {},
  '{{v}}', '"{{v}}"',
);
const key = fc.constantFrom(
  'data', 'data_type', 'size_inches', 'dpi', 'color', 'logo_url', 'logo_file', 'event_name', 'eventName', 'scan_session_id', 'scan_session', 'site_id', 'conversion_value', 'currency', 'amount',
  'properties', 'email', 'user_identifiers', 'name', 'category', 'qr_type', 'info', 'url', 'brand', 'pattern_info', 'customer', 'x',
);
type Obj = Array<[string, unknown]>;
// Mostly flat objects (where the documented fields live), sometimes one level of nesting.
const innerEntries: fc.Arbitrary<Obj> = fc.array(fc.tuple(key, fieldValue), { maxLength: 4 });
const objEntries: fc.Arbitrary<Obj> = fc.array(fc.tuple(key, fc.oneof({ weight: 5, arbitrary: fieldValue }, { weight: 1, arbitrary: innerEntries.map((o) => ({ __obj: o })) })), { maxLength: 7 });

function renderValue(v: unknown, indent: string): string {
  if (v && typeof v === 'object' && '__obj' in v) return renderObject((v as { __obj: Obj }).__obj, indent + '  ');
  if (typeof v === 'string' && /^"?\{\{v\}\}"?$/.test(v)) return v;
  return JSON.stringify(v);
}

function renderObject(entries: Obj, indent: string): string {
  if (!entries.length) return '{}';
  const seen = new Set<string>();
  // Duplicate keys are legal JSON but make "the same finding" ambiguous; keep the first.
  const unique = entries.filter(([k]) => !seen.has(k) && seen.add(k));
  return `{\n${unique.map(([k, v]) => `${indent}  ${JSON.stringify(k)}: ${renderValue(v, indent)}`).join(',\n')}\n${indent}}`;
}

/** Documented-good bodies (from the demo) to mutate one to three fields of, so each rule's finding and fix come up often. */
const GOOD: Record<string, Obj> = {
  qrstudio: [['data', 'https://example.com/spring'], ['data_type', 'url'], ['size_inches', 4], ['color', '#1F3B57']],
  tracking: [['event_name', 'purchase'], ['site_id', 's1'], ['scan_session_id', uuid], ['conversion_value', { __obj: [['amount', 49.5], ['currency', 'EUR']] }], ['properties', { __obj: [['plan', 'pro']] }]],
  scanova: [['name', 'Spring campaign poster'], ['category', 1], ['qr_type', 'dy'], ['info', '{"url": "https://example.com/spring"}']],
};
const mutationKey = fc.oneof(key, fc.constantFrom('data', 'data_type', 'size_inches', 'color', 'logo_url', 'scan_session_id', 'currency', 'email', 'name', 'info', 'qr_type', 'eventName'));
const mutation = fc.tuple(mutationKey, fc.oneof(fieldValue, fc.constant(undefined)), fc.constantFrom<'top' | 'conversion_value' | 'properties'>('top', 'top', 'conversion_value', 'properties'));
function mutate(good: Obj, muts: Array<[string, unknown, string]>): Obj {
  const out: Obj = good.map(([k, v]) => [k, v && typeof v === 'object' && '__obj' in v ? { __obj: [...(v as { __obj: Obj }).__obj] } : v]);
  for (const [k, v, where] of muts) {
    const target = where === 'top' ? out : ((out.find(([n]) => n === where)?.[1] as { __obj: Obj } | undefined)?.__obj ?? out);
    const i = target.findIndex(([n]) => n === k);
    if (v === undefined) {
      if (i >= 0) target.splice(i, 1);
    } else if (i >= 0) target[i] = [k, v];
    else target.push([k, v]);
  }
  return out;
}
const goodBody = (name: string): fc.Arbitrary<string> => fc.array(mutation, { minLength: 1, maxLength: 3 }).map((ms) => renderObject(mutate(GOOD[name], ms), ''));

const endpoint = fc.constantFrom<[string, string, string]>(
  ['POST', 'https://api.qrstudio.agency/api/v1/generate/', 'X-Api-Key'],
  ['POST', 'http://api.qrstudio.agency/api/v1/generate/', 'X-Api-Key'],
  ['POST', 'https://track.scanova.io/server-events', 'X-API-Key'],
  ['POST', 'https://track.scanova.io/server-events/batch', 'X-API-Key'],
  ['POST', 'https://management.scanova.io/qr/', 'Authorization'],
  ['PATCH', 'https://management.scanova.io/qr/12/', 'Authorization'],
);
const GOOD_FOR: Record<string, string> = {
  'https://api.qrstudio.agency/api/v1/generate/': 'qrstudio',
  'http://api.qrstudio.agency/api/v1/generate/': 'qrstudio',
  'https://track.scanova.io/server-events': 'tracking',
  'https://management.scanova.io/qr/': 'scanova',
};
const authValue = fc.constantFrom<string | null>(null, '{{apiKey}}', 'Bearer {{apiKey}}', 'sk_live_0123456789', 'smk_live_0123456789abcdef', 'Bearer abc');
const requestText = fc
  .record({
    ep: endpoint,
    auth: authValue,
    contentType: fc.boolean(),
    idem: fc.constantFrom<string | null>(null, '{{$uuid}}', 'k-1'),
    good: fc.constantFrom('qrstudio', 'tracking', 'scanova'),
    body: fc.oneof(objEntries.map((o) => renderObject(o, '')), fc.array(objEntries, { minLength: 1, maxLength: 3 }).map((os) => `[\n${os.map((o) => renderObject(o, '  ')).join(',\n')}\n]`)),
  })
  .chain((r) => (r.ep[1].includes('/batch') || r.ep[1].includes('/12/') ? fc.constant(r) : fc.oneof(fc.constant(r), fc.constant(r), goodBody(GOOD_FOR[r.ep[1]] ?? r.good).map((body) => ({ ...r, body })))))
  .map(({ ep: [m, url, authHeader], auth, contentType, idem, body }) => {
    const lines = [`${m} ${url}`];
    if (auth !== null) lines.push(`${authHeader}: ${auth}`);
    if (idem !== null) lines.push(`Idempotency-Key: ${idem}`);
    if (contentType) lines.push('Content-Type: application/json');
    return `${lines.join('\n')}\n\n${body}\n`;
  });
/** One or two requests (two make the file-level rules, e.g. a reused Idempotency-Key, fire). */
export const lintableFile: fc.Arbitrary<string> = fc
  .tuple(fc.array(requestText, { minLength: 1, maxLength: 2 }), fc.constantFrom('\n', '\r\n'))
  .map(([rs, eol]) => ['@apiKey = {{$processEnv NO_SUCH_VAR}}', '', ...rs.map((r, i) => `### r${i}\n# @name r${i}\n${r}`)].join('\n').replace(/\n/g, eol));

const LINT_PATH = '/nonexistent-reqlint-fuzz/fuzz.http';
const lintConfig = defaultConfig('/nonexistent-reqlint-fuzz');
function lint(text: string): Finding[] {
  // No variables files on disk and no process environment: a run never depends on the machine.
  const scope = (f: HttpFile | null) => buildScope(f ?? parseHttp(''), { filePath: LINT_PATH, readText: () => undefined, processEnv: {}, now: () => new Date(0), random: () => 0.5 });
  return lintHttpText(LINT_PATH, text, { config: lintConfig, scope }).findings;
}

function bodiesParse(text: string): boolean[] {
  return parseHttp(text).requests.map((r) => r.body !== null && r.body.kind === 'inline' && parseJsonBody(r.body.text.value).errors.length === 0);
}

const findingKey = (f: Finding): string => `${f.rule}\u0000${f.request}\u0000${f.message}`;

// ---------------------------------------------------------------------------------------------
// Targets

/** Every target, in the order `npm run fuzz` runs them. */
export const targets: FuzzTarget[] = [
  {
    name: 'http-parser',
    // Never throws; every range inside the document; spans equal the text they cover.
    property: () => fc.property(httpText, (text) => assertFileRanges(parseHttp(text))),
  },
  {
    name: 'http-print-parse',
    // parse → print → parse keeps every request's meaning (method, URL, headers, body, name).
    property: () =>
      fc.property(httpText, (text) => {
        const first = parseHttp(text);
        const again = parseHttp(printHttp(first));
        assert.deepEqual(again.requests.map(requestMeaning), first.requests.map(requestMeaning));
        assertFileRanges(again);
      }),
  },
  {
    name: 'vars-resolve',
    // Resolution never throws and terminates on cycles; holes lie inside the input; a text without holes is unchanged.
    property: () =>
      fc.property(httpText, httpText, fc.dictionary(fc.constantFrom('HOME', 'X', 'a', 'b', 'TOKEN'), fc.string({ maxLength: 8 })), (defs, text, env) => {
        const scope = buildScope(parseHttp(defs), { filePath: LINT_PATH, readText: () => undefined, processEnv: env, secrets: (n) => (n === 'a' ? 'S3CRET' : undefined), now: () => new Date(0), random: () => 0.25 });
        const res = scope.resolve(text);
        for (const h of res.holes) {
          assert.ok(h.start >= 0 && h.start < h.end && h.end <= text.length, `hole ${h.start}..${h.end} outside the input`);
          assert.ok(text.startsWith('{{', h.start), 'hole does not start with {{');
        }
        if (!text.includes('{{')) assert.equal(res.text, text);
        for (const v of scope.variables()) scope.lookup(v.name);
      }),
  },
  {
    name: 'json-body',
    // Valid JSON parses to its value with no error; any text (holes included) never throws and keeps offsets inside [base, base+length].
    property: () =>
      fc.property(
        fc.oneof(fc.jsonValue({ maxDepth: 4 }).map((v) => ({ text: JSON.stringify(v, null, 1), value: v })), fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '\\', '1', 'a', ' ', '\n', 'n', 'u', 'l', 't', 'e'), maxLength: 60 }).map((text) => ({ text, value: undefined }))),
        fc.nat(1000),
        fc.boolean(),
        ({ text: raw, value }, base, withHole) => {
          // A bare hole standing in for the first value keeps JSON valid once holes are accounted for.
          // (Not when the text already holds a `{{`: a hole opens at the first `{{` of a line, so one in a
          // key before it would swallow the new hole, by the same rule the .http parser follows.)
          const text = withHole && value !== undefined && !raw.includes('{{') ? raw.replace(/(:\s*)(-?\d[\d.eE+-]*|true|false|null)/, '$1{{h}}') : raw;
          const body = parseJsonBody(text, base);
          for (const e of body.errors) assert.ok(e.offset >= base && e.offset + e.length <= base + text.length + 1, `error at ${e.offset} outside the body`);
          for (const h of body.holes) assert.ok(h.start >= base && h.end <= base + text.length && text.startsWith('{{', h.start - base), 'hole outside the body');
          assert.equal(body.parsedText.length, text.length);
          if (value !== undefined) {
            assert.deepEqual(body.errors, [], `valid JSON reported invalid: ${text}`);
            // jsonc-parser builds null-prototype objects; compare through JSON to see values only.
            if (text === raw) assert.ok(isDeepStrictEqual(JSON.parse(JSON.stringify(nodeValue(body, body.root!))), JSON.parse(text)), 'parsed value differs from the JSON written');
          }
        },
      ),
  },
  {
    name: 'config',
    // Any config text either loads or fails with a ConfigError naming the problem; nothing else escapes.
    property: () =>
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 60 }),
          fc.record(
            {
              rules: fc.dictionary(fc.constantFrom('body/format', 'nope', 'body/pii-email', ''), fc.constantFrom<unknown>('off', 'error', 'warn', 3, null)),
              environment: fc.constantFrom<unknown>('dev', null, 1, ''),
              profiles: fc.array(fc.constantFrom<unknown>('./p.json', '../../outside.json', '/etc/passwd', 7, ''), { maxLength: 3 }),
              payloads: fc.array(fc.record({ files: fc.constantFrom<unknown>(['a.json'], [], 'x', ['**']), endpoint: fc.constantFrom<unknown>('POST https://track.scanova.io/ct', 'nonsense', 5) }, { requiredKeys: [] }), { maxLength: 2 }),
              plans: fc.dictionary(fc.constantFrom('qrstudio', 'x'), fc.constantFrom<unknown>('free', 'starter', 9)),
              baseUrls: fc.dictionary(fc.constantFrom('qbar-scanner', 'x'), fc.constantFrom<unknown>('https://q.example', 'ftp://x', '')),
              extra: fc.jsonValue({ maxDepth: 2 }),
            },
            { requiredKeys: [] },
          ).map((o) => JSON.stringify(o)),
        ),
        (text) => {
          try {
            const cfg = parseConfigText('/nonexistent-reqlint-fuzz/reqlint.config.json', text);
            assert.equal(typeof cfg.rules, 'object');
          } catch (e) {
            assert.ok(e instanceof ConfigError, `threw ${String(e)} instead of a ConfigError`);
            assert.ok(e.message.length > 0);
          }
        },
      ),
  },
  {
    name: 'profiles',
    // A user's profile file of any shape is reported as problems, never thrown.
    property: () =>
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 40 }),
          fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
          fc.record(
            {
              id: fc.constantFrom<unknown>('acme', 'qrstudio', '', 5),
              extends: fc.constantFrom<unknown>('qrstudio', 'nope', null),
              title: fc.constantFrom<unknown>('T', 3),
              match: fc.constantFrom<unknown>({ hosts: ['a.example'] }, { hosts: 'x' }, {}, null, { baseUrlRequired: true }),
              endpoints: fc.array(fc.record({ method: fc.constantFrom<unknown>('POST', 'get', 1), path: fc.constantFrom<unknown>('/x', '/{id}/', '**', null, 3), body: fc.constantFrom<unknown>({ schema: { type: 'object', required: ['a'] } }, { schema: { type: 'nope' } }, { schema: { $ref: '#/x' } }, 'bad') }, { requiredKeys: [] }), { maxLength: 2 }),
              auth: fc.constantFrom<unknown>({ header: 'X-Key', required: true }, { header: 5 }, null),
            },
            { requiredKeys: [] },
          ).map((o) => JSON.stringify(o)),
        ),
        (text) => {
          const res = readProfiles({ profiles: ['/nonexistent-reqlint-fuzz/p.json'] }, () => text);
          assert.ok(Array.isArray(res.problems));
        },
      ),
  },
  {
    name: 'classify',
    // Any answer gets one of the documented categories; a retry delay is never negative.
    property: () =>
      fc.property(
        fc.oneof(fc.integer({ min: 100, max: 599 }), fc.integer({ min: -5, max: 1000 })),
        fc.array(fc.tuple(fc.constantFrom('retry-after', 'content-type', 'x-request-id', 'ratelimit-reset', 'x-ratelimit-reset', 'location', 'x'), fc.oneof(fc.constantFrom('application/json', 'application/problem+json', 'text/html', '120', '-1', 'Wed, 21 Oct 2015 07:28:00 GMT', ''), fc.string({ maxLength: 12 }))), { maxLength: 4 }),
        fc.oneof(
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
          fc.constantFrom('{"errors":{"0":{"data":["required"]},"rendered_before_failure":1}}', '{"error":{"code":"RATE_LIMITED","message":"slow down","retry_after":12}}', '{"detail":"Monthly quota exceeded"}', '<html><title>502</title></html>', '{"errors":[{"index":3,"field":"size_inches"}]}'),
          fc.string({ maxLength: 40 }),
          fc.uint8Array({ maxLength: 40 }),
        ),
        fc.constantFrom(undefined, 'https://api.qrstudio.agency/api/v1/generate/', 'https://track.scanova.io/ct', 'not a url'),
        (status, headers, body, url) => {
          const c = classifyResponse({ status, headers, body, request: url ? { method: 'POST', url } : null, now: 0 });
          assert.ok(ERROR_CATEGORIES.includes(c.category), `unknown category ${c.category}`);
          assert.ok(c.retryAfterMs === null || (Number.isFinite(c.retryAfterMs) && c.retryAfterMs >= 0), `retryAfterMs ${c.retryAfterMs}`);
          assert.equal(typeof c.advice, 'string');
        },
      ),
  },
  {
    name: 'retry-after',
    // Never throws; a wait is null or within [0, one year]; whole seconds and future HTTP dates read exactly.
    property: () =>
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 30 }),
          fc.nat().map(String),
          fc.date({ min: new Date(0), max: new Date(8.64e15), noInvalidDate: true }).map((d) => d.toUTCString()),
          fc.constantFrom('-1', '1.5', '+3', '1e3', '120, 30', 'Sun Nov  6 08:49:37 1994', 'Sunday, 06-Nov-94 08:49:37 GMT', 'NaN', 'Infinity', '99999999999999999999'),
        ),
        fc.integer({ min: 0, max: 4e12 }),
        (v, now) => {
          const r = parseRetryAfter(v, now);
          assert.ok(r.ms === null || (Number.isFinite(r.ms) && r.ms >= 0 && r.ms <= RETRY_AFTER_LIMIT_MS), `ms ${r.ms} for '${v}'`);
          if (/^\d+$/.test(v)) assert.equal(r.ms, Math.min(Number(v) * 1000, RETRY_AFTER_LIMIT_MS));
          if (/GMT$/.test(v) && /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} /.test(v)) {
            const diff = Date.parse(v) - now;
            assert.equal(r.ms, diff <= 0 ? 0 : Math.min(diff, RETRY_AFTER_LIMIT_MS));
          }
        },
      ),
  },
  {
    name: 'lint',
    // Linting any text never throws, no rule crashes, and every finding and fix edit sits inside the document.
    property: () =>
      fc.property(fc.oneof(httpText, lintableFile), (text) => {
        const file = parseHttp(text);
        for (const f of lint(text)) {
          assert.notEqual(f.rule, 'internal/rule-error', f.message);
          // A finding in a `< file` body has its range in that file.
          if (f.file === LINT_PATH) assertRangeInside(file, f.range, f.rule);
          for (const fix of f.fixes ?? []) for (const e of fix.edits) if (!e.file || e.file === LINT_PATH) assertRangeInside(file, e.range, `${f.rule} fix`);
        }
      }),
  },
  {
    name: 'redos-email',
    // The e-mail scan behind body/pii-email (and the mock) finds what the plain regex finds, and stays
    // linear on hostile text: long runs of local-part or domain characters around few or many `@`.
    property: () =>
      fc.property(hostileText(['a', 'Z', '0', '.', '-', '@', '+', '{{', '}}', '}', ' ', 'x.co', 'b@c.de']), (text) => {
        if (text.length <= 400) assert.equal(findEmail(text), referenceEmail(text), JSON.stringify(text));
        else findEmail(text);
      }),
  },
  {
    name: 'redos-brace',
    // `{{…}}` scans (lint holes, hole blanking, known-value substitution) agree with the regexes they
    // replace and stay linear on 100k+ unclosed `{{`, `}` runs and whitespace inside a hole.
    property: () =>
      fc.property(hostileText(['{{', '{', '}}', '}', ' ', 'a', '\n', '{{ a }}', '{{b}}']), (text) => {
        const vals: Record<string, string> = { a: 'A', b: '{{a}}' };
        const holes = findHoles(text, new LineIndex(text)).map((h) => [h.start, h.end, h.expr]);
        const blanked = blankHoles(text);
        const substituted = substituteKnown(text, (e) => vals[e]);
        if (text.length > 400) return;
        assert.deepEqual(holes, [...text.matchAll(/\{\{([\s\S]*?)\}\}/g)].map((m) => [m.index, m.index + m[0].length, m[1].trim()]));
        assert.equal(blanked, text.replace(/\{\{[^}]*\}\}/g, ' '));
        let ref = text;
        for (let round = 0; round < 5 && ref.includes('{{'); round++) {
          const next = ref.replace(/\{\{\s*([^{}]+?)\s*\}\}/g, (m, e: string) => vals[e] ?? m);
          if (next === ref) break;
          ref = next;
        }
        assert.equal(substituted, ref);
      }),
  },
  {
    name: 'fixes',
    // Applying any offered fix keeps a valid JSON body valid, and re-linting no longer shows the finding it fixed.
    property: () =>
      fc.property(lintableFile, fc.nat(), (text, pick) => {
        const findings = lint(text).filter((f) => f.fixes?.some((x) => x.edits.every((e) => !e.file || e.file === LINT_PATH)));
        if (!findings.length) return;
        // Pick a rule first, then one of its findings, so rarely firing rules' fixes get their share.
        const ruleIds = [...new Set(findings.map((g) => g.rule))];
        const ofRule = findings.filter((g) => g.rule === ruleIds[pick % ruleIds.length]);
        const f = ofRule[Math.floor(pick / ruleIds.length) % ofRule.length];
        const fixes = f.fixes!.filter((x) => x.edits.every((e) => !e.file || e.file === LINT_PATH));
        const fix = fixes[pick % fixes.length];
        const before = bodiesParse(text);
        const applied = applyTextEdits(text, fix.edits);
        assert.deepEqual(applied.skipped, [], `fix '${fix.title}' has overlapping edits`);
        const after = bodiesParse(applied.text);
        assert.equal(after.length, before.length, `fix '${fix.title}' changed the number of requests`);
        before.forEach((ok, i) => assert.ok(!ok || after[i], `fix '${fix.title}' for ${f.rule} made request ${i}'s JSON invalid:\n${applied.text}`));
        const count = (fs: Finding[]) => fs.filter((g) => findingKey(g) === findingKey(f)).length;
        assert.ok(count(lint(applied.text)) < count(lint(text)), `fix '${fix.title}' left '${f.rule}: ${f.message}' in place:\n${applied.text}`);
      }),
  },
];

/** Runs one target; throws fast-check's report (seed, path, counterexample) on failure. */
export function runTarget(t: FuzzTarget, numRuns: number, seed: number, path?: string): fc.RunDetails<unknown[]> {
  const details: fc.RunDetails<unknown[]> = fc.check(t.property(), { numRuns, seed, path, includeErrorInReport: true });
  if (details.failed) throw new Error(`${t.name}: ${fc.defaultReportMessage(details as fc.RunDetails<unknown[] | null> & { failed: true }) ?? 'failed'}`);
  return details;
}
