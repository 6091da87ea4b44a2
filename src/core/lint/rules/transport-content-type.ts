import { isGraphqlRequest } from '../../http/graphql';
import { addHeaderEdit, setHeaderValueEdit } from '../../fix/http-edit';
import { looksLikeJson } from '../../http/json-body';
import { isJsonMediaType } from '../../text/media-type';
import { isScriptBlock } from '../../profiles/context';
import { hasHeaderLines, headersNamed } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `transport/content-type`: a JSON body (inline, or a `< file.json`) sent without `Content-Type: application/json`. */
export const transportContentType: Rule = {
  id: 'transport/content-type',
  defaultSeverity: 'warning',
  description: 'A JSON body without `Content-Type: application/json`.',
  docs: ruleDocsUrl('transport/content-type'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const req = ctx.request;
    const b = req.body;
    // A GraphQL request is sent as JSON with its Content-Type set by the sender.
    if (!b || isGraphqlRequest(req)) return;
    const json = (b.kind === 'inline' && looksLikeJson(b.text.value) && !isScriptBlock(b.text.value)) || (b.kind === 'file' && /\.json$/i.test(b.file.path.value));
    if (!json) return;
    const cts = headersNamed(req, 'content-type');
    const ct = cts[cts.length - 1];
    if (ct && (isJsonMediaType(ct.value.value) || ct.value.value.includes('{{'))) return;
    if (ct) {
      ctx.report({
        message: `The body is JSON but Content-Type is '${ct.value.value}'; servers parse the body by its Content-Type. Use application/json.`,
        range: ct.range,
        fixes: [{ title: "Set 'Content-Type: application/json'", kind: 'safe', isPreferred: true, edits: [setHeaderValueEdit(ct, 'application/json')] }],
      });
      return;
    }
    ctx.report({
      message: 'The body is JSON but the request has no Content-Type header; many APIs then refuse or misread it. Add Content-Type: application/json.',
      range: req.requestLine,
      fixes: ctx.file ? [{ title: "Add 'Content-Type: application/json'", kind: 'safe', isPreferred: true, edits: [addHeaderEdit(ctx.file, req, 'Content-Type', 'application/json')] }] : undefined,
    });
  },
};
