import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { problemsOfRequest } from '../syntax-problems';

/** `syntax/header`: a line between the request line and the blank line that is not `Name: value` (from the parser). */
export const syntaxHeader: Rule = {
  id: 'syntax/header',
  defaultSeverity: 'error',
  description: 'Every line between the request line and the first blank line must be a header: Name: value.',
  docs: ruleDocsUrl('syntax/header'),
  check(ctx) {
    if (!ctx.file) return;
    for (const p of problemsOfRequest(ctx.file, ctx.request.index)) {
      if (p.rule === 'syntax/header') ctx.report({ message: p.message, range: p.range });
    }
  },
};
