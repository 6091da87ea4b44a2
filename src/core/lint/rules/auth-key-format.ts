import { profileContext, profileDocs, substituteKnown } from '../../profiles/context';
import { citation, hasHeaderLines, headersNamed } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `auth/key-format`: a literal key (written in the header or in a file variable it uses) not in the documented shape (QR Studio keys start `smk_`). */
export const authKeyFormat: Rule = {
  id: 'auth/key-format',
  defaultSeverity: 'error',
  description: 'A literal API key in the wrong shape (QR Studio keys start `smk_`).',
  docs: ruleDocsUrl('auth/key-format'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const { profile } = profileContext(ctx);
    const header = profile?.auth.header;
    const prefix = profile?.auth.keyPrefix;
    if (!profile || !header || !prefix) return;
    const fileVars = new Map<string, string>();
    for (const v of ctx.file?.fileVariables ?? []) fileVars.set(v.name.value, v.value.value);
    for (const h of headersNamed(ctx.request, header)) {
      // Only what this file spells out can be judged; a key from an environment is unknown here.
      const value = substituteKnown(h.value.value, (e) => fileVars.get(e.trim())).trim();
      if (!value || value.includes('{{') || value.startsWith(prefix)) continue;
      const shown = value.length > 12 ? `${value.slice(0, 4)}…` : value;
      ctx.report({
        message: `${profile.title} keys start with '${prefix}'; '${shown}' in '${header}' does not, so the API answers 401 'Invalid or revoked API key.'${citation(profile, profile.auth.docs)}.`,
        range: h.value.range,
        docs: profileDocs(profile, profile.auth.docs),
      });
    }
  },
};
