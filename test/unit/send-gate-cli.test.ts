import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, runCli } from './cli-lint-helpers';
import { json, listen, type TestServer } from '../fixtures/send/helpers';

describe('reqlint send: the gate before sending', function () {
  this.timeout(60000);
  let server: TestServer;
  let dir: string;
  let hits = 0;

  before(async () => {
    await buildOnce();
    server = await listen((_req, res) => {
      hits++;
      json(res, 200, { ok: true });
    });
    dir = mkdtempSync(join(tmpdir(), 'reqlint-gate-cli-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (hits = 0));

  it('an unresolved placeholder is not sent: exit 1, file:line and the variable in the result', async () => {
    writeFileSync(join(dir, 'undef.http'), `GET ${server.url}/x\nX-Key: {{$secret apiKey}}\n`);
    const r = await runCli(['send', 'undef.http', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(hits, 0);
    const res = JSON.parse(r.stdout).results[0];
    assert.equal(res.error.code, 'not-sent');
    assert.match(res.error.message, /^undef\.http:2: \{\{\$secret apiKey\}\} needs a secret store/);
  });

  it('an error-level finding: sent with a warning on stderr, refused with --strict', async () => {
    writeFileSync(join(dir, 'bad.http'), `POST ${server.url}/x\nContent-Type: application/json\n\n{ "a": }\n`);
    const loose = await runCli(['send', 'bad.http', '--format', 'json'], dir);
    assert.equal(loose.code, 0, loose.stderr);
    assert.equal(hits, 1);
    assert.match(loose.stderr, /^reqlint send: bad\.http:4: sending request 1 despite an error-level finding, first at line 4: .*\(body\/invalid-json\)\.$/m);
    const strict = await runCli(['send', 'bad.http', '--strict'], dir);
    assert.equal(strict.code, 1);
    assert.equal(hits, 1, '--strict sent the request');
    assert.match(strict.stdout, /not sent: bad\.http:4: the request has an error-level finding/);
  });
});
