import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `plan/unavailable`: with a plan set in the config, a field or endpoint that plan does not include (QR Studio free: custom logos, bulk). */
export const planUnavailable: Rule = {
  id: 'plan/unavailable',
  defaultSeverity: 'error',
  description: "A feature the configured plan does not include (the API answers 403).",
  docs: ruleDocsUrl('plan/unavailable'),
  check(ctx) {
    reportFieldErrors(ctx, 'plan/unavailable');
  },
};
