import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { HttpFile, HttpRequest, Spanned } from '../../src/core/http/ast';
import { isRuleDisabled, multipartBoundary, parseHttp, printHttp, printRequest } from '../../src/core/http/parser';
import { requestAt } from '../../src/core/edit/request-at';

const fixtures = resolve(__dirname, '../fixtures/http');
const load = (name: string): HttpFile => parseHttp(readFileSync(resolve(fixtures, name), 'utf8'));

/** Every Spanned must slice back to its own value (unless joined from several lines) and agree with LineIndex. */
function checkSpan(file: HttpFile, s: Spanned, joined = false): void {
  assert.deepEqual(s.range, file.lines.range(s.start, s.end), `range/offset mismatch for ${JSON.stringify(s.value)}`);
  if (!joined) assert.equal(file.text.slice(s.start, s.end), s.value);
}

function checkAllSpans(file: HttpFile): void {
  for (const v of file.fileVariables) {
    checkSpan(file, v.name);
    checkSpan(file, v.value);
  }
  for (const r of file.requests) {
    if (r.method.start !== r.method.end) assert.equal(file.text.slice(r.method.start, r.method.end).toUpperCase(), r.method.value);
    checkSpan(file, r.url, r.url.range.start.line !== r.url.range.end.line);
    if (r.httpVersion) checkSpan(file, r.httpVersion);
    for (const h of r.headers) {
      checkSpan(file, h.name);
      checkSpan(file, h.value, h.value.range.start.line !== h.value.range.end.line);
    }
    if (r.body && r.body.kind !== 'file') checkSpan(file, r.body.text);
    if (r.body?.kind === 'file') checkSpan(file, r.body.file.path);
    for (const v of r.variables) assert.equal(file.text.slice(v.start, v.end).replace(/\s/g, ''), `{{${v.expr.replace(/\s/g, '')}}}`);
  }
}

const at = (line: number, character: number) => ({ line, character });

