import { strict as assert } from 'node:assert';
import { request as httpRequest } from 'node:http';
import { classifyResponse } from '../../src/core/classify/classify';
import { profileById } from '../../src/core/classify/known-apis';
import { mockEnvironment, startMockServer, type MockServer } from '../../src/mock';
import { DispatcherPool, sendRequest } from '../../src/core/send';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One request with node:http (not the sender), so the mock is checked independently. */
function call(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: unknown): Promise<Answer> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const u = new URL(base + path);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: { ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) } : {}), ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode!, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const classify = (a: Answer, profile: string) =>
  classifyResponse({ status: a.status, headers: a.headers as Record<string, string>, body: a.text, profile: profileById(profile) });

describe('mock: the five documented APIs', () => {
  let mock: MockServer;
  before(async () => {
    mock = await startMockServer({ port: 0, rateLimits: { 'scanova-tracking:server': { requests: 3, windowMs: 60_000 }, 'qrstudio:pro': { requests: 1000, windowMs: 60_000 } } });
  });
  beforeEach(() => mock.reset());
  after(async () => mock.close());

  it('prints base URLs under each profile id and a matching environment', () => {
    assert.equal(mock.baseUrls.qrstudio, `${mock.origin}/qrstudio`);
    const env = mockEnvironment(mock.baseUrls).mock;
    assert.equal(env.qrstudioBaseUrl, `${mock.origin}/qrstudio`);
    assert.match(env.qrstudioApiKey, /^smk_/);
  });

  describe('Scanova management', () => {
    const base = () => `${mock.origin}/scanova-management`;
    it('answers DRF field errors for a QR code missing its required fields', async () => {
      const a = await call(base(), 'POST', '/qr/', { authorization: 'k1' }, { name: '' });
      assert.equal(a.status, 400);
      assert.deepEqual(Object.keys(a.json as object).sort(), ['category', 'info', 'name', 'qr_type']);
      assert.deepEqual((a.json as Record<string, string[]>).name, ['This field may not be blank.']);
      assert.equal(classify(a, 'scanova-management').category, 'validation');
    });
    it('refuses a Bearer prefix and a missing key with 401 detail strings', async () => {
      assert.deepEqual((await call(base(), 'GET', '/qr/', { authorization: 'Bearer k1' })).json, { detail: 'Invalid API key.' });
      assert.deepEqual((await call(base(), 'GET', '/qr/')).json, { detail: 'Authentication credentials were not provided.' });
    });
    it('creates, reads and deletes a QR code', async () => {
      const c = await call(base(), 'POST', '/qr/', { authorization: 'k1' }, { name: 'Menu', category: 1, qr_type: 'dy', info: JSON.stringify({ url: 'https://example.com' }) });
      assert.equal(c.status, 201);
      const qrid = (c.json as { qrid: string }).qrid;
      assert.equal((await call(base(), 'GET', `/qr/${qrid}/`, { authorization: 'k1' })).status, 200);
      assert.equal((await call(base(), 'DELETE', `/qr/${qrid}/`, { authorization: 'k1' })).status, 204);
      assert.equal((await call(base(), 'GET', `/qr/${qrid}/`, { authorization: 'k1' })).status, 404);
    });
  });

  describe('QBar Scanner', () => {
    const base = () => `${mock.origin}/qbar-scanner`;
    it('uses the error envelope with a request_id', async () => {
      const a = await call(base(), 'POST', '/qr', { 'x-api-key': 'k' }, { url: 'ftp://x' });
      assert.equal(a.status, 400);
      const j = a.json as { error: { code: string; fields: Array<{ field: string }> }; request_id: string };
      assert.equal(j.error.code, 'VALIDATION_ERROR');
      assert.equal(j.error.fields[0].field, 'url');
      assert.equal(j.request_id, a.headers['x-request-id']);
      assert.equal((await call(base(), 'POST', '/qr', { 'x-api-key': 'k' }, '{bad')).json && ((await call(base(), 'POST', '/qr', { 'x-api-key': 'k' }, '{bad')).json as { error: { code: string } }).error.code, 'INVALID_JSON');
      assert.equal(((await call(base(), 'POST', '/qr', {}, {})).json as { error: { code: string } }).error.code, 'UNAUTHORIZED');
    });
    it('reports bulk per-item errors by 0-based index with a summary', async () => {
      const a = await call(base(), 'POST', '/qr/bulk', { 'x-api-key': 'k' }, [{ url: 'https://a.example' }, {}, { url: 'nope' }]);
      const j = a.json as { created: unknown[]; errors: Array<{ index: number }>; summary: Record<string, number> };
      assert.deepEqual(j.errors.map((e) => e.index), [1, 2]);
      assert.deepEqual(j.summary, { total_submitted: 3, total_created: 1, total_failed: 2 });
      const c = classify(a, 'qbar-scanner');
      assert.equal(c.category, 'partial-success');
      assert.deepEqual(c.itemErrors.map((e) => e.index), [1, 2]);
    });
  });

  describe('Scanova tracking', () => {
    const base = () => `${mock.origin}/scanova-tracking`;
    const event = { event_name: 'purchase', scan_session_id: '7ad26d4f-3181-4ef8-b6ca-b8f59499dd43' };
    it('answers FastAPI 422 details for field problems', async () => {
      const a = await call(base(), 'POST', '/server-events', { 'x-api-key': 'k' }, { scan_session_id: 'nope', properties: { email: 'a@b.example' } });
      assert.equal(a.status, 422);
      const locs = (a.json as { detail: Array<{ loc: unknown[] }> }).detail.map((d) => d.loc.join('.'));
      assert.ok(locs.includes('body.event_name'));
      assert.ok(locs.includes('body.scan_session_id'));
      assert.equal(classify(a, 'scanova-tracking').category, 'validation');
    });
    it('401 without the key, 403 for a revoked one, 400 for an inactive site', async () => {
      assert.equal((await call(base(), 'POST', '/server-events', {}, event)).status, 401);
      assert.equal((await call(base(), 'POST', '/server-events', { 'x-api-key': 'revoked-1' }, event)).status, 403);
      const a = await call(base(), 'POST', '/server-events', { 'x-api-key': 'k' }, { ...event, site_id: 'inactive-9' });
      assert.deepEqual([a.status, a.json], [400, { detail: 'site_id not found or inactive' }]);
    });
    it('rate-limits per key with Retry-After, other keys unaffected', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await call(base(), 'POST', '/server-events', { 'x-api-key': 'k-limit' }, event)).status, 200);
      const a = await call(base(), 'POST', '/server-events', { 'x-api-key': 'k-limit' }, event);
      assert.equal(a.status, 429);
      assert.ok(Number(a.headers['retry-after']) >= 1);
      assert.equal((await call(base(), 'POST', '/server-events', { 'x-api-key': 'k-other' }, event)).status, 200);
      const c = classify(a, 'scanova-tracking');
      assert.equal(c.category, 'rate-limited');
      assert.ok(c.retryAfterMs! >= 1000);
    });
    it('answers 413 past the request size cap', async () => {
      const a = await call(base(), 'POST', '/server-events', { 'x-api-key': 'k' }, { ...event, properties: { blob: 'x'.repeat(1024 * 1024 + 10) } });
      assert.equal(a.status, 413);
      assert.equal(classify(a, 'scanova-tracking').category, 'payload-too-large');
    });
  });

  describe('Scantrust', () => {
    const base = () => `${mock.origin}/scantrust`;
    it('DRF errors for products, unique SKU, and a 301 to the trailing slash', async () => {
      const a = await call(base(), 'POST', '/api/v2/products/', { authorization: 'Token t' }, { name: 'short' });
      assert.deepEqual(a.json, { brand: ['Brand is required.'], name: ['Description must be at least 10 characters'] });
      const ok = { brand: 'Acme', name: 'A long product name', sku: 'SKU-1' };
      assert.equal((await call(base(), 'POST', '/api/v2/products/', { authorization: 'Token t' }, ok)).status, 201);
      assert.deepEqual((await call(base(), 'POST', '/api/v2/products/', { authorization: 'Token t' }, ok)).json, { sku: ['SKU must be unique'] });
      const r = await call(base(), 'GET', '/api/v2/products', { authorization: 'Token t' });
      assert.equal(r.status, 301);
      assert.equal(r.headers.location, `${base()}/api/v2/products/`);
    });
    it('answers known errors as {error_code, error_message} on 409', async () => {
      const a = await call(base(), 'GET', '/api/v2/products/', { authorization: 'Token t', 'x-mock-status': '409' });
      assert.deepEqual(a.json, { error_code: '8000', error_message: 'SQL Timeout' });
      assert.equal(classify(a, 'scantrust').category, 'conflict');
    });
  });

  describe('QR Studio', () => {
    const base = () => `${mock.origin}/qrstudio`;
    it('renders a PNG for a valid request and 400s field errors', async () => {
      const ok = await call(base(), 'POST', '/api/v1/generate/', { 'x-api-key': 'smk_pro_1' }, { data_type: 'url', data: 'https://x.example', size_inches: 4 });
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['content-type'], 'image/png');
      const bad = await call(base(), 'POST', '/api/v1/generate/', { 'x-api-key': 'smk_pro_1' }, { data_type: 'url', size_inches: 20 });
      assert.equal(bad.status, 400);
      assert.deepEqual((bad.json as Record<string, unknown>).data, ['This field is required.']);
    });
    it('401 for a key without smk_, 426 for plain HTTP on /api/*', async () => {
      assert.equal((await call(base(), 'POST', '/api/v1/generate/', { 'x-api-key': 'abc' }, { data: 'x' })).status, 401);
      const a = await call(base(), 'POST', '/api/v1/generate/', { 'x-api-key': 'smk_pro_1', 'x-forwarded-proto': 'http' }, { data: 'x' });
      assert.equal(a.status, 426);
      assert.equal(classify(a, 'qrstudio').category, 'https-required');
    });
    it('plan gates: 403 size cap, 403 bulk on free, 402 on the second destination edit', async () => {
      const big = await call(base(), 'POST', '/api/v1/generate/', { 'x-api-key': 'smk_free_1' }, { data: 'x', size_inches: 5 });
      assert.deepEqual([big.status, big.json], [403, { detail: 'Plan \'free\' allows up to 3". Upgrade for larger sizes.' }]);
      assert.equal(classify(big, 'qrstudio').category, 'plan-limit');
      assert.equal((await call(base(), 'POST', '/api/v1/generate/bulk/', { 'x-api-key': 'smk_free_1' }, [{ data: 'x' }])).status, 403);
      const d = await call(base(), 'POST', '/api/v1/dynamic/', { 'x-api-key': 'smk_free_1' }, { destination: 'https://a.example' });
      const id = (d.json as { short_id: string }).short_id;
      assert.equal((await call(base(), 'PATCH', `/api/v1/dynamic/${id}/`, { 'x-api-key': 'smk_free_1' }, { destination: 'https://b.example' })).status, 200);
      const third = await call(base(), 'PATCH', `/api/v1/dynamic/${id}/`, { 'x-api-key': 'smk_free_1' }, { destination: 'https://c.example' });
      assert.equal(third.status, 402);
      assert.equal(classify(third, 'qrstudio').category, 'plan-limit');
    });
    it('monthly quota 429 has no Retry-After and reads as plan-limit', async () => {
      let last: Answer | null = null;
      for (let i = 0; i < 7; i++) last = await call(base(), 'POST', '/api/v1/generate/', { 'x-api-key': 'smk_free_quota' }, { data: 'x' });
      assert.equal(last!.status, 429);
      assert.equal(last!.headers['retry-after'], undefined);
      assert.equal(classify(last!, 'qrstudio').category, 'plan-limit');
    });
    it('replays an Idempotency-Key with the same body and 409s a different body', async () => {
      const h = { 'x-api-key': 'smk_pro_1', 'idempotency-key': 'k-1' };
      const a = await call(base(), 'POST', '/api/v1/dynamic/', h, { destination: 'https://a.example' });
      const b = await call(base(), 'POST', '/api/v1/dynamic/', h, { destination: 'https://a.example' });
      assert.equal(b.status, 201);
      assert.equal(b.headers['idempotent-replayed'], 'true');
      assert.deepEqual(a.json, b.json);
      const c = await call(base(), 'POST', '/api/v1/dynamic/', h, { destination: 'https://other.example' });
      assert.equal(c.status, 409);
      assert.equal(classify(c, 'qrstudio').category, 'conflict');
    });
    it('bulk per-item errors keyed by index with rendered_before_failure', async () => {
      const a = await call(base(), 'POST', '/api/v1/generate/bulk/', { 'x-api-key': 'smk_starter_1' }, [{ data: 'a' }, { data: 'b', color: 'rouge' }, { data: 'c' }, { data_type: 'url' }]);
      assert.equal(a.status, 422);
      const j = a.json as { errors: Record<string, string>; rendered_before_failure: number };
      assert.deepEqual(Object.keys(j.errors), ['1', '3']);
      assert.equal(j.rendered_before_failure, 2);
      assert.deepEqual(classify(a, 'qrstudio').itemErrors.map((e) => e.index), [1, 3]);
    });
    it('302s a public scan to the destination without a key', async () => {
      const d = await call(base(), 'POST', '/api/v1/dynamic/', { 'x-api-key': 'smk_pro_1' }, { destination: 'https://landing.example/x' });
      const a = await call(base(), 'GET', `/q/${(d.json as { short_id: string }).short_id}/`);
      assert.deepEqual([a.status, a.headers.location], [302, 'https://landing.example/x']);
      assert.equal((await call(base(), 'GET', '/q/unknown/')).status, 404);
    });
  });

  describe('faults on demand', () => {
    const base = () => `${mock.origin}/qrstudio`;
    it('fails the first N identical requests with the asked status, then answers', async () => {
      const h = { 'x-api-key': 'smk_pro_1', 'x-mock-status': '503', 'x-mock-fail-times': '2', 'x-mock-retry-after': '1', 'x-mock-fault-key': 'f1' };
      const seq = [];
      for (let i = 0; i < 3; i++) seq.push((await call(base(), 'POST', '/api/v1/generate/', h, { data: 'x' })).status);
      assert.deepEqual(seq, [503, 503, 200]);
    });
    it('drops the connection in mid-body', async () => {
      await assert.rejects(call(base(), 'GET', '/q/x/', { 'x-mock-body-bytes': '200000', 'x-mock-reset': 'mid-body' }), /aborted|ECONNRESET|socket hang up/);
    });
    it('slow bodies and dropped connections reach the sender as timeout and connection-reset', async () => {
      const pool = new DispatcherPool({ env: {} });
      try {
        const get = (headers: Array<[string, string]>, timeoutMs: number | null) =>
          sendRequest({ method: 'GET', url: `${base()}/q/none/`, headers, body: { kind: 'none' }, options: { timeoutMs }, secrets: [] }, { pool });
        assert.equal((await get([['X-Mock-Slow-Body', '3000']], 300)).error?.code, 'timeout');
        assert.equal((await get([['X-Mock-Reset', 'before-headers']], null)).error?.code, 'connection-reset');
        const mid = await get([['X-Mock-Body-Bytes', '300000'], ['X-Mock-Reset', 'mid-body']], null);
        assert.deepEqual([mid.status, mid.error?.code], [200, 'connection-reset']);
      } finally {
        await pool.destroy();
      }
    });
    it('404s an unknown mount with the list of mounts', async () => {
      const a = await call(mock.origin, 'GET', '/nothing/here');
      assert.equal(a.status, 404);
      assert.match(a.text, /qrstudio/);
    });
  });
});
