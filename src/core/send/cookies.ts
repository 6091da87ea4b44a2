import type { Cookie } from 'undici';
import { parseSetCookie } from './undici';

/** One stored cookie; `expires` is epoch milliseconds or null for a session cookie. */
export interface StoredCookie {
  name: string;
  value: string;
  domain: string;
  /** True when the cookie had no Domain attribute: it goes back to exactly that host only. */
  hostOnly: boolean;
  path: string;
  expires: number | null;
  secure: boolean;
}

/**
 * A small RFC 6265 cookie store (domain, path, expiry and Secure matching) for keeping cookies
 * between requests of one environment; serialisable with `toJSON` / `CookieJar.from`.
 */
export class CookieJar {
  private cookies: StoredCookie[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** A jar holding previously saved cookies (expired ones are dropped). */
  static from(saved: unknown, now: () => number = Date.now): CookieJar {
    const jar = new CookieJar(now);
    if (Array.isArray(saved)) {
      for (const c of saved as StoredCookie[]) {
        if (c && typeof c.name === 'string' && typeof c.value === 'string' && typeof c.domain === 'string') jar.cookies.push({ ...c, path: c.path || '/' });
      }
    }
    jar.purge();
    return jar;
  }

  /** Stores the `Set-Cookie` values of a response from `url`. */
  store(url: URL, setCookie: string[]): void {
    if (!setCookie.length) return;
    const host = url.hostname.toLowerCase();
    for (const c of setCookie.map(parseSetCookie).filter((x): x is Cookie => x !== null)) {
      let domain = host;
      let hostOnly = true;
      if (c.domain) {
        const d = c.domain.replace(/^\./, '').toLowerCase();
        // A server may only set cookies for its own domain or a parent of it.
        if (host !== d && !host.endsWith(`.${d}`)) continue;
        domain = d;
        hostOnly = false;
      }
      const path = c.path && c.path.startsWith('/') ? c.path : defaultPath(url.pathname);
      let expires: number | null = null;
      if (typeof c.maxAge === 'number') expires = this.now() + c.maxAge * 1000;
      else if (c.expires) expires = new Date(c.expires).getTime();
      this.cookies = this.cookies.filter((o) => !(o.name === c.name && o.domain === domain && o.path === path));
      if (expires !== null && expires <= this.now()) continue;
      this.cookies.push({ name: c.name, value: c.value, domain, hostOnly, path, expires, secure: !!c.secure });
    }
  }

  /** The `Cookie` header value for a request to `url`, or null when no cookie applies. */
  header(url: URL): string | null {
    if (!this.cookies.length) return null;
    this.purge();
    const host = url.hostname.toLowerCase();
    const matching = this.cookies.filter(
      (c) =>
        (c.hostOnly ? host === c.domain : host === c.domain || host.endsWith(`.${c.domain}`)) &&
        pathMatches(url.pathname || '/', c.path) &&
        (!c.secure || url.protocol === 'https:' || isLoopback(host)),
    );
    if (!matching.length) return null;
    matching.sort((a, b) => b.path.length - a.path.length);
    return matching.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** The stored cookies, for saving. */
  toJSON(): StoredCookie[] {
    this.purge();
    return this.cookies.map((c) => ({ ...c }));
  }

  private purge(): void {
    const now = this.now();
    this.cookies = this.cookies.filter((c) => c.expires === null || c.expires > now);
  }
}

function defaultPath(p: string): string {
  if (!p.startsWith('/')) return '/';
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

function pathMatches(reqPath: string, cookiePath: string): boolean {
  if (reqPath === cookiePath) return true;
  if (!reqPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || reqPath[cookiePath.length] === '/';
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host === '::1';
}
