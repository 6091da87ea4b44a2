// The parts of undici the sender uses, loaded module by module: undici's index also loads fetch,
// WebSocket, caches, mocks and Node's own bundled copy of undici, which costs every CLI run tens of
// milliseconds of start-up for code it never calls.
import Client from 'undici/lib/dispatcher/client';
import Pool from 'undici/lib/dispatcher/pool';
import ProxyAgent from 'undici/lib/dispatcher/proxy-agent';
import buildConnector from 'undici/lib/core/connect';
import { parseSetCookie } from 'undici/lib/web/cookies/parse';

export { Client, Pool, ProxyAgent, buildConnector, parseSetCookie };
