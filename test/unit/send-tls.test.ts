import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { createSecureServer } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DispatcherPool, sendRequest, type PreparedRequest } from '../../src/core/send';
import { json, listen, type TestServer } from '../fixtures/send/helpers';
import { hasOpenssl, makePki } from '../fixtures/send/pki';

describe('send: TLS with a CA made in the test', function () {
  this.timeout(30000);
  let dir: string;
  let pki: ReturnType<typeof makePki>;
  let server: TestServer;
  let pool: DispatcherPool;

  before(async function () {
    if (!hasOpenssl()) {
      this.skip();
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'reqlint-tls-'));
    pki = makePki(dir);
    const https: Server = createServer({ key: readFileSync(pki.key), cert: readFileSync(pki.cert), ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: false });
    server = await listen(
      (req, res) => {
        const sock = req.socket as TLSSocket;
        const peer = sock.getPeerCertificate();
        json(res, 200, { client: sock.authorized ? peer.subject?.CN ?? null : null, alpn: sock.alpnProtocol || null });
      },
      https,
      'https',
    );
  });
  beforeEach(() => {
    pool = new DispatcherPool({ env: {} });
  });
  afterEach(async () => {
    await pool?.destroy();
  });
  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const prep = (options: PreparedRequest['options']): PreparedRequest => ({ method: 'GET', url: server.url + '/', headers: [], body: { kind: 'none' }, options, secrets: [] });

  it('refuses the unknown CA with a tls error that says what to do', async () => {
    const r = await sendRequest(prep({}), { pool });
    assert.equal(r.error?.code, 'tls');
    assert.match(r.error.message, /CA file|insecure/);
  });

  it('trusts the extra CA file and times the handshake', async () => {
    const r = await sendRequest(prep({ caFile: pki.ca }), { pool });
    assert.equal(r.status, 200, JSON.stringify(r.error));
    const t = r.attempts[0].timings;
    assert.ok(t.tlsMs !== null && t.tlsMs >= 0);
    assert.deepEqual(JSON.parse(Buffer.from(r.body!.bytes!).toString()).client, null);
  });

  it('presents a client certificate', async () => {
    const r = await sendRequest(prep({ caFile: pki.ca, certFile: pki.clientCert, keyFile: pki.clientKey }), { pool });
    assert.equal(JSON.parse(Buffer.from(r.body!.bytes!).toString()).client, 'reqlint-client');
  });

  it('accepts the certificate only with the explicit insecure opt-in', async () => {
    const r = await sendRequest(prep({ insecure: true }), { pool });
    assert.equal(r.status, 200);
  });

  it('speaks HTTP/2 when asked and the server offers it, HTTP/1.1 otherwise', async () => {
    const h2 = createSecureServer({ key: readFileSync(pki.key), cert: readFileSync(pki.cert), allowHTTP1: true });
    h2.on('request', (req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ version: req.httpVersion }));
    });
    await new Promise<void>((r) => h2.listen(0, '127.0.0.1', r));
    try {
      const url = `https://127.0.0.1:${(h2.address() as { port: number }).port}/`;
      const two = await sendRequest({ method: 'GET', url, headers: [], body: { kind: 'none' }, options: { caFile: pki.ca, http2: true }, secrets: [] }, { pool });
      assert.equal(two.status, 200, JSON.stringify(two.error));
      assert.equal(two.attempts[0].httpVersion, '2.0');
      assert.deepEqual(JSON.parse(Buffer.from(two.body!.bytes!).toString()), { version: '2.0' });
      const one = await sendRequest({ method: 'GET', url, headers: [], body: { kind: 'none' }, options: { caFile: pki.ca }, secrets: [] }, { pool });
      assert.equal(one.attempts[0].httpVersion, '1.1');
    } finally {
      await pool.destroy();
      h2.close();
    }
  });

  it('names an unreadable CA file', async () => {
    const r = await sendRequest(prep({ caFile: join(dir, 'missing.pem') }), { pool });
    assert.equal(r.error?.code, 'tls');
    assert.match(r.error.message, /missing\.pem/);
  });
});
