import { formatFixes } from '../../fix/body-fixes';
import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/format`: a value in the wrong format (UUID, ISO 4217 code, http(s) URL, colour, JSON held in a string, type). */
export const bodyFormat: Rule = {
  id: 'body/format',
  defaultSeverity: 'error',
  description: 'A value of the wrong format (UUID, ISO 4217 currency, URL, colour, JSON-in-a-string).',
  docs: ruleDocsUrl('body/format'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/format', formatFixes);
  },
};
