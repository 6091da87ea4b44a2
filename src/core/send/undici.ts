// The parts of undici the sender uses, loaded module by module: undici's index also loads fetch,
// WebSocket, caches, mocks and Node's own bundled copy of undici, which costs every CLI run tens of
// milliseconds of start-up for code it never calls.
import Client from 'undici/lib/dispatcher/client';
import Pool from 'undici/lib/dispatcher/pool';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent';
import buildConnector from 'undici/lib/core/connect';
import apiConnect from 'undici/lib/api/api-connect';
import { parseSetCookie } from 'undici/lib/web/cookies/parse';

export { Client, Pool, ProxyAgent, buildConnector, parseSetCookie };

/**
 * A pool for the proxy's own connections that can open `CONNECT` tunnels. undici's index adds
 * `connect()` to every dispatcher; loading modules one by one skips that, and ProxyAgent calls it
 * for every HTTPS target (without it, tunnelling failed with "connect is not a function").
 */
export function tunnelPool(origin: string | URL, options: Pool.Options): Pool {
  const pool = new Pool(origin, options);
  (pool as unknown as { connect: typeof apiConnect }).connect = apiConnect;
  return pool;
}
