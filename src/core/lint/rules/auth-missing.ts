import type { Fix } from '../../findings';
import { addHeaderEdit, defineVariableEdit } from '../../fix/http-edit';
import { profileContext, profileDocs } from '../../profiles/context';
import { citation, hasHeaderLines, headersNamed, isCredentialHeader } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule, RuleContext } from '../rule';
import { DEFINE_PLACEHOLDER } from './variable-undefined';

// Names a project may already keep its key under; reusing one beats defining a second.
const COMMON_KEY_VARIABLES = ['apiKey', 'api_key', 'API_KEY', 'apikey', 'token'];

function addHeaderFix(ctx: RuleContext, header: string, variable: string, scheme?: 'bearer' | 'basic'): Fix[] | undefined {
  const file = ctx.file;
  if (!file) return undefined;
  const existing = [variable, ...COMMON_KEY_VARIABLES].find((v) => ctx.vars.isDefined(v));
  const name = existing ?? variable;
  const prefix = scheme === 'bearer' ? 'Bearer ' : scheme === 'basic' ? 'Basic ' : '';
  const edits = [addHeaderEdit(file, ctx.request, header, `${prefix}{{${name}}}`)];
  if (!existing) edits.unshift(defineVariableEdit(file, name, DEFINE_PLACEHOLDER));
  return [{ title: `Add '${header}: ${prefix}{{${name}}}'${existing ? '' : ` and define '${name}'`}`, kind: 'safe', isPreferred: true, edits }];
}

// OpenAPI apiKey schemes may carry the key in the query string or a cookie instead of a header.
function sends(ctx: RuleContext, url: string, name: string, place: 'header' | 'query' | 'cookie' = 'header'): boolean {
  if (place === 'query') {
    const q = url.split('#')[0].split('?').slice(1).join('?');
    return q.split('&').some((p) => {
      const k = p.split('=')[0];
      try {
        return decodeURIComponent(k) === name || k.includes('{{');
      } catch {
        return k === name;
      }
    });
  }
  if (place === 'cookie') return headersNamed(ctx.request, 'cookie').some((h) => h.value.value.includes('{{') || h.value.value.split(';').some((c) => c.trim().split('=')[0] === name));
  return headersNamed(ctx.request, name).length > 0;
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
    if (sends(ctx, pc.url, header, profile.auth.in)) return;
    const alt = profile.auth.alternatives?.find((a) => sends(ctx, pc.url, a.header, a.in));
    if (alt) return;
    const where = (name: string, place: 'header' | 'query' | 'cookie' = 'header') => (place === 'header' ? `the '${name}' header` : place === 'query' ? `the '${name}' query parameter` : `the '${name}' cookie`);
    const also = profile.auth.alternatives?.length ? ` (or ${profile.auth.alternatives.map((a) => `${a.in && a.in !== 'header' ? where(a.header, a.in) : a.header} with ${a.description}`).join(', ')})` : '';
    const scheme = profile.auth.scheme ? ` ('${profile.auth.scheme === 'bearer' ? 'Bearer' : 'Basic'} …')` : '';
    ctx.report({
      message: `${profile.title} needs ${where(header, profile.auth.in)}${scheme}${also}; without it the API answers 401${citation(profile, profile.auth.docs)}.`,
      range,
      docs,
      fixes: !profile.auth.in || profile.auth.in === 'header' ? addHeaderFix(ctx, header, profile.auth.variable, profile.auth.scheme) : undefined,
    });
  },
};
