import type { Fix } from '../../findings';
import { addHeaderEdit, defineVariableEdit } from '../../fix/http-edit';
import { profileContext, profileDocs } from '../../profiles/context';
import { citation, hasHeaderLines, headersNamed, isCredentialHeader } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule, RuleContext } from '../rule';
import { DEFINE_PLACEHOLDER } from './variable-undefined';

// Names a project may already keep its key under; reusing one beats defining a second.
const COMMON_KEY_VARIABLES = ['apiKey', 'api_key', 'API_KEY', 'apikey', 'token'];

function addHeaderFix(ctx: RuleContext, header: string, variable: string): Fix[] | undefined {
  const file = ctx.file;
  if (!file) return undefined;
  const existing = [variable, ...COMMON_KEY_VARIABLES].find((v) => ctx.vars.isDefined(v));
  const name = existing ?? variable;
  const edits = [addHeaderEdit(file, ctx.request, header, `{{${name}}}`)];
  if (!existing) edits.unshift(defineVariableEdit(file, name, DEFINE_PLACEHOLDER));
  return [{ title: `Add '${header}: {{${name}}}'${existing ? '' : ` and define '${name}'`}`, kind: 'safe', isPreferred: true, edits }];
}

/** `auth/missing`: the matched API needs a credential header on this endpoint and the request sends none. */
export const authMissing: Rule = {
  id: 'auth/missing',
  defaultSeverity: 'error',
  description: 'The API needs a credential header and the request has none.',
  docs: ruleDocsUrl('auth/missing'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const pc = profileContext(ctx);
    const profile = pc.profile;
    if (!profile) return;
    const required = pc.endpoint?.auth ?? profile.auth.required;
    if (!required) return;
    const header = profile.auth.header;
    const range = ctx.request.requestLine;
    const docs = profileDocs(profile, profile.auth.docs);
    if (!header) {
      if (ctx.request.headers.some((h) => isCredentialHeader(h.name.value, profile))) return;
      ctx.report({
        message: `${profile.title} needs an API key, but this request sends no credential header. The page does not name the header: set it in a profile that extends '${profile.id}' ("auth": { "header": "…" })${citation(profile, profile.auth.docs)}.`,
        range,
        docs,
      });
      return;
    }
    if (headersNamed(ctx.request, header).length) return;
    const alt = profile.auth.alternatives?.find((a) => headersNamed(ctx.request, a.header).length);
    if (alt) return;
    const also = profile.auth.alternatives?.length ? ` (or ${profile.auth.alternatives.map((a) => `${a.header} with ${a.description}`).join(', ')})` : '';
    ctx.report({
      message: `${profile.title} needs the '${header}' header${also}; without it the API answers 401${citation(profile, profile.auth.docs)}.`,
      range,
      docs,
      fixes: addHeaderFix(ctx, header, profile.auth.variable),
    });
  },
};
