import type { Fix } from '../../findings';
import { ASSERTION_FIELDS, conditionSpellings, isAssertionField } from '../../http/assertions';
import type { Assertion } from '../../http/ast';
import type { Range } from '../../text/position';
import { ruleDocsUrl } from '../docs';
import type { Rule } from '../rule';
import { closestWord } from './assert-words';

/** The word that stands where the condition should be, with its range; null when the line ends first. */
function conditionCandidate(a: Assertion): { word: string; range: Range } | null {
  const arg = a.argument;
  if (!arg) return null;
  const field = a.field.value;
  // status takes no argument, so its first word is the condition; the others' first word is the argument.
  const skip = isAssertionField(field) && ASSERTION_FIELDS[field].argument === null ? 0 : 1;
  const words = [...arg.value.matchAll(/\S+/g)];
  // `?? body eq 1`: a body assertion without a path has the condition first.
  const first = words[0]?.[0];
  const w = skip === 1 && field === 'body' && first && closestWord(first, conditionSpellings()) ? words[0] : words[skip];
  if (!w) return null;
  const line = arg.range.start.line;
  const ch = arg.range.start.character + (w.index ?? 0);
  return { word: w[0], range: { start: { line, character: ch }, end: { line, character: ch + w[0].length } } };
}

/** `assert/unknown-condition`: a `??` line that names no known condition. */
export const assertUnknownCondition: Rule = {
  id: 'assert/unknown-condition',
  defaultSeverity: 'error',
  description: 'A `??` assertion needs a condition: `==`, `!=`, `>`, `>=`, `<`, `<=`, `startsWith`, `endsWith`, `includes`/`contains`, `exists`, `isTrue`, `isFalse`, `isNumber`, `isBoolean`, `isString`, `isArray` or `matches`.',
  docs: ruleDocsUrl('assert/unknown-condition'),
  check(ctx) {
    const spellings = conditionSpellings();
    for (const a of ctx.request.assertions) {
      if (a.condition || !a.field.value) continue;
      const cand = conditionCandidate(a);
      const near = cand ? closestWord(cand.word, spellings) : null;
      const fixes: Fix[] | undefined =
        cand && near ? [{ title: `Change to '${near}'`, kind: 'suggestion', isPreferred: true, edits: [{ range: cand.range, newText: near }] }] : undefined;
      ctx.report({
        message: cand
          ? `'${cand.word}' is not an assertion condition.${near ? ` Did you mean '${near}'?` : ''} Write e.g. '?? status == 200'.`
          : `This assertion has no condition: write e.g. '?? ${a.field.value}${a.argument ? ' ' + a.argument.value : ''} exists' or '== value'.`,
        range: cand?.range ?? a.range,
        fixes,
      });
    }
  },
};
