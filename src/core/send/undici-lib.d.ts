// Types for the undici modules the sender loads one by one instead of through the package's index.
declare module 'undici/lib/dispatcher/pool' {
  import { Pool } from 'undici';
  export = Pool;
}
declare module 'undici/lib/dispatcher/client' {
  import { Client } from 'undici';
  export = Client;
}
declare module 'undici/lib/dispatcher/proxy-agent' {
  import { ProxyAgent } from 'undici';
  export = ProxyAgent;
}
declare module 'undici/lib/core/connect' {
  import { buildConnector } from 'undici';
  export = buildConnector;
}
declare module 'undici/lib/web/cookies/parse' {
  import type { Cookie } from 'undici';
  export function parseSetCookie(header: string): Cookie | null;
}
declare module 'undici/lib/api/api-connect' {
  import type { Dispatcher } from 'undici';
  const connect: Dispatcher['connect'];
  export = connect;
}
