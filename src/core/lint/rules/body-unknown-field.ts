import { renameKeyFix } from '../../fix/body-fixes';
import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/unknown-field`: an undocumented key that is a near miss of a documented one (`eventName` for `event_name`). */
export const bodyUnknownField: Rule = {
  id: 'body/unknown-field',
  defaultSeverity: 'hint',
  description: 'A key that is not documented but is a near miss of one that is.',
  docs: ruleDocsUrl('body/unknown-field'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/unknown-field', renameKeyFix);
  },
};
