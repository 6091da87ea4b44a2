import { parseAuthRef } from '../../auth/oauth2/request-tokens';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `auth/sign-in-no-environment`: `{{$auth.token(…)}}` in a request while no environment is selected. */
export const authSignInNoEnvironment: Rule = {
  id: 'auth/sign-in-no-environment',
  defaultSeverity: 'warning',
  description: 'A request uses `{{$auth.token("name")}}` but no environment is selected, and sign-ins are defined per environment: select one (status bar, `--env`, or the config\'s `environment`).',
  docs: ruleDocsUrl('auth/sign-in-no-environment'),
  check(ctx) {
    if (ctx.environment) return;
    for (const v of ctx.request.variables) {
      const ref = v.expr.includes('$auth.') ? parseAuthRef(v.expr) : null;
      // An entry under `$shared` works without an environment.
      if (!ref || ctx.vars.authConfigs?.().entries.has(ref.name)) continue;
      ctx.report({
        message: `{{${v.expr.trim()}}} needs an environment: sign-ins are defined under "Security"."Auth" of an environment in http-client.env.json. Select one (Reqlint: Select Environment, --env NAME, or "environment" in reqlint.config.json).`,
        range: v.range,
      });
    }
  },
};
