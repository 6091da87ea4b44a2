import { readBasic } from '../../auth/basic';
import { hasHeaderLines, headersNamed } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `auth/basic-format`: an `Authorization: Basic …` value that is neither a base64 `user:password` token nor the `user password` / `user:password` shorthand. */
export const authBasicFormat: Rule = {
  id: 'auth/basic-format',
  defaultSeverity: 'hint',
  description: 'A Basic credential that is neither base64 of `user:password` nor the `user password` / `user:password` shorthand.',
  docs: ruleDocsUrl('auth/basic-format'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    for (const h of headersNamed(ctx.request, 'authorization')) {
      const m = /^\s*basic(?:\s+(.*))?$/is.exec(h.value.value);
      // A value with a {{hole}} is unknown until sent, not wrong.
      if (!m || h.value.value.includes('{{')) continue;
      const form = readBasic(m[1] ?? '');
      if (form.kind !== 'invalid') continue;
      ctx.report({
        message: `This Basic credential will be sent as written, and ${form.reason}: write 'Basic user:password' or 'Basic user password' (Reqlint encodes them, as REST Client and httpYac do) or the base64 of 'user:password'.`,
        range: h.value.range,
      });
    }
  },
};
