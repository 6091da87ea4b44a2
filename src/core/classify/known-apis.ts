// The classification facts of the five documented APIs, keyed by profile id. The profile engine
// carries the same facts in profiles/*.json; this table is what the classifier falls back on and
// what `profileForUrl` matches when no profile registry is wired in.
import { DEFAULT_RETRY_POLICY, resolveRetryPolicy } from '../retry/policy';
import type { ClassifierProfile } from './types';

/** Patterns that mark a 403/429 message as being about the account's plan (generic; profiles add their own). */
export const GENERIC_PLAN_GATE_PATTERNS: readonly string[] = [
  "\\bplan\\s*['\"]?[\\w -]*['\"]?\\s*(allows|caps|doesn'?t|does not|limits?|only)",
  '\\bupgrade\\b',
  '\\bnot (available|included) (on|in|for) your (plan|tier|subscription)',
  '\\b(your|current) (plan|tier|subscription)\\b',
  '\\bpayment required\\b',
];

/** Patterns that mark a 429 as a used-up quota rather than a short-term rate limit (generic). */
export const GENERIC_QUOTA_PATTERNS: readonly string[] = [
  '\\b(monthly|daily|yearly|annual|lifetime)\\b[^.]*\\b(quota|limit|cap|allowance)',
  '\\b(quota|limit|cap)\\b[^.]*\\b(per|a|each) (month|day|year)\\b',
  '\\bquota\\b[^.]*\\b(exceeded|exhausted|used up|reached)\\b(?![^.]*\\bper (second|minute|min|hour)\\b)',
  '\\binsufficient[_ ]quota\\b',
  '\\bout of credits?\\b|\\bcredits? (exhausted|used up)\\b',
];

const scanovaManagement: ClassifierProfile = {
  id: 'scanova-management',
  name: 'Scanova management API',
  docs: null,
  // The page retries 429 (Retry-After, else 60 s) and 500 (1 s, 2 s, 4 s) only.
  retry: resolveRetryPolicy({ retryStatuses: [429, 500], rateLimitFallbackMs: 60_000 }),
  quirks: {
    authHeader: 'Authorization',
    planGatePatterns: ['not available (for|on|in) your plan', '\\bplan\\b'],
    advice: {
      '400': 'The answer lists what is wrong per field; note that `info` and `pattern_info` must hold valid JSON strings.',
      '401': 'Send the raw API key in the Authorization header, without a "Bearer " prefix.',
      '403': 'The key works but this account or role may not do this, or the resource belongs to another account.',
    },
  },
};

const qbar: ClassifierProfile = {
  id: 'qbar-scanner',
  name: 'QBar Scanner Developer API',
  docs: null,
  retry: resolveRetryPolicy({ retryStatuses: [429, 500] }),
  quirks: {
    advice: {
      '404': 'The QR code does not exist or belongs to another account.',
      '409': 'The resource already exists (for example an API key with that name); change the request rather than resending it.',
    },
  },
};

const tracking: ClassifierProfile = {
  id: 'scanova-tracking',
  name: 'Scanova tracking API',
  docs: null,
  retry: resolveRetryPolicy({ retryStatuses: [429, 500, 502, 503, 504], rateLimitFallbackMs: 60_000 }),
  quirks: {
    authHeader: 'X-API-Key',
    advice: {
      '400': 'Fix the payload; a site_id that is unknown or inactive is also answered with 400.',
      '401': 'Add the X-API-Key header.',
      '403': 'The X-API-Key is invalid or revoked, or it does not belong to the site_id in the body; check both together.',
      '413': 'Keep `properties` under 10 KB and split batches into smaller ones.',
      '422': 'Fix the named fields: scan_session_id must be a UUID, conversion_value.currency a 3-letter ISO 4217 code, and raw e-mail addresses belong hashed in user_identifiers.email_hash.',
      'rate-limited': 'Server events allow 1,000 requests per minute per key, browser events 100 per minute per IP.',
    },
  },
};

