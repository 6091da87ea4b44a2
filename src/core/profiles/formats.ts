/** Value checks JSON Schema cannot express, shared by the profile validator, rules and fixes. */
import { createHash } from 'node:crypto';

/**
 * ISO 4217 List One alphabetic codes in use (currencies, funds and precious-metal codes), plus codes
 * still being phased out (ANG, CUC, SLL, ZWL) so a payload written during a transition is not refused.
 */
const ISO_4217 = new Set(
  (
    'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
    'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL ' +
    'GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD ' +
    'KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR ' +
    'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN ' +
    'SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAF XAG ' +
    'XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XTS XUA XXX YER ZAR ZMW ZWG ZWL'
  ).split(' '),
);

/** True when `code` is exactly an ISO 4217 alphabetic code (upper case, from the real list). */
export function isIso4217(code: string): boolean {
  return ISO_4217.has(code);
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for an RFC 4122/9562 textual UUID (any version, either case). */
export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

/** True when `s` starts with `http://` or `https://` (case-insensitive) and the rest parses as a URL with a host. */
export function isHttpUrl(s: string): boolean {
  if (!/^https?:\/\//i.test(s)) return false;
  try {
    return new URL(s).hostname.length > 0;
  } catch {
    return false;
  }
}

/** True for QR Studio's colour values: `black`, `white` or `#RRGGBB`. */
export function isQrColor(s: string): boolean {
  return s === 'black' || s === 'white' || /^#[0-9A-Fa-f]{6}$/.test(s);
}

const EMAIL_IN_TEXT = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}/;
const EMAIL_WHOLE = new RegExp(`^${EMAIL_IN_TEXT.source}$`);

const LOCAL_CHAR = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;
const DOMAIN_AT_START = new RegExp(`^${EMAIL_IN_TEXT.source.slice(EMAIL_IN_TEXT.source.indexOf('@') + 1)}`);

/** `s` with every `{{…}}` (no `}` inside) replaced by one space, in one linear pass. */
export function blankHoles(s: string): string {
  let i = s.indexOf('{{');
  if (i < 0) return s;
  let out = '';
  let from = 0;
  while (i >= 0) {
    // A `}` before the closing `}}` (or none at all) means no hole opens here: later `{{` can only close at or after it.
    const close = s.indexOf('}', i + 2);
    if (close < 0) break;
    if (s.charCodeAt(close + 1) === 125) {
      out += s.slice(from, i) + ' ';
      from = close + 2;
      i = s.indexOf('{{', from);
    } else {
      i = s.indexOf('{{', close + 1);
    }
  }
  return out + s.slice(from);
}

/**
 * The first e-mail address written in `s`, or null. `{{…}}` holes are never taken for addresses.
 * Linear in the length of `s`: each `@` looks left over its local part and right over its domain,
 * and those runs never overlap between two `@`s (hostile text of 100k letters used to take seconds).
 */
export function findEmail(s: string): string | null {
  if (!s.includes('@')) return null;
  const t = blankHoles(s);
  let at = t.indexOf('@');
  let prevAt = -1;
  while (at >= 0) {
    let start = at;
    while (start > prevAt + 1 && LOCAL_CHAR.test(t[start - 1])) start--;
    let end = at + 1;
    while (end < t.length && DOMAIN_CHAR.test(t[end])) end++;
    if (start < at) {
      const m = DOMAIN_AT_START.exec(t.slice(at + 1, end));
      if (m) return t.slice(start, at + 1 + m[0].length);
    }
    prevAt = at;
    at = t.indexOf('@', at + 1);
  }
  return null;
}

/** True when the trimmed `s` is one e-mail address and nothing else. */
export function isWholeEmail(s: string): boolean {
  return EMAIL_WHOLE.test(s.trim());
}

/** SHA-256 hex of the trimmed, lower-cased address: the `email_hash` the tracking API wants. */
export function emailHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase(), 'utf8').digest('hex');
}

/** UTF-8 byte length of `value` serialized as compact JSON. */
export function serializedBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
}

function ipv4Private(parts: number[]): boolean {
  const [a, b] = parts;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19))
  );
}

/**
 * Why a URL points somewhere a server must not fetch on a caller's behalf (loopback, private,
 * link-local, unspecified or `localhost`-style names), or null when its host looks public.
 * Hosts are normalised by the WHATWG URL parser first, so `http://2130706433/` counts as 127.0.0.1.
 */
export function privateUrlReason(s: string): string | null {
  let host: string;
  try {
    host = new URL(s).hostname.toLowerCase();
  } catch {
    return null;
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  if (host === 'localhost' || host.endsWith('.localhost')) return `'${host}' is the local machine`;
  if (host.endsWith('.local') || host.endsWith('.internal') || host === 'metadata.google.internal') {
    return `'${host}' is an internal name`;
  }
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (ipv4Private(parts)) return `${host} is a ${parts[0] === 127 ? 'loopback' : parts[0] === 169 ? 'link-local' : 'private'} address`;
    return null;
  }
  if (host.includes(':')) {
    if (host === '::1' || host === '::') return `${host} is a loopback/unspecified address`;
    const mapped = /^::ffff:(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host) ?? null;
    if (mapped && ipv4Private(mapped.slice(1).map(Number))) return `${host} maps to a private IPv4 address`;
    const hexMapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
    if (hexMapped) {
      const hi = parseInt(hexMapped[1], 16);
      const lo = parseInt(hexMapped[2], 16);
      if (ipv4Private([hi >> 8, hi & 255, lo >> 8, lo & 255])) return `${host} maps to a private IPv4 address`;
    }
    if (/^f[cd][0-9a-f]{0,2}:/.test(host)) return `${host} is a unique-local (private) address`;
    if (/^fe[89ab][0-9a-f]?:/.test(host)) return `${host} is a link-local address`;
  }
  return null;
}
