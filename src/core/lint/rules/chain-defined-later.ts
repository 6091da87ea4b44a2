import type { HttpFile } from '../../http/ast';
import { findHoles } from '../../http/holes';
import { parseChainRef } from '../../vars/chain';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

/** 0-based index of the first request a name belongs to (`# @name`, then a one-word `### title`), as the resolver reads names. */
export function requestIndexByName(file: HttpFile): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of file.requests) if (r.name && !out.has(r.name)) out.set(r.name, r.index);
  for (const r of file.requests) if (r.title && /^[\w-]+$/.test(r.title) && !out.has(r.title)) out.set(r.title, r.index);
  return out;
}

/** `chain/defined-later`: `{{name.response…}}` naming this request itself or one written after it, which has no answer yet when this one is sent. */
export const chainDefinedLater: Rule = {
  id: 'chain/defined-later',
  defaultSeverity: 'error',
  description: 'A `{{name.response…}}` reference must name a request written above it: requests run top to bottom, so a later one (or the request itself) has no answer yet.',
  docs: ruleDocsUrl('chain/defined-later'),
  check(ctx) {
    if (!ctx.file) return;
    const names = requestIndexByName(ctx.file);
    const refs = [...ctx.request.variables];
    for (const a of ctx.request.assertions) {
      const e = a.expected;
      if (!e?.value.includes('{{')) continue;
      // An assertion is checked after its own request answered: naming itself is fine there.
      for (const h of findHoles(e.value)) {
        const ref = parseChainRef(h.expr);
        if (!ref || names.get(ref.name) !== ctx.request.index) refs.push({ expr: h.expr, start: e.start + h.start, end: e.start + h.end, range: { start: { line: e.range.start.line, character: e.range.start.character + h.start }, end: { line: e.range.start.line, character: e.range.start.character + h.end } } });
      }
    }
    for (const v of refs) {
      const ref = parseChainRef(v.expr);
      if (!ref) continue;
      const at = names.get(ref.name);
      if (at === undefined || at < ctx.request.index) continue;
      const target = ctx.file.requests[at];
      ctx.report({
        message:
          at === ctx.request.index
            ? `'${ref.name}' is this request: its ${ref.side} does not exist while it is being sent. Name an earlier request, or check the answer with a '??' line instead.`
            : `Request '${ref.name}' is written below this one (line ${target.requestLine.start.line + 1}), so it has not run when this request is sent. Move '${ref.name}' above this request.`,
        range: v.range,
        related: [{ file: ctx.filePath, range: target.requestLine, message: `'${ref.name}' is defined here` }],
      });
    }
  },
};
