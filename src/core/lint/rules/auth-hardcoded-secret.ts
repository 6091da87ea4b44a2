import type { Fix } from '../../findings';
import { defineVariableEdit, setHeaderValueEdit } from '../../fix/http-edit';
import type { HttpHeader } from '../../http/ast';
import { profileContext } from '../../profiles/context';
import { hasHeaderLines, isCredentialHeader } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule, RuleContext } from '../rule';

// Values that announce they are not a real credential.
const PLACEHOLDER = /^(<[^>]*>|\.\.\.|x{3,}|\*+|REPLACE_ME|changeme|your[-_ ]?(api[-_ ]?)?(key|token|secret)\w*|YOUR_[A-Z_]+)$/i;
const SCHEMES = /^(bearer|basic|token|apikey|digest)\s+/i;

function camel(header: string): string {
  const words = header.replace(/^x-/i, '').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return words.map((w, i) => (i ? w[0].toUpperCase() + w.slice(1) : w)).join('') || 'secret';
}

function variableName(ctx: RuleContext, header: string, preferred: string | undefined): string {
  const base = preferred ?? (header.toLowerCase() === 'authorization' ? 'token' : camel(header));
  let name = base;
  for (let i = 2; i < 100 && ctx.vars.isDefined(name); i++) name = `${base}${i}`;
  return name;
}

function moveFix(ctx: RuleContext, h: HttpHeader, secret: string, scheme: string, preferred: string | undefined): Fix[] | undefined {
  const file = ctx.file;
  if (!file) return undefined;
  const name = variableName(ctx, h.name.value, preferred);
  return [
    {
      title: `Move the credential to the variable '${name}' (then move '@${name}' to a private environment file)`,
      kind: 'suggestion',
      edits: [defineVariableEdit(file, name, secret), setHeaderValueEdit(h, `${scheme}{{${name}}}`)],
    },
  ];
}

/** `auth/hardcoded-secret`: a literal credential written into a request header instead of a `{{variable}}`. */
export const authHardcodedSecret: Rule = {
  id: 'auth/hardcoded-secret',
  defaultSeverity: 'warning',
  description: 'A literal credential written into a request instead of a variable.',
  docs: ruleDocsUrl('auth/hardcoded-secret'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const { profile } = profileContext(ctx);
    for (const h of ctx.request.headers) {
      if (!isCredentialHeader(h.name.value, profile)) continue;
      if (h.name.value.toLowerCase() === 'cookie') continue;
      const value = h.value.value.trim();
      if (!value || value.includes('{{')) continue;
      const scheme = SCHEMES.exec(value)?.[0] ?? '';
      const secret = value.slice(scheme.length).trim();
      if (!secret || PLACEHOLDER.test(secret)) continue;
      ctx.report({
        message: `'${h.name.value}' holds a literal credential; anyone reading or sharing this file gets it. Use a {{variable}} from a private environment file or .env instead.`,
        range: h.value.range,
        fixes: moveFix(ctx, h, secret, scheme, profile && profile.auth.header?.toLowerCase() === h.name.value.toLowerCase() ? profile.auth.variable : undefined),
      });
    }
  },
};