const scantrust: ClassifierProfile = {
  id: 'scantrust',
  name: 'Scantrust API',
  docs: null,
  // The page says "log and retry later" for 5xx; a 429 there means the client is doing something wrong.
  retry: resolveRetryPolicy({ retryStatuses: [500, 502, 503, 504] }),
  quirks: {
    statusCategories: { '406': 'conflict' },
    advice: {
      '429': 'The API throttled the client; its documentation says hitting this limit usually means the integration calls too often, so reduce the request rate rather than retrying.',
      '400': 'The request was not processed; resubmit it with the listed fields fixed.',
      '406': 'This is a known API error the documentation lists by error_code; handle that code rather than resending blindly.',
      '409': 'This is a known API error the documentation lists by error_code; handle that code rather than resending blindly.',
      server: 'Log the failure and send it again later; the request was not processed.',
    },
  },
};

const qrstudio: ClassifierProfile = {
  id: 'qrstudio',
  name: 'QR Studio API',
  docs: null,
  retry: resolveRetryPolicy({ retryStatuses: [429, 500, 502, 503, 504], maxRetriesByStatus: { '500': 1 } }),
  quirks: {
    authHeader: 'X-Api-Key',
    statusCategories: { '402': 'plan-limit' },
    planGatePatterns: ["\\bplan '[^']*'", '\\bupgrade\\b'],
    quotaPatterns: ['\\bmonthly quota\\b', '\\bquota of \\d+'],
    advice: {
      '401': 'The X-Api-Key is missing, malformed or revoked; it must start with smk_ and be the current key, not a rotated-out copy.',
      '409': 'The same Idempotency-Key was already used with a different body; send this body with a new key, or resend the original body with the old one.',
      '422': 'Fix every listed item and send the whole batch again.',
      '426': 'QR Studio refuses plain HTTP on /api/*; use https://.',
      '500': 'Send the exact same request once more; if it fails again, contact support with the request body, the answer and its X-Request-Id.',
    },
  },
};

/** The built-in classification facts, keyed by profile id. */
export const KNOWN_APIS: Readonly<Record<string, ClassifierProfile>> = Object.freeze({
  [scanovaManagement.id]: scanovaManagement,
  [qbar.id]: qbar,
  [tracking.id]: tracking,
  [scantrust.id]: scantrust,
  [qrstudio.id]: qrstudio,
});

/** Hosts the five pages name, mapped to profile ids (QBar and Scantrust name none: match them by a configured base URL). */
export const KNOWN_HOSTS: Readonly<Record<string, string>> = Object.freeze({
  'management.scanova.io': 'scanova-management',
  'track.scanova.io': 'scanova-tracking',
  'api.qrstudio.agency': 'qrstudio',
});

/** A user-configured base URL for a profile (how QBar and Scantrust are matched). */
export interface ConfiguredBaseUrl {
  profile: string;
  baseUrl: string;
}

/** The built-in classifier facts for a profile id, or null. */
export function profileById(id: string | null | undefined): ClassifierProfile | null {
  if (!id) return null;
  return Object.prototype.hasOwnProperty.call(KNOWN_APIS, id) ? KNOWN_APIS[id] : null;
}

/**
 * The profile whose documented host (or configured base URL, longest first) matches `url`, or null.
 * Never throws: an unparsable URL (for example one with `{{…}}` holes in the host) matches nothing.
 */
export function profileForUrl(url: string | null | undefined, configured: readonly ConfiguredBaseUrl[] = []): ClassifierProfile | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const sorted = [...configured].sort((a, b) => b.baseUrl.length - a.baseUrl.length);
  for (const c of sorted) {
    if (baseUrlMatches(parsed, c.baseUrl)) {
      const p = profileById(c.profile);
      if (p) return p;
    }
  }
  const id = KNOWN_HOSTS[parsed.hostname.toLowerCase()];
  return id ? profileById(id) : null;
}

function baseUrlMatches(url: URL, base: string): boolean {
  let b: URL;
  try {
    b = new URL(base);
  } catch {
    return false;
  }
  if (b.host.toLowerCase() !== url.host.toLowerCase()) return false;
  const prefix = b.pathname.replace(/\/+$/, '');
  return prefix === '' || url.pathname === prefix || url.pathname.startsWith(prefix + '/');
}

/** The retry policy for a profile (or the default one when there is none). */
export function retryPolicyFor(profile: ClassifierProfile | null | undefined) {
  return profile?.retry ?? DEFAULT_RETRY_POLICY;
}
