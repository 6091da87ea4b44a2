/**
 * Types of an API profile: what one API's documentation says about its requests and answers.
 * The JSON form is `schemas/profile.schema.json`; built-in profiles live in `profiles/`.
 */

/** A JSON Schema (draft 2020-12) object with Reqlint's extra keywords (see `schemas/profile.schema.json`). */
export type JsonSchema = { [key: string]: unknown };

/** How requests are recognised as going to this API. */
export interface ProfileMatch {
  /** Host names (lower case, no port) the documentation names; empty when it names none. */
  hosts: string[];
  /** Path prefixes under the host the API lives at ('' or absent: any path). */
  pathPrefixes?: string[];
  /** True when the documentation names no host, so only base URLs from the config (`baseUrls`) match. */
  baseUrlRequired?: boolean;
  /** Full base URLs (scheme://host[:port][/prefix]) the endpoint paths are relative to, e.g. an OpenAPI document's servers. */
  baseUrls?: string[];
}

/** Another credential the API accepts instead of the main header (QR Studio also takes a JWT). */
export interface AlternativeCredential {
  /** Header name, or the query parameter / cookie name when `in` says so. */
  header: string;
  /** Where the credential goes; default `header`. */
  in?: 'header' | 'query' | 'cookie';
  /** Why this counts, as the page says it. */
  description: string;
}

/** How the API authenticates. */
export interface ProfileAuth {
  /** Header carrying the key (with `in`: the query parameter or cookie name); null when the documentation does not name it (set it in an extending profile). */
  header: string | null;
  /** Where the key goes; default `header` (OpenAPI `apiKey` schemes may put it in the query or a cookie). */
  in?: 'header' | 'query' | 'cookie';
  /** The HTTP authentication scheme the header value uses (`Authorization: Bearer …` / `Basic …`); absent for a raw key. */
  scheme?: 'bearer' | 'basic';
  /** Whether requests need a credential unless an endpoint says otherwise. */
  required: boolean;
  /** Prefixes the key must not carry (Scanova management: `Bearer `), compared case-insensitively. */
  forbiddenPrefixes?: string[];
  /** Prefix every valid key starts with (QR Studio: `smk_`). */
  keyPrefix?: string;
  /** Other headers that also authenticate a request. */
  alternatives?: AlternativeCredential[];
  /** Variable name the "add the header" fix writes, e.g. `scanovaApiKey`. */
  variable: string;
  /** Section of the page that documents the header. */
  docs?: string;
}

/** Transport rules. */
export interface ProfileTransport {
  /** Path prefixes on which plain HTTP is refused (QR Studio `/api/` answers 426); empty: not documented. */
  httpsRequiredPathPrefixes: string[];
  /** Status the API answers plain HTTP with, when documented. */
  httpsRefusalStatus?: number;
  docs?: string;
}

/** Where the items of a batch body are: a top-level array, or an array under a key. */
export interface BatchShape {
  /** Accept a JSON array as the whole body. */
  array: boolean;
  /** Keys of a wrapping object holding the items (e.g. `events`); empty: no wrapper accepted. */
  wrapperKeys: string[];
}

/** The documented body of an endpoint. */
export interface EndpointBody {
  /** Schema of the body, or of each item when `batch` is set. */
  schema: JsonSchema;
  /** Set for bulk endpoints: the schema applies to each item. */
  batch?: BatchShape;
  /** True when a JSON array body on this endpoint means "bulk" (items linted one by one) but an object is a single item. */
  arrayMeansBatch?: boolean;
  /** Multipart parts that upload a file, by part name, with the documented size cap in bytes. */
  files?: Record<string, { maxBytes: number; message: string }>;
}

/** One documented endpoint. */
export interface ProfileEndpoint {
  /** Stable id within the profile, e.g. `qr-create`. */
  id: string;
  /** Upper-case method. */
  method: string;
  /**
   * Path template relative to the API's base: `{name}` matches one segment, a trailing `/**` any rest;
   * null when the documentation does not name the path (usable through payload mappings and extending profiles).
   */
  path: string | null;
  /** Overrides `auth.required` for this endpoint. */
  auth?: boolean;
  /** True when the API honours `Idempotency-Key` here. */
  idempotency?: boolean;
  body?: EndpointBody;
  /** Section of the page documenting the endpoint. */
  docs?: string;
  summary?: string;
}

