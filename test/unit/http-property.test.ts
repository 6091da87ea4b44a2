import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { parseHttp, printHttp } from '../../src/core/http/parser';

// A model of what a request is; printing it as .http text and parsing it back must give the model again.
interface Model {
  title: string | null;
  name: string | null;
  method: string;
  url: string;
  version: string | null;
  headers: Array<[string, string]>;
  body: string | null;
}

const token = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,15}$/);
const safeText = fc.stringMatching(/^[A-Za-z0-9 ,.:;=&?/"{}[\]_-]{0,40}$/);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PROPFIND', 'QUERY', 'VERSION-CONTROL');
const url = fc
  .tuple(fc.constantFrom('https://api.example.com', 'http://127.0.0.1:8080', '{{host}}', 'http://[::1]'), fc.array(fc.stringMatching(/^[a-z0-9_{}.-]{1,10}$/), { maxLength: 4 }), fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9{}]{0,8}$/)))
  .map(([base, segs, q]) => base + (segs.length ? '/' + segs.join('/') : '') + (q ? '?' + q : ''));
const bodyLine = fc.stringMatching(/^[A-Za-z0-9 {}"[\]:,.{}$-]{0,30}$/).filter((l) => !/^\s*(#|\/\/|<|>|@)/.test(l));
const body = fc
  .array(bodyLine, { minLength: 1, maxLength: 6 })
  .map((ls) => ls.join('\n'))
  .filter((b) => b.trim().length > 0 && !/^\s*\n|\n\s*$/.test(b) && b.trim() === b);

const model: fc.Arbitrary<Model> = fc.record({
  title: fc.option(safeText.map((t) => t.trim()).filter((t) => t.length > 0 && !t.startsWith('#'))),
  name: fc.option(token),
  method,
  url,
  version: fc.option(fc.constantFrom('HTTP/1.1', 'HTTP/2', 'HTTP/1.0')),
  headers: fc.array(fc.tuple(token, safeText.map((v) => v.trim())), { maxLength: 5 }),
  body: fc.option(body),
});

function toText(ms: Model[]): string {
  return ms
    .map((m) => {
      const lines = [m.title ? `### ${m.title}` : '###'];
      if (m.name) lines.push(`# @name ${m.name}`);
      lines.push(`${m.method} ${m.url}${m.version ? ' ' + m.version : ''}`);
      for (const [k, v] of m.headers) lines.push(`${k}: ${v}`);
      if (m.body !== null) lines.push('', m.body);
      return lines.join('\n') + '\n';
    })
    .join('\n');
}

function fromFile(text: string): Model[] {
  return parseHttp(text).requests.map((r) => ({
    title: r.title,
    name: r.name,
    method: r.method.value,
    url: r.url.value,
    version: r.httpVersion?.value ?? null,
    headers: r.headers.map((h) => [h.name.value, h.value.value] as [string, string]),
    // The body keeps its line breaks as written; the model uses \n.
    body: r.body && r.body.kind === 'inline' ? r.body.text.value.replace(/\r\n/g, '\n') : null,
  }));
}

describe('http parser: properties', () => {
  it('parses generated requests back to their model, and print → parse keeps them', () => {
    fc.assert(
      fc.property(fc.array(model, { minLength: 1, maxLength: 5 }), fc.constantFrom('\n', '\r\n'), (ms, eol) => {
        const text = toText(ms).replace(/\n/g, eol);
        const parsed = parseHttp(text);
        assert.deepEqual(parsed.problems, []);
        const expected = ms.map((m) => ({ ...m }));
        assert.deepEqual(fromFile(text), expected);
        assert.deepEqual(fromFile(printHttp(parsed)), expected);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws and keeps every range inside the text for arbitrary input', () => {
    const pieces = fc.constantFrom('###', '# @name x', '// c', 'GET /a', 'POST https://h.example/', 'A: b', ' cont', '?q=1', '', '{', '}', '{{v}}', '> {%', '%}', '> f.js', '>> o', '<> r', '< f.json', '<@ f', '@v = 1', '--b', 'Content-Type: multipart/form-data; boundary=b', '\t', '\r');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.constantFrom('\n', '\r\n', '\r'), (ps, eol) => {
        const text = ps.join(eol);
        const f = parseHttp(text);
        const inside = (o: number): boolean => o >= 0 && o <= text.length;
        for (const r of f.requests) {
          assert.ok(inside(r.url.start) && inside(r.url.end) && r.url.start <= r.url.end);
          for (const h of r.headers) assert.equal(text.slice(h.name.start, h.name.end), h.name.value);
          for (const v of r.variables) assert.ok(inside(v.start) && inside(v.end) && text.slice(v.start, v.end).startsWith('{{'));
          if (r.body && r.body.kind !== 'file') assert.equal(text.slice(r.body.text.start, r.body.text.end), r.body.text.value);
        }
        for (const p of f.problems) assert.ok(p.range.start.line < f.lines.lineCount);
      }),
      { numRuns: 300 },
    );
  });
});
