import { emailHashFix } from '../../fix/body-fixes';
import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/pii-email`: a raw e-mail address in a tracking event (anywhere in `properties`, under `user_identifiers`, or a plain `email` key). */
export const bodyPiiEmail: Rule = {
  id: 'body/pii-email',
  defaultSeverity: 'error',
  description: 'A raw e-mail address in a tracking event; send user_identifiers.email_hash instead.',
  docs: ruleDocsUrl('body/pii-email'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/pii-email', emailHashFix);
  },
};
