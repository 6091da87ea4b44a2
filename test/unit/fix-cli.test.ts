import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, runCli } from './cli-lint-helpers';

const HTTP = `POST http://api.qrstudio.agency/api/v1/generate/
X-Api-Key: {{qrKey}}
Idempotency-Key: {{$uuid}}

{"data": "https://x.test", "size_inches": 40}

###
POST https://track.scanova.io/server-events
X-API-Key: {{trackKey}}

{
  "event_name": "signup",
  "conversion_value": {"amount": 1, "currency": "usd"},
  "properties": {
    "contact": "Jane@Example.com"
  }
}
`;

describe('fix: reqlint lint --fix and --fix-type pii', function () {
  this.timeout(120000);
  let dir: string;
  before(async () => {
    await buildOnce();
    dir = mkdtempSync(join(tmpdir(), 'reqlint-fix-'));
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { qrKey: 'smk_1', trackKey: 't' } }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--fix applies the safe fixes (https, Content-Type, currency) but neither hashing nor clamping', async () => {
    const file = join(dir, 'a.http');
    writeFileSync(file, HTTP);
    const r = await runCli(['lint', 'a.http', '--env', 'dev', '--fix', '--format', 'json'], dir);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^POST https:\/\/api\.qrstudio\.agency/);
    assert.match(text, /"currency": "USD"/);
    assert.match(text, /X-API-Key: \{\{trackKey\}\}\nContent-Type: application\/json\n/);
    assert.match(text, /"contact": "Jane@Example\.com"/, 'hashing needs --fix-type pii');
    assert.match(text, /"size_inches": 40/, 'clamping changes meaning: a suggestion');
    const left = JSON.parse(r.stdout).files[0].findings.map((f: { rule: string }) => f.rule).sort();
    assert.deepEqual(left, ['body/pii-email', 'body/range'], r.stdout);
    assert.equal(r.code, 1);
  });

  it('--fix-type pii also replaces the raw e-mail with user_identifiers.email_hash', async () => {
    const file = join(dir, 'b.http');
    writeFileSync(file, HTTP);
    await runCli(['lint', 'b.http', '--env', 'dev', '--fix', '--fix-type', 'pii', '--format', 'json'], dir);
    const text = readFileSync(file, 'utf8');
    const body = JSON.parse(text.slice(text.indexOf('{\n  "event_name"')));
    assert.deepEqual(body.properties, {});
    assert.equal(body.user_identifiers.email_hash, createHash('sha256').update('jane@example.com').digest('hex'));
  });
});
