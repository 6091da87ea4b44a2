import type { FileRule, Rule } from '../rule';
import { syntaxHeader } from './syntax-header';
import { syntaxRequestLine } from './syntax-request-line';
import { variableUndefined } from './variable-undefined';

/**
 * Every rule the engine runs, in this order. To add a rule: create one file under lint/rules/,
 * import it here and append it to the array. Ids must be unique (a test checks).
 */
export const rules: Array<Rule | FileRule> = [
  syntaxRequestLine,
  syntaxHeader,
  variableUndefined,
];
