import { reportFieldErrors } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/ssrf-url`: a URL the API fetches server-side (QR Studio `logo_url`) pointing at localhost or a private, loopback or link-local address. */
export const bodySsrfUrl: Rule = {
  id: 'body/ssrf-url',
  defaultSeverity: 'warning',
  description: 'A URL the API fetches server-side points at a private, loopback or link-local address.',
  docs: ruleDocsUrl('body/ssrf-url'),
  check(ctx) {
    reportFieldErrors(ctx, 'body/ssrf-url');
  },
};
