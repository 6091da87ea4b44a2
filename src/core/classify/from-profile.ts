// Adapts a loaded API profile (src/core/profiles) to what the classifier needs, keeping the
// built-in advice and status quirks of the five documented APIs where the profile file is silent.
import type { Profile } from '../profiles/types';
import { resolveRetryPolicy } from '../retry/policy';
import { KNOWN_APIS } from './known-apis';
import type { ClassifierProfile, ErrorCategory } from './types';

const CATEGORY_WORDS: Array<[RegExp, ErrorCategory]> = [[/^\s*conflict\b/i, 'conflict']];

/** The classifier view of a loaded profile: its retry policy, quota/plan-gate patterns, docs links and the built-in quirks of the same id. */
export function classifierProfileFrom(profile: Profile): ClassifierProfile {
  const builtin = Object.prototype.hasOwnProperty.call(KNOWN_APIS, profile.id) ? KNOWN_APIS[profile.id] : null;
  const r = profile.retry;
  const retry = resolveRetryPolicy({
    retryStatuses: r?.retryOn,
    maxRetries: r?.backoff?.maxRetries,
    maxRetriesByStatus: r?.maxRetriesByStatus,
    baseDelayMs: r?.backoff?.baseMs,
    honourRetryAfter: r?.honourRetryAfter,
    rateLimitFallbackMs: r?.defaultRetryAfterSeconds === null || r?.defaultRetryAfterSeconds === undefined ? null : r.defaultRetryAfterSeconds * 1000,
    retryNetworkTimeouts: r?.retryNetworkErrors,
  });
  // A status the page describes as a "Conflict" (Scantrust's 406) is one, whatever HTTP says.
  const statusCategories: Record<string, ErrorCategory> = { ...(builtin?.quirks.statusCategories ?? {}) };
  for (const [status, meaning] of Object.entries(profile.errors?.statuses ?? {})) {
    for (const [re, cat] of CATEGORY_WORDS) if (re.test(meaning) && !statusCategories[status] && status !== '409') statusCategories[status] = cat;
  }
  const docs = profile.docs ?? builtin?.docs ?? null;
  const section = (name: string | undefined) => (docs && name ? `${docs}#${slug(name)}` : undefined);
  const docsSections: Partial<Record<ErrorCategory, string>> = { ...(builtin?.docsSections ?? {}) };
  const retryDocs = section(r?.docs);
  const errorDocs = section(profile.errors?.docs);
  if (retryDocs) for (const c of ['rate-limited', 'server', 'unavailable', 'network'] as const) docsSections[c] ??= retryDocs;
  if (errorDocs) for (const c of ['validation', 'invalid-json', 'authentication', 'permission', 'plan-limit', 'not-found', 'conflict', 'payload-too-large'] as const) docsSections[c] ??= errorDocs;
  // Section titles the profile cites, most specific first, so the side panel can name them even without an address.
  const names: Partial<Record<ErrorCategory, string>> = { ...(builtin?.docsSectionNames ?? {}) };
  const put = (cats: readonly ErrorCategory[], title: string | undefined) => {
    if (title) for (const c of cats) names[c] ??= title;
  };
  put(['authentication'], profile.auth?.docs);
  put(['https-required'], profile.transport?.docs);
  put(['conflict'], profile.idempotency?.docs);
  put(['rate-limited', 'server', 'unavailable', 'network'], r?.docs);
  put(['validation', 'invalid-json', 'authentication', 'permission', 'plan-limit', 'not-found', 'conflict', 'payload-too-large', 'https-required', 'redirect', 'success', 'partial-success'], profile.errors?.docs);
  return {
    id: profile.id,
    name: profile.title || builtin?.name || profile.id,
    docs,
    docsSections,
    docsSectionNames: names,
    retry,
    quirks: {
      ...(builtin?.quirks ?? {}),
      statusCategories,
      quotaPatterns: [...(profile.errors?.quotaPatterns ?? []), ...(builtin?.quirks.quotaPatterns ?? [])],
      planGatePatterns: [...(profile.errors?.planGatePatterns ?? []), ...(builtin?.quirks.planGatePatterns ?? [])],
      authHeader: profile.auth?.header ?? builtin?.quirks.authHeader,
    },
  };
}

// Anchor for a section title the way documentation sites usually build them ("Retry logic" → "retry-logic").
function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}
