import { PUBLIC_RULE_IDS } from './catalogue';
import { rules } from './rules/index';

/** Every rule id a config may name: the published catalogue plus every registered rule, sorted. */
export function knownRuleIds(): string[] {
  return [...new Set([...PUBLIC_RULE_IDS, ...rules.map((r) => r.id)])].sort();
}
