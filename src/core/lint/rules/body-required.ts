import { insertMissingKeyFix } from '../../fix/body-fixes';
import { profileContext } from '../../profiles/context';
import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/required`: a field the API documents as required is absent (reported on the parent's key, or the brace of a whole-body object). */
export const bodyRequired: Rule = {
  id: 'body/required',
  defaultSeverity: 'error',
  description: 'A documented required field is absent.',
  docs: ruleDocsUrl('body/required'),
  check(ctx) {
    const endpoint = profileContext(ctx).endpoint;
    reportFieldErrors(ctx, 'body/required', (e) => insertMissingKeyFix(e, endpoint));
  },
};
