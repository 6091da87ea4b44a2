import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/length`: a string shorter or longer than documented (Scantrust `name` at least 10 characters). */
export const bodyLength: Rule = {
  id: 'body/length',
  defaultSeverity: 'error',
  description: 'A string shorter or longer than documented.',
  docs: ruleDocsUrl('body/length'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/length');
  },
};
