import * as assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFile } from '../../src/core/config';
import { lintHttpText } from '../../src/core/lint/engine';
import { IncrementalHttpLinter } from '../../src/extension/features/incremental';

const DEMO = resolve(__dirname, '../../demo');

// A deterministic pseudo-random sequence, so a failure reproduces.
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

// Fixes that generate a fresh key (`{{$uuid}}`-style literals) differ between any two runs.
function stable<T>(findings: T): T {
  return JSON.parse(JSON.stringify(findings).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')) as T;
}

const EDITS = ['x', '\n', '"', '{{', '}}', '###\n', 'POST https://example.test/a\n', '@v = 1\n', '', 'Idempotency-Key: k1\n', ' ', '# reqlint-disable-next-line\n'];

describe('editor: incremental .http linting', () => {
  const config = loadConfigFile(join(DEMO, 'reqlint.config.json'));
  const files = readdirSync(DEMO).filter((f) => f.endsWith('.http'));

  it('has demo files to work on', () => assert.ok(files.length >= 3, files.join(', ')));

  for (const name of files) {
    it(`equals a full lint after every one of 60 random edits: ${name}`, () => {
      const path = join(DEMO, name);
      let text = readFileSync(path, 'utf8');
      const inc = new IncrementalHttpLinter();
      const random = rng(name.length * 7919);
      const opts = { config, environment: config.environment };
      let reusedSomewhere = false;
      for (let step = 0; step < 60; step++) {
        const at = Math.floor(random() * (text.length + 1));
        const cut = random() < 0.3 ? Math.floor(random() * 6) : 0;
        text = text.slice(0, at) + EDITS[Math.floor(random() * EDITS.length)] + text.slice(Math.min(text.length, at + cut));
        const got = inc.lint(path, text, opts);
        const want = lintHttpText(path, text, opts);
        assert.deepEqual(stable(got.findings), stable(want.findings), `step ${step}: findings differ from a full lint`);
        assert.equal(got.requests, want.requests);
        if (got.relinted < got.requests) reusedSomewhere = true;
      }
      assert.ok(reusedSomewhere, 'the cache was never used');
    });
  }

  it('equals a full lint after each of 150 random edits of a 30-request file (chaining, reused keys, body files)', () => {
    const path = join(DEMO, 'generated.http');
    const parts: string[] = ['@host = https://api.qrstudio.agency'];
    for (let i = 0; i < 30; i++) {
      parts.push(`### r${i}`, `# @name r${i}`, `POST {{host}}/api/v1/generate/`, `X-Api-Key: ${i % 5 === 0 ? 'sk_live_0123456789abcdef' : '{{qrstudioApiKey}}'}`, `Idempotency-Key: key-${i % 3}`, 'Content-Type: application/json', '');
      parts.push(i % 7 === 3 ? '< ./payloads/missing.json' : `{"data": "{{r${Math.max(0, i - 1)}.response.body.$.id}}", "size": ${i * 40}, "email": "a${i}@example.com"}`, '');
    }
    let text = parts.join('\n');
    const inc = new IncrementalHttpLinter();
    const random = rng(4242);
    const opts = { config, environment: config.environment };
    let partial = 0;
    for (let step = 0; step < 150; step++) {
      const at = Math.floor(random() * (text.length + 1));
      const cut = random() < 0.3 ? Math.floor(random() * 6) : 0;
      text = text.slice(0, at) + EDITS[Math.floor(random() * EDITS.length)] + text.slice(Math.min(text.length, at + cut));
      const got = inc.lint(path, text, opts);
      assert.deepEqual(stable(got.findings), stable(lintHttpText(path, text, opts).findings), `step ${step}: findings differ from a full lint`);
      if (got.relinted * 4 <= got.requests) partial++;
    }
    assert.ok(partial > 50, `only ${partial} of 150 edits re-linted a few requests`);
  });

  it('re-lints only the edited request and shifts the findings below it', () => {
    const path = join(DEMO, 'qrstudio.http');
    const text = readFileSync(path, 'utf8');
    const inc = new IncrementalHttpLinter();
    const opts = { config, environment: config.environment };
    const first = inc.lint(path, text, opts);
    assert.equal(first.relinted, first.requests);
    const again = inc.lint(path, text, opts);
    // Requests whose fixes edit outside their own lines (a new file variable at the top) always re-run.
    const alwaysRun = again.relinted;
    assert.ok(alwaysRun < first.requests / 2, `${alwaysRun} of ${first.requests} re-linted with nothing changed`);
    assert.deepEqual(stable(again.findings), stable(first.findings));
    // A blank line after the first request's request line: only that request re-runs, later findings move one line down.
    const nl = text.indexOf('\n', text.search(/^(GET|POST|PUT|PATCH|DELETE) /m));
    const edited = text.slice(0, nl + 1) + 'X-Extra: 1\n' + text.slice(nl + 1);
    const after = inc.lint(path, edited, opts);
    assert.ok(after.relinted <= alwaysRun + 1, `${after.relinted} re-linted after editing one request`);
    assert.deepEqual(stable(after.findings), stable(lintHttpText(path, edited, opts).findings));
  });

  it('starts over when the config object or environment changes', () => {
    const path = join(DEMO, 'qrstudio.http');
    const text = readFileSync(path, 'utf8');
    const inc = new IncrementalHttpLinter();
    const first = inc.lint(path, text, { config });
    assert.equal(inc.lint(path, text, { config, environment: 'nope' }).relinted, first.requests);
    assert.equal(inc.lint(path, text, { config: loadConfigFile(join(DEMO, 'reqlint.config.json')), environment: 'nope' }).relinted, first.requests);
  });
});
