/** Where the project documents its rules; one place so a move of the docs changes one line. */
export const RULE_DOCS_BASE = 'https://github.com/reqlint/reqlint/blob/main/docs/rules.md';

/** The docs link of a rule id: the rule catalogue page with the id's heading anchor (`syntax/header` → `#syntaxheader`). */
export function ruleDocsUrl(id: string): string {
  return `${RULE_DOCS_BASE}#${id.toLowerCase().replace(/[^a-z0-9-]/g, '')}`;
}
