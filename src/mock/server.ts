import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { WindowCounter, type RateLimit } from '../core/send/rate-limit';
import { oauthApi } from './apis/oauth';
import { qbarScannerApi } from './apis/qbar-scanner';
import { qrstudioApi } from './apis/qrstudio';
import { scanovaManagementApi } from './apis/scanova-management';
import { scanovaTrackingApi } from './apis/scanova-tracking';
import { scantrustApi } from './apis/scantrust';
import { faultReply } from './faults';
import type { MockApi, MockContext, MockReply, MockRequest } from './types';

/** Options of `startMockServer`. */
export interface MockServerOptions {
  /** TCP port; 0 picks a free one (default 4010). */
  port?: number;
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Treat every request as plain HTTP, so QR Studio `/api/*` answers 426 (default false: only with `X-Forwarded-Proto: http`). */
  plainHttp?: boolean;
  /** Override request budgets by limit name (see README: `qrstudio:free`, `scanova-tracking:server`…). */
  rateLimits?: Record<string, RateLimit>;
  /** Largest request body accepted in bytes before a 413 (default 1 MiB). */
  maxRequestBytes?: number;
  /** Clock for rate limits and quotas (tests). */
  now?: () => number;
}

/** A running mock: its origin, the base URL of each API, and `close()`. */
export interface MockServer {
  origin: string;
  port: number;
  /** Base URL per profile id, e.g. `{ qrstudio: 'http://127.0.0.1:4010/qrstudio' }`. */
  baseUrls: Record<string, string>;
  /** Forgets stored resources, rate-limit windows and fault counters. */
  reset(): void;
  close(): Promise<void>;
  server: Server;
}

/** The five APIs, in the order the documentation index lists them, then the OAuth 2.0 demo server. */
export function mockApis(): MockApi[] {
  return [scanovaManagementApi(), qbarScannerApi(), scanovaTrackingApi(), scantrustApi(), qrstudioApi(), oauthApi()];
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts the mock on loopback and resolves once it listens. */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const apis = mockApis();
  const byId = new Map(apis.map((a) => [a.id, a]));
  const counter = new WindowCounter(options.now ?? Date.now);
  const failCounts = new Map<string, number>();
  const maxBytes = options.maxRequestBytes ?? 1024 * 1024;
  const ctx: MockContext = {
    counter,
    limit: (name, fallback) => options.rateLimits?.[name] ?? fallback,
  };
  let origin = '';

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ detail: `mock failure: ${err instanceof Error ? err.message : String(err)}` }));
      } else {
        res.destroy();
      }
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const [, prefix = '', ...rest] = url.pathname.split('/');
    const api = byId.get(prefix);
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > maxBytes) tooLarge = true;
      else chunks.push(c as Buffer);
    }
    if (!api) {
      send(res, req, requestId, {
        status: 404,
        json: { detail: `No API is mounted at /${prefix}. Mounted: ${apis.map((a) => `/${a.id}/`).join(', ')}.` },
      });
      return;
    }
    const raw = Buffer.concat(chunks);
    let json: unknown;
    let jsonError: string | null = null;
    if (raw.length && raw.toString('utf8').trim()) {
      try {
        json = JSON.parse(raw.toString('utf8'));
      } catch (err) {
        jsonError = (err as Error).message;
      }
    }
    const mreq: MockRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: '/' + rest.join('/'),
      query: url.searchParams,
      headers: req.headers,
      raw,
      json,
      jsonError,
      ip: req.socket.remoteAddress ?? '127.0.0.1',
      requestId,
      plainHttp: options.plainHttp === true || String(req.headers['x-forwarded-proto'] ?? '').toLowerCase() === 'http',
      base: `${origin}/${api.id}`,
    };
    const h = (name: string): string | undefined => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const delay = Number(h('x-mock-delay') ?? 0);
    if (delay > 0) await sleep(Math.min(delay, 120_000));
    if (h('x-mock-reset') === 'before-headers') {
      req.socket.destroy();
      return;
    }
    let reply: MockReply | null = null;
    const forced = Number(h('x-mock-status') ?? 0);
    if (forced >= 400 && forced <= 599) {
      const times = h('x-mock-fail-times');
      const key = `${api.id} ${mreq.method} ${mreq.path} ${h('x-mock-fault-key') ?? h('idempotency-key') ?? ''}`;
      const seen = failCounts.get(key) ?? 0;
      if (times === undefined || seen < Number(times)) {
        failCounts.set(key, seen + 1);
        reply = faultReply(api.id, forced, mreq, h('x-mock-retry-after'));
      }
    }
    if (!reply && tooLarge) reply = faultReply(api.id, 413, mreq, undefined);
    if (!reply) {
      const big = Number(h('x-mock-body-bytes') ?? 0);
      if (big > 0) {
        await streamFiller(res, requestId, big, h('x-mock-reset') === 'mid-body');
        return;
      }
      reply = await api.handle(mreq, ctx);
    }
    const slow = Number(h('x-mock-slow-body') ?? 0);
    send(res, req, requestId, reply, { slowMs: slow > 0 ? slow : 0, resetMidBody: h('x-mock-reset') === 'mid-body' });
  }

  function send(res: ServerResponse, req: IncomingMessage, requestId: string, reply: MockReply, faults: { slowMs?: number; resetMidBody?: boolean } = {}): void {
    const headers: Record<string, string> = { 'x-request-id': requestId, ...reply.headers };
    let body: Buffer | null = null;
    if (reply.json !== undefined) {
      body = Buffer.from(JSON.stringify(reply.json));
      headers['content-type'] ??= 'application/json';
    } else if (reply.bytes) {
      body = reply.bytes;
    }
    const accepts = String(req.headers['accept-encoding'] ?? '');
    if (body && body.length > 1024 && /\bgzip\b/.test(accepts) && !faults.resetMidBody && !faults.slowMs) {
      body = gzipSync(body);
      headers['content-encoding'] = 'gzip';
      headers['vary'] = 'Accept-Encoding';
    }
    if (req.method === 'HEAD') body = null;
    if (body) headers['content-length'] = String(body.length);
    else if (reply.status !== 204 && reply.status !== 304) headers['content-length'] = '0';
    res.writeHead(reply.status, headers);
    if (!body) {
      res.end();
      return;
    }
    if (faults.resetMidBody) {
      res.write(body.subarray(0, Math.max(1, body.length >> 1)), () => res.destroy());
      return;
    }
    if (faults.slowMs) {
      const pieces = 10;
      const step = Math.ceil(body.length / pieces);
      let i = 0;
      const tick = (): void => {
        if (res.destroyed) return;
        const part = body.subarray(i * step, (i + 1) * step);
        i++;
        if (i >= pieces || (i - 1) * step >= body.length) res.end(part);
        else {
          res.write(part);
          setTimeout(tick, faults.slowMs! / pieces);
        }
      };
      tick();
      return;
    }
    res.end(body);
  }

  async function streamFiller(res: ServerResponse, requestId: string, bytes: number, resetMidBody: boolean): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes), 'x-request-id': requestId });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    let left = bytes;
    const stopAt = resetMidBody ? bytes >> 1 : -1;
    while (left > 0) {
      if (res.destroyed) return;
      if (stopAt >= 0 && bytes - left >= stopAt) {
        res.destroy();
        return;
      }
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 4010, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    origin,
    port,
    baseUrls: Object.fromEntries(apis.map((a) => [a.id, `${origin}/${a.id}`])),
    reset() {
      counter.reset();
      failCounts.clear();
      for (const a of apis) a.reset();
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
    server,
  };
}
