import type { IncomingHttpHeaders } from 'node:http';
import type { RateLimit, WindowCounter } from '../core/send/rate-limit';

/** One request as an API handler sees it: the path is below the API's mount prefix. */
export interface MockRequest {
  method: string;
  /** Path below the mount prefix, starting with `/` (query string removed). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** The raw body bytes. */
  raw: Buffer;
  /** The parsed JSON body; undefined when the body is empty or not JSON (see `jsonError`). */
  json: unknown;
  /** The JSON parse error when the body is not empty and not valid JSON, else null. */
  jsonError: string | null;
  /** Client IP address (browser-event limits are per IP). */
  ip: string;
  /** The request id this answer carries (`X-Request-Id`). */
  requestId: string;
  /** True when the request claims plain HTTP (`X-Forwarded-Proto: http`) or the server was started with `plainHttp`. */
  plainHttp: boolean;
  /** The mount prefix of the API with the server origin, e.g. `http://127.0.0.1:4010/qrstudio`. */
  base: string;
}

/** An answer: a JSON value (serialised), raw bytes, or nothing. */
export interface MockReply {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  bytes?: Buffer;
}

/** Shared services for API handlers. */
export interface MockContext {
  counter: WindowCounter;
  /** Request budget per limit name (`qrstudio:free`, `scanova-tracking:server`…), after option overrides. */
  limit(name: string, fallback: RateLimit): RateLimit;
}

/** One mounted API: a profile id as its path prefix and a handler. */
export interface MockApi {
  id: string;
  title: string;
  handle(req: MockRequest, ctx: MockContext): MockReply | Promise<MockReply>;
  /** Forgets stored resources (between tests). */
  reset(): void;
}
