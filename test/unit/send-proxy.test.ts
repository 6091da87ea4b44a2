import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect as netConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DispatcherPool, editorProxyOptions, sendRequest, type PreparedRequest } from '../../src/core/send';
import { json, listen, type TestServer } from '../fixtures/send/helpers';

function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What the loopback proxy saw: CONNECT targets and absolute-URI requests, with their Proxy-Authorization. */
interface ProxyLog {
  connects: Array<{ target: string; auth: string | null }>;
  forwards: Array<{ url: string; auth: string | null }>;
}

/**
 * A real forward proxy on 127.0.0.1: `CONNECT host:port` opens a TCP tunnel (the HTTPS case) and an
 * absolute-URI request is forwarded (the plain-HTTP case). With `auth`, both need that Basic value.
 */
async function startProxy(auth: string | null = null): Promise<TestServer & { log: ProxyLog }> {
  const log: ProxyLog = { connects: [], forwards: [] };
  const server: Server = createHttpServer();
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const authorised = (req: IncomingMessage): boolean => auth === null || req.headers['proxy-authorization'] === `Basic ${Buffer.from(auth).toString('base64')}`;
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    log.connects.push({ target: req.url ?? '', auth: req.headers['proxy-authorization'] ?? null });
    if (!authorised(req)) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const up = netConnect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  const base = await listen((req, res) => {
    log.forwards.push({ url: req.url ?? '', auth: req.headers['proxy-authorization'] ?? null });
    if (!authorised(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"', 'content-length': '0' });
      res.end();
      return;
    }
    const u = new URL(req.url ?? '');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    delete headers['proxy-connection'];
    const up = httpRequest({ host: u.hostname, port: u.port, path: u.pathname + u.search, method: req.method, headers }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, { ...upRes.headers, 'x-via': 'test-proxy' });
      upRes.pipe(res);
    });
    up.on('error', () => res.destroy());
    req.pipe(up);
  }, server);
  return {
    ...base,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await base.close();
    },
  };
}

const prep = (url: string, options: PreparedRequest['options'] = {}): PreparedRequest => ({ method: 'GET', url, headers: [], body: { kind: 'none' }, options, secrets: [] });
const text = (b: Uint8Array | null | undefined): string => Buffer.from(b ?? []).toString('utf8');

