import { strict as assert } from 'node:assert';
import type { LookupFunction } from 'node:net';
import { Pool, type Dispatcher } from 'undici';
import { DispatcherPool, sendRequest } from '../../src/core/send';
import { classifyError } from '../../src/core/classify/classify';
import { sendErrorAsCause } from '../../src/core/send/wire';
import type { PreparedRequest, RequestOptions } from '../../src/core/send/types';
import { startHostileServer, type HostileServer } from '../fixtures/adversarial/hostile-server';

// There is no network here, so a "public" origin is a public-looking name that this pool's connect
// lookup maps onto 127.0.0.1 (the hostile server); the redirect then names 127.0.0.1 itself.
const PUBLIC_HOST = 'api.public-origin.example';

const toLoopback: LookupFunction = (_host, options, cb) => {
  if ((options as { all?: boolean }).all) (cb as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [{ address: '127.0.0.1', family: 4 }]);
  else cb(null, '127.0.0.1', 4);
};

/** A pool that resolves the public test name to loopback and everything else as usual. */
class MappedPool extends DispatcherPool {
  private readonly mapped = new Map<string, Dispatcher>();
  override get(url: URL, options: RequestOptions): Dispatcher {
    if (url.hostname !== PUBLIC_HOST) return super.get(url, options);
    let d = this.mapped.get(url.origin);
    if (!d) {
      d = new Pool(url.origin, { connect: { lookup: toLoopback } });
      this.mapped.set(url.origin, d);
    }
    return d;
  }
  override async destroy(): Promise<void> {
    await Promise.all([...this.mapped.values()].map((d) => d.destroy()));
    await super.destroy();
  }
}

const prep = (url: string, options: RequestOptions = {}): PreparedRequest => ({ method: 'GET', url, headers: [], body: { kind: 'none' }, options, secrets: [] });

describe('adversarial: a redirect from a public origin to a private address', function () {
  this.timeout(20_000);
  let server: HostileServer;
  let pool: MappedPool;
  before(async () => (server = await startHostileServer()));
  after(async () => server.close());
  beforeEach(() => (pool = new MappedPool({ env: {} })));
  afterEach(async () => pool.destroy());

  it('the mapped public name reaches the test server (the simulation works)', async () => {
    const r = await sendRequest(prep(`http://${PUBLIC_HOST}:${server.port}/small`), { pool });
    assert.equal(r.status, 200, JSON.stringify(r.error));
  });

  it('is refused and reported, never followed into the private address', async () => {
    const before = server.hits.get('/internal') ?? 0;
    const r = await sendRequest(prep(`http://${PUBLIC_HOST}:${server.port}/to-private`), { pool });
    assert.equal(server.hits.get('/internal') ?? 0, before, 'the private address was requested');
    assert.equal(r.error?.code, 'redirect-private');
    assert.match(r.error.message, /127\.0\.0\.1/);
    assert.match(r.error.message, /# @no-redirect/);
    assert.equal(r.attempts[0].redirects.length, 1, 'the refused hop is recorded');
    const c = classifyError(sendErrorAsCause(r.error), { request: { method: 'GET', url: r.url } });
    assert.ok(c.message.includes('127.0.0.1'), c.message);
  });

  it('a redirect between private addresses (a local server) is still followed', async () => {
    const r = await sendRequest(prep(`${server.url}/to-private`), { pool });
    assert.equal(r.status, 200, JSON.stringify(r.error));
  });

  it('with redirects off, the 3xx itself comes back as before', async () => {
    const r = await sendRequest(prep(`http://${PUBLIC_HOST}:${server.port}/to-private`, { followRedirects: false }), { pool });
    assert.equal(r.status, 302);
    assert.equal(r.error, null);
  });
});
