import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type ProjectConfig } from '../../src/core/config/types';
import { parseHttp } from '../../src/core/http/parser';
import { createSession, openFileRun, runRequests, type RequestOutcome } from '../../src/core/pipeline';
import { bodyText, discardBody } from '../../src/core/send';
import { json, listen, type TestServer } from '../fixtures/send/helpers';
import { hasOpenssl, makePki } from '../fixtures/send/pki';

describe('pipeline: a client certificate whose passphrase comes from the secret store', function () {
  this.timeout(30000);
  let dir: string;
  let server: TestServer;
  before(async function () {
    if (!hasOpenssl()) {
      this.skip();
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'reqlint-mtls-'));
    const pki = makePki(dir);
    execFileSync('openssl', ['pkcs12', '-export', '-in', pki.clientCert, '-inkey', pki.clientKey, '-out', join(dir, 'client.p12'), '-passout', 'pass:pfx-pass-1234'], { stdio: 'pipe' });
    const https = createServer({ key: readFileSync(pki.key), cert: readFileSync(pki.cert), ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: true });
    server = await listen((req, res) => json(res, 200, { client: (req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? null }), https, 'https');
    writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify({ dev: { pfxPassFromEnv: 'pfx-pass-1234' } }));
  });
  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function send(passphrase: string, secret: (n: string) => string | undefined): Promise<RequestOutcome[]> {
    const host = new URL(server.url).host;
    const config: ProjectConfig = { ...defaultConfig(dir), path: join(dir, 'reqlint.config.json'), raw: { send: { tls: { [host]: { ca: 'ca.pem', pfx: 'client.p12', passphrase } } } } };
    const text = `GET ${server.url}/\n`;
    const filePath = join(dir, 'a.http');
    writeFileSync(filePath, text);
    const session = createSession({ config, profiles: [], environment: 'dev' });
    const run = openFileRun(session, { file: parseHttp(text), filePath, text, workspaceRoot: dir, secret });
    const out: RequestOutcome[] = [];
    try {
      await runRequests(session, run, run.file.requests, { report: (o) => void out.push(o) });
    } finally {
      await session.pool.destroy();
    }
    return out;
  }

  it('reads {{$secret name}} from the front end\'s store, and a private environment value, and masks it', async () => {
    for (const [passphrase, label] of [['{{$secret pfxPass}}', 'secret store'], ['{{pfxPassFromEnv}}', 'private environment']]) {
      const [o] = await send(passphrase, (n) => (n === 'pfxPass' ? 'pfx-pass-1234' : undefined));
      assert.equal(o.kind, 'sent', label);
      if (o.kind !== 'sent') continue;
      assert.equal(o.result.status, 200, `${label}: ${o.result.error?.message ?? ''}`);
      assert.deepEqual(JSON.parse(bodyText(o.result.body, 4096)), { client: 'reqlint-client' });
      assert.ok(o.prepared.secrets.includes('pfx-pass-1234'), 'the passphrase is masked like a secret');
      await discardBody(o.result.body);
    }
  });

  it('a passphrase that does not resolve is not sent, and says where to put it', async () => {
    const [o] = await send('{{$secret missing}}', () => undefined);
    assert.equal(o.kind, 'not-sent');
    if (o.kind === 'not-sent') assert.match(o.message, /client certificate passphrase for 127\.0\.0\.1:\d+ in the config's send\.tls uses \{\{\$secret missing\}\}, which is not defined/);
  });
});
