import type { Fix } from '../../findings';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { closestWord } from './assert-words';
import { signInRefs } from './auth-sign-in-refs';

/** `auth/unknown-sign-in`: `{{$auth.token("name")}}` names no `Security.Auth` entry of the selected environment. */
export const authUnknownSignIn: Rule = {
  id: 'auth/unknown-sign-in',
  defaultSeverity: 'error',
  description: '`{{$auth.token("name")}}` or `{{$auth.idToken("name")}}` names no sign-in under `"Security": { "Auth": { … } }` of the selected environment in http-client.env.json.',
  docs: ruleDocsUrl('auth/unknown-sign-in'),
  check(ctx) {
    // Without an environment the reference is judged by auth/sign-in-no-environment instead.
    if (!ctx.environment) return;
    for (const r of signInRefs(ctx)) {
      if (r.entry) continue;
      const near = closestWord(r.name, r.known);
      const fixes: Fix[] | undefined = near
        ? [{ title: `Change to "${near}"`, kind: 'safe', isPreferred: true, edits: [{ range: r.ref.range, newText: `{{$auth.${r.kind}("${near}")}}` }] }]
        : undefined;
      ctx.report({
        message: `No sign-in named "${r.name}" in environment "${ctx.environment}".${near ? ` Did you mean "${near}"?` : ''} ${r.known.length ? `Defined: ${[...r.known].sort().join(', ')}.` : 'Add one under "Security": { "Auth": { "' + r.name + '": { "Type": "OAuth2", "Grant Type": "Client Credentials", … } } } of the environment in http-client.env.json.'}`,
        range: r.ref.range,
        ...(fixes ? { fixes } : {}),
      });
    }
  },
};
