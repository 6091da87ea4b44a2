import { profileContext } from '../../profiles/context';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `body/invalid-json`: a JSON body (inline, mapped, or in a `< file`) that does not parse once `{{…}}` holes count as values. */
export const bodyInvalidJson: Rule = {
  id: 'body/invalid-json',
  defaultSeverity: 'error',
  description: 'The body (or a `< file` body) is not parseable JSON once {{…}} holes are accounted for.',
  docs: ruleDocsUrl('body/invalid-json'),
  check(ctx) {
    const pc = profileContext(ctx);
    if (pc.bodyFileProblem) {
      ctx.report({
        message: `The body file ${pc.bodyFileProblem.message}; the request cannot be sent as written. ${pc.bodyFileProblem.hint ?? "Fix the path (it is relative to this file's folder)."}`,
        range: pc.bodyFileProblem.ref.path.range,
      });
      return;
    }
    const body = pc.body;
    // A body that parsed has no syntax error; asking for its positioned tree would only cost time.
    if (!body || body.value !== undefined || !body.json.errors.length) return;
    const e = body.json.errors[0];
    const len = Math.max(1, Math.min(e.length, body.lines.text.length - e.offset));
    const more = body.json.errors.length > 1 ? ` (${body.json.errors.length - 1} more problem${body.json.errors.length > 2 ? 's' : ''} after it)` : '';
    ctx.report({
      message: `The body is not valid JSON: ${e.message}${more}.`,
      range: body.lines.range(e.offset, e.offset + len),
      ...(body.external ? { file: body.file } : {}),
    });
  },
};
