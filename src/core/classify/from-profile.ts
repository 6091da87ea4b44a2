// Adapts a loaded API profile (src/core/profiles) to what the classifier needs. Every fact comes
// from the profile file (built-in or a user's), so adding a profile reaches the classifier too.
import type { Profile } from '../profiles/types';
import { resolveRetryPolicy } from '../retry/policy';
import { ERROR_CATEGORIES, type ClassifierProfile, type ErrorCategory } from './types';

const CATEGORY_WORDS: Array<[RegExp, ErrorCategory]> = [[/^\s*conflict\b/i, 'conflict']];

/** The classifier view of a loaded profile: its retry policy, status categories, quota/plan-gate patterns, advice and docs links. */
export function classifierProfileFrom(profile: Profile): ClassifierProfile {
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
  const statusCategories: Record<string, ErrorCategory> = {};
  for (const [status, cat] of Object.entries(profile.errors?.statusCategories ?? {})) if (ERROR_CATEGORIES.includes(cat as ErrorCategory)) statusCategories[status] = cat as ErrorCategory;
  for (const [status, meaning] of Object.entries(profile.errors?.statuses ?? {})) {
    for (const [re, cat] of CATEGORY_WORDS) if (re.test(meaning) && !statusCategories[status] && status !== '409') statusCategories[status] = cat;
  }
  const docs = profile.docs ?? null;
  const section = (name: string | undefined) => (docs && name ? `${docs}#${slug(name)}` : undefined);
  const docsSections: Partial<Record<ErrorCategory, string>> = {};
  const retryDocs = section(r?.docs);
  const errorDocs = section(profile.errors?.docs);
  if (retryDocs) for (const c of ['rate-limited', 'server', 'unavailable', 'network'] as const) docsSections[c] ??= retryDocs;
  if (errorDocs) for (const c of ['validation', 'invalid-json', 'authentication', 'permission', 'plan-limit', 'not-found', 'conflict', 'payload-too-large'] as const) docsSections[c] ??= errorDocs;
  // Section titles the profile cites, most specific first, so the side panel can name them even without an address.
  const names: Partial<Record<ErrorCategory, string>> = {};
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
    name: profile.title || profile.id,
    docs,
    docsSections,
    docsSectionNames: names,
    retry,
    quirks: {
      statusCategories,
      quotaPatterns: [...(profile.errors?.quotaPatterns ?? [])],
      planGatePatterns: [...(profile.errors?.planGatePatterns ?? [])],
      ...(profile.errors?.advice ? { advice: { ...profile.errors.advice } } : {}),
      ...(profile.auth?.header ? { authHeader: profile.auth.header } : {}),
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