describe('send: through a CONNECT proxy on loopback', function () {
  this.timeout(30000);
  let dir: string;
  let cert: string;
  let https: TestServer;
  let plain: TestServer;

  before(async function () {
    if (!hasOpenssl()) {
      this.skip();
      return;
    }
    dir = mkdtempSync(join(tmpdir(), 'reqlint-proxy-'));
    const key = join(dir, 'key.pem');
    cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    https = await listen((req, res) => json(res, 200, { over: 'tls', path: req.url }), createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }), 'https');
    plain = await listen((req, res) => json(res, 200, { over: 'plain', path: req.url, via: req.headers['x-via'] ?? null }));
  });

  after(async () => {
    await https?.close();
    await plain?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('tunnels HTTPS with CONNECT (self-signed target trusted by CA file) and forwards plain HTTP through the same proxy', async () => {
    const proxy = await startProxy();
    const pool = new DispatcherPool({ env: {} });
    try {
      const r1 = await sendRequest(prep(`${https.url}/secure?x=1`, { proxy: proxy.url, caFile: cert }), { pool });
      assert.equal(r1.error, null, r1.error?.message);
      assert.equal(r1.status, 200);
      assert.deepEqual(JSON.parse(text(r1.body?.bytes)), { over: 'tls', path: '/secure?x=1' });
      assert.deepEqual(proxy.log.connects.map((c) => c.target), [`127.0.0.1:${https.port}`]);

      const r2 = await sendRequest(prep(`${plain.url}/open`, { proxy: proxy.url }), { pool });
      assert.equal(r2.error, null, r2.error?.message);
      assert.equal(r2.headers.find(([k]) => k === 'x-via')?.[1], 'test-proxy');
      assert.deepEqual(proxy.log.forwards.map((f) => f.url), [`${plain.url}/open`]);
      // The plain request did not open a tunnel.
      assert.equal(proxy.log.connects.length, 1);
    } finally {
      await pool.close();
      await proxy.close();
    }
  });

  it('takes HTTPS_PROXY from the environment and skips the hosts NO_PROXY names, also for an explicit proxy', async () => {
    const proxy = await startProxy();
    const envPool = new DispatcherPool({ env: { HTTPS_PROXY: proxy.url } });
    const noPool = new DispatcherPool({ env: { HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
    try {
      const r1 = await sendRequest(prep(`${https.url}/env`, { insecure: true }), { pool: envPool });
      assert.equal(r1.status, 200, r1.error?.message);
      assert.equal(proxy.log.connects.length, 1);
      const r2 = await sendRequest(prep(`${https.url}/direct`, { insecure: true }), { pool: noPool });
      assert.equal(r2.status, 200, r2.error?.message);
      const r3 = await sendRequest(prep(`${https.url}/explicit`, { insecure: true, proxy: proxy.url }), { pool: noPool });
      assert.equal(r3.status, 200, r3.error?.message);
      const r4 = await sendRequest(prep(`${https.url}/listed`, { insecure: true, proxy: proxy.url, noProxy: '.example.org, 127.0.0.1' }), { pool: envPool });
      assert.equal(r4.status, 200, r4.error?.message);
      assert.equal(proxy.log.connects.length, 1, 'NO_PROXY hosts go direct');
    } finally {
      await envPool.close();
      await noPool.close();
      await proxy.close();
    }
  });

  it('sends the credentials of the proxy URL as Proxy-Authorization and never shows the password', async () => {
    const proxy = await startProxy('corp user:s3cr#t');
    const port = new URL(proxy.url).port;
    const good = `http://corp%20user:s3cr%23t@127.0.0.1:${port}`;
    const bad = `http://corp%20user:wrong-pass-77@127.0.0.1:${port}`;
    const pool = new DispatcherPool({ env: {} });
    try {
      const r1 = await sendRequest(prep(`${https.url}/auth`, { proxy: good, insecure: true }), { pool });
      assert.equal(r1.status, 200, r1.error?.message);
      const r2 = await sendRequest(prep(`${plain.url}/auth`, { proxy: good }), { pool });
      assert.equal(r2.status, 200, r2.error?.message);
      assert.equal(proxy.log.connects[0].auth, `Basic ${Buffer.from('corp user:s3cr#t').toString('base64')}`);
      assert.equal(proxy.log.forwards[0].auth, `Basic ${Buffer.from('corp user:s3cr#t').toString('base64')}`);

      const r3 = await sendRequest(prep(`${https.url}/auth`, { proxy: bad, insecure: true }), { pool });
      assert.equal(r3.status, null);
      assert.equal(r3.error?.code, 'proxy');
      assert.match(r3.error?.message ?? '', /407/);
      assert.doesNotMatch(JSON.stringify(r3), /wrong-pass-77/);
    } finally {
      await pool.close();
      await proxy.close();
    }
  });
});

describe('send: editor proxy settings', () => {
  it("uses Reqlint's own proxy setting first, else the editor's http.proxy, http.noProxy and http.proxyStrictSSL", () => {
    const base = { own: null, editorProxy: null, editorNoProxy: [], editorStrictSSL: true };
    assert.deepEqual(editorProxyOptions(base), {});
    assert.deepEqual(editorProxyOptions({ ...base, own: 'http://own:1', editorProxy: 'http://vs:2', editorNoProxy: ['x'], editorStrictSSL: false }), { proxy: 'http://own:1' });
    assert.deepEqual(editorProxyOptions({ ...base, editorProxy: 'proxy.corp:3128', editorNoProxy: [' localhost ', '.corp.example', ''], editorStrictSSL: false }), {
      proxy: 'http://proxy.corp:3128',
      noProxy: 'localhost,.corp.example',
      proxyInsecure: true,
    });
  });

  it("proxyInsecure (http.proxyStrictSSL: false) accepts an intercepting proxy's certificate for tunnelled HTTPS", async function () {
    if (!hasOpenssl()) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-proxy-'));
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'pipe' });
    const https = await listen((_req, res) => json(res, 200, { ok: true }), createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }), 'https');
    const proxy = await startProxy();
    const pool = new DispatcherPool({ env: {} });
    try {
      const strict = await sendRequest(prep(`${https.url}/`, { proxy: proxy.url }), { pool });
      assert.equal(strict.error?.code, 'tls', JSON.stringify(strict.error));
      const lax = await sendRequest(prep(`${https.url}/`, { ...editorProxyOptions({ own: null, editorProxy: proxy.url, editorNoProxy: [], editorStrictSSL: false }) }), { pool });
      assert.equal(lax.status, 200, lax.error?.message);
    } finally {
      await pool.close();
      await proxy.close();
      await https.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
