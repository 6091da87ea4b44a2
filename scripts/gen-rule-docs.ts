// Writes docs/rules.md from the rule registry, so the page every diagnostic links to always lists
// exactly the rules the engine runs. `npx tsx scripts/gen-rule-docs.ts` rewrites it; a unit test
// fails when it is out of date.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderRuleDocs } from '../test/unit/rule-docs-render';

writeFileSync(join(__dirname, '..', 'docs', 'rules.md'), renderRuleDocs());
