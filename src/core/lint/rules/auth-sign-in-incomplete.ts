import { missingFields } from '../../auth/oauth2/config';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { signInRefs, where } from './auth-sign-in-refs';

/** `auth/sign-in-incomplete`: the sign-in a request uses lacks a field its grant needs, or has a wrong one. */
export const authSignInIncomplete: Rule = {
  id: 'auth/sign-in-incomplete',
  defaultSeverity: 'error',
  description: 'The sign-in a request references lacks a field its "Grant Type" needs (Token URL, Client ID, Client Secret, Username/Password, Auth URL, Redirect URL…) or has a wrong one, so no token can be fetched.',
  docs: ruleDocsUrl('auth/sign-in-incomplete'),
  check(ctx) {
    const seen = new Set<string>();
    for (const r of signInRefs(ctx)) {
      if (!r.entry || seen.has(r.name)) continue;
      seen.add(r.name);
      const e = r.entry;
      const missing = missingFields(e);
      const problems = e.problems.map((p) => p.message);
      if (e.grantType === 'implicit') problems.push(`${where(e.fields.get('grant type'))}: the Implicit grant is not performed (OAuth 2.1 drops it); use "Authorization Code" with "PKCE": true.`);
      if (!missing.length && !problems.length) continue;
      const parts: string[] = [];
      if (missing.length) parts.push(`lacks ${missing.map((m) => `"${m}"`).join(', ')}${e.grantTypeText ? ` for the ${e.grantTypeText} grant` : ''} (${where(e.fields.get('$entry'))}; secrets go in http-client.private.env.json)`);
      parts.push(...problems);
      ctx.report({
        message: `Sign-in "${r.name}" ${parts.join('; ')}.`,
        range: r.ref.range,
        related: [{ file: e.fields.get('$entry')!.file, range: e.fields.get('$entry')!.range, message: `sign-in "${r.name}"` }],
      });
    }
  },
};
