// The parts of undici the sender uses, loaded module by module: undici's index also loads fetch,
// WebSocket, caches, mocks and Node's own bundled copy of undici, which costs every CLI run tens of
// milliseconds of start-up for code it never calls.
import type { Dispatcher } from 'undici';
import Client from 'undici/lib/dispatcher/client';
import Pool from 'undici/lib/dispatcher/pool';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent';
import buildConnector from 'undici/lib/core/connect';
import apiRequest from 'undici/lib/api/api-request';
import { parseSetCookie } from 'undici/lib/web/cookies/parse';

export { Client, Pool, ProxyAgent, buildConnector, parseSetCookie };

/** `dispatcher.request(options)` without relying on the index having added `request` to every dispatcher. */
export function undiciRequest(dispatcher: Dispatcher, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(dispatcher, options);
}
