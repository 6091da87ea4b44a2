import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { problemsOfRequest } from '../syntax-problems';

/** `syntax/request-line`: a request block whose first line is not `[METHOD ]URL[ HTTP/x.y]` (from the parser). */
export const syntaxRequestLine: Rule = {
  id: 'syntax/request-line',
  defaultSeverity: 'error',
  description: 'A request block must start with a request line: [METHOD ]URL[ HTTP/x.y].',
  docs: ruleDocsUrl('syntax/request-line'),
  check(ctx) {
    if (!ctx.file) return;
    for (const p of problemsOfRequest(ctx.file, ctx.request.index)) {
      if (p.rule === 'syntax/request-line') ctx.report({ message: p.message, range: p.range });
    }
  },
};
