import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { requestDefaults } from '../../src/cli/commands/send';
import { DEFAULT_TIMEOUT_MS, DispatcherPool, sendRequest } from '../../src/core/send';
import { listen } from '../fixtures/send/helpers';

describe('send: default whole-exchange time-out', () => {
  it('applies DEFAULT_TIMEOUT_MS when no flag or config names one; 0 from a flag or the config means none', () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 30_000);
    assert.equal(requestDefaults({}, {}).timeoutMs, DEFAULT_TIMEOUT_MS);
    assert.equal(requestDefaults({ timeoutMs: 0 }, { timeoutMs: 5000 }).timeoutMs, 0);
    assert.equal(requestDefaults({}, { timeoutMs: 0 }).timeoutMs, 0);
    assert.equal(requestDefaults({ timeoutMs: 1200 }, {}).timeoutMs, 1200);
  });

  it('ends an exchange with a server that accepts and never answers (no hang)', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer();
    server.on('connection', (s: Socket) => sockets.add(s));
    // The handler reads the request and never writes anything back.
    const s = await listen(() => undefined, server);
    const pool = new DispatcherPool({ env: {} });
    try {
      const opts = { ...requestDefaults({}, {}), timeoutMs: 200 };
      const r = await sendRequest({ method: 'GET', url: `${s.url}/silent`, headers: [], body: { kind: 'none' }, options: opts, secrets: [] }, { pool });
      assert.equal(r.status, null);
      assert.equal(r.error?.code, 'timeout');
      assert.match(r.error?.message ?? '', /within 200 ms/);
    } finally {
      await pool.destroy();
      for (const x of sockets) x.destroy();
      await s.close();
    }
  });
});
