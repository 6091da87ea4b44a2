// The side panel's answers in the real workbench: a QBar bulk create with invalid items (item
// table, counts, rows that reveal the item in the editor), a QR Studio 429 with Retry-After (live
// countdown, retry buttons) answered by a 200 on "Retry now", and hostile answers from a loopback
// server whose markup must stay text. Each case is photographed in the light and the dark theme:
// test-results/panel-vscode-<case>-<theme>.png.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { freePort, killGroup } from '../lib/code-server.mjs';
import { demoFor, openPanel, panelScreenshots, runnerRow, startMock, waitForCursor } from './lib/panel.mjs';

/** Text of a locator with Monaco's and the DOM's non-breaking spaces made plain. */
async function text(locator) {
  return (await locator.innerText()).replace(/\u00a0/g, ' ');
}

/** Polls `fn` until it returns a truthy value or `timeoutMs` passes; returns that value. */
async function until(fn, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whole seconds in a countdown text such as "Retry allowed in 118 s". */
function seconds(t) {
  const m = /(\d+)\s*s\b/.exec(t);
  return m ? Number(m[1]) : null;
}

const RATE_LIMITED_REQUEST = `
### Rate limited: the mock answers 429 with Retry-After once
# @name rateLimited
POST {{qrstudioBaseUrl}}/api/v1/generate/
X-Api-Key: {{qrstudioApiKey}}
Idempotency-Key: 7d0c1c52-0000-4000-8000-0000000000aa
X-Mock-Status: 429
X-Mock-Retry-After: 120
X-Mock-Fail-Times: 1
Content-Type: application/json

{ "data": "https://example.com/rate", "data_type": "url" }
`;

// Markup that would run, load or restyle something if any of it reached the page as HTML.
const SCRIPT = '<script>window.__reqlintXss = "script"; alert("xss-script")</script>';
const IMG = '<img src=x onerror="window.__reqlintXss = \'img\'; alert(\'xss-img\')">';
const LINK = '<a href="javascript:window.__reqlintXss=\'link\';alert(\'xss-link\')">click me</a>';
const SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="window.__reqlintXss = \'svg\'; alert(\'xss-svg\')"><circle r="40"/></svg>';
const CSS = '<style>body, #app { display: none !important; background: url("javascript:alert(\'xss-css\')") }</style>';
const STYLE_ATTR = '<div style="position:fixed;inset:0;background:red;z-index:99999">overlay</div>';
const IFRAME = '<iframe srcdoc="<script>parent.__reqlintXss = \'iframe\'; alert(\'xss-iframe\')</script>"></iframe>';
const PAYLOADS = [SCRIPT, IMG, LINK, SVG, CSS, STYLE_ATTR, IFRAME];

/** A loopback server answering with those payloads in the status text, headers and body (HTML or JSON). */
async function startHostileServer() {
  const server = createServer((req, res) => {
    const headers = {
      'X-Xss-Script': SCRIPT,
      'X-Xss-Img': IMG,
      'X-Xss-Svg': SVG,
      'X-Xss-Css': CSS,
      Link: '<javascript:alert("xss-header-link")>; rel="help"',
      'Set-Cookie': `x=${encodeURIComponent(SCRIPT)}; Path=/`,
    };
    if (req.url === '/json') {
      const body = JSON.stringify({ [SCRIPT]: IMG, html: PAYLOADS.join('\n'), url: 'javascript:alert("xss-json-url")', nested: [{ svg: SVG, css: CSS }] });
      res.writeHead(200, 'OK <img src=x onerror=alert(1)>', { ...headers, 'Content-Type': 'application/json' });
      res.end(body);
      return;
    }
    const body = `<!DOCTYPE html><html><head>${CSS}</head><body>\n${PAYLOADS.join('\n')}\n</body></html>\n`;
    res.writeHead(200, 'OK <img src=x onerror=alert(1)>', { ...headers, 'Content-Type': 'text/html; charset=utf-8' });
    res.end(body);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, port: server.address().port, close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}

export const tests = [
  {
    name: 'side panel answers: a QBar bulk create with invalid items lists them and reveals each in the editor',
    async run(ctx) {
      const { page, workspace, root, results } = ctx;
      const port = await freePort();
      const mock = await startMock(root, port);
      try {
        const folder = demoFor(workspace, port, 'answers-bulk');
        const panel = await openPanel(page, ctx, folder, 'qbar-scanner.http');
        await runnerRow(panel, 'Bulk create').locator('[data-testid="send-request"]').click();
        const status = panel.locator('[data-testid="status-line"]');
        await status.waitFor({ timeout: 30000 });
        assert.match(await text(panel.locator('[data-testid="status-code"]')), /^201\b/);
        assert.equal(await text(panel.locator('[data-testid="category"]')), 'partial-success');
        const rows = panel.locator('[data-testid="item-row"]');
        assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-index'))), ['1', '2']);
        assert.match(await text(rows.nth(0)), /^1\s+\/url\s+URL is required$/);
        assert.match(await text(rows.nth(1)), /^2\s+\/url\s+URL must start with http:\/\/ or https:\/\/$/);
        assert.equal(await text(panel.locator('[data-testid="item-counts"]')), '3 submitted · 1 succeeded · 2 failed');

        // qbar-scanner.http, line 19 `  { "label": "no url" },`: item 1 lacks "url", so the whole item
        // object (columns 3–23, 21 characters) is selected, the cursor after it.
        await rows.nth(0).click();
        await waitForCursor(page, /Ln 19, Col 24 \(21 selected\)/);
        // Line 20 `  { "url": "example.com/b" }`: item 2's /url value, "example.com/b" with its quotes (columns 12–26).
        await rows.nth(1).click();
        await waitForCursor(page, /Ln 20, Col 27 \(15 selected\)/);
        await panelScreenshots(page, folder, results, 'bulk-partial');
        // The answer's JSON tree (ordinary keys and string values) below the card.
        const tree = panel.locator('.json-tree');
        await tree.scrollIntoViewIfNeeded();
        // Flex rows make innerText break between key and value; textContent keeps them together.
        assert.match(await tree.textContent(), /"created": \[0: \{"url": "https:\/\/example\.com\/a"/);
        await panelScreenshots(page, folder, results, 'bulk-body');
      } finally {
        await killGroup(mock);
      }
    },
  },
  {
    name: 'side panel answers: a QR Studio 429 shows a live Retry-After countdown; Retry now gets a 200',
    async run(ctx) {
      const { page, workspace, root, results } = ctx;
      const port = await freePort();
      const mock = await startMock(root, port);
      try {
        const folder = demoFor(workspace, port, 'answers-429');
        appendFileSync(join(folder, 'qrstudio.http'), RATE_LIMITED_REQUEST);
        const panel = await openPanel(page, ctx, folder, 'qrstudio.http');
        await runnerRow(panel, 'rateLimited').locator('[data-testid="send-request"]').click();
        await panel.locator('[data-testid="status-line"][data-category="rate-limited"]').waitFor({ timeout: 30000 });
        assert.match(await text(panel.locator('[data-testid="status-code"]')), /^429\b/);
        assert.equal(await text(panel.locator('[data-testid="category"]')), 'rate-limited');
        assert.equal(await text(panel.locator('[data-testid="retryable"]')), 'Retryable');
        // One attempt: 120 s is over the 60 s an automatic retry waits, so the panel leaves it to the user.
        assert.match(await text(panel.locator('[data-testid="attempt-count"]')), /^1 attempt$/);
        const countdown = panel.locator('[data-testid="countdown"]');
        await countdown.waitFor({ timeout: 10000 });
        const start = seconds(await text(countdown));
        assert.ok(start !== null && start > 100 && start <= 120, `countdown starts near 120 s: ${await text(countdown)}`);
        const later = await until(async () => {
          const s = seconds(await text(countdown));
          return s !== null && s < start ? s : null;
        }, 5000, 'the countdown to go down');
        assert.ok(later < start);
        assert.match(await text(countdown), /^Retry allowed in \d+ s$/);
        const retryNow = panel.locator('[data-testid="retry-now"]');
        const whenAllowed = panel.locator('[data-testid="retry-when-allowed"]');
        assert.ok(await retryNow.isEnabled(), 'Retry now is enabled');
        assert.ok(await whenAllowed.isEnabled(), 'Retry when allowed is enabled');
        await panelScreenshots(page, folder, results, 'rate-limited');

        // The mock fails only the first identical request, so "Retry now" gets QR Studio's 200 (a PNG).
        const before = await panel.locator('.exchange').getAttribute('data-exchange-id');
        await retryNow.click();
        await panel.locator(`.exchange:not([data-exchange-id="${before}"])`).waitFor({ timeout: 30000 });
        assert.match(await text(panel.locator('[data-testid="status-code"]')), /^200\b/);
        assert.equal(await text(panel.locator('[data-testid="category"]')), 'success');
        assert.equal(await panel.locator('[data-testid="status-line"]').getAttribute('data-category'), 'success');
        assert.match(await text(panel.locator('[data-testid="status-line"]')), /POST\s+http:\/\/127\.0\.0\.1:\d+\/qrstudio\/api\/v1\/generate\//);
        assert.equal(await panel.locator('[data-testid="countdown"]').count(), 0, 'no countdown after a success');
        await panel.locator('[data-testid="body-image"]').waitFor({ timeout: 10000 });
        assert.equal(await panel.locator('[data-testid="history-entry"]').count(), 2);
        await panelScreenshots(page, folder, results, 'success');
      } finally {
        await killGroup(mock);
      }
    },
  },
  {
    name: 'side panel answers: markup in a hostile answer shows as text and runs nothing',
    async run(ctx) {
      const { page, workspace, root, results } = ctx;
      const hostile = await startHostileServer();
      const dialogs = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss().catch(() => {});
      });
      try {
        const folder = demoFor(workspace, hostile.port, 'answers-xss');
        writeFileSync(
          join(folder, 'hostile.http'),
          [
            `### ${IMG}`,
            `GET http://127.0.0.1:${hostile.port}/html`,
            '',
            '### hostile JSON',
            `GET http://127.0.0.1:${hostile.port}/json`,
            '',
          ].join('\n'),
        );
        const panel = await openPanel(page, ctx, folder, 'hostile.http');
        const htmlRow = panel.locator('[data-testid="runner-request"]').nth(0);
        assert.ok((await text(htmlRow)).includes(IMG), 'the request title shows as text in the runner');

        const checkInert = async (label) => {
          // Nothing but our own elements: no element a payload would have created, no handler attribute.
          const found = await panel.locator('#app').evaluate((app) => ({
            elements: [...app.querySelectorAll('script, img, svg, iframe, object, embed, style, link, a[href^="javascript:" i]')].map((e) => e.outerHTML.slice(0, 80)),
            handlers: [...app.querySelectorAll('*')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).map((e) => e.outerHTML.slice(0, 80)),
            hidden: getComputedStyle(app).display === 'none' || getComputedStyle(document.body).display === 'none',
          }));
          assert.deepEqual(found, { elements: [], handlers: [], hidden: false }, `${label}: payload markup became DOM`);
          for (const f of page.frames()) {
            const v = await f.evaluate(() => window.__reqlintXss ?? null).catch(() => null);
            assert.equal(v, null, `${label}: a payload ran in frame ${f.url().slice(0, 80)}`);
          }
          assert.deepEqual(dialogs, [], `${label}: a payload opened a dialog`);
        };

        // The detectors can fire: a dialog from the workbench page, a sentinel set in the panel's frame.
        const webview = await (await panel.locator('#app').elementHandle()).ownerFrame();
        await page.evaluate(() => alert('probe'));
        assert.deepEqual(dialogs.splice(0), ['probe'], 'the dialog listener saw the probe');
        // The webview's iframe is sandboxed without allow-modals, so alert() there returns without a
        // dialog: the sentinel is what would catch a payload that ran inside the panel.
        await webview.evaluate(() => { window.__reqlintXss = 'probe'; });
        await assert.rejects(checkInert('probe'), /a payload ran in frame/);
        await webview.evaluate(() => { delete window.__reqlintXss; });

        await htmlRow.locator('[data-testid="send-request"]').click();
        await panel.locator('[data-testid="status-line"]').waitFor({ timeout: 30000 });
        assert.match(await text(panel.locator('[data-testid="status-code"]')), /^200 OK <img src=x onerror=alert\(1\)>$/);
        assert.equal(await text(panel.locator('[data-testid="category"]')), 'success');
        const body = panel.locator('[data-testid="body-view"]');
        await body.waitFor({ timeout: 10000 });
        const bodyText = await text(body);
        for (const p of [SCRIPT, IMG, LINK, SVG]) assert.ok(bodyText.includes(p), `the HTML body shows ${p.slice(0, 30)}… as text:\n${bodyText.slice(0, 400)}`);
        await checkInert('HTML body');
        await panelScreenshots(page, folder, results, 'xss-body');

        await panel.locator('[data-testid="tab-headers"]').click();
        const headers = panel.locator('[data-testid="headers-table"]');
        await headers.waitFor({ timeout: 10000 });
        const headerText = await text(headers);
        for (const p of [SCRIPT, IMG, SVG, CSS, 'javascript:alert("xss-header-link")']) assert.ok(headerText.includes(p), `the headers show ${p.slice(0, 30)}… as text`);
        await checkInert('headers');
        await panelScreenshots(page, folder, results, 'xss-headers');

        // The same payloads as JSON keys and values, shown in the JSON tree.
        await panel.locator('[data-testid="tab-body"]').click();
        const before = await panel.locator('.exchange').getAttribute('data-exchange-id');
        await panel.locator('[data-testid="runner-request"]').nth(1).locator('[data-testid="send-request"]').click();
        await panel.locator(`.exchange:not([data-exchange-id="${before}"])`).waitFor({ timeout: 30000 });
        const tree = panel.locator('[data-testid="body-view"]');
        await tree.waitFor({ timeout: 10000 });
        const treeText = await text(tree);
        // The tree prints strings as JSON does: quoted, with their quotes escaped.
        for (const p of [SCRIPT, IMG, 'javascript:alert("xss-json-url")']) {
          assert.ok(treeText.includes(JSON.stringify(p)), `the JSON tree shows ${p.slice(0, 30)}… as text:\n${treeText.slice(0, 400)}`);
        }
        await checkInert('JSON body');
        await panelScreenshots(page, folder, results, 'xss-json');
      } finally {
        await hostile.close();
      }
    },
  },
];
