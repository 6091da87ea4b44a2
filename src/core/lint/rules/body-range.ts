import { clampFix } from '../../fix/body-fixes';
import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/range`: a number beyond a documented bound, or beyond the cap of the plan set in the config. */
export const bodyRange: Rule = {
  id: 'body/range',
  defaultSeverity: 'error',
  description: "A number beyond a documented bound (or the configured plan's cap).",
  docs: ruleDocsUrl('body/range'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/range', clampFix);
  },
};
