import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/blank`: a documented field present but empty or only white space (`"name": ""`). */
export const bodyBlank: Rule = {
  id: 'body/blank',
  defaultSeverity: 'error',
  description: 'A documented field is present but empty.',
  docs: ruleDocsUrl('body/blank'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/blank');
  },
};
