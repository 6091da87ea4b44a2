import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../fixtures/adversarial/run-cli';
import { formatText } from '../../src/cli/format/text';
import type { Finding } from '../../src/core/findings';
import { lintHttpText, lintJsonPayload } from '../../src/core/lint/engine';
import { findEmail } from '../../src/core/profiles/formats';
import { maskSecrets, maskValue } from '../../src/core/send/mask';
import { parseConfigText } from '../../src/core/config/validate';
import { compileSchema } from '../../src/core/profiles/validate';

// Hostile input that used to take quadratic time or crash. Each case here ran for many seconds (past
// the test time-out) or threw before the fix; the fuzz targets redos-email and redos-brace cover
// the class with generated strings.

describe('adversarial: hostile text stays linear, big reports print', function () {
  it('body/pii-email: an "@" followed by 300k letters, and 300k letters before one, are scanned linearly', () => {
    assert.equal(findEmail('@' + 'a'.repeat(300_000)), null);
    assert.equal(findEmail('a'.repeat(300_000) + '@'), null);
    assert.equal(findEmail('x'.repeat(300_000) + ' me@example.com'), 'me@example.com');
    assert.equal(findEmail('a@'.repeat(150_000) + 'b.co'), 'a@b.co');
    const internal: string[] = [];
    const text = `POST https://track.scanova.io/server-events\nContent-Type: application/json\nX-API-Key: {{key}}\n\n{"event_name":"scan","properties":{"note":"@${'a'.repeat(300_000)}","email":"raw@example.com"}}\n`;
    const r = lintHttpText('/tmp/t.http', text, { onInternalError: (m) => internal.push(m) });
    assert.deepEqual(internal, []);
    assert.ok(r.findings.some((f) => f.rule === 'body/pii-email'), 'the raw address is still found');
  });

  it('a mapped JSON payload with 300k unclosed "{{" lints linearly', () => {
    const config = parseConfigText('/p/reqlint.config.json', JSON.stringify({ payloads: [{ files: ['*.json'], endpoint: 'POST https://track.scanova.io/server-events' }] }));
    const internal: string[] = [];
    const r = lintJsonPayload('/p/e.json', `{"event_name": "${'{{'.repeat(300_000)}", "email": "raw@example.com"}`, config.payloads[0], { config, onInternalError: (m) => internal.push(m) });
    assert.deepEqual(internal, []);
    assert.ok(r.findings.some((f) => f.rule === 'body/pii-email'));
  });

  it('text output prints 150k findings of one file (Math.max over a spread overflowed the stack)', () => {
    const findings: Finding[] = Array.from({ length: 150_000 }, (_, i) => ({ rule: 'variable/undefined', severity: 'error', message: `m${i}`, file: '/w/t.http', range: { start: { line: i, character: 0 }, end: { line: i, character: 1 } }, request: i + 1 }));
    const out = formatText({ cwd: '/w', results: [{ file: '/w/t.http', findings, requests: 150_000, version: null }], rules: [] }, false);
    assert.ok(out.includes('t.http:150000:1'));
    assert.match(out, /150000 problems/);
  });

  it('a user schema pattern like ^(a+)+$ runs on a linear-time engine; one it cannot run is refused with the reason', () => {
    const validate = compileSchema({ type: 'object', properties: { name: { type: 'string', pattern: '^(a+)+$' } }, patternProperties: { '^(x+x+)+y$': { type: 'string' } } });
    assert.equal(validate({ name: 'a'.repeat(5000) + '!', ['x'.repeat(5000)]: 1 }), false);
    assert.equal(validate({ name: 'aaaa' }), true);
    assert.throws(() => compileSchema({ type: 'string', pattern: '^(?=a)a$' }), /linear-time engine/);
  });

  it('a masked secret shows at most four of its characters', () => {
    const secret = 'tok_PRIVATEENV_9f8e7d6c5b4a3210';
    const shown = maskValue(secret).replace(/•/g, '');
    assert.ok(shown.length <= 4, shown);
    assert.equal(maskValue('0123456789abcdef').replace(/•/g, '').length, 4);
    assert.ok(!maskSecrets(`x ${secret} y`, [secret]).includes(secret.slice(0, 5)));
  });
});

describe('adversarial: a rule that fails never leaves a clean exit', function () {
  this.timeout(60_000);
  it('reqlint lint on JSON nested 6,000 deep exits non-zero and says which rule failed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-nest-'));
    try {
      const body = `{"event_name":"x","properties":{"email":"a@b.com","deep":${'['.repeat(6000)}${']'.repeat(6000)}}}`;
      writeFileSync(join(dir, 't.http'), `POST https://track.scanova.io/server-events\nContent-Type: application/json\nX-API-Key: {{key}}\n\n${body}\n`);
      const r = await runCli(['lint', 't.http'], dir);
      assert.notEqual(r.code, 0, r.stdout + r.stderr);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
