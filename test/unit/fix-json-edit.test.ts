import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../src/core/fix/apply';
import { findProperty, insertPropertyEdit, removePropertyEdit, renameKeyEdit } from '../../src/core/fix/json-edit';
import { nodeAtPointer, parseJsonBody } from '../../src/core/http/json-body';
import { LineIndex, type TextEdit } from '../../src/core/text/position';

function edit(text: string, pointer: string, make: (lines: LineIndex, node: NonNullable<ReturnType<typeof nodeAtPointer>>) => TextEdit | TextEdit[]): string {
  const body = parseJsonBody(text);
  const node = nodeAtPointer(body.root, pointer)!;
  const lines = new LineIndex(text);
  const made = make(lines, node);
  const out = applyTextEdits(text, Array.isArray(made) ? made : [made]).text;
  JSON.parse(out); // still valid JSON
  return out;
}

describe('fix: JSON text edits keep the JSON valid and the layout intact', () => {
  it('inserts a property after the last one with the same indentation (spaces, tabs, CRLF)', () => {
    assert.equal(edit('{\n  "a": 1\n}', '', (l, n) => insertPropertyEdit(l, n, 'b', '"x"')), '{\n  "a": 1,\n  "b": "x"\n}');
    assert.equal(edit('{\n\t"a": {\n\t\t"c": 2\n\t}\n}', '/a', (l, n) => insertPropertyEdit(l, n, 'd', '3')), '{\n\t"a": {\n\t\t"c": 2,\n\t\t"d": 3\n\t}\n}');
    assert.equal(edit('{\r\n    "a": 1\r\n}\r\n', '', (l, n) => insertPropertyEdit(l, n, 'b', '2')), '{\r\n    "a": 1,\r\n    "b": 2\r\n}\r\n');
  });

  it('inserts into one-line and empty objects, and indents a nested object value', () => {
    assert.equal(edit('{"a": 1}', '', (l, n) => insertPropertyEdit(l, n, 'b', '2')), '{"a": 1, "b": 2}');
    assert.equal(edit('{}', '', (l, n) => insertPropertyEdit(l, n, 'b', '2')), '{"b": 2}');
    assert.equal(edit('{\n  "o": {\n  }\n}', '/o', (l, n) => insertPropertyEdit(l, n, 'b', '2')), '{\n  "o": {\n    "b": 2\n  }\n}');
    assert.equal(edit('{\n  "a": 1\n}', '', (l, n) => insertPropertyEdit(l, n, 'u', '{\n  "h": "x"\n}')), '{\n  "a": 1,\n  "u": {\n    "h": "x"\n  }\n}');
  });

  it('removes first, middle, last and only properties with their commas', () => {
    const t = '{\n  "a": 1,\n  "b": 2,\n  "c": 3\n}';
    const rm = (key: string) => edit(t, '', (l, n) => removePropertyEdit(l, findProperty(n, key)!));
    assert.equal(rm('a'), '{\n  "b": 2,\n  "c": 3\n}');
    assert.equal(rm('b'), '{\n  "a": 1,\n  "c": 3\n}');
    assert.equal(rm('c'), '{\n  "a": 1,\n  "b": 2\n}');
    assert.equal(edit('{"only": 1}', '', (l, n) => removePropertyEdit(l, findProperty(n, 'only')!)), '{}');
  });

  it('renames a key and keeps its value', () => {
    assert.equal(edit('{"eventName": {"x": [1]}}', '', (l, n) => renameKeyEdit(l, findProperty(n, 'eventName')!, 'event_name')), '{"event_name": {"x": [1]}}');
  });

  it('works on a body at an offset inside an .http file', () => {
    const file = 'POST https://a.test\n\n{\n  "a": 1\n}\n';
    const body = parseJsonBody(file.slice(21), 21);
    const lines = new LineIndex(file);
    const out = applyTextEdits(file, [insertPropertyEdit(lines, body.root!, 'b', 'true')]).text;
    assert.equal(out, 'POST https://a.test\n\n{\n  "a": 1,\n  "b": true\n}\n');
  });
});
