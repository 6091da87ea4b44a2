import type { Fix } from '../../findings';
import type { HttpFile, HttpRequest, VariableRef } from '../../http/ast';
import { findHoles } from '../../http/holes';
import type { Position } from '../../text/position';
import { parseChainRef } from '../../vars/chain';
import { DYNAMIC_HEADS } from '../../vars/dynamic';
import { separatorNames } from './chain-separator-name';
import { ruleDocsUrl } from '../docs';
import type { Rule, RuleContext } from '../rule';

/** Text the "define it in the file" fix puts after `@name = `; obviously not a real value. */
export const DEFINE_PLACEHOLDER = 'REPLACE_ME';

const SEPARATOR = /^\s*###/;

// `login` for `login.response.body.$.id`, `name` for `%name` (percent-encoded use); null for expressions.
const PLAIN_REF = /^%?([A-Za-z_][\w-]*)(?:\.\S*)?$/;

/** The variable name a `{{…}}` expression reads, or null when it is an expression rather than a name. */
export function referencedName(expr: string): string | null {
  const m = PLAIN_REF.exec(expr);
  return m ? m[1] : null;
}

/**
 * Where a new file variable goes (0-based): after the file variables written before the first
 * request, else on the first request's `###` line (so the definition stays outside every block).
 */
export function definitionInsertPosition(file: HttpFile): Position {
  const first = file.requests[0];
  if (!first) return { line: file.lines.lineCount - 1, character: file.lines.lineText(file.lines.lineCount - 1).length };
  let line = first.range.start.line;
  if (line > 0 && SEPARATOR.test(file.lines.lineText(line - 1))) line--;
  const before = file.fileVariables.filter((v) => v.range.start.line < line);
  if (before.length) return { line: before[before.length - 1].range.start.line + 1, character: 0 };
  return { line, character: 0 };
}

// httpYac scripts (`{{ … }}` blocks, `> {% … %}` handlers) define variables by assignment; a name
// set there exists at send time even though no `@name =` line mentions it.
const SCRIPT_ASSIGN = /(?:\bexports|\$global)\.([A-Za-z_$][\w$]*)\s*=(?!=)/g;
const scriptNamesByFile = new WeakMap<HttpFile, Set<string>>();

function scriptNames(file: HttpFile): Set<string> {
  let names = scriptNamesByFile.get(file);
  if (!names) {
    names = new Set();
    if (file.text.includes('exports.') || file.text.includes('$global.')) {
      for (const m of file.text.matchAll(SCRIPT_ASSIGN)) names.add(m[1]);
    }
    scriptNamesByFile.set(file, names);
  }
  return names;
}

/** Names a request's own `# @loop` metadata defines: `$index`, and `item` for `@loop for item of …`. */
function loopNames(ctx: RuleContext): Set<string> | null {
  let out: Set<string> | null = null;
  for (const m of ctx.request.metadata) {
    if (m.key !== 'loop') continue;
    out ??= new Set(['$index']);
    const each = /^for\s+(?:(?:const|let|var)\s+)?([A-Za-z_$][\w$]*)\s+of\b/.exec(m.value);
    if (each) out.add(each[1]);
  }
  return out;
}

function defineFix(ctx: RuleContext, name: string): Fix[] | undefined {
  const file = ctx.file;
  if (!file) return undefined;
  const at = definitionInsertPosition(file);
  const eol = file.text.includes('\r\n') ? '\r\n' : '\n';
  const atEnd = at.line === file.lines.lineCount - 1 && at.character > 0;
  const newText = atEnd ? `${eol}@${name} = ${DEFINE_PLACEHOLDER}${eol}` : `@${name} = ${DEFINE_PLACEHOLDER}${eol}`;
  return [{ title: `Define '${name}' in this file`, kind: 'suggestion', isPreferred: true, edits: [{ range: { start: at, end: at }, newText }] }];
}

function whereLooked(ctx: RuleContext): string {
  const here = ctx.file ? 'this file' : 'the project';
  return ctx.environment ? `${here}, the '${ctx.environment}' environment or .env` : `${here} or .env (no environment selected)`;
}

/** `{{…}}` holes in the expected values of a request's `??` lines (not part of what is sent, but resolved when checking). */
function assertionHoles(req: HttpRequest): VariableRef[] {
  const out: VariableRef[] = [];
  for (const a of req.assertions) {
    const e = a.expected;
    if (!e || !e.value.includes('{{')) continue;
    for (const h of findHoles(e.value)) {
      const line = e.range.start.line;
      const ch = e.range.start.character;
      out.push({ expr: h.expr, start: e.start + h.start, end: e.start + h.end, range: { start: { line, character: ch + h.start }, end: { line, character: ch + h.end } } });
    }
  }
  return out;
}

/** `variable/undefined`: a `{{name}}` defined nowhere (file, environment, .env) and not a known dynamic variable. */
export const variableUndefined: Rule = {
  id: 'variable/undefined',
  defaultSeverity: 'error',
  description: 'A {{variable}} must be defined in the file, the selected environment or .env, or be a known dynamic variable.',
  docs: ruleDocsUrl('variable/undefined'),
  check(ctx) {
    const loop = loopNames(ctx);
    const refs = ctx.request.assertions.length ? [...ctx.request.variables, ...assertionHoles(ctx.request)] : ctx.request.variables;
    const meant = ctx.file && refs.length ? separatorNames(ctx.file) : null;
    for (const ref of refs) {
      const expr = ref.expr.trim();
      if (!expr || ctx.vars.isDefined(expr)) continue;
      // `### @name x` has its own finding (chain/separator-name) that says what is wrong.
      const chain = meant?.size ? parseChainRef(expr) : null;
      if (chain && meant!.has(chain.name)) continue;
      const head = expr.startsWith('$') ? expr.split(/[\s.(]/, 1)[0] : referencedName(expr);
      if (head && (loop?.has(head) || (ctx.file && scriptNames(ctx.file).has(head)))) continue;
      if (expr.startsWith('$')) {
        const known = [...DYNAMIC_HEADS].map((n) => `$${n}`).join(', ');
        ctx.report({
          message: `'{{${expr}}}' is not a known dynamic variable. Known: ${known}, $random.*.`,
          range: ref.range,
        });
        continue;
      }
      const name = referencedName(expr) ?? expr;
      const how = ctx.file ? `Define it with '@${name} = …' or in an environment.` : 'Define it in an environment (http-client.env.json) or .env.';
      ctx.report({
        message: `Variable '${name}' is not defined in ${whereLooked(ctx)}, and is not a dynamic variable. ${how}`,
        range: ref.range,
        fixes: defineFix(ctx, name),
      });
    }
  },
};
