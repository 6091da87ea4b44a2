import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonBody, parseValidJsonBody } from '../../src/core/http/json-body';

/** A small seeded generator, so a failure names an input that can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function randomJson(r: () => number, depth: number): unknown {
  const k = Math.floor(r() * (depth > 3 ? 5 : 7));
  const strings = ['', 'plain', 'with "quotes"', 'back\\slash', 'tab\there', 'line\nbreak', 'ünïcödé ✓', '\u2028', '😀 pair', 'a/b~c', '{{not a hole', '{{host}}'];
  switch (k) {
    case 0:
      return null;
    case 1:
      return r() < 0.5;
    case 2:
      return [0, -1, 1.5, 1e21, -2.5e-7, 123456789, 0.1][Math.floor(r() * 7)];
    case 3:
    case 4:
      return strings[Math.floor(r() * strings.length)];
    case 5:
      return Array.from({ length: Math.floor(r() * 4) }, () => randomJson(r, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(r() * 5); i > 0; i--) o[strings[Math.floor(r() * strings.length)] + i] = randomJson(r, depth + 1);
      return o;
    }
  }
}

function same(text: string, base: number): void {
  const fast = parseValidJsonBody(text, base);
  const slow = parseJsonBody(text, base);
  assert.deepEqual(fast, slow, text);
}

describe('json-body: parseValidJsonBody builds the tree parseJsonBody builds', () => {
  it('for generated documents in every layout, at any base offset', () => {
    const r = rng(7);
    for (let n = 0; n < 400; n++) {
      const value = randomJson(r, 0);
      for (const indent of [undefined, 2, '\t']) {
        const text = JSON.stringify(value, null, indent);
        same(text, 0);
        same(` \r\n${text}\n `, Math.floor(r() * 1000));
      }
    }
  });

  it('for text that is not plain valid JSON (falls back, same result)', () => {
    for (const text of ['', '   ', '{', '{"a":}', '{"a":1,}', '[1 2]', '01', '-', '1.', '.5', '+1', 'tru', 'nul', 'True', '"a\u0001b"', '{"a":1}x', '{"a": {{v}}}', '"{{v}}"', '// c\n{}', '{"a":1} {"b":2}', '\uFEFF{}']) {
      same(text, 3);
    }
  });

  it('for the JSON files of the test fixtures', () => {
    const root = join(__dirname, '..', 'fixtures');
    const walk = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => {
        const p = join(dir, f);
        return statSync(p).isDirectory() ? walk(p) : f.endsWith('.json') ? [p] : [];
      });
    const files = walk(root);
    assert.ok(files.length > 0);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (text.length < 2_000_000) same(text, 0);
    }
  });
});
