import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HttpFile } from '../../src/core/http/ast';
import { parseHttp } from '../../src/core/http/parser';
import { commonEnds, IncrementalParser } from '../../src/extension/features/incremental-parse';

const DEMO = resolve(__dirname, '../../demo');

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Everything but the LineIndex object (compared through the text it was built from).
function plain(f: HttpFile): unknown {
  return {
    text: f.text,
    lineStarts: f.lines.lineStarts,
    requests: f.requests,
    fileVariables: f.fileVariables,
    metadata: f.metadata,
    problems: f.problems,
    disabled: f.disabled,
  };
}

const EDITS = ['x', '\n', '\r\n', '"', '{{', '}}', '###\n', '### t\nGET https://a.test\n', 'GET ', '@v = 1\n', '', ': ', '# @name n\n', '< ./payloads/x.json\n', '\n\n', '\t'];

describe('editor: incremental .http parsing', () => {
  it('finds the common prefix and suffix without overlap', () => {
    assert.deepEqual(commonEnds('abcabc', 'abcXabc'), { prefix: 3, suffix: 3 });
    assert.deepEqual(commonEnds('aaa', 'aaaa'), { prefix: 3, suffix: 0 });
    assert.deepEqual(commonEnds('', 'x'), { prefix: 0, suffix: 0 });
  });

  const generated = (): string => {
    const parts: string[] = ['@host = https://a.test', ''];
    for (let i = 0; i < 40; i++) parts.push(`### r${i}`, `# @name r${i}`, `POST {{host}}/v1/x?i=${i}`, 'Content-Type: application/json', 'Idempotency-Key: k', '', `{"a": ${i},`, ` "b": "{{host}}"}`, '');
    return parts.join('\n');
  };
  const cases: Array<[string, () => string, number]> = readdirSync(DEMO)
    .filter((f) => f.endsWith('.http'))
    .map((f): [string, () => string, number] => [f, () => readFileSync(join(DEMO, f), 'utf8'), 0]);
  cases.push(['a generated 40-request file', generated, 100]);
  for (const [name, load, minBlocks] of cases) {
    it(`equals parseHttp after each of 300 random edits: ${name}`, () => {
      let text = load();
      const p = new IncrementalParser();
      p.parse(text);
      const random = rng(name.length * 104729);
      let blocks = 0;
      for (let step = 0; step < 300; step++) {
        const rare = random() < 0.03 ? ['{%', '%}', '# reqlint-disable-next-line\n'][step % 3] : null;
        const at = Math.floor(random() * (text.length + 1));
        const cut = random() < 0.3 ? Math.floor(random() * 8) : 0;
        text = text.slice(0, at) + (rare ?? EDITS[Math.floor(random() * EDITS.length)]) + text.slice(Math.min(text.length, at + cut));
        const got = p.parse(text);
        if (p.lastMode === 'block') blocks++;
        assert.deepEqual(plain(got), plain(parseHttp(text)), `step ${step} (${p.lastMode}) differs from a full parse`);
      }
      assert.ok(blocks >= minBlocks, `only ${blocks} of 300 edits were parsed as one block`);
    });
  }

  it('re-parses one block for a keystroke inside a request of a long file', () => {
    const parts: string[] = ['@host = https://a.test', ''];
    for (let i = 0; i < 50; i++) parts.push(`### r${i}`, `POST {{host}}/v1/x?i=${i}`, 'Content-Type: application/json', '', `{"a": ${i}}`, '');
    let text = parts.join('\n');
    const p = new IncrementalParser();
    p.parse(text);
    const at = text.indexOf('"a": 25') + 1;
    text = text.slice(0, at) + 'b' + text.slice(at);
    const got = p.parse(text);
    assert.equal(p.lastMode, 'block');
    assert.deepEqual(plain(got), plain(parseHttp(text)));
    text = text.replace('{"a": 30}', '{"a": 30,\n "c": 1}');
    assert.deepEqual(plain(p.parse(text)), plain(parseHttp(text)));
    assert.equal(p.lastMode, 'block');
  });
});
