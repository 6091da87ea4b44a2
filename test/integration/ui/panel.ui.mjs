// The side panel in the real workbench, against the local mock: list the requests of a .http file,
// send a broken tracking event, follow a field error to its source range, apply a fix from the
// answer and send again. Screenshots: test-results/panel-vscode-*.png.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { freePort, killGroup } from '../lib/code-server.mjs';
import { demoFor, startMock } from './lib/panel.mjs';

export const tests = [
  {
    name: 'side panel: send, reveal a field error in the editor, apply a fix, send again',
    async run({ page, baseUrl, workspace, root, results, workbenchUrl }) {
      const port = await freePort();
      const mock = await startMock(root, port);
      try {
        const folder = demoFor(workspace, port);
        await page.goto(workbenchUrl(baseUrl, { folder, extensionDevelopmentPath: root }));
        await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
        await page.keyboard.press('Control+P');
        await page.locator('.quick-input-widget input').fill('scanova-tracking.http');
        await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15000 });
        await page.keyboard.press('Enter');
        await page.locator('.tab.active', { hasText: 'scanova-tracking.http' }).waitFor({ timeout: 15000 });
        await page.locator('.activitybar [aria-label^="Reqlint"]').first().click();
        const panel = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
        const rows = panel.locator('[data-testid="runner-request"]');
        await rows.first().waitFor({ timeout: 30000 });
        assert.equal(await rows.count(), 3);
        assert.match(await rows.nth(1).innerText(), /serverEventBroken/);

        await rows.nth(1).locator('[data-testid="send-request"]').click();
        const status = panel.locator('[data-testid="status-line"]');
        await status.waitFor({ timeout: 30000 });
        assert.match(await status.innerText(), /422/);
        assert.equal(await panel.locator('[data-testid="category"]').innerText(), 'validation');
        const fields = panel.locator('[data-testid="field-error"]');
        assert.ok((await fields.count()) >= 3, 'the tracking 422 lists its field errors');
        await page.screenshot({ path: join(results, 'panel-vscode-422.png') });

        // The scan_session_id error moves the editor's selection onto the value in the request.
        await panel.locator('[data-testid="field-error"][data-pointer="/scan_session_id"]').click();
        await page.locator('.statusbar', { hasText: /Ln\s26,\sCol\s34\s\(12\sselected\)/ }).waitFor({ timeout: 10000 });

        const uuidFix = panel.locator('[data-testid="fix-button"]', { hasText: 'scan_session_id' });
        await uuidFix.click();
        await panel.locator('[data-testid="fix-outcome"]', { hasText: 'Applied' }).waitFor({ timeout: 10000 });
        await page.locator('.monaco-editor .view-line', { hasText: /"scan_session_id":\s"\{\{\$uuid\}\}"/ }).first().waitFor({ timeout: 10000 });
        await page.screenshot({ path: join(results, 'panel-vscode-fix-applied.png') });
        // The other fixes of the answer stay offered after one was applied, moved along with the text.
        const left = panel.locator('[data-testid="fix-button"]');
        assert.ok((await left.count()) >= 1, 'the other fixes disappeared after one was applied');
        const currencyFix = panel.locator('[data-testid="fix-button"]', { hasText: 'currency' });
        if (await currencyFix.count()) {
          await currencyFix.click();
          await page.locator('.monaco-editor .view-line', { hasText: /"currency":\s"EUR"/ }).first().waitFor({ timeout: 10000 });
        }

        const before = await panel.locator('.exchange').getAttribute('data-exchange-id');
        await panel.locator('[data-testid="send-again"]').click();
        await panel.locator(`.exchange:not([data-exchange-id="${before}"])`).waitFor({ timeout: 30000 });
        const again = await panel.locator('[data-testid="field-error"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-pointer')));
        assert.ok(!again.includes('/scan_session_id'), `the fixed field is still rejected: ${again.join(', ')}`);
        assert.equal(await panel.locator('[data-testid="history-entry"]').count(), 2);
      } finally {
        await killGroup(mock);
      }
    },
  },
];
