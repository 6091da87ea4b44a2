// Signing in from the editor in the real workbench: a request that uses an OAuth 2.0 sign-in with
// the Authorization Code grant (PKCE) against the mock's authorization server. Sending it opens the
// authorization page in the browser (Chromium here), the server redirects to Reqlint's loopback
// listener, the code is exchanged for a token, and the request is answered 200 with it. The
// status-bar key then lists the token. Screenshot: test-results/signin-authorization-code.png.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, killGroup } from '../lib/code-server.mjs';
import { demoFor, openPanel, runnerRow, startMock } from './lib/panel.mjs';

export const tests = [
  {
    name: 'sign-in: the authorization code grant runs through the browser and the loopback redirect, then the request is sent with the token',
    async run(ctx) {
      const { page, workspace, root, results } = ctx;
      const port = await freePort();
      const redirectPort = await freePort();
      const mock = await startMock(root, port);
      try {
        const folder = demoFor(workspace, port, 'signin');
        const envFile = join(folder, 'http-client.env.json');
        const env = JSON.parse(readFileSync(envFile, 'utf8'));
        env.mock.Security.Auth.browser = {
          Type: 'OAuth2',
          'Grant Type': 'Authorization Code',
          'Auth URL': '{{idpBaseUrl}}/authorize',
          'Token URL': '{{idpBaseUrl}}/token',
          'Redirect URL': `http://127.0.0.1:${redirectPort}/callback`,
          'Client ID': 'public-client',
          'Client Credentials': 'none',
          PKCE: true,
          Scope: 'openid read',
        };
        writeFileSync(envFile, JSON.stringify(env, null, 2));
        writeFileSync(join(folder, 'signin.http'), '### Who am I (browser sign-in)\nGET {{idpBaseUrl}}/api/me\nAuthorization: Bearer {{$auth.token("browser")}}\n');
        const panel = await openPanel(page, ctx, folder, 'signin.http');
        // The authorization page opens in a new browser tab; VS Code may first ask whether to open the external site.
        const popup = page.context().waitForEvent('page', { timeout: 30000 });
        await runnerRow(panel, 'Who am I').locator('[data-testid="send-request"]').click();
        const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Open$/ });
        await Promise.race([confirm.first().waitFor({ timeout: 10000 }).then(() => confirm.first().click()), popup]).catch(() => undefined);
        const tab = await popup;
        await tab.waitForLoadState('domcontentloaded', { timeout: 30000 });
        // The mock approves at once and redirects to Reqlint's listener, whose page is fixed text.
        await tab.getByText('Signed in.', { exact: false }).waitFor({ timeout: 30000 });
        assert.match(tab.url(), new RegExp(`^http://127\\.0\\.0\\.1:${redirectPort}/callback\\?`));
        await tab.close();
        await panel.locator('[data-testid="status-line"]').waitFor({ timeout: 30000 });
        assert.match(await panel.locator('[data-testid="status-code"]').innerText(), /^200\b/);
        await page.locator('[aria-label="Reqlint sign-ins: 1"]').first().waitFor({ timeout: 15000 });
        await page.screenshot({ path: join(results, 'signin-authorization-code.png') });
      } finally {
        await killGroup(mock);
      }
    },
  },
];
