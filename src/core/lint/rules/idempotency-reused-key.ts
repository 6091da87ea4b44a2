import { profileContext } from '../../profiles/context';
import { hasHeaderLines, headersNamed } from '../../profiles/report';
import { ruleDocsUrl } from '../docs';
import type { FileRule, RuleContext } from '../rule';

/** A comparable form of a request's body: its JSON value when it parses, else its text; '' when none. */
function bodyKey(ctx: RuleContext): string {
  const pc = profileContext(ctx);
  if (pc.body?.value !== undefined) return `json:${pc.body.file}:${JSON.stringify(pc.body.value)}`;
  const b = ctx.request.body;
  if (!b) return '';
  if (b.kind === 'file') return `file:${b.file.path.value}`;
  return `text:${b.text.value.trim()}`;
}

/** `idempotency/reused-key`: one literal `Idempotency-Key` on two requests of a file whose bodies differ (the API answers 409). */
export const idempotencyReusedKey: FileRule = {
  id: 'idempotency/reused-key',
  defaultSeverity: 'error',
  description: 'One literal Idempotency-Key value on two requests with different bodies in the same file.',
  docs: ruleDocsUrl('idempotency/reused-key'),
  checkFile(ctxs) {
    const first = new Map<string, { ctx: RuleContext; body: string; line: number }>();
    for (const ctx of ctxs) {
      if (!hasHeaderLines(ctx)) continue;
      for (const h of headersNamed(ctx.request, 'idempotency-key')) {
        const key = h.value.value.trim();
        if (!key || key.includes('{{')) continue;
        const body = bodyKey(ctx);
        const prior = first.get(key);
        if (!prior) {
          first.set(key, { ctx, body, line: h.range.start.line });
          continue;
        }
        if (prior.body === body) continue;
        const conflict = profileContext(ctx).profile?.idempotency?.conflictStatus;
        ctx.report({
          message: `Idempotency-Key '${key}' is already used by request ${JSON.stringify(prior.ctx.requestId)} (line ${prior.line + 1}) with a different body; the API refuses the second one${conflict ? ` with ${conflict}` : ''}. Use '{{$uuid}}' or a distinct key.`,
          range: h.range,
          related: [{ file: prior.ctx.filePath, range: prior.ctx.request.headers.find((x) => x.name.value.toLowerCase() === 'idempotency-key')!.range, message: 'First use of this key' }],
        });
      }
    }
  },
};
