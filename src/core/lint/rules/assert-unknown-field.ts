import type { Fix } from '../../findings';
import { ASSERTION_FIELDS, FOREIGN_FIELDS, isAssertionField } from '../../http/assertions';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { closestWord } from './assert-words';

/** `assert/unknown-field`: a `??` line whose first word is not `status`, `header`, `body` or `duration`. */
export const assertUnknownField: Rule = {
  id: 'assert/unknown-field',
  defaultSeverity: 'error',
  description: 'A `??` assertion reads `status`, `header <name>`, `body [json path]` or `duration`; other fields cannot be evaluated (`js` and `xpath` run code and are skipped, a warning).',
  docs: ruleDocsUrl('assert/unknown-field'),
  check(ctx) {
    const known = Object.keys(ASSERTION_FIELDS);
    for (const a of ctx.request.assertions) {
      const field = a.field.value;
      if (isAssertionField(field)) continue;
      if (!field) {
        ctx.report({ message: `An empty assertion: write e.g. '?? status == 200'. Fields: ${known.join(', ')}.`, range: a.range });
        continue;
      }
      const foreign = FOREIGN_FIELDS[field];
      if (foreign) {
        ctx.report({
          message: `'?? ${field}' evaluates ${foreign}; Reqlint never runs code, so reqlint test skips this assertion. Use body with a JSON path (?? body $.total == 3) to have it checked.`,
          range: a.field.range,
          severity: 'warning',
        });
        continue;
      }
      const near = closestWord(field, known);
      const fixes: Fix[] | undefined = near
        ? [{ title: `Change to '${near}'`, kind: 'safe', isPreferred: true, edits: [{ range: a.field.range, newText: near }] }]
        : undefined;
      ctx.report({
        message: `'${field}' is not an assertion field.${near ? ` Did you mean '${near}'?` : ''} Fields: ${known.join(', ')}.`,
        range: a.field.range,
        fixes,
      });
    }
  },
};
