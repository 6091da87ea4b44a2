// Helpers shared by the side panel's UI tests: a copy of the demo folder pointed at a mock on its
// own port, the mock itself, opening a file with the Reqlint panel shown, switching the colour
// theme, and screenshots of the side bar that holds the panel.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { killGroup, spawnGroup } from '../../lib/code-server.mjs';

/** Copies the demo folder next to `workspace` with every mock URL pointing at `port`. */
export function demoFor(workspace, port, tag = 'panel') {
  const dir = `${workspace}-${tag}-${port}`;
  cpSync(workspace, dir, { recursive: true });
  for (const f of ['reqlint.config.json', 'http-client.env.json']) {
    const p = join(dir, f);
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`));
  }
  return dir;
}

/**
 * Starts `reqlint mock` (from dist/) on 127.0.0.1:`port` in its own process group; resolves once it
 * answers. Throws with the mock's own output when it exits or stays silent for `timeoutMs`.
 */
export async function startMock(root, port, timeoutMs = 20000) {
  const child = spawnGroup(process.execPath, [join(root, 'dist', 'cli.js'), 'mock', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b) => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && child.exitCode === null && child.signalCode === null) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const why = child.exitCode !== null || child.signalCode !== null ? `exited (${child.exitCode ?? child.signalCode})` : `did not answer within ${timeoutMs} ms`;
  await killGroup(child);
  throw new Error(`the mock on 127.0.0.1:${port} ${why}:\n${output}`);
}

/** The panel's webview document (two nested iframes inside the workbench). */
export function panelFrame(page) {
  return page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
}

/**
 * Opens `folder` in the workbench, opens `file` with Quick Open, shows the Reqlint view and waits
 * until its runner lists the file's requests; returns the panel's frame locator.
 */
export async function openPanel(page, { baseUrl, root, workbenchUrl }, folder, file) {
  await page.goto(workbenchUrl(baseUrl, { folder, extensionDevelopmentPath: root }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60000 });
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').fill(file);
  await page.locator('.quick-input-list .monaco-list-row').first().waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  await page.locator('.tab.active', { hasText: file }).waitFor({ timeout: 15000 });
  await page.locator('.activitybar [aria-label^="Reqlint"]').first().click();
  const panel = panelFrame(page);
  await panel.locator('[data-testid="runner-request"]').first().waitFor({ timeout: 30000 });
  return panel;
}

/** The runner row of the request whose name (as the runner lists it) contains `name`. */
export function runnerRow(panel, name) {
  return panel.locator('[data-testid="runner-request"]', { has: panel.locator('.request-name', { hasText: name }) });
}

export const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
/** `badge.background` of each theme: a colour that tells them from the start-up theme (the 2026 ones). */
const BADGE = { light: '#cccccc', dark: '#616161' };

/**
 * Switches the colour theme through the workspace's .vscode/settings.json (so the user settings
 * the other UI tests share stay as they were) and waits until the workbench and the panel's
 * webview both carry that theme's colours.
 */
export async function setTheme(page, folder, which) {
  mkdirSync(join(folder, '.vscode'), { recursive: true });
  writeFileSync(join(folder, '.vscode', 'settings.json'), JSON.stringify({ 'workbench.colorTheme': THEMES[which] }, null, 2));
  await page.waitForFunction(
    (want) => getComputedStyle(document.querySelector('.monaco-workbench') ?? document.documentElement).getPropertyValue('--vscode-badge-background').trim().toLowerCase() === want,
    BADGE[which],
    { timeout: 20000 },
  );
  const body = panelFrame(page).locator(`body.vscode-${which}`);
  await body.waitFor({ timeout: 20000 });
  const deadline = Date.now() + 20000;
  for (;;) {
    const got = await body.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--vscode-badge-background').trim().toLowerCase());
    if (got === BADGE[which]) return;
    if (Date.now() > deadline) throw new Error(`the panel did not take the ${THEMES[which]} colours (badge background ${got})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Screenshots the side bar (the Reqlint view) in the light and the dark theme into
 * test-results/panel-vscode-<name>-<theme>.png; leaves the dark theme on.
 */
export async function panelScreenshots(page, folder, results, name) {
  const shots = [];
  for (const which of ['light', 'dark']) {
    await setTheme(page, folder, which);
    const path = join(results, `panel-vscode-${name}-${which}.png`);
    await page.locator('.part.sidebar').screenshot({ path });
    shots.push(path);
  }
  return shots;
}

/** Waits until the status bar shows the editor cursor as `Ln line, Col col` (with an optional selection). */
export async function waitForCursor(page, pattern, timeout = 10000) {
  const item = page.locator('.statusbar-item', { hasText: /Ln\s\d+,\sCol\s\d+/ }).first();
  await page.waitForFunction(
    ({ source, flags }) => {
      const el = [...document.querySelectorAll('.statusbar-item')].find((e) => /Ln\s\d+,\sCol\s\d+/.test(e.textContent ?? ''));
      return !!el && new RegExp(source, flags).test((el.textContent ?? '').replace(/\u00a0/g, ' '));
    },
    { source: pattern.source, flags: pattern.flags },
    { timeout },
  );
  return (await item.innerText()).replace(/\u00a0/g, ' ');
}
