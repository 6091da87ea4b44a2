import { strict as assert } from 'node:assert';
import { createServer, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { defaultConfig } from '../../src/core/config/types';
import { sendSettings } from '../../src/core/pipeline/settings';
import { DEFAULT_TIMEOUT_MS, DispatcherPool, sendRequest } from '../../src/core/send';
import { listen } from '../fixtures/send/helpers';

const config = (send?: Record<string, unknown>): ReturnType<typeof defaultConfig> => {
  const c = defaultConfig('/tmp');
  return { ...c, raw: { ...c.raw, ...(send ? { send } : {}) } };
};

describe('send: default whole-exchange time-out', () => {
  it('applies DEFAULT_TIMEOUT_MS when no flag, config or setting names one; 0 from a flag or the config means none', () => {
    assert.equal(DEFAULT_TIMEOUT_MS, 30_000);
    assert.equal(sendSettings(config()).defaults.timeoutMs, DEFAULT_TIMEOUT_MS);
    assert.equal(sendSettings(config({ timeoutMs: 5000 }), { timeoutMs: 0 }).defaults.timeoutMs, 0);
    assert.equal(sendSettings(config({ timeoutMs: 0 })).defaults.timeoutMs, 0);
    assert.equal(sendSettings(config(), { timeoutMs: 1200 }).defaults.timeoutMs, 1200);
    assert.equal(sendSettings(config(), {}, { timeoutMs: 4000 }).defaults.timeoutMs, 4000);
  });

  it('ends an exchange with a server that accepts and never answers (no hang)', async () => {
    const sockets = new Set<Socket>();
    const server: Server = createServer();
    server.on('connection', (s: Socket) => sockets.add(s));
    // The handler reads the request and never writes anything back.
    const s = await listen(() => undefined, server);
    const pool = new DispatcherPool({ env: {} });
    try {
      const opts = { ...sendSettings(config()).defaults, timeoutMs: 200 };
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