/** A documented rate limit. */
export interface RateLimit {
  /** Endpoint ids it applies to; empty: the whole API. */
  endpoints: string[];
  /** Requests allowed per window; null when the page states a limit exists without a number. */
  limit: number | null;
  /** Window length in seconds. */
  windowSeconds: number | null;
  /** What is counted: per IP address, per API key, per plan. */
  scope: 'ip' | 'api-key' | 'account' | 'plan' | 'unknown';
  note?: string;
}

/** The documented retry policy. */
export interface RetryPolicy {
  /** Statuses worth retrying. */
  retryOn: number[];
  /** Statuses never worth retrying (fix the request). */
  doNotRetryOn: number[];
  /** Whether network errors and time-outs are retried. */
  retryNetworkErrors: boolean;
  /** Honour `Retry-After` (seconds or HTTP date) on 429. */
  honourRetryAfter: boolean;
  /** Delay in seconds when a 429 has no `Retry-After`; null when not documented. */
  defaultRetryAfterSeconds: number | null;
  backoff: {
    kind: 'exponential';
    /** First delay in milliseconds; the n-th retry (0-based) waits baseMs·2ⁿ. */
    baseMs: number;
    /** Most retries after the first attempt. */
    maxRetries: number;
    jitter: boolean;
  };
  /** Per-status cap on retries where the page says fewer (QR Studio 500: once). */
  maxRetriesByStatus?: Record<string, number>;
  docs?: string;
}

/** Error-body shapes the API documents. */
export type ErrorShapeKind =
  | 'detail-string'
  | 'drf-field-errors'
  | 'fastapi-detail-list'
  | 'error-envelope'
  | 'error-code-message'
  | 'bulk-index-list'
  | 'bulk-index-map';

/** What the API's error answers look like and mean. */
export interface ProfileErrors {
  shapes: ErrorShapeKind[];
  /** The API's own machine codes → status and meaning. */
  codes?: Array<{ code: string; status: number; meaning: string }>;
  /** Status → what it means for this API (the page's table). */
  statuses: Record<string, string>;
  /** Regular expressions (case-insensitive) of 429 bodies that mean an exhausted quota rather than a rate limit. */
  quotaPatterns?: string[];
  /** Regular expressions of 403 bodies that mean a plan gate. */
  planGatePatterns?: string[];
  /** Status → response category where the API departs from HTTP's usual meaning (keys are status strings, values categories of rules.md). */
  statusCategories?: Record<string, string>;
  /** What to do next, keyed by status ("409") or response category ("rate-limited"); a status wins. */
  advice?: Record<string, string>;
  /** Response header carrying the request id, when documented. */
  requestIdHeader?: string;
  docs?: string;
}

/** Idempotency support. */
export interface ProfileIdempotency {
  header: string;
  /** Status answered when one key is reused with a different body. */
  conflictStatus: number;
  docs?: string;
}

/** A numeric cap a plan puts on a body field. */
export interface PlanCap {
  /** JSON Pointer of the field within the body (or within each item of a bulk body). */
  pointer: string;
  maximum: number;
  /** The API's message for it, as documented. */
  message: string;
}

/** What one plan allows. */
export interface Plan {
  caps: PlanCap[];
  /** Features the plan lacks: `logo` (custom logos), `bulk` (bulk generation). */
  unavailable: Array<{ feature: string; message: string; endpoints?: string[]; pointers?: string[] }>;
  /** Monthly request quota when documented. */
  monthlyQuota?: number;
  note?: string;
}

/** A loaded API profile. */
export interface Profile {
  id: string;
  title: string;
  /** Address of the documentation page; null when it is not known (built-ins cite section names instead). */
  docs: string | null;
  /** Where the page is silent and what the profile assumes; shown to users. */
  notes: string[];
  match: ProfileMatch;
  auth: ProfileAuth;
  transport: ProfileTransport;
  endpoints: ProfileEndpoint[];
  rateLimits: RateLimit[];
  retry: RetryPolicy;
  errors: ProfileErrors;
  idempotency: ProfileIdempotency | null;
  plans: Record<string, Plan>;
  /** Absolute path of the file it was loaded from, or `builtin:<id>`. */
  source: string;
}