describe('http parser: everyday syntax (fixtures/http/basic.http)', () => {
  const file = load('basic.http');
  const [create, list, noMethod, vs] = file.requests;

  it('finds every request and no problem', () => {
    assert.equal(file.requests.length, 4);
    assert.deepEqual(file.problems, []);
    checkAllSpans(file);
  });

  it('reads file variables with and without spaces around =, dots in names', () => {
    assert.deepEqual(
      file.fileVariables.map((v) => [v.name.value, v.value.value]),
      [['host', 'https://api.example.com'], ['token', 'abc123'], ['Catalog.API_HostAddress', 'http://localhost:5222']],
    );
    const token = file.fileVariables[1];
    assert.deepEqual(token.name.range, { start: at(2, 1), end: at(2, 6) });
    assert.deepEqual(token.value.range, { start: at(2, 7), end: at(2, 13) });
  });

  it('takes titles from ### lines and names from # @name, // @name = x', () => {
    assert.equal(create.title, 'Create a QR code');
    assert.equal(create.name, 'createQr');
    assert.equal(list.name, 'listQr');
    assert.equal(noMethod.title, null);
    assert.equal(noMethod.name, 'noMethod');
    assert.equal(vs.name, null);
    assert.deepEqual(
      create.metadata.map((m) => [m.key, m.value]),
      [['name', 'createQr'], ['description', 'Creates one code']],
    );
  });

  it('gives exact ranges for the request line, method, URL and version', () => {
    assert.equal(create.method.value, 'POST');
    assert.deepEqual(create.method.range, { start: at(8, 0), end: at(8, 4) });
    assert.equal(create.url.value, '{{host}}/api/v1/qr');
    assert.deepEqual(create.url.range, { start: at(8, 5), end: at(8, 23) });
    assert.equal(create.httpVersion?.value, 'HTTP/1.1');
    assert.deepEqual(create.httpVersion?.range, { start: at(8, 24), end: at(8, 32) });
    assert.deepEqual(create.requestLine, { start: at(8, 0), end: at(8, 32) });
  });

  it('defaults the method to GET with an empty range at the URL start', () => {
    assert.equal(noMethod.method.value, 'GET');
    assert.equal(noMethod.method.start, noMethod.method.end);
    assert.equal(noMethod.method.start, noMethod.url.start);
    assert.equal(noMethod.url.value, 'https://example.com/health');
  });

  it('reads headers with exact name and value ranges', () => {
    assert.deepEqual(create.headers.map((h) => [h.name.value, h.value.value]), [
      ['Content-Type', 'application/json'],
      ['Authorization', 'Bearer {{token}}'],
    ]);
    const auth = create.headers[1];
    assert.deepEqual(auth.name.range, { start: at(10, 0), end: at(10, 13) });
    assert.deepEqual(auth.value.range, { start: at(10, 15), end: at(10, 31) });
    assert.deepEqual(auth.range, { start: at(10, 0), end: at(10, 31) });
  });

  it('keeps the inline body without trailing blank lines and lists every hole', () => {
    assert.equal(create.body?.kind, 'inline');
    if (create.body?.kind !== 'inline') return;
    assert.equal(create.body.text.value, '{\n  "name": "Poster",\n  "count": {{count}}\n}');
    assert.deepEqual(create.body.text.range, { start: at(12, 0), end: at(15, 1) });
    assert.deepEqual(create.variables.map((v) => v.expr), ['host', 'token', 'count']);
    assert.deepEqual(create.variables[2].range, { start: at(14, 11), end: at(14, 20) });
    assert.equal(list.body, null);
  });

  it('gives each request the range of its block without the separator', () => {
    assert.deepEqual(create.range.start, at(6, 0));
    assert.deepEqual(create.range.end, at(15, 1));
    assert.deepEqual(list.range, { start: at(18, 0), end: at(20, 24) });
  });

  it('finds the request at a line, including its separator and the blank lines below it', () => {
    assert.equal(requestAt(file, 0), undefined);
    assert.equal(requestAt(file, 3), undefined);
    assert.equal(requestAt(file, 4), undefined);
    assert.equal(requestAt(file, 5), create);
    assert.equal(requestAt(file, 8), create);
    assert.equal(requestAt(file, 16), create);
    assert.equal(requestAt(file, 17), list);
    assert.equal(requestAt(file, 22), noMethod);
    assert.equal(requestAt(file, 27), vs);
    assert.equal(requestAt(file, 999), vs);
  });
});

describe('http parser: request targets (fixtures/http/url-forms.http)', () => {
  const file = load('url-forms.http');
  const byTitle = (t: string): HttpRequest => {
    const r = file.requests.find((q) => q.title === t);
    assert.ok(r, `no request titled ${t}`);
    return r;
  };

  it('parses every form without a problem', () => {
    assert.deepEqual(file.problems, []);
    assert.equal(file.requests.length, 10);
    checkAllSpans(file);
  });

  it('joins indented continuation lines of the target', () => {
    const r = byTitle('multi-line target (JetBrains)');
    assert.equal(r.url.value, 'http://example.com/api/get');
    assert.deepEqual(r.url.range, { start: at(1, 4), end: at(3, 8) });
    assert.deepEqual(r.requestLine, { start: at(1, 0), end: at(1, 23) });
  });

  it('joins ?/& query lines', () => {
    assert.equal(byTitle('query lines (REST Client)').url.value, 'https://example.com/search?q=shoes&page=2&size=20');
  });

  it('reads asterisk-form, IPv6 authorities, origin-form and scheme-less targets', () => {
    const star = byTitle('asterisk form');
    assert.equal(star.method.value, 'OPTIONS');
    assert.equal(star.url.value, '*');
    assert.equal(star.httpVersion?.value, 'HTTP/1.1');
    assert.equal(byTitle('IPv6').url.value, 'http://[::1]:8080/x');
    const origin = byTitle('origin form with Host header');
    assert.equal(origin.url.value, '/api/get');
    assert.equal(origin.headers[0].value.value, 'example.com');
    assert.equal(byTitle('scheme-less').url.value, '127.0.0.1:1378/api/urls');
  });

  it('accepts any token method, upper-cases known lower-case ones', () => {
    assert.equal(byTitle('WebDAV').method.value, 'PROPFIND');
    assert.equal(byTitle('DeltaV').method.value, 'VERSION-CONTROL');
    const lower = byTitle('lower case method');
    assert.equal(lower.method.value, 'GET');
    assert.equal(file.text.slice(lower.method.start, lower.method.end), 'get');
  });

  it('keeps spaces inside the target and splits off HTTP/2', () => {
    const r = byTitle('space in the query');
    assert.equal(r.url.value, '{{rental}}/returnBike?location=New York&bike=1');
    assert.equal(r.httpVersion?.value, 'HTTP/2');
  });
});

