// Serves the side panel's webview bundle in a plain page on 127.0.0.1, with the same HTML and CSP
// the extension builds (src/extension/panel/html.ts), VS Code's theme variables and a stand-in for
// `acquireVsCodeApi`, and drives it with playwright-core through Debian's Chromium.
//
//   node test/visual/panel-harness.mjs        → screenshots into test-results/panel-*.png
//
// test/unit/panel-visual.test.ts uses the same functions for its assertions.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { randomBytes } from 'node:crypto';
import * as esbuild from 'esbuild';
import { themeCss, THEMES } from './themes.mjs';
import { FIXTURES } from './fixtures.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where Chromium is expected; null when it is not installed. */
export function chromiumPath() {
  const p = process.env.REQLINT_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(p) ? p : null;
}

/** Flags that work as root, offline, in a container. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

async function bundle(entry, options) {
  const out = await esbuild.build({ entryPoints: [join(root, entry)], bundle: true, write: false, logLevel: 'silent', ...options });
  return out.outputFiles[0].text;
}

// The fake VS Code API: records posted messages, keeps state in sessionStorage (so a reload plays
// the part of hiding and re-showing the view), and reports CSP violations and dialogs.
const PRELUDE = `
window.__posted = [];
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample });
});
window.acquireVsCodeApi = function () {
  return {
    postMessage: function (m) { window.__posted.push(JSON.parse(JSON.stringify(m))); },
    getState: function () { var s = sessionStorage.getItem('state'); return s ? JSON.parse(s) : undefined; },
    setState: function (s) { sessionStorage.setItem('state', JSON.stringify(s)); }
  };
};`;

/**
 * Starts the static server and Chromium. Returns helpers to open the panel in a theme, post host
 * messages to it, and close everything.
 */
export async function startHarness() {
  const exe = chromiumPath();
  if (!exe) throw new Error('Chromium not found at /usr/bin/chromium (apt-get install -y chromium).');
  const [mainJs, htmlModule] = await Promise.all([
    bundle('src/webview/main.ts', { platform: 'browser', format: 'iife', target: 'es2022' }),
    bundle('src/extension/panel/html.ts', { platform: 'node', format: 'esm' }),
  ]);
  const { panelHtml } = await import(`data:text/javascript;base64,${Buffer.from(htmlModule).toString('base64')}`);
  const files = {
    '/main.js': ['text/javascript', mainJs],
    '/panel.css': ['text/css', readFileSync(join(root, 'src/webview/panel.css'))],
    '/codicon.css': ['text/css', readFileSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.css'))],
    '/codicon.ttf': ['font/ttf', readFileSync(join(root, 'node_modules/@vscode/codicons/dist/codicon.ttf'))],
  };
  for (const name of Object.keys(THEMES)) files[`/theme-${name}.css`] = ['text/css', themeCss(name)];
  let origin = '';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/') {
      const theme = THEMES[url.searchParams.get('theme') ?? 'dark'] ? url.searchParams.get('theme') ?? 'dark' : 'dark';
      const html = panelHtml({
        cspSource: origin,
        nonce: randomBytes(16).toString('base64'),
        scriptUri: `${origin}/main.js`,
        styleUris: [`${origin}/theme-${theme}.css`, `${origin}/codicon.css`, `${origin}/panel.css`],
        preludeScripts: [PRELUDE],
        bodyClass: THEMES[theme][0],
      });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html);
      return;
    }
    const f = files[url.pathname];
    if (!f) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': f[0] });
    res.end(f[1]);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${server.address().port}`;

  const { chromium } = await import('playwright-core');
  // playwright gives the browser a fresh temporary profile of its own.
  const browser = await chromium.launch({ executablePath: exe, args: CHROMIUM_ARGS, headless: true });

  return {
    origin,
    browser,
    /** Opens the panel page in `theme` at `width`×`height`; collects dialogs and page errors. */
    async open(theme = 'dark', { width = 400, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      page.dialogs = [];
      page.errors = [];
      page.on('dialog', (d) => {
        page.dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => page.errors.push(String(e)));
      await page.goto(`${origin}/?theme=${theme}`);
      await page.waitForFunction(() => window.__posted.some((m) => m.type === 'ready'));
      return page;
    },
    /** Posts a host→webview message into the page, as the extension host would. */
    async post(page, message) {
      await page.evaluate((m) => window.postMessage(m, '*'), message);
    },
    /** Posts a whole snapshot (`state`). */
    async show(page, snapshot) {
      await page.evaluate((s) => window.postMessage({ type: 'state', version: 1, snapshot: s }, '*'), snapshot);
      await page.waitForSelector('[data-testid="runner"]');
    },
    async close() {
      await browser.close();
      await new Promise((ok) => server.close(ok));
    },
  };
}

/** Takes the screenshots of every fixture in light and dark (and high contrast for one). */
export async function takeScreenshots(outDir = join(root, 'test-results')) {
  mkdirSync(outDir, { recursive: true });
  const h = await startHarness();
  const written = [];
  try {
    const shots = [];
    for (const name of Object.keys(FIXTURES)) for (const theme of ['light', 'dark']) shots.push([name, theme, 'body']);
    shots.push(['qrstudio-429', 'hc', 'body'], ['tracking-422', 'hc', 'body'], ['scanova-200', 'dark', 'timing'], ['scanova-200', 'light', 'redirects'], ['tracking-422', 'light', 'request']);
    for (const [name, theme, tab] of shots) {
      const page = await h.open(theme);
      await h.show(page, FIXTURES[name]());
      if (tab !== 'body') await page.click(`[data-testid="tab-${tab}"]`);
      // Let the codicon font load and a countdown tick.
      await page.evaluate(() => document.fonts.ready);
      await page.waitForTimeout(300);
      const file = join(outDir, `panel-${name}-${theme}${tab === 'body' ? '' : `-${tab}`}.png`);
      await page.screenshot({ path: file, fullPage: true });
      written.push(file);
      await page.context().close();
    }
  } finally {
    await h.close();
  }
  return written;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = await takeScreenshots();
  for (const f of files) console.log(f);
}
