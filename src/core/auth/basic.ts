/** What an `Authorization: Basic …` value is as written. */
export type BasicForm =
  /** Already a base64 token (`Basic dXNlcjpwYXNz`): sent as is. */
  | { kind: 'encoded' }
  /** REST Client / httpYac shorthand, `Basic user password` or `Basic user:password`: encoded before sending. */
  | { kind: 'shorthand'; user: string; password: string }
  /** Neither (a single word that is not base64, or nothing after `Basic`). */
  | { kind: 'invalid'; reason: string };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads the credentials part of a Basic value (after `Basic `), as REST Client and httpYac do: a
 * first word with `:` is `user:password` (the password may hold spaces); else two or more words
 * are user and password (keeping inner spaces); one base64 word of `user:password` is a finished token.
 */
export function readBasic(credentials: string): BasicForm {
  const rest = credentials.trim();
  if (!rest) return { kind: 'invalid', reason: 'nothing follows Basic' };
  const space = rest.search(/\s/);
  const colon = rest.indexOf(':');
  // `user:pass word`: the first word holds the colon, so the password is everything after it.
  if (space > 0 && (colon < 0 || colon > space)) return { kind: 'shorthand', user: rest.slice(0, space), password: rest.slice(space).trim() };
  if (colon >= 0) {
    return { kind: 'shorthand', user: rest.slice(0, colon), password: rest.slice(colon + 1) };
  }
  if (BASE64.test(rest) && rest.length % 4 === 0) {
    const decoded = Buffer.from(rest, 'base64').toString('utf8');
    if (decoded.includes(':')) return { kind: 'encoded' };
    return { kind: 'invalid', reason: `it decodes to '${decoded.length > 40 ? `${decoded.slice(0, 40)}…` : decoded}', which has no ':' between user and password` };
  }
  return { kind: 'invalid', reason: 'it is neither base64 of user:password nor the user password shorthand' };
}

/** The Basic token of `user` and `password`: base64 of their UTF-8 `user:password` (RFC 7617). */
export function basicToken(user: string, password: string): string {
  return Buffer.from(`${user}:${password}`, 'utf8').toString('base64');
}

/**
 * The `Authorization` value to send for a written one: `Basic user password` and `Basic user:password`
 * become `Basic <base64>`; every other value (a token, another scheme) is returned unchanged.
 */
export function encodeBasicAuthorization(value: string): string {
  const m = /^\s*basic\s+(.*)$/is.exec(value);
  if (!m) return value;
  const form = readBasic(m[1]);
  return form.kind === 'shorthand' ? `Basic ${basicToken(form.user, form.password)}` : value;
}