describe('http parser: bodies and handlers (fixtures/http/bodies.http)', () => {
  const file = load('bodies.http');
  const byTitle = (t: string): HttpRequest => file.requests.find((q) => q.title === t)!;

  it('parses without problems', () => {
    assert.deepEqual(file.problems, []);
    assert.equal(file.requests.length, 8);
    checkAllSpans(file);
  });

  it('reads `< path`, `<@ path` and `<@latin1 path` file bodies', () => {
    const raw = byTitle('file body').body;
    assert.ok(raw?.kind === 'file');
    assert.equal(raw.file.path.value, './payload.json');
    assert.equal(raw.file.substituteVariables, false);
    assert.equal(raw.file.encoding, null);
    const enc = byTitle('file body with variables and encoding').body;
    assert.ok(enc?.kind === 'file');
    assert.equal(enc.file.substituteVariables, true);
    assert.equal(enc.file.encoding, 'latin1');
    assert.equal(enc.file.path.value, './latin1.txt');
    const withHole = parseHttp('POST https://x.example/\n\n<@ ./{{dir}}/body.json\n').requests[0];
    assert.deepEqual(withHole.variables.map((v) => [v.expr, v.range.start.character]), [['dir', 5]]);
    const noBlank = byTitle('file body with variables');
    assert.equal(noBlank.headers.length, 0);
    assert.ok(noBlank.body?.kind === 'file');
    assert.equal(noBlank.body.file.substituteVariables, true);
    assert.equal(noBlank.body.file.encoding, null);
  });

  it('keeps inline text mixed with file lines whole', () => {
    const b = byTitle('mixed').body;
    assert.ok(b?.kind === 'mixed');
    assert.equal(b.text.value, 'first line\n< ./part.txt');
    assert.deepEqual(b.files.map((f) => f.path.value), ['./part.txt']);
  });

  it('splits multipart bodies on the quoted boundary from Content-Type', () => {
    const r = byTitle('multipart');
    assert.equal(multipartBoundary(r.headers), 'abcd');
    assert.ok(r.body?.kind === 'multipart');
    assert.equal(r.body.boundary, 'abcd');
    assert.equal(r.body.parts.length, 2);
    const [text, upload] = r.body.parts;
    assert.deepEqual(text.headers.map((h) => h.name.value), ['Content-Disposition']);
    assert.equal(text.body?.value, 'Hello {{name}}');
    assert.equal(text.file, null);
    assert.equal(upload.body, null);
    assert.equal(upload.file?.path.value, './input.txt');
    assert.deepEqual(upload.headers.map((h) => h.value.value), ['form-data; name="file"; filename="input.txt"', 'text/plain']);
    assert.ok(r.variables.some((v) => v.expr === 'name'));
  });

  it('recognises multi-line scripts, script files and output redirects without executing them', () => {
    const r = byTitle('handlers');
    assert.ok(r.body?.kind === 'inline');
    assert.equal(r.body.text.value, '{"user": "a"}');
    assert.deepEqual(r.handlers.map((h) => h.kind), ['script', 'script-file', 'output', 'output-force']);
    const script = r.handlers[0];
    assert.equal(script.range.end.line - script.range.start.line, 3);
    assert.equal(file.lines.lineText(script.range.end.line).slice(0, script.range.end.character), '%}');
    // The `###` inside the script did not split the block.
    assert.ok(file.requests.some((q) => q.title === 'trailing comments are not body'));
  });

  it('drops trailing comment lines from the body and keeps their metadata', () => {
    const r = byTitle('trailing comments are not body');
    assert.ok(r.body?.kind === 'inline');
    assert.equal(r.body.text.value, 'payload');
    assert.deepEqual(r.metadata.map((m) => [m.key, m.value]), [['grid.columns', 'a,b']]);
  });

  it('keeps blank lines inside a body and drops the trailing ones', () => {
    const r = byTitle('blank lines inside the body are kept');
    assert.ok(r.body?.kind === 'inline');
    assert.equal(r.body.text.value, 'line one\n\nline three');
  });
});

