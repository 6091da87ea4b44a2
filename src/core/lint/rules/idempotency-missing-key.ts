import { addHeaderEdit } from '../../fix/http-edit';
import { profileContext, profileDocs } from '../../profiles/context';
import { citation, hasHeaderLines, headersNamed } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** `idempotency/missing-key`: a POST to an endpoint documented as honouring `Idempotency-Key`, sent without one. */
export const idempotencyMissingKey: Rule = {
  id: 'idempotency/missing-key',
  defaultSeverity: 'info',
  description: 'A POST to an endpoint that honours Idempotency-Key, without one.',
  docs: ruleDocsUrl('idempotency/missing-key'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const { profile, endpoint } = profileContext(ctx);
    const idem = profile?.idempotency;
    if (!profile || !idem || !endpoint?.idempotency || ctx.request.method.value !== 'POST') return;
    if (headersNamed(ctx.request, idem.header).length) return;
    ctx.report({
      message: `${profile.title} honours '${idem.header}' here: with one, a retried POST after a time-out cannot create a second resource${citation(profile, idem.docs)}.`,
      range: ctx.request.requestLine,
      docs: profileDocs(profile, idem.docs),
      fixes: ctx.file ? [{ title: `Add '${idem.header}: {{$uuid}}'`, kind: 'safe', isPreferred: true, edits: [addHeaderEdit(ctx.file, ctx.request, idem.header, '{{$uuid}}')] }] : undefined,
    });
  },
};
