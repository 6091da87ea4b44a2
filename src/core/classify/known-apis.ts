// The classifier's view of the built-in profiles: read from profiles/*.json (retry policy, status
// categories, plan-gate and quota patterns, advice, hosts), so the profile file is the one place
// those facts live. `profileForUrl` matches by these hosts when no profile registry is wired in.
import { builtinProfiles } from '../profiles/load';
import { DEFAULT_RETRY_POLICY } from '../retry/policy';
import { classifierProfileFrom } from './from-profile';
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

/** The classifier facts of the built-in profiles (profiles/*.json), keyed by profile id. */
export const KNOWN_APIS: Readonly<Record<string, ClassifierProfile>> = Object.freeze(Object.fromEntries(builtinProfiles().map((p) => [p.id, classifierProfileFrom(p)])));

/** Hosts the built-in profiles name (`match.hosts`), mapped to profile ids; a profile that names none is matched by a configured base URL. */
export const KNOWN_HOSTS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(builtinProfiles().flatMap((p) => p.match.hosts.map((h) => [h.toLowerCase(), p.id]))));

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