describe('http parser: broken input (fixtures/http/broken.http)', () => {
  const file = load('broken.http');

  it('reports syntax/request-line and syntax/header with exact ranges and keeps parsing', () => {
    assert.deepEqual(
      file.problems.map((p) => [p.rule, p.range.start.line, p.range.start.character, p.range.end.character]),
      [
        ['syntax/request-line', 4, 0, 30],
        ['syntax/header', 10, 0, 29],
        ['syntax/request-line', 16, 0, 3],
      ],
    );
    assert.match(file.problems[0].message, /Content-Type: application\/json/);
    assert.match(file.problems[1].message, /Name: value/);
    assert.match(file.problems[2].message, /no URL/);
    assert.deepEqual(file.requests.map((r) => r.url.value), ['https://example.com/one', 'https://example.com/two', 'https://example.com/three']);
    const two = file.requests[1];
    assert.deepEqual(two.headers.map((h) => h.name.value), ['X-Good']);
    assert.ok(two.body?.kind === 'inline');
    assert.equal(two.body.text.value, '{"b": 2}');
    assert.deepEqual(file.problems.map((p) => p.request), [-1, 1, -1]);
  });

  it('never throws on hostile input', () => {
    const inputs = [
      '', '\n', '\r', '\r\n', '###', '> {%', '> {% never closed\n###\nGET /x', '<', '<@', '<>', '@', '@=', '@x', '#', '//',
      'GET', 'GET ', ' GET /x', '\uFEFFGET /x', '{{', '}}{{', 'GET {{', 'POST /x\nContent-Type: multipart/form-data; boundary=\n\n--\n--',
      'POST /x\nContent-Type: multipart/form-data; boundary=b\n\n--b\n', '\u0000\u0001GET /x', 'GET /x\n\tindented: header',
    ];
    for (const t of inputs) {
      const f = parseHttp(t);
      assert.ok(Array.isArray(f.requests), JSON.stringify(t));
    }
    const bom = parseHttp('\uFEFFGET /x');
    assert.equal(bom.requests[0]?.url.value, '/x');
  });
});

