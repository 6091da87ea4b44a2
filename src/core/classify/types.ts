import type { RetryPolicy } from '../retry/policy';

/** The response categories of the public contract (rules.md "Error categories"); stable strings. */
export type ErrorCategory =
  | 'validation'
  | 'invalid-json'
  | 'authentication'
  | 'permission'
  | 'plan-limit'
  | 'not-found'
  | 'conflict'
  | 'payload-too-large'
  | 'https-required'
  | 'rate-limited'
  | 'server'
  | 'unavailable'
  | 'redirect'
  | 'network'
  | 'success'
  | 'partial-success';

/** Every category, in the order rules.md lists them. */
export const ERROR_CATEGORIES: readonly ErrorCategory[] = [
  'validation',
  'invalid-json',
  'authentication',
  'permission',
  'plan-limit',
  'not-found',
  'conflict',
  'payload-too-large',
  'https-required',
  'rate-limited',
  'server',
  'unavailable',
  'redirect',
  'network',
  'success',
  'partial-success',
];

/** Where a field error points: the request body (default), another part of the request, or the response (GraphQL paths). */
export type FieldLocation = 'body' | 'query' | 'path' | 'header' | 'cookie' | 'response';

/** One field the API rejected. `pointer` is an RFC 6901 JSON pointer into the request body ('' is the whole body). */
export interface FieldError {
  pointer: string;
  message: string;
  /** The API's own code for this field error (FastAPI `type`, Stripe `code`), when given. */
  code?: string;
  /** Omitted means `body`; other places cannot be mapped onto the body text. */
  location?: FieldLocation;
}

/** One failed item of a bulk request: `index` is 0-based in the submitted array; `pointer` into that item, null when unknown. */
export interface ItemError {
  index: number;
  pointer: string | null;
  message: string;
  code?: string;
}

/** Which body shape the classifier recognised; informative, not part of the contract. */
export type BodyShape =
  | 'empty'
  | 'binary'
  | 'html'
  | 'text'
  | 'not-json'
  | 'json'
  | 'drf-fields'
  | 'detail'
  | 'detail-list'
  | 'error-envelope'
  | 'google'
  | 'stripe'
  | 'error-code'
  | 'bulk-list'
  | 'bulk-keyed'
  | 'problem'
  | 'jsonapi'
  | 'graphql'
  | 'message'
  | 'xml'
  | 'none';

/**
 * The classification of one HTTP answer (or of a failure with no answer). The first ten fields are
 * the contract of `reqlint classify --format json`; the rest are extras for the sender and side panel.
 */
export interface Classification {
  category: ErrorCategory;
  retryable: boolean;
  /** Wait in ms the API asked for (Retry-After header or a body hint); null when not retryable or unknown. */
  retryAfterMs: number | null;
  /** The API's own machine code, when the body has one. */
  code: string | null;
  /** The API's own human message, else a one-line summary. */
  message: string;
  fieldErrors: FieldError[];
  itemErrors: ItemError[];
  /** From the body, else an X-Request-Id-style header, else null. */
  requestId: string | null;
  /** Profile id that matched, or null. */
  profile: string | null;
  /** What to do next, in one or two sentences. */
  advice: string;
  /** HTTP status, or null for a failure with no answer. */
  status: number | null;
  shape: BodyShape;
  /** Where `retryAfterMs` came from: the Retry-After header, a hint in the body, a RateLimit-Reset header, or nowhere. */
  retryAfterSource: 'header' | 'body' | 'rate-limit-header' | null;
  /** Where a redirect points (the Location header, resolved against the request URL when known), else null. */
  location: string | null;
  /** Where the API documents this answer (profile docs), else null. */
  docs: string | null;
  /** Title of the section of the API's documentation about this answer ("Retry logic"), else null. */
  docsSection: string | null;
  /** Anything the classifier had to assume or ignore (a bad Retry-After, a truncated body). */
  notes: string[];
}

/**
 * What the classifier needs from an API profile. The profile engine's full profile can satisfy this
 * shape; every field is plain JSON so a profile file can carry it.
 */
export interface ClassifierProfile {
  /** Stable profile id (e.g. `qrstudio`). */
  id: string;
  /** Human name for messages ("QR Studio API"). */
  name: string;
  /** The API's error documentation page, when known; null otherwise. */
  docs: string | null;
  /** Links to documented sections per category (absolute URLs), when known. */
  docsSections?: Partial<Record<ErrorCategory, string>>;
  /** Titles of the documentation sections per category ("Retry logic"), for when the page's address is unknown. */
  docsSectionNames?: Partial<Record<ErrorCategory, string>>;
  /** How this API wants retries done. */
  retry: RetryPolicy;
  quirks: ClassifierQuirks;
}

/** Documented peculiarities of an API's error answers; patterns are case-insensitive regular-expression sources. */
export interface ClassifierQuirks {
  /** Status → category where the API departs from HTTP's usual meaning (Scantrust 406 → `conflict`), keyed by status string. */
  statusCategories?: Record<string, ErrorCategory>;
  /** A 403 whose message matches one of these is a plan gate (`plan-limit`) rather than a permission problem. */
  planGatePatterns?: string[];
  /** A 429 whose message matches one of these is a used-up quota (`plan-limit`, not soon retryable). */
  quotaPatterns?: string[];
  /** Extra advice sentences keyed by status ("409") or category ("plan-limit"); status wins. */
  advice?: Record<string, string>;
  /** Name of the credential header, for advice ("X-Api-Key"). */
  authHeader?: string;
}

/** Headers as a plain record (values may be lists), `[name, value]` pairs, or a fetch/undici `Headers`. */
export type HeadersInput =
  | Record<string, string | string[] | number | undefined>
  | Iterable<readonly [string, string]>
  | { forEach(callback: (value: string, name: string) => void): void };

/** One HTTP answer to classify. Only `status` is required. */
export interface ResponseInput {
  status: number;
  statusText?: string;
  headers?: HeadersInput | null;
  /** Body bytes or text; only the first MiB is examined. */
  body?: Uint8Array | string | null;
  /** True when `body` holds only the start of a longer body (the caller stopped reading). */
  bodyTruncated?: boolean;
  /** The request that caused the answer, for profile matching and advice. */
  request?: { method?: string; url?: string } | null;
  /** The matched profile; undefined: look it up from `request.url`; null: use none. */
  profile?: ClassifierProfile | null;
  /** Current time in ms since the epoch, for HTTP-date Retry-After values (default `Date.now()`). */
  now?: number;
}

/** Context for classifying a failure that produced no answer (`classifyError`). */
export interface ErrorInput {
  request?: { method?: string; url?: string } | null;
  profile?: ClassifierProfile | null;
  /** The time-out in ms that was in force, for the message. */
  timeoutMs?: number;
}
