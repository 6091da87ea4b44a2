/** Shared reporting for the profile rules: one place turns field errors and headers into findings. */
import type { Fix } from '../findings';
import type { HttpHeader, HttpRequest } from '../http/ast';
import type { RuleContext } from '../lint/rule';
import { fieldErrorsFor, profileContext, profileDocs, type PlacedFieldError } from './context';
import type { Profile } from './types';

/** Where a finding cites the page: `(Profile title, 'Section')`. */
export function citation(profile: Profile | null, section: string | undefined): string {
  if (!profile) return '';
  return ` (${profile.title}${section ? `, '${section}'` : ''})`;
}

/**
 * Reports every field error of `rule` for the request's body: in the body's own file, at the range
 * the catalogue asks for, citing the profile section, with the fixes `fixesFor` offers.
 */
export function reportFieldErrors(ctx: RuleContext, rule: string, fixesFor?: (e: PlacedFieldError) => Fix[] | undefined): void {
  const errors = fieldErrorsFor(ctx, rule);
  if (!errors.length) return;
  const pc = profileContext(ctx);
  for (const e of errors) {
    const item = e.index !== undefined ? `Item ${e.index}: ` : '';
    // Edits in a `< file.json` name that file, so whoever applies them never guesses.
    const fixes = fixesFor?.(e)?.map((fx) => (e.doc.external ? { ...fx, edits: fx.edits.map((ed) => ({ ...ed, file: ed.file ?? e.doc.file })) } : fx));
    ctx.report({
      message: `${item}${e.message}${citation(pc.profile, e.docs ?? pc.endpoint?.docs)}`,
      range: e.range,
      ...(e.doc.external ? { file: e.doc.file } : {}),
      ...(fixes?.length ? { fixes } : {}),
      docs: profileDocs(pc.profile, e.docs ?? pc.endpoint?.docs),
    });
  }
}

/** The request's headers named `name` (case-insensitive), in order. */
export function headersNamed(req: HttpRequest, name: string): HttpHeader[] {
  const n = name.toLowerCase();
  return req.headers.filter((h) => h.name.value.toLowerCase() === n);
}

const GENERIC_CREDENTIAL = /^(authorization|proxy-authorization|cookie|x-api-key|api-key|apikey|x-apikey|x-auth-token|x-access-token|x-token|private-token|x-[a-z0-9-]*-(key|token|secret))$/i;

/** True for a header that carries a credential: the profile's header or alternatives, or a well-known credential header. */
export function isCredentialHeader(name: string, profile: Profile | null): boolean {
  const n = name.toLowerCase();
  if (profile?.auth.header && profile.auth.header.toLowerCase() === n) return true;
  if (profile?.auth.alternatives?.some((a) => a.header.toLowerCase() === n)) return true;
  return GENERIC_CREDENTIAL.test(name);
}

/** True when the host is loopback (`localhost`, 127.x, ::1): plain HTTP there never leaves the machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}

/** True when header rules apply: a request written in an .http file (a mapped JSON payload has no header lines to point at). */
export function hasHeaderLines(ctx: RuleContext): boolean {
  return !ctx.synthetic && ctx.file !== null;
}