describe('http parser: disable comments (fixtures/http/disable.http)', () => {
  const file = load('disable.http');
  const [one, two, three, four] = file.requests;

  it('maps disable-next-line to the next line that says something', () => {
    assert.deepEqual([...file.disabled.lines.get(3)!].sort(), ['auth/missing', 'transport/https-required']);
    assert.deepEqual([...file.disabled.lines.get(7)!], ['*']);
    assert.equal(one.requestLine.start.line, 3);
    assert.ok(isRuleDisabled(file.disabled, 'auth/missing', 3));
    assert.ok(!isRuleDisabled(file.disabled, 'auth/missing', 4));
    assert.ok(isRuleDisabled(two.disabled, 'anything/at-all', 7));
    assert.ok(one.disabled.lines.has(3));
    assert.ok(!two.disabled.lines.has(3));
  });

  it('keeps block disables until a matching enable', () => {
    assert.ok(isRuleDisabled(file.disabled, 'auth/hardcoded-secret', 0));
    assert.ok(isRuleDisabled(file.disabled, 'auth/hardcoded-secret', 18));
    assert.ok(isRuleDisabled(file.disabled, 'body/required', 14));
    assert.ok(!isRuleDisabled(file.disabled, 'body/required', 9));
    assert.ok(!isRuleDisabled(file.disabled, 'body/required', 15));
    assert.ok(!isRuleDisabled(file.disabled, 'body/required', 18));
    assert.ok(isRuleDisabled(three.disabled, 'body/required', 14));
    assert.ok(!isRuleDisabled(four.disabled, 'body/required', 18));
    assert.ok(isRuleDisabled(four.disabled, 'auth/hardcoded-secret', 18));
    assert.ok(three.body?.kind === 'inline' && three.body.text.value === '{}');
  });
});

