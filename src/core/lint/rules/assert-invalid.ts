import type { Fix } from '../../findings';
import { ASSERTION_FIELDS, DURATION_PARTS, conditionBySpelling, isAssertionField } from '../../http/assertions';
import type { Assertion } from '../../http/ast';
import { compilePattern } from '../../test/assert';
import { parseJsonPath } from '../../vars/json-path';
import type { Range } from '../../text/position';
import { ruleDocsUrl } from '../docs';
import type { Rule, RuleContext } from '../rule';

function sub(a: { range: Range }, from: number, to: number): Range {
  const line = a.range.start.line;
  const c = a.range.start.character;
  return { start: { line, character: c + from }, end: { line, character: c + to } };
}

function checkOne(ctx: RuleContext, a: Assertion): void {
  const field = a.field.value;
  if (!isAssertionField(field) || !a.condition) return; // the unknown-field / unknown-condition rules speak
  const cond = conditionBySpelling(a.condition.value)!;
  const spec = ASSERTION_FIELDS[field];
  const arg = a.argument;
  if (spec.argument === 'required' && !arg) {
    ctx.report({ message: `'?? ${field}' needs a header name before the condition: ?? header Content-Type includes json.`, range: a.field.range });
  }
  if (spec.argument === null && arg) {
    ctx.report({ message: `'?? ${field}' takes nothing between it and the condition; '${arg.value}' would be ignored.`, range: arg.range });
  }
  if (field === 'duration' && arg && !DURATION_PARTS.includes(arg.value)) {
    ctx.report({ message: `'${arg.value}' is not a duration part. Parts: ${DURATION_PARTS.join(', ')} (none: the whole exchange).`, range: arg.range });
  }
  if (field === 'body' && arg) {
    const p = parseJsonPath(arg.value);
    if (!p.ok) ctx.report({ message: `'${arg.value}' is not a JSON path: ${p.message}. Write e.g. $.items[0].id.`, range: sub(arg, p.at, arg.value.length) });
  }
  const exp = a.expected;
  if (cond.expected && !exp) {
    ctx.report({ message: `'${a.condition.value}' compares with a value: write it after the condition (?? status == 200).`, range: a.condition.range });
    return;
  }
  if (!cond.expected && exp) {
    const fix: Fix = { title: `Remove '${exp.value}'`, kind: 'safe', edits: [{ range: { start: a.condition.range.end, end: exp.range.end }, newText: '' }] };
    ctx.report({ message: `'${a.condition.value}' takes no value; '${exp.value}' would be ignored.`, range: exp.range, fixes: [fix] });
    return;
  }
  if (!exp || exp.value.includes('{{')) return;
  const numeric = cond.name === '>' || cond.name === '>=' || cond.name === '<' || cond.name === '<=' || (field === 'status' && (cond.name === '==' || cond.name === '!='));
  if (numeric && Number.isNaN(Number(exp.value.trim()))) {
    ctx.report({ message: `'${exp.value}' is not a number, so '${a.condition.value}' can never hold${field === 'status' ? ' for a status code' : ''}.`, range: exp.range });
  }
  if (cond.name === 'matches') {
    const c = compilePattern(exp.value);
    if (!c.ok) ctx.report({ message: `${c.message}.`, range: exp.range });
  }
}

/** `assert/invalid`: a `??` line whose parts do not fit together (missing value, bad JSON path, pattern, or number). */
export const assertInvalid: Rule = {
  id: 'assert/invalid',
  defaultSeverity: 'error',
  description: 'A `??` assertion that cannot hold as written: a missing or superfluous expected value, a header without a name, a JSON path or `matches` pattern that does not parse, a number comparison with a non-number.',
  docs: ruleDocsUrl('assert/invalid'),
  check(ctx) {
    for (const a of ctx.request.assertions) checkOne(ctx, a);
  },
};
