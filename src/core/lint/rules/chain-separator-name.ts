import type { Fix } from '../../findings';
import type { HttpFile, HttpRequest } from '../../http/ast';
import { parseChainRef } from '../../vars/chain';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';

const SEPARATOR_NAME = /^@name\s+([A-Za-z_][\w-]*)\s*$/;

/** Requests whose `###` line reads `### @name x` (a title, not a name), by the name meant. */
export function separatorNames(file: HttpFile): Map<string, HttpRequest> {
  const out = new Map<string, HttpRequest>();
  for (const r of file.requests) {
    const m = r.title ? SEPARATOR_NAME.exec(r.title) : null;
    if (m && !r.name && !out.has(m[1])) out.set(m[1], r);
  }
  return out;
}

/** `chain/separator-name`: `{{x.response…}}` where `x` is only written as `### @name x`, which makes a title, not a name. */
export const chainSeparatorName: Rule = {
  id: 'chain/separator-name',
  defaultSeverity: 'error',
  description: "A request is named by a `# @name x` line of its own; `### @name x` on the separator line is the request's title, so `{{x.response…}}` finds nothing.",
  docs: ruleDocsUrl('chain/separator-name'),
  check(ctx) {
    if (!ctx.file) return;
    const meant = separatorNames(ctx.file);
    if (!meant.size) return;
    for (const v of ctx.request.variables) {
      const ref = parseChainRef(v.expr);
      const target = ref ? meant.get(ref.name) : undefined;
      if (!ref || !target) continue;
      const sepLine = target.range.start.line - 1;
      const text = sepLine >= 0 ? ctx.file.lines.lineText(sepLine) : '';
      const fixes: Fix[] | undefined = /^\s*###/.test(text)
        ? [{
            title: `Name the request with '# @name ${ref.name}' on its own line`,
            kind: 'safe',
            isPreferred: true,
            edits: [{ range: { start: { line: sepLine, character: 0 }, end: { line: sepLine, character: text.length } }, newText: `###\n# @name ${ref.name}` }],
          }]
        : undefined;
      ctx.report({
        message: `'${ref.name}' is written as '### @name ${ref.name}' (line ${sepLine + 1}), which is the request's title, not its name. Put '# @name ${ref.name}' on its own line under '###'.`,
        range: v.range,
        fixes,
        related: [{ file: ctx.filePath, range: { start: { line: sepLine, character: 0 }, end: { line: sepLine, character: text.length } }, message: `'### @name ${ref.name}' is here` }],
      });
    }
  },
};
