/** Matching a request URL to a profile and one of its endpoints. */
import type { Profile, ProfileEndpoint } from './types';

/** What `matchProfile` needs from the project config (a `ProjectConfig` fits). */
export interface MatchConfig {
  /** Base URLs per profile id, for APIs whose page names no host. */
  baseUrls: Record<string, string[]>;
}

/** A matched request: the profile, the endpoint (null when the path is none the page documents) and `{name}` values. */
export interface ProfileMatchResult {
  profile: Profile;
  endpoint: ProfileEndpoint | null;
  pathParams: Record<string, string>;
  /** The base the URL was matched against (scheme://host[:port][/prefix]), without a trailing slash. */
  base: string;
  /** Path after the base, starting with '/', without query or fragment. */
  path: string;
}

interface Base {
  /** Lower-case host[:port]. */
  authority: string;
  /** Path prefix without trailing slash ('' for the root). */
  prefix: string;
  text: string;
}

function parseBase(text: string): Base | null {
  const m = /^(?:https?:)?\/\/([^/?#]+)([^?#]*)/i.exec(text.trim());
  if (!m) return null;
  const authority = m[1].toLowerCase().replace(/:(80|443)$/, '');
  return { authority, prefix: m[2].replace(/\/+$/, ''), text: text.trim().replace(/\/+$/, '') };
}

function splitUrl(url: string): { authority: string; path: string } | null {
  const m = /^(?:https?:)?\/\/([^/?#\s]+)([^?#\s]*)/i.exec(url.trim());
  if (!m || m[1].includes('{{')) return null;
  return { authority: m[1].toLowerCase().replace(/:(80|443)$/, ''), path: m[2] || '/' };
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

/** Matches `path` against a template (`{name}` one segment, `**` any number); returns params or null, and a specificity score. */
export function matchPathTemplate(template: string, path: string): { params: Record<string, string>; score: number } | null {
  const t = segments(template);
  const p = segments(path);
  const params: Record<string, string> = {};
  const go = (ti: number, pi: number, score: number): number | null => {
    if (ti === t.length) return pi === p.length ? score : null;
    const seg = t[ti];
    if (seg === '**') {
      for (let k = pi; k <= p.length; k++) {
        const r = go(ti + 1, k, score);
        if (r !== null) return r;
      }
      return null;
    }
    if (pi >= p.length) return null;
    const param = /^\{([^}]+)\}$/.exec(seg);
    if (param) {
      params[param[1]] = decodeURIComponentSafe(p[pi]);
      return go(ti + 1, pi + 1, score + 1);
    }
    return seg === p[pi] ? go(ti + 1, pi + 1, score + 10) : null;
  };
  const score = go(0, 0, 0);
  return score === null ? null : { params, score };
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The last bases computed per profile, with the config they came from: a run matches many URLs against one config. */
const basesCache = new WeakMap<Profile, { config: MatchConfig | null | undefined; bases: Base[] }>();

function bases(profile: Profile, config: MatchConfig | null | undefined): Base[] {
  const hit = basesCache.get(profile);
  if (hit && hit.config === config) return hit.bases;
  const out = computeBases(profile, config);
  basesCache.set(profile, { config, bases: out });
  return out;
}

function computeBases(profile: Profile, config: MatchConfig | null | undefined): Base[] {
  const out: Base[] = [];
  for (const b of config?.baseUrls?.[profile.id] ?? []) {
    const parsed = parseBase(b);
    if (parsed) out.push(parsed);
  }
  for (const b of profile.match.baseUrls ?? []) {
    const parsed = parseBase(b);
    if (parsed) out.push(parsed);
  }
  if (!profile.match.baseUrlRequired) {
    for (const host of profile.match.hosts) {
      const prefixes = profile.match.pathPrefixes?.length ? profile.match.pathPrefixes : [''];
      for (const prefix of prefixes) out.push({ authority: host.toLowerCase(), prefix: prefix.replace(/\/+$/, ''), text: `https://${host}${prefix}` });
    }
  }
  return out;
}

/** The endpoint of `profile` that `method path` (path relative to the base) is, or null. */
export function matchEndpoint(profile: Profile, method: string, path: string): { endpoint: ProfileEndpoint; pathParams: Record<string, string> } | null {
  let best: { endpoint: ProfileEndpoint; pathParams: Record<string, string>; score: number } | null = null;
  const m = method.toUpperCase();
  for (const e of profile.endpoints) {
    if (e.path === null || e.method !== m) continue;
    const r = matchPathTemplate(e.path, path);
    if (r && (!best || r.score > best.score)) best = { endpoint: e, pathParams: r.params, score: r.score };
  }
  return best ? { endpoint: best.endpoint, pathParams: best.pathParams } : null;
}

/**
 * The profile a request URL (variables already resolved; scheme http or https) belongs to, with its
 * endpoint for `method` (default POST). Config base URLs are tried first, then documented hosts; the
 * longest matching base wins. Null when no profile matches or the host is still a `{{…}}` hole.
 */
export function matchProfile(url: string, profiles: readonly Profile[], config?: MatchConfig | null, method = 'POST'): ProfileMatchResult | null {
  const u = splitUrl(url);
  if (!u) return null;
  let best: { profile: Profile; base: Base } | null = null;
  for (const profile of profiles) {
    for (const b of bases(profile, config)) {
      if (b.authority !== u.authority) continue;
      if (b.prefix && !(u.path === b.prefix || u.path.startsWith(b.prefix + '/'))) continue;
      if (!best || b.prefix.length > best.base.prefix.length) best = { profile, base: b };
    }
  }
  if (!best) return null;
  const path = u.path.slice(best.base.prefix.length) || '/';
  const ep = matchEndpoint(best.profile, method, path);
  return { profile: best.profile, endpoint: ep?.endpoint ?? null, pathParams: ep?.pathParams ?? {}, base: best.base.text, path };
}

/** The endpoint of a profile with this id, or null. */
export function endpointById(profile: Profile, id: string): ProfileEndpoint | null {
  return profile.endpoints.find((e) => e.id === id) ?? null;
}