describe('http parser: line endings and odd text', () => {
  it('gives the same requests for LF, CRLF, CR and mixed endings, with ranges on the same lines', () => {
    const lf = readFileSync(resolve(fixtures, 'basic.http'), 'utf8');
    const variants = {
      crlf: lf.replace(/\n/g, '\r\n'),
      cr: lf.replace(/\n/g, '\r'),
      mixed: lf.split('\n').map((l, i) => l + (i % 3 === 0 ? '\r\n' : i % 3 === 1 ? '\n' : '\r')).join(''),
    };
    const base = parseHttp(lf);
    for (const [name, text] of Object.entries(variants)) {
      const f = parseHttp(text);
      assert.deepEqual(f.problems, [], name);
      checkAllSpans(f);
      assert.equal(f.requests.length, base.requests.length, name);
      f.requests.forEach((r, i) => {
        const b = base.requests[i];
        assert.equal(r.url.value, b.url.value, name);
        assert.deepEqual(r.url.range, b.url.range, name);
        assert.deepEqual(r.headers.map((h) => [h.name.value, h.value.value, h.range]), b.headers.map((h) => [h.name.value, h.value.value, h.range]), name);
        assert.deepEqual(r.variables.map((v) => v.range), b.variables.map((v) => v.range), name);
        if (b.body?.kind === 'inline') {
          assert.ok(r.body?.kind === 'inline');
          assert.equal(r.body.text.value.replace(/\r\n?/g, '\n'), b.body.text.value, name);
          assert.deepEqual(r.body.text.range, b.body.text.range, name);
        }
      });
    }
  });

  it('parses text decoded from invalid UTF-8 (replacement characters) without losing requests', () => {
    const bytes = Buffer.concat([Buffer.from('### caf'), Buffer.from([0xe9, 0xff, 0xfe]), Buffer.from('\nPOST https://example.com/x\nX-Name: \xc3\x28\n\n{"a": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]);
    const f = parseHttp(bytes.toString('utf8'));
    assert.equal(f.requests.length, 1);
    assert.deepEqual(f.problems, []);
    assert.ok(f.requests[0].title?.includes('\uFFFD'));
    checkAllSpans(f);
  });

  it('reads a JSON body with no closing brace as inline text up to the next separator', () => {
    const f = parseHttp('POST https://example.com/x\nContent-Type: application/json\n\n{\n  "title": "x"\n  // no comma\n\n### next\nGET https://example.com/y\n');
    assert.equal(f.requests.length, 2);
    assert.ok(f.requests[0].body?.kind === 'inline');
    assert.equal(f.requests[0].body.text.value, '{\n  "title": "x"');
  });

  it('handles 10,000 separators in a row', () => {
    const f = parseHttp('###\n'.repeat(10_000) + 'GET https://example.com/\n' + '###\n'.repeat(10_000));
    assert.equal(f.requests.length, 1);
    assert.equal(f.requests[0].requestLine.start.line, 10_000);
    assert.deepEqual(f.problems, []);
    assert.equal(requestAt(f, 10_000), f.requests[0]);
    assert.equal(requestAt(f, 10_002), undefined);
  });

  it('returns for a 50 MB text', () => {
    // Mostly one huge body (long lines and many short ones) plus thousands of ordinary requests.
    const block = '### r\nPOST https://example.com/api/v1/items?x={{x}}\nContent-Type: application/json\nAuthorization: {{token}}\n\n{"name": "item", "count": {{n}}, "tags": ["a", "b"]}\n\n';
    const longLine = '{"k": "' + 'v'.repeat(1_000_000) + '"}\n';
    const head = block.repeat(5_000);
    const bodyLines = '  "x": 1,\n'.repeat(2_500_000);
    const text = head + '###\nPOST https://example.com/big\n\n' + longLine.repeat(25) + bodyLines + '{{tail}}\n';
    assert.ok(text.length >= 50_000_000);
    const f = parseHttp(text);
    assert.equal(f.requests.length, 5_001);
    const big = f.requests[5_000];
    assert.ok(big.body?.kind === 'inline');
    assert.equal(big.body.text.end, text.length - 1);
    assert.deepEqual(big.variables.map((v) => v.expr), ['tail']);
  });

  it('stays linear on an unclosed script and a line full of unclosed holes', () => {
    const f = parseHttp('GET /x\n\nbody\n> {%\n' + 'x\n'.repeat(200_000) + '{{'.repeat(200_000) + '\n');
    assert.equal(f.requests.length, 1);
    assert.equal(f.requests[0].handlers.length, 1);
    // An unterminated script runs to the end of the file.
    assert.equal(f.requests[0].handlers[0].range.end.line, 200_005);
  });

  it('folds indented header continuation lines into the value', () => {
    const f = parseHttp('GET http://www.example.com\nHeader1:\n value1\nHeader2: a\n   b\n');
    const [h1, h2] = f.requests[0].headers;
    assert.equal(h1.value.value, 'value1');
    assert.deepEqual(h1.value.range, { start: at(2, 1), end: at(2, 7) });
    assert.equal(h2.value.value, 'a b');
    assert.deepEqual(h2.range, { start: at(3, 0), end: at(4, 4) });
    assert.deepEqual(f.problems, []);
  });

  it('treats comment lines between headers as comments', () => {
    const f = parseHttp('GET http://x.example\nA: 1\n# note\n// @key v\nB: 2\n');
    assert.deepEqual(f.requests[0].headers.map((h) => h.name.value), ['A', 'B']);
    assert.deepEqual(f.requests[0].metadata.map((m) => [m.key, m.value]), [['key', 'v']]);
  });

  it('keeps metadata of request-less blocks at file level', () => {
    const f = parseHttp('# @import ./other.http\n\n###\nGET https://x.example/\n');
    assert.deepEqual(f.metadata.map((m) => m.key), ['import']);
    assert.deepEqual(f.requests[0].metadata, []);
  });
});

describe('http parser: printing', () => {
  function comparable(f: HttpFile): unknown {
    return {
      vars: f.fileVariables.map((v) => [v.name.value, v.value.value]),
      reqs: f.requests.map((r) => ({
        title: r.title,
        name: r.name,
        meta: r.metadata.map((m) => [m.key, m.value]),
        method: r.method.value,
        url: r.url.value,
        version: r.httpVersion?.value ?? null,
        headers: r.headers.map((h) => [h.name.value, h.value.value]),
        body: r.body === null ? null : r.body.kind === 'file' ? ['file', r.body.file.path.value, r.body.file.substituteVariables, r.body.file.encoding] : [r.body.kind, r.body.text.value],
        vars: r.variables.map((v) => v.expr),
      })),
    };
  }

  for (const name of ['basic.http', 'url-forms.http', 'bodies.http', 'broken.http']) {
    it(`parse → print → parse keeps the requests of ${name}`, () => {
      const first = load(name);
      const printed = printHttp(first);
      const second = parseHttp(printed);
      assert.deepEqual(second.problems, []);
      const a = comparable(first) as { reqs: Array<{ vars: unknown }> };
      const b = comparable(second) as { reqs: Array<{ vars: unknown }> };
      assert.deepEqual(b, a);
      // Printing is canonical: a second round gives the same text.
      assert.equal(printHttp(second), printed);
    });
  }

  it('prints file-level metadata and variables before the requests', () => {
    const f = parseHttp('# @import ./a.http\n@x = 1\n\n###\nGET https://e.example/{{x}}\n');
    const printed = printHttp(f);
    assert.equal(printed, '# @import ./a.http\n@x = 1\n\n###\nGET https://e.example/{{x}}\n');
    assert.deepEqual(parseHttp(printed).metadata.map((m) => [m.key, m.value]), [['import', './a.http']]);
  });

  it('prints one request as canonical text', () => {
    const f = parseHttp('### t\n# @name x\npost  https://e.example/a  HTTP/1.1\nA:1\n\n{"a":1}\n');
    assert.equal(printRequest(f.requests[0]), '### t\n# @name x\nPOST https://e.example/a HTTP/1.1\nA: 1\n\n{"a":1}');
  });
});

describe('http parser: a body without the blank line', () => {
  it('reports one syntax/header problem and still reads the body', () => {
    const f = parseHttp('POST https://x.example/a\nContent-Type: application/json\n{\n  "a": 1\n}\n\n### next\nGET https://x.example/b\n');
    assert.deepEqual(f.problems.map((p) => [p.rule, p.range.start.line, p.request]), [['syntax/header', 2, 0]]);
    assert.match(f.problems[0].message, /blank line/);
    const b = f.requests[0].body;
    assert.ok(b?.kind === 'inline');
    assert.equal(b.text.value, '{\n  "a": 1\n}');
    assert.equal(f.requests.length, 2);
  });

  it('keeps reporting each bad header line when the line does not start a body', () => {
    const f = parseHttp('GET https://x.example/a\nnot a header\nalso not\nX-Ok: 1\n');
    assert.deepEqual(f.problems.map((p) => p.range.start.line), [1, 2]);
    assert.deepEqual(f.requests[0].headers.map((h) => h.name.value), ['X-Ok']);
  });
});

describe('http parser: directives around bodies and handlers', () => {
  it('reads a directive above the body text as a comment, so the body stays JSON', () => {
    const f = parseHttp('POST https://x.example/\nContent-Type: application/json\n\n# reqlint-disable-next-line body/required\n{\n  "a": 1\n}\n');
    const b = f.requests[0].body;
    assert.ok(b?.kind === 'inline');
    assert.equal(b.text.value, '{\n  "a": 1\n}');
    assert.deepEqual([...f.disabled.lines.get(4)!], ['body/required']);
  });

  it('keeps file order for disable/enable split by a handler', () => {
    const f = parseHttp(['POST https://x.example/', '', '# reqlint-disable a', '{}', '# reqlint-enable a', '> ./after.js', '# reqlint-disable b', '', '###', 'GET https://x.example/2', ''].join('\n'));
    assert.ok(isRuleDisabled(f.disabled, 'a', 3));
    assert.ok(!isRuleDisabled(f.disabled, 'a', 9));
    assert.ok(isRuleDisabled(f.disabled, 'b', 9));
    const b = f.requests[0].body;
    assert.ok(b?.kind === 'inline' && b.text.value === '{}');
  });
});
