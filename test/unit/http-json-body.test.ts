import { strict as assert } from 'node:assert';
import { parseHttp } from '../../src/core/http/parser';
import {
  containsHole,
  hasHoleKey,
  holesIn,
  isHole,
  keyNode,
  looksLikeJson,
  nodeAtPointer,
  nodeValue,
  parseJsonBody,
  parseRequestJson,
  pointerOf,
  propertyAtPointer,
  rangeOfNode,
} from '../../src/core/http/json-body';
import { LineIndex } from '../../src/core/text/position';

describe('json-body: JSON with {{…}} holes', () => {
  it('parses plain JSON and keeps absolute offsets from any base', () => {
    const prefix = 'POST /x\n\n';
    const body = '{"a": {"b": [1, "two", true]}}';
    const text = prefix + body;
    const j = parseJsonBody(body, prefix.length);
    assert.deepEqual(j.errors, []);
    const two = nodeAtPointer(j.root, '/a/b/1')!;
    assert.equal(two.value, 'two');
    assert.equal(text.slice(two.offset, two.offset + two.length), '"two"');
    const b = propertyAtPointer(j.root, '/a/b')!;
    assert.equal(text.slice(b.colonOffset, b.colonOffset! + 1), ':');
    assert.equal(text.slice(keyNode(b).offset, keyNode(b).offset + keyNode(b).length), '"b"');
    assert.deepEqual(rangeOfNode(two, new LineIndex(text)), { start: { line: 2, character: 16 }, end: { line: 2, character: 21 } });
  });

  it('replaces bare holes by same-length placeholders so offsets stay exact', () => {
    const body = '{\n  "n": {{count}},\n  "s": "https://{{host}}/x",\n  "whole": "{{id}}",\n  {{key}}: 1\n}';
    const j = parseJsonBody(body, 100);
    assert.deepEqual(j.errors, []);
    assert.equal(j.parsedText.length, body.length);
    assert.deepEqual(j.holes.map((h) => [h.expr, h.inString, body.slice(h.start - 100, h.end - 100)]), [
      ['count', false, '{{count}}'],
      ['host', true, '{{host}}'],
      ['id', true, '{{id}}'],
      ['key', false, '{{key}}'],
    ]);
    const n = nodeAtPointer(j.root, '/n')!;
    assert.equal(n.offset - 100, body.indexOf('{{count}}'));
    assert.equal(n.length, '{{count}}'.length);
    assert.ok(isHole(j, n));
    assert.equal(nodeValue(j, n), undefined);
    const s = nodeAtPointer(j.root, '/s')!;
    assert.ok(containsHole(j, s));
    assert.ok(!isHole(j, s));
    assert.equal(s.value, 'https://{{host}}/x');
    assert.ok(isHole(j, nodeAtPointer(j.root, '/whole')!));
    assert.ok(hasHoleKey(j, j.root!));
    assert.ok(!containsHole(j, nodeAtPointer(j.root, '/n')!.parent!.children![0]));
    assert.deepEqual(holesIn(j, j.root!).map((h) => h.expr), ['count', 'host', 'id', 'key']);
  });

  it('keeps in-string holes whose expression has quotes parseable', () => {
    const j = parseJsonBody('{"at": "{{$datetime "YYYY-MM-DD"}}", "n": 1}');
    assert.deepEqual(j.errors, []);
    assert.ok(isHole(j, nodeAtPointer(j.root, '/at')!));
    assert.equal(nodeValue(j, nodeAtPointer(j.root, '/n')!), 1);
  });

  it('accepts a body that is one hole', () => {
    const j = parseJsonBody('{{payload}}');
    assert.deepEqual(j.errors, []);
    assert.ok(isHole(j, j.root!));
  });

  it('reports a missing closing brace as an error with an offset, not a crash', () => {
    const body = '{\n  "title": "x"\n';
    const j = parseJsonBody(body, 10);
    assert.equal(j.errors.length, 1);
    assert.match(j.errors[0].message, /add the missing '}'/);
    assert.ok(j.errors[0].offset >= 10 && j.errors[0].offset <= 10 + body.length);
    assert.equal(nodeAtPointer(j.root, '/title')?.value, 'x');
  });

  it('names trailing commas, comments, curly quotes and line breaks in strings', () => {
    assert.match(parseJsonBody('{"a": 1,}').errors[0].message, /Trailing comma/);
    assert.match(parseJsonBody('[1, 2,\n]').errors[0].message, /Trailing comma/);
    assert.match(parseJsonBody('{"a": 1 // note\n}').errors[0].message, /Comments are not allowed/);
    const curly = parseJsonBody('{ \u201ckey\u201d: \u201cvalue\u201d }');
    assert.ok(curly.errors.length > 0);
    assert.match(curly.errors[0].message, /straight double quotes/);
    assert.match(parseJsonBody('{"a": "x\ny"}').errors[0].message, /Unterminated string|Control character/);
    assert.deepEqual(parseJsonBody('').errors.map((e) => e.message), ['The body ends where a value was expected']);
  });

  it('builds and follows RFC 6901 pointers, escaping ~ and /', () => {
    const j = parseJsonBody('{"a/b": {"m~n": [10, {"x": null}]}, "dup": 1, "dup": 2}');
    const x = nodeAtPointer(j.root, '/a~1b/m~0n/1/x')!;
    assert.equal(x.type, 'null');
    assert.equal(pointerOf(x), '/a~1b/m~0n/1/x');
    assert.equal(pointerOf(x.parent!), '/a~1b/m~0n/1/x');
    assert.equal(pointerOf(keyNode(x.parent!)), '/a~1b/m~0n/1/x');
    assert.equal(pointerOf(j.root!), '');
    assert.equal(nodeAtPointer(j.root, '')?.type, 'object');
    assert.equal(nodeAtPointer(j.root, '/dup')?.value, 2);
    assert.equal(nodeAtPointer(j.root, '/missing'), undefined);
    assert.equal(nodeAtPointer(j.root, '/a~1b/m~0n/01'), undefined);
    assert.equal(nodeAtPointer(j.root, 'no-slash'), undefined);
    assert.equal(nodeAtPointer(undefined, '/a'), undefined);
  });

  it('parses a request body from the parser with offsets in the .http file', () => {
    const text = 'POST https://x.example/a\r\nContent-Type: application/json\r\n\r\n{\r\n  "qty": {{n}},\r\n  "name": ""\r\n}\r\n';
    const file = parseHttp(text);
    const j = parseRequestJson(file.requests[0])!;
    assert.deepEqual(j.errors, []);
    const name = nodeAtPointer(j.root, '/name')!;
    assert.deepEqual(rangeOfNode(name, file.lines), { start: { line: 5, character: 10 }, end: { line: 5, character: 12 } });
    assert.ok(isHole(j, nodeAtPointer(j.root, '/qty')!));
    assert.equal(parseRequestJson(parseHttp('GET https://x.example/\n').requests[0]), null);
  });

  it('recognises JSON-looking text', () => {
    assert.ok(looksLikeJson('\n  [1]'));
    assert.ok(looksLikeJson('{'));
    assert.ok(!looksLikeJson('a=1'));
    assert.ok(!looksLikeJson(''));
  });

  it('stays linear on a huge body full of braces', () => {
    const j = parseJsonBody('{{'.repeat(200_000) + '\n' + '{'.repeat(100_000));
    assert.ok(j.errors.length > 0);
  });
});
