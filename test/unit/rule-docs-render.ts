import { rules } from '../../src/core/lint/rules';

/** Extra words per rule id for the docs page: what the fix does (from the rule catalogue). */
const FIXES: Record<string, string> = {
  'variable/undefined': 'define it in the file (`@name = …` before the first request)',
  'auth/missing': "add the profile's header with a `{{variable}}` value (and define the variable)",
  'auth/bearer-prefix': 'strip the `Bearer ` prefix',
  'auth/hardcoded-secret': 'move the value to a variable (editor: to secret storage)',
  'transport/https-required': 'switch to `https://`',
  'transport/content-type': 'add `Content-Type: application/json`',
  'body/required': 'insert the key with a placeholder',
  'body/format': 'UUID: generate one or use `{{$uuid}}`; currency: upper-case when that makes a real ISO 4217 code',
  'body/range': 'clamp to the bound',
  'body/pii-email': 'replace with `user_identifiers.email_hash` = SHA-256 hex of the trimmed, lower-cased address (`--fix-type pii`)',
  'body/unknown-field': 'rename to the documented key',
  'idempotency/missing-key': 'add `Idempotency-Key: {{$uuid}}`',
};

/** Renders docs/rules.md from the registered rules: one `## id` section per rule (GitHub anchors match `ruleDocsUrl`). */
export function renderRuleDocs(): string {
  const out: string[] = [
    '# Reqlint rules',
    '',
    'Generated from the rule registry (`src/core/lint/rules/index.ts`) by `npx tsx scripts/gen-rule-docs.ts`;',
    'a unit test fails when this page is out of date. Rule ids are public and never renamed. Set a level per',
    'rule (`off`, `hint`, `info`, `warning`, `error`) under `rules` in `reqlint.config.json`, or suppress one',
    'line with `# reqlint-disable-next-line <id>`.',
    '',
    '| id | default severity | fix |',
    '|---|---|---|',
  ];
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const r of sorted) out.push(`| [\`${r.id}\`](#${r.id.replace(/[^a-z0-9-]/g, '')}) | ${r.defaultSeverity} | ${FIXES[r.id] ? 'yes' : '—'} |`);
  for (const r of sorted) {
    out.push('', `## ${r.id}`, '', r.description, '', `Default severity: **${r.defaultSeverity}**.`);
    if (FIXES[r.id]) out.push('', `Fix: ${FIXES[r.id]}.`);
  }
  return out.join('\n') + '\n';
}
