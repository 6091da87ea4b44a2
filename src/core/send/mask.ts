import type { HeaderPair } from './types';

const DOTS = '••••';

/**
 * The shown form of a secret value: `••••` and its last four characters when it is long enough that
 * this reveals little (16+ characters), else `••••` alone; never more than four characters of it.
 * `smk_live_…1a2b` → `••••1a2b`.
 */
export function maskValue(secret: string): string {
  if (secret.length >= 16) return `${DOTS}${secret.slice(-4)}`;
  return DOTS;
}

/** Replaces every occurrence of every secret in `text` by its masked form; longer secrets first. */
export function maskSecrets(text: string, secrets: readonly string[]): string {
  if (!secrets.length || !text) return text;
  let out = text;
  for (const s of [...new Set(secrets)].filter((v) => v.length >= 3).sort((a, b) => b.length - a.length)) {
    if (out.includes(s)) out = out.split(s).join(maskValue(s));
  }
  return out;
}

/** Headers with secret values masked (names are kept as they are). */
export function maskHeaders(headers: readonly HeaderPair[], secrets: readonly string[]): HeaderPair[] {
  if (!secrets.length) return headers.slice();
  return headers.map(([n, v]) => [n, maskSecrets(v, secrets)]);
}

/** `url` with the password of its user-info replaced by `••••` (`http://u:p@proxy:3128` → `http://u:••••@proxy:3128`); other text unchanged. */
export function hideUrlPassword(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*):[^/?#@]*@/i, `$1:${DOTS}@`);
}
