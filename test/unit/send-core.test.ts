import { strict as assert } from 'node:assert';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { request as httpRequest } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { CookieJar, DispatcherPool, RateLimiter, discardBody, sendRequest, type PreparedRequest } from '../../src/core/send';
import { makeClassifier, makeRetry } from '../../src/core/send/wire';
import { resolveRetryPolicy } from '../../src/core/retry/policy';
import { fakeClock, json, listen, readAll, type TestServer } from '../fixtures/send/helpers';

function prep(url: string, extra: Partial<PreparedRequest> = {}): PreparedRequest {
  return { method: 'GET', url, headers: [], body: { kind: 'none' }, options: {}, secrets: [], ...extra };
}

const text = (b: Uint8Array | null | undefined): string => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('send: sendRequest over undici', function () {
  let pool: DispatcherPool;
  let tmp: string;
  const servers: TestServer[] = [];
  const start = async (...a: Parameters<typeof listen>): Promise<TestServer> => {
    const s = await listen(...a);
    servers.push(s);
    return s;
  };

  beforeEach(() => {
    pool = new DispatcherPool({ env: {} });
    tmp = mkdtempSync(join(tmpdir(), 'reqlint-send-test-'));
  });
  afterEach(async () => {
    await pool.destroy();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    rmSync(tmp, { recursive: true, force: true });
  });

  describe('request bodies', () => {
    let echo: TestServer;
    beforeEach(async () => {
      echo = await start(async (req, res) => {
        const body = await readAll(req);
        json(res, 200, { method: req.method, headers: req.headers, body: body.toString('latin1') });
      });
    });

    it('sends inline text with an exact Content-Length', async () => {
      const r = await sendRequest(prep(echo.url + '/t', { method: 'POST', body: { kind: 'text', text: 'héllo' } }), { pool });
      const got = JSON.parse(text(r.body?.bytes));
      assert.equal(Buffer.from(got.body, 'latin1').toString('utf8'), 'héllo');
      assert.equal(got.headers['content-length'], '6');
      assert.equal(got.headers['transfer-encoding'], undefined);
    });

    it('streams a `< file` body from disk byte for byte', async () => {
      const file = join(tmp, 'payload.bin');
      const data = Buffer.alloc(3 * 1024 * 1024 + 7);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31) & 0xff;
      writeFileSync(file, data);
      const r = await sendRequest(prep(echo.url, { method: 'PUT', body: { kind: 'file', path: file } }), { pool });
      const got = JSON.parse(text(r.body?.bytes));
      assert.equal(got.headers['content-length'], String(data.length));
      assert.ok(Buffer.from(got.body, 'latin1').equals(data));
      assert.equal(r.attempts[0].bytesSent, data.length);
    });

    it('encodes form fields as application/x-www-form-urlencoded', async () => {
      const r = await sendRequest(prep(echo.url, { method: 'POST', body: { kind: 'form', fields: [['a b', 'c&d'], ['e', 'ü']] } }), { pool });
      assert.equal(JSON.parse(text(r.body?.bytes)).body, 'a+b=c%26d&e=%C3%BC');
    });

    it('splices multipart text and file parts without reading files whole', async () => {
      const file = join(tmp, 'logo.png');
      writeFileSync(file, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]));
      const segments = [{ text: '--b\r\nContent-Disposition: form-data; name="f"; filename="logo.png"\r\n\r\n' }, { path: file }, { text: '\r\n--b--' }];
      const r = await sendRequest(prep(echo.url, { method: 'POST', headers: [['Content-Type', 'multipart/form-data; boundary=b']], body: { kind: 'segments', segments } }), { pool });
      const got = JSON.parse(text(r.body?.bytes));
      const expected = Buffer.concat([Buffer.from(segments[0].text!), readFileSync(file), Buffer.from('\r\n--b--')]);
      assert.ok(Buffer.from(got.body, 'latin1').equals(expected));
      assert.equal(got.headers['content-length'], String(expected.length));
    });

    it('reports a missing body file as body-file, naming the path', async () => {
      const r = await sendRequest(prep(echo.url, { method: 'POST', body: { kind: 'file', path: join(tmp, 'nope.json') } }), { pool });
      assert.equal(r.status, null);
      assert.equal(r.error?.code, 'body-file');
      assert.match(r.error.message, /nope\.json/);
    });
  });

  describe('cancel and time-outs', () => {
    it('cancels an in-flight request through the AbortSignal', async () => {
      const s = await start((_req, res) => {
        res.writeHead(200, { 'content-length': '100' });
        res.write('partial');
      });
      const ac = new AbortController();
      setTimeout(() => ac.abort(), 100);
      const t0 = Date.now();
      const r = await sendRequest(prep(s.url), { pool, signal: ac.signal });
      assert.equal(r.error?.code, 'aborted');
      assert.ok(Date.now() - t0 < 5000);
    });

    it('stops a slow exchange at the whole-exchange time-out', async () => {
      const s = await start((_req, res) => {
        setTimeout(() => json(res, 200, {}), 3000).unref();
      });
      const r = await sendRequest(prep(s.url, { options: { timeoutMs: 150 } }), { pool });
      assert.equal(r.error?.code, 'timeout');
      assert.match(r.error.message, /150 ms/);
    });

    it('stops a hanging TLS handshake at the connect time-out', async () => {
      const hang: NetServer = createNetServer(() => undefined);
      await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
      try {
        const port = (hang.address() as { port: number }).port;
        const r = await sendRequest(prep(`https://127.0.0.1:${port}/`, { options: { connectTimeoutMs: 200, timeoutMs: 5000 } }), { pool });
        assert.equal(r.error?.code, 'connect-timeout', JSON.stringify(r.error));
      } finally {
        hang.close();
      }
    });

    it('says connection-refused for a closed port', async () => {
      const s = await start((_q, res) => {
        res.end();
      });
      const url = s.url;
      await s.close();
      servers.pop();
      const r = await sendRequest(prep(url), { pool });
      assert.equal(r.error?.code, 'connection-refused');
    });
  });

  describe('redirects', () => {
    it('follows a chain, keeps every hop, and turns a POST into GET on 303', async () => {
      const s = await start(async (req, res) => {
        await readAll(req);
        if (req.url === '/a') return json(res, 307, {}, { location: '/b' });
        if (req.url === '/b') return json(res, 303, {}, { location: '/c' });
        json(res, 200, { method: req.method, url: req.url });
      });
      const r = await sendRequest(prep(s.url + '/a', { method: 'POST', body: { kind: 'text', text: 'x' } }), { pool });
      assert.equal(r.status, 200);
      assert.deepEqual(JSON.parse(text(r.body?.bytes)), { method: 'GET', url: '/c' });
      assert.deepEqual(r.attempts[0].redirects.map((h) => [h.status, h.method]), [[307, 'POST'], [303, 'POST']]);
    });

    it('follows a redirect whose own body is large: the body is dropped, the connection closed, the target answers', async () => {
      const big = Buffer.alloc(3 * 1024 * 1024, 0x61);
      const s = await start(async (req, res) => {
        await readAll(req);
        if (req.url === '/big') {
          res.writeHead(302, { location: '/done', 'content-length': String(big.length) });
          res.end(big);
          return;
        }
        json(res, 200, { url: req.url });
      });
      const r = await sendRequest(prep(s.url + '/big'), { pool });
      assert.equal(r.status, 200, r.error?.message);
      assert.deepEqual(JSON.parse(text(r.body?.bytes)), { url: '/done' });
      assert.deepEqual(r.attempts[0].redirects.map((h) => h.status), [302]);
    });

    it('detects a redirect loop', async () => {
      const s = await start((req, res) => json(res, 302, {}, { location: req.url === '/x' ? '/y' : '/x' }));
      const r = await sendRequest(prep(s.url + '/x'), { pool });
      assert.equal(r.error?.code, 'redirect-loop');
      assert.equal(r.attempts[0].redirects.length, 2);
    });

    it('gives up after maxRedirects', async () => {
      const s = await start((req, res) => json(res, 302, {}, { location: `/n${Number(req.url!.slice(2) || 0) + 1}` }));
      const r = await sendRequest(prep(s.url + '/n0', { options: { maxRedirects: 3 } }), { pool });
      assert.equal(r.error?.code, 'too-many-redirects');
    });

    it('returns the 3xx itself with followRedirects false', async () => {
      const s = await start((_req, res) => json(res, 302, { moved: true }, { location: '/elsewhere' }));
      const r = await sendRequest(prep(s.url, { options: { followRedirects: false } }), { pool });
      assert.equal(r.status, 302);
      assert.equal(r.attempts[0].redirects[0].location, s.url + '/elsewhere');
      assert.deepEqual(JSON.parse(text(r.body?.bytes)), { moved: true });
    });

    it('drops credentials on a redirect to another origin', async () => {
      const other = await start((req, res) => json(res, 200, { auth: req.headers.authorization ?? null }));
      const s = await start((_req, res) => json(res, 302, {}, { location: other.url + '/landing' }));
      const r = await sendRequest(prep(s.url, { headers: [['Authorization', 'secret-token']] }), { pool });
      assert.deepEqual(JSON.parse(text(r.body?.bytes)), { auth: null });
    });
  });

  describe('proxies', () => {
    it('sends through a forward proxy from the options and from HTTP_PROXY', async () => {
      const target = await start((req, res) => json(res, 200, { via: req.headers['x-via'] ?? null }));
      const seen: string[] = [];
      const proxy = await start((req, res) => {
        seen.push(req.url!);
        const u = new URL(req.url!);
        const up = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: req.method, headers: { ...req.headers, 'x-via': 'test-proxy' } }, (upRes) => {
          res.writeHead(upRes.statusCode!, upRes.headers);
          upRes.pipe(res);
        });
        req.pipe(up);
      });
      const r1 = await sendRequest(prep(target.url + '/one', { options: { proxy: proxy.url } }), { pool });
      assert.deepEqual(JSON.parse(text(r1.body?.bytes)), { via: 'test-proxy' });
      const envPool = new DispatcherPool({ env: { HTTP_PROXY: proxy.url } });
      try {
        const r2 = await sendRequest(prep(target.url + '/two'), { pool: envPool });
        assert.deepEqual(JSON.parse(text(r2.body?.bytes)), { via: 'test-proxy' });
        const r3 = await sendRequest(prep(target.url + '/three', { options: { proxy: null } }), { pool: envPool });
        assert.deepEqual(JSON.parse(text(r3.body?.bytes)), { via: null });
      } finally {
        await envPool.destroy();
      }
      assert.deepEqual(seen, [target.url + '/one', target.url + '/two']);
    });
  });

  describe('response bodies', () => {
    const payload = JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `item ${i}` })) });
    it('decodes gzip, br, zlib deflate and raw deflate', async () => {
      const encoders: Record<string, (b: Buffer) => Buffer> = { gzip: gzipSync, br: brotliCompressSync, deflate: deflateSync, 'raw-deflate': deflateRawSync };
      const s = await start((req, res) => {
        const kind = req.url!.slice(1);
        const body = encoders[kind](Buffer.from(payload));
        res.writeHead(200, { 'content-encoding': kind === 'raw-deflate' ? 'deflate' : kind, 'content-type': 'text/plain' });
        res.end(body);
      });
      for (const kind of Object.keys(encoders)) {
        const r = await sendRequest(prep(`${s.url}/${kind}`), { pool });
        assert.equal(text(r.body?.bytes), payload, kind);
        assert.ok(r.body!.encodedSize < r.body!.size, kind);
        assert.equal(r.body!.problem, null);
      }
    });

    it('keeps a body that claims gzip but is not, and says so', async () => {
      const s = await start((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-type': 'application/json' });
        res.end('{"plain":true}');
      });
      const r = await sendRequest(prep(s.url), { pool });
      assert.equal(r.status, 200);
      assert.equal(r.error, null);
      assert.match(r.body!.problem!, /not valid gzip/);
    });

    it('cuts a gzip bomb off at the decoded size cap', async () => {
      const bomb = gzipSync(Buffer.alloc(20 * 1024 * 1024));
      const s = await start((_req, res) => {
        res.writeHead(200, { 'content-encoding': 'gzip' });
        res.end(bomb);
      });
      const r = await sendRequest(prep(s.url), { pool, limits: { maxDecodedBytes: 1024 * 1024 } });
      assert.equal(r.error?.code, 'decompression-limit');
      assert.ok(r.body!.size <= 1024 * 1024);
    });

    it('spills a body over the memory limit to a temp file and keeps a bounded preview', async () => {
      const size = 3 * 1024 * 1024;
      const s = await start((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(size) });
        res.end(Buffer.alloc(size, 0x42));
      });
      const r = await sendRequest(prep(s.url), { pool, limits: { maxBodyBytes: 1024 * 1024, previewBytes: 4096, tempDir: tmp } });
      assert.equal(r.body!.bytes, null);
      assert.equal(statSync(r.body!.file!).size, size);
      assert.equal(r.body!.preview.length, 4096);
      await discardBody(r.body);
      assert.throws(() => statSync(r.body!.file!));
    });

    it('reports a reset in mid-body as connection-reset with the bytes so far', async () => {
      const s = await start((_req, res) => {
        res.writeHead(200, { 'content-length': '100000' });
        res.write(Buffer.alloc(5000, 0x41), () => res.destroy());
      });
      const r = await sendRequest(prep(s.url), { pool });
      assert.equal(r.status, 200);
      assert.equal(r.error?.code, 'connection-reset');
      assert.ok(r.body!.size >= 1 && r.body!.size < 100000);
    });
  });

  describe('retries', () => {
    it('waits what Retry-After says, then succeeds, with the same Idempotency-Key on both attempts', async () => {
      const keys: string[] = [];
      let n = 0;
      const s = await start(async (req, res) => {
        await readAll(req);
        keys.push(String(req.headers['idempotency-key']));
        if (n++ === 0) return json(res, 429, { detail: 'slow down' }, { 'retry-after': '1' });
        json(res, 201, { ok: true });
      });
      const clock = fakeClock();
      const r = await sendRequest(prep(s.url, { method: 'POST', body: { kind: 'text', text: '{}' } }), {
        pool,
        clock,
        classifier: makeClassifier(null),
        retry: makeRetry(resolveRetryPolicy(null), () => 0.5),
        idempotencyKeyHeader: 'Idempotency-Key',
        newId: () => 'key-123',
      });
      assert.equal(r.status, 201);
      assert.equal(r.attempts.length, 2);
      assert.deepEqual(clock.sleeps, [1000]);
      assert.deepEqual(keys, ['key-123', 'key-123']);
      assert.equal(r.attempts[0].retryDelayMs, 1000);
      assert.match(r.attempts[0].retryReason!, /Retry-After/);
      assert.equal(r.addedIdempotencyKey, 'key-123');
    });

    it('stops a 500 storm after the policy’s last retry', async () => {
      let hits = 0;
      const s = await start((_req, res) => {
        hits++;
        json(res, 500, { detail: 'boom' });
      });
      const clock = fakeClock();
      const policy = resolveRetryPolicy({ maxRetries: 3, baseDelayMs: 1000 });
      const r = await sendRequest(prep(s.url), { pool, clock, classifier: makeClassifier(null), retry: makeRetry(policy, () => 0.999) });
      assert.equal(hits, 4);
      assert.equal(r.attempts.length, 4);
      assert.equal(r.status, 500);
      assert.equal(clock.sleeps.length, 3);
      clock.sleeps.forEach((ms, i) => assert.ok(ms < 1000 * 2 ** i && ms >= 0.99 * 1000 * 2 ** i, `sleep ${i}: ${ms}`));
      assert.equal(r.attempts[3].retryDelayMs, null);
    });

    it('resends at once for Retry-After: 0 with the real clock, and a cancel during that wait still stops it', async () => {
      let n = 0;
      const s = await start(async (req, res) => {
        await readAll(req);
        if (n++ === 0) return json(res, 429, { detail: 'slow down' }, { 'retry-after': '0' });
        json(res, 200, { ok: true });
      });
      const r = await sendRequest(prep(s.url), { pool, classifier: makeClassifier(null), retry: makeRetry(resolveRetryPolicy(null)) });
      assert.equal(r.status, 200);
      assert.equal(r.attempts.length, 2);
      assert.equal(r.attempts[0].retryDelayMs, 0);
      const ac = new AbortController();
      n = 0;
      const cancelled = await sendRequest(prep(s.url), {
        pool,
        signal: ac.signal,
        classifier: makeClassifier(null),
        retry: makeRetry(resolveRetryPolicy(null)),
      }, { onRetryWait: () => ac.abort() });
      assert.equal(cancelled.attempts.length, 1, 'the abort during the 0 ms wait stops the resend');
      assert.equal(cancelled.status, 429);
    });

    it('does not retry a 400', async () => {
      const s = await start((_req, res) => json(res, 400, { name: ['This field may not be blank.'] }));
      const r = await sendRequest(prep(s.url), { pool, clock: fakeClock(), classifier: makeClassifier(null), retry: makeRetry(resolveRetryPolicy(null)) });
      assert.equal(r.attempts.length, 1);
      assert.equal(r.classification?.category, 'validation');
    });
  });

  describe('rate limit, cookies, secrets, timings', () => {
    it('waits visibly for the client-side rate limit', async () => {
      const s = await start((_req, res) => json(res, 200, {}));
      const clock = fakeClock();
      const limiter = new RateLimiter(clock);
      const waits: number[] = [];
      const opts = { pool, clock, rateLimit: { limiter, key: 'k', limit: { requests: 2, windowMs: 60_000 } } };
      let waited = 0;
      for (let i = 0; i < 3; i++) waited += (await sendRequest(prep(s.url), opts, { onRateLimitWait: (ms) => waits.push(ms) })).rateLimitWaitMs;
      assert.deepEqual(waits, [60_000]);
      assert.equal(waited, 60_000);
    });

    it('keeps cookies in the jar between requests', async () => {
      const s = await start((req, res) => {
        if (req.url === '/login') return json(res, 200, {}, { 'set-cookie': 'sid=abc; Path=/; HttpOnly' });
        json(res, 200, { cookie: req.headers.cookie ?? null });
      });
      const jar = new CookieJar();
      await sendRequest(prep(s.url + '/login'), { pool, cookieJar: jar });
      const r = await sendRequest(prep(s.url + '/me'), { pool, cookieJar: jar });
      assert.deepEqual(JSON.parse(text(r.body?.bytes)), { cookie: 'sid=abc' });
      assert.equal(CookieJar.from(jar.toJSON()).header(new URL(s.url + '/x')), 'sid=abc');
    });

    it('masks secret values in recorded headers and URLs', async () => {
      const s = await start((_req, res) => json(res, 200, {}));
      const key = 'smk_live_9f8e7d6c5b4a1a2b';
      const r = await sendRequest(prep(`${s.url}/?k=${key}`, { headers: [['X-Api-Key', key]], secrets: [key] }), { pool });
      assert.deepEqual(r.attempts[0].requestHeaders, [['X-Api-Key', '••••1a2b']]);
      assert.ok(!JSON.stringify(r.attempts).includes(key));
      assert.ok(!r.url.includes(key));
    });

    it('times a fresh connection and marks the next one reused', async () => {
      const s = await start((_req, res) => json(res, 200, {}));
      const a = await sendRequest(prep(s.url), { pool });
      // undici may open a second connection for a request sent right after the first one finished;
      // from then on the idle connections are reused.
      const later = [];
      for (let i = 0; i < 3; i++) later.push(await sendRequest(prep(s.url), { pool }));
      const t = a.attempts[0].timings;
      assert.equal(t.reusedConnection, false);
      assert.ok(t.dnsMs !== null && t.connectMs !== null && t.firstByteMs !== null && t.downloadMs !== null);
      assert.equal(t.tlsMs, null);
      assert.equal(a.attempts[0].remoteAddress, '127.0.0.1');
      assert.ok(later.some((b) => b.attempts[0].timings.reusedConnection));
      assert.equal(a.attempts[0].httpVersion, '1.1');
    });
  });
});
