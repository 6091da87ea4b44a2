import { parseAuthRef } from '../../auth/oauth2/request-tokens';
import type { OAuthConfig } from '../../auth/oauth2/config';
import type { VariableRef } from '../../http/ast';
import type { RuleContext } from '../rule';

/** One `{{$auth.token("name")}}` / `{{$auth.idToken("name")}}` of a request, with the entry it names (undefined: none). */
export interface SignInRef {
  ref: VariableRef;
  kind: 'token' | 'idToken';
  name: string;
  entry: OAuthConfig | undefined;
  /** Every entry name of the environment, for "did you mean". */
  known: string[];
}

/** The request's sign-in references; an empty list when it has none or the scope reads no environment files. */
export function signInRefs(ctx: RuleContext): SignInRef[] {
  const refs = ctx.request.variables.filter((v) => v.expr.includes('$auth.'));
  if (!refs.length || !ctx.vars.authConfigs) return [];
  const configs = ctx.vars.authConfigs();
  const out: SignInRef[] = [];
  for (const ref of refs) {
    const r = parseAuthRef(ref.expr);
    if (r) out.push({ ref, ...r, entry: configs.entries.get(r.name), known: [...configs.entries.keys()] });
  }
  return out;
}

/** `file:line` (1-based) of where an entry or one of its fields is written. */
export function where(loc: { file: string; range: { start: { line: number } } } | undefined): string {
  return loc ? `${loc.file}:${loc.range.start.line + 1}` : 'the environment file';
}
