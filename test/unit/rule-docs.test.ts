import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ruleDocsUrl } from '../../src/core/lint/docs';
import { rules } from '../../src/core/lint/rules';
import { renderRuleDocs } from './rule-docs-render';

describe('docs/rules.md', () => {
  const page = readFileSync(join(__dirname, '..', '..', 'docs', 'rules.md'), 'utf8');

  it('is up to date with the rule registry (regenerate: npx tsx scripts/gen-rule-docs.ts)', () => {
    assert.equal(page, renderRuleDocs());
  });

  it('has a heading for every rule whose GitHub anchor is the one diagnostics link to', () => {
    for (const r of rules) {
      const anchor = ruleDocsUrl(r.id).split('#')[1];
      const heading = `## ${r.id}`;
      assert.ok(page.includes(`\n${heading}\n`), `missing heading for ${r.id}`);
      // GitHub's anchor for a heading: lower case, punctuation other than '-' dropped.
      assert.equal(r.id.toLowerCase().replace(/[^a-z0-9-]/g, ''), anchor, r.id);
    }
  });
});
