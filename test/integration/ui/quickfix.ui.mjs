// The light-bulb menu on a Reqlint diagnostic in the real workbench: the quick-fix and "Disable …"
// are offered where the user meets the squiggle. The screenshot is kept in test-results/.
import assert from 'node:assert/strict';
import { join } from 'node:path';

export const tests = [
  {
    name: 'the light-bulb menu on a missing Content-Type offers the fix and the disable comment',
    async run(ctx) {
      const { page, results, baseUrl, workspace, root, workbenchUrl } = ctx;
      await page.goto(workbenchUrl(baseUrl, { folder: workspace, extensionDevelopmentPath: root }));
      await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ timeout: 15000 });
      await input.fill('qbar-scanner.http');
      await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .squiggly-warning, .monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
      // The request line of "Broken: missing url, JSON body without Content-Type" (1-based line 24).
      await page.keyboard.press('Control+G');
      await input.waitFor({ timeout: 15000 });
      await input.fill(':24');
      await page.keyboard.press('Enter');
      await page.locator('.monaco-editor .squiggly-warning').first().waitFor({ timeout: 15000 });
      await page.keyboard.press('Control+.');
      const menu = page.locator('.action-widget').first();
      await menu.waitFor({ timeout: 15000 });
      await menu.locator('.monaco-list-row', { hasText: /Content-Type/ }).first().waitFor({ timeout: 15000 });
      const text = await menu.innerText();
      for (const expected of ["Add 'Content-Type: application/json'", 'Disable transport/content-type for this line']) {
        assert.ok(text.replace(/\u00a0/g, ' ').includes(expected), `the light-bulb menu lacks "${expected}":\n${text}`);
      }
      await page.screenshot({ path: join(results, 'editor-quickfix-menu.png') });
    },
  },
];
