// Playwright tests of what a user sees in the workbench. Each test gets a fresh page; the harness
// saves a screenshot when one fails. Screenshots land in test-results/ (git-ignored).
// Monaco renders spaces as U+00A0, so text matches use \s rather than a literal space.
import assert from 'node:assert/strict';
import { join } from 'node:path';

/** Opens the demo folder with Reqlint loaded from the source tree and waits for the workbench. */
async function openWorkbench({ page, baseUrl, workspace, root, workbenchUrl }) {
  await page.goto(workbenchUrl(baseUrl, { folder: workspace, extensionDevelopmentPath: root }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60000 });
}

/** Quick Open (Ctrl+P) a file by name. */
async function openFile(page, name) {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: 15000 });
}

/** Runs a command from the palette by its title. */
async function runCommand(page, title) {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 15000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
}

export const tests = [
  {
    name: 'broken demo file shows squiggles and its rule ids in the Problems panel',
    async run(ctx) {
      const { page, results } = ctx;
      await openWorkbench(ctx);
      await openFile(page, 'broken.http');
      await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 30000 });
      // Syntax colouring from our grammar: the method token is not plain text.
      const methodColour = await page.locator('.monaco-editor .view-line span span', { hasText: /^POST$/ }).first().evaluate((el) => getComputedStyle(el).color);
      const plainColour = await page.locator('.monaco-editor .view-line span span', { hasText: /SEND\sTHIS\sTO/ }).first().evaluate((el) => getComputedStyle(el).color);
      assert.notEqual(methodColour, plainColour, 'the request method is coloured like plain text');
      await page.screenshot({ path: join(results, 'editor-broken-http.png') });

      await page.keyboard.press('Control+Shift+M');
      const panel = page.locator('.markers-panel');
      await panel.locator('.monaco-list-row', { hasText: 'syntax/header' }).first().waitFor({ timeout: 15000 });
      const text = await panel.innerText();
      for (const expected of ['syntax/header', 'syntax/request-line', 'reqlint']) {
        assert.ok(text.includes(expected), `the Problems panel does not show "${expected}":\n${text}`);
      }
      await page.screenshot({ path: join(results, 'problems-panel.png') });
    },
  },
  {
    name: 'Reqlint: Show Output reveals the log with the activation time',
    async run(ctx) {
      const { page, results } = ctx;
      await openWorkbench(ctx);
      await openFile(page, 'qrstudio.http');
      await runCommand(page, 'Reqlint: Show Output');
      const line = page.locator('.output-view .view-line', { hasText: /activated\sin\s[\d.]+\sms/ }).first();
      await line.waitFor({ timeout: 20000 });
      assert.match(await line.innerText(), /Reqlint\s\S+\sactivated\sin\s[\d.]+\sms/);
      await page.screenshot({ path: join(results, 'output-channel.png') });
    },
  },
];
