import { setHeaderValueEdit } from '../../fix/http-edit';
import { profileContext, profileDocs } from '../../profiles/context';
import { citation, hasHeaderLines, headersNamed } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `auth/bearer-prefix`: a prefix such as `Bearer ` on a header where the API wants the raw key (Scanova management `Authorization`). */
export const authBearerPrefix: Rule = {
  id: 'auth/bearer-prefix',
  defaultSeverity: 'error',
  description: 'A `Bearer ` prefix where the API wants the raw key.',
  docs: ruleDocsUrl('auth/bearer-prefix'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const { profile } = profileContext(ctx);
    const header = profile?.auth.header;
    const prefixes = profile?.auth.forbiddenPrefixes ?? [];
    if (!profile || !header || !prefixes.length) return;
    for (const h of headersNamed(ctx.request, header)) {
      const value = h.value.value;
      const prefix = prefixes.find((p) => value.toLowerCase().startsWith(p.toLowerCase()) || value.toLowerCase() === p.trim().toLowerCase());
      if (!prefix) continue;
      const rest = value.slice(prefix.length).trimStart();
      ctx.report({
        message: `${profile.title} wants the key in '${header}' as it is, without '${prefix.trim()}': write '${header}: ${rest || 'YOUR_API_KEY'}'${citation(profile, profile.auth.docs)}.`,
        range: h.range,
        docs: profileDocs(profile, profile.auth.docs),
        fixes: rest ? [{ title: `Remove the '${prefix.trim()}' prefix`, kind: 'safe', isPreferred: true, edits: [setHeaderValueEdit(h, rest)] }] : undefined,
      });
    }
  },
};
