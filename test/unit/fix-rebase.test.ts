import { strict as assert } from 'node:assert';
import { applyTextEdits } from '../../src/core/fix/apply';
import { rebaseFixes } from '../../src/core/fix/rebase';
import type { FileTextEdit, Fix } from '../../src/core/findings';

const TEXT = ['POST https://track.scanova.io/server-events', 'Content-Type: application/json', '', '{', '  "eventName": "scan",', '  "scan_session_id": "sess-1",', '  "currency": "usd"', '}', ''].join('\n');

const at = (line: number, a: number, b: number, newText: string) => ({ range: { start: { line, character: a }, end: { line, character: b } }, newText });
const fix = (title: string, ...edits: FileTextEdit[]): Fix => ({ title, kind: 'suggestion', edits });

describe('rebaseFixes: the fixes from one answer after one of them was applied', () => {
  const rename = fix('Rename eventName to event_name', at(4, 3, 12, 'event_name'));
  const uuid = fix('Use {{$uuid}}', at(5, 22, 28, '{{$uuid}}'));
  const currency = fix('Upper-case currency', at(6, 15, 18, 'USD'));

  it('moves a later fix on the same line and later lines along with the text', () => {
    const { text, fixes } = rebaseFixes(TEXT, rename, [null, uuid, currency]);
    assert.equal(fixes[0], null);
    assert.ok(fixes[1] && fixes[2]);
    const after = applyTextEdits(text, [...fixes[1].edits, ...fixes[2].edits]).text;
    assert.match(after, /"event_name": "scan"/);
    assert.match(after, /"scan_session_id": "\{\{\$uuid\}\}"/);
    assert.match(after, /"currency": "USD"/);
  });

  it('shifts a fix later on the same line by the length change', () => {
    const a = fix('a', at(6, 3, 11, 'cur'));
    const { text, fixes } = rebaseFixes(TEXT, a, [currency]);
    assert.deepEqual(fixes[0]?.edits[0].range, { start: { line: 6, character: 10 }, end: { line: 6, character: 13 } });
    assert.match(applyTextEdits(text, fixes[0].edits).text, /"cur": "USD"/);
  });

  it('drops a fix that overlaps the applied edit, keeps one before it unchanged', () => {
    const overlapping = fix('Replace the value', at(4, 17, 21, 'open'));
    const wide = fix('Whole line', at(4, 2, 22, '"event_name": "open"'));
    const { fixes } = rebaseFixes(TEXT, wide, [overlapping, rename, uuid]);
    assert.equal(fixes[0], null);
    assert.equal(fixes[1], null);
    assert.deepEqual(fixes[2]?.edits, uuid.edits, 'a fix on a later line with the same line length stays put');
  });

  it('drops a fix that edits the same body file as the applied one; keeps one in another file', () => {
    const body = fix('In body', { ...at(1, 0, 1, 'x'), file: '/p/body.json' });
    const same = fix('Same body file', { ...at(2, 0, 1, 'y'), file: '/p/body.json' });
    const other = fix('Other file', { ...at(2, 0, 1, 'y'), file: '/p/other.json' });
    const { text, fixes } = rebaseFixes(TEXT, body, [same, other]);
    assert.equal(text, TEXT, 'the request file is unchanged');
    assert.equal(fixes[0], null);
    assert.deepEqual(fixes[1], other);
  });

  it('two insertions at one point clash; an insertion after a replaced range moves', () => {
    const ins = fix('Insert', at(7, 0, 0, '  "x": 1,\n'));
    const ins2 = fix('Insert too', at(7, 0, 0, '  "y": 2,\n'));
    const { fixes } = rebaseFixes(TEXT, ins, [ins2, currency]);
    assert.equal(fixes[0], null);
    assert.deepEqual(fixes[1]?.edits, currency.edits);
  });
});
