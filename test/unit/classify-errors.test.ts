// Failures with no answer, produced for real against loopback servers with undici, then classified.
import { strict as assert } from 'node:assert';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { classifyError } from '../../src/core/classify/classify';
import { profileById } from '../../src/core/classify/known-apis';

async function failureOf(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the request to fail');
}

const sockets = new Set<Socket>();

function listen(onConn: (sock: Socket) => void): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((sock) => {
      sockets.add(sock);
      sock.on('close', () => sockets.delete(sock));
      sock.on('error', () => {});
      onConn(sock);
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as AddressInfo).port }));
  });
}

describe('classify: failures with no answer', () => {
  const open: Server[] = [];
  const agents: Agent[] = [];
  after(async () => {
    for (const sock of sockets) sock.destroy();
    for (const s of open) await new Promise((r) => s.close(r));
    for (const a of agents) await a.close();
  });

  it('a refused connection is network, not retryable, and says nothing listens', async () => {
    // Take a free port, then close it so nothing listens there.
    const { server, port } = await listen(() => {});
    await new Promise((r) => server.close(r));
    const err = await failureOf(request(`http://127.0.0.1:${port}/x`));
    const c = classifyError(err, { request: { url: `http://127.0.0.1:${port}/x` } });
    assert.equal(c.category, 'network');
    assert.equal(c.retryable, false);
    assert.equal(c.code, 'ECONNREFUSED');
    assert.equal(c.status, null);
    assert.equal(c.retryAfterMs, null);
    assert.match(c.advice, new RegExp(`127\\.0\\.0\\.1:${port}`));
  });

  it('a connection reset mid-answer is network and retryable', async () => {
    const { server, port } = await listen((sock) => {
      sock.once('data', () => sock.resetAndDestroy());
    });
    open.push(server);
    const err = await failureOf(request(`http://127.0.0.1:${port}/reset`));
    const c = classifyError(err);
    assert.equal(c.category, 'network');
    assert.equal(c.retryable, true, JSON.stringify(c));
    assert.match(c.advice, /dropped/);
  });

  it('a headers time-out is network and retryable, with the time-out in the advice', async () => {
    const { server, port } = await listen(() => {
      // Accept and never answer.
    });
    open.push(server);
    const agent = new Agent({ headersTimeout: 150 });
    agents.push(agent);
    const err = await failureOf(request(`http://127.0.0.1:${port}/slow`, { dispatcher: agent }));
    const c = classifyError(err, { request: { url: `http://127.0.0.1:${port}/slow` }, timeoutMs: 150 });
    assert.equal(c.category, 'network');
    assert.equal(c.retryable, true);
    assert.equal(c.code, 'UND_ERR_HEADERS_TIMEOUT');
    assert.match(c.advice, /150 ms/);
  });

  it('an AbortSignal time-out counts as a time-out; a user abort does not retry', () => {
    const t = classifyError(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
    assert.equal(t.retryable, true);
    const a = classifyError(new DOMException('This operation was aborted', 'AbortError'));
    assert.equal(a.retryable, false);
    assert.match(a.advice, /cancelled/);
  });

  it('walks fetch-style causes and AggregateErrors', () => {
    const fetchErr = new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.example.invalid'), { code: 'ENOTFOUND', hostname: 'api.example.invalid' }) });
    const c = classifyError(fetchErr);
    assert.equal(c.code, 'ENOTFOUND');
    assert.equal(c.retryable, false);
    assert.match(c.advice, /api\.example\.invalid does not resolve/);
    const agg = Object.assign(new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' })], ''), { code: 'ECONNREFUSED' });
    assert.equal(classifyError(agg).code, 'ECONNREFUSED');
  });

  it('TLS and temporary DNS failures', () => {
    const tls = classifyError(Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }));
    assert.equal(tls.retryable, false);
    assert.match(tls.advice, /TLS/);
    const dns = classifyError(Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' }));
    assert.equal(dns.retryable, true);
  });

  it('never throws on odd values and keeps the profile', () => {
    for (const v of [null, undefined, 42, 'boom', {}, { code: 7 }, Object.create(null)]) {
      const c = classifyError(v);
      assert.equal(c.category, 'network');
      assert.ok(c.advice);
    }
    const c = classifyError({ code: 'ETIMEDOUT' }, { request: { url: 'https://track.scanova.io/server-events' } });
    assert.equal(c.profile, 'scanova-tracking');
    const off = classifyError({ code: 'ETIMEDOUT' }, { profile: { ...profileById('qrstudio')!, retry: { ...profileById('qrstudio')!.retry, retryNetworkTimeouts: false } } });
    assert.equal(off.retryable, false);
  });
});
