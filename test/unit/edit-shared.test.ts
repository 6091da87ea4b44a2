import { strict as assert } from 'node:assert';
import { requestAt } from '../../src/core/edit/request-at';
import { requestLabel, requestRef } from '../../src/core/edit/request-label';
import { parseHttp } from '../../src/core/http/parser';
import { formatBytes, formatDuration } from '../../src/core/text/format';
import { childPointer, escapeToken, getAtPointer, joinPointer, parsePointer, pointerPath, unescapeToken } from '../../src/core/text/json-pointer';
import { isJsonMediaType, mediaTypeOf } from '../../src/core/text/media-type';
import * as protocolFormat from '../../src/protocol/format';

describe('shared helpers: request lookup, label, formatter, media type, JSON Pointer', () => {
  describe('requestAt', () => {
    const file = parseHttp('@h = x\n\n### one\nGET https://a.test/1\n\n### two\nGET https://a.test/2\nAccept: */*\n');

    it('finds the request of a line, its separator and trailing blank lines included', () => {
      assert.equal(requestAt(file, 0), undefined);
      assert.equal(requestAt(file, 2)?.index, 0);
      assert.equal(requestAt(file, 3)?.index, 0);
      assert.equal(requestAt(file, 4)?.index, 0);
      assert.equal(requestAt(file, 5)?.index, 1);
      assert.equal(requestAt(file, 7)?.index, 1);
      assert.equal(requestAt(file, 99)?.index, 1);
    });

    it('gives no request for an empty ### block (never the request above it)', () => {
      const f = parseHttp('GET https://a.test/1\n\n###\n\n\n### two\nGET https://a.test/2\n');
      assert.equal(f.requests.length, 2);
      assert.equal(requestAt(f, 0)?.index, 0);
      assert.equal(requestAt(f, 1)?.index, 0);
      for (const line of [2, 3, 4]) assert.equal(requestAt(f, line), undefined, `line ${line}`);
      assert.equal(requestAt(f, 5)?.index, 1);
      assert.equal(requestAt(f, 6)?.index, 1);
    });

    it('gives no request in an empty block at the end of the file', () => {
      const f = parseHttp('GET https://a.test/1\n\n###\n\n');
      assert.equal(requestAt(f, 2), undefined);
      assert.equal(requestAt(f, 3), undefined);
    });
  });

  describe('requestLabel and requestRef', () => {
    const f = parseHttp(
      '# @name create\nPOST https://a.test/v1/codes?x=1\n\n### List codes\nGET https://a.test/v1/codes\n\n###\nDELETE {{baseUrl}}/v1/codes/{{id}}?force=1\n\n###\nGET https://a.test\n\n###\nGET {{url}}\n',
    );
    it('uses @name, else the ### title, else method and path', () => {
      assert.deepEqual(f.requests.map(requestLabel), ['create', 'List codes', 'DELETE /v1/codes/{{id}}', 'GET /', 'GET {{url}}']);
    });
    it('caps a long label at 80 characters', () => {
      const long = parseHttp(`GET https://a.test/${'x'.repeat(200)}\n`).requests[0];
      const label = requestLabel(long);
      assert.equal(label.length, 80);
      assert.ok(label.endsWith('…'));
    });
    it('names a request in machine output by @name, else its 1-based index', () => {
      assert.deepEqual(f.requests.map(requestRef), ['create', 2, 3, 4, 5]);
    });
  });

  describe('formatBytes and formatDuration', () => {
    it('words sizes in 1024-based units that say so', () => {
      assert.deepEqual([0, 512, 1536, 2 * 1024 * 1024, 3.5 * 1024 ** 3, -1, NaN].map(formatBytes), ['0 B', '512 B', '1.5 KiB', '2.0 MiB', '3.5 GiB', '? B', '? B']);
    });
    it('words durations in the unit that reads best', () => {
      assert.deepEqual(
        [0.44, 3, 850, 1500, 12000, 59_999, 120_000, 125_000, 3 * 3_600_000 + 5 * 60_000, 2 * 86_400_000, -1].map(formatDuration),
        ['0.4 ms', '3 ms', '850 ms', '1.5 s', '12 s', '1 min', '2 min', '2 min 5 s', '3 h 5 min', '2 d', 'an unknown time'],
      );
    });
    it('is the formatter the webview gets through src/protocol', () => {
      assert.equal(protocolFormat.formatBytes, formatBytes);
      assert.equal(protocolFormat.formatDuration, formatDuration);
    });
  });

  describe('JSON media types', () => {
    it('accepts application/json with parameters, text/json and +json suffixes, in any case', () => {
      for (const t of ['application/json', 'application/json; charset=utf-8', 'Application/JSON ;charset=UTF-8', 'text/json', 'application/problem+json', 'application/vnd.api+json; ext=x', 'application/merge-patch+json'])
        assert.ok(isJsonMediaType(t), t);
    });
    it('refuses everything else', () => {
      for (const t of ['', null, undefined, 'text/plain', 'application/jsonp', 'application/x-www-form-urlencoded', 'application/json-seq', 'application/xml', '+json', 'application/+json'])
        assert.ok(!isJsonMediaType(t), String(t));
    });
    it('reduces a Content-Type value to its media type', () => {
      assert.equal(mediaTypeOf(' Text/HTML ; charset=utf-8'), 'text/html');
      assert.equal(mediaTypeOf(''), '');
    });
  });

  describe('JSON Pointer', () => {
    it('escapes and unescapes tokens (RFC 6901 order)', () => {
      assert.equal(escapeToken('a/b~c'), 'a~1b~0c');
      assert.equal(escapeToken(3), '3');
      assert.equal(unescapeToken('a~1b~0c'), 'a/b~c');
      assert.equal(unescapeToken('~01'), '~1');
    });
    it('joins and splits pointers', () => {
      assert.equal(joinPointer([]), '');
      assert.equal(joinPointer(['a/b', 0, '~']), '/a~1b/0/~0');
      assert.deepEqual(parsePointer('/a~1b/0/~0'), ['a/b', '0', '~']);
      assert.deepEqual(parsePointer(''), []);
      assert.deepEqual(parsePointer('/'), ['']);
      assert.throws(() => parsePointer('a/b'), /not a JSON Pointer/);
      assert.deepEqual(pointerPath('/items/12/01'), ['items', 12, '01']);
      assert.equal(childPointer('/a', 'x/y'), '/a/x~1y');
    });
    it('reads a value at a pointer, own properties only', () => {
      const doc = { a: [{ 'b/c': 1 }], __proto__x: 2 };
      assert.equal(getAtPointer(doc, '/a/0/b~1c'), 1);
      assert.equal(getAtPointer(doc, '/a/01/b~1c'), undefined);
      assert.equal(getAtPointer(doc, '/toString'), undefined);
      assert.equal(getAtPointer(doc, ''), doc);
    });
  });
});
