// The side panel's webview in a real browser (Debian's Chromium through playwright-core), served by
// test/visual/panel-harness.mjs with the extension's own HTML and CSP. Takes the screenshots into
// test-results/ and asserts what the integration tests will rely on (data-testid hooks, messages).
import { strict as assert } from 'node:assert';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';

interface HarnessPage extends Page {
  dialogs: string[];
  errors: string[];
}
interface Harness {
  open(theme?: string, size?: { width?: number; height?: number }): Promise<HarnessPage>;
  post(page: Page, message: unknown): Promise<void>;
  show(page: Page, snapshot: unknown): Promise<void>;
  close(): Promise<void>;
}
type Snapshot = Record<string, unknown>;
type FixtureFn = (now?: number, ...rest: number[]) => Snapshot;
interface Fixtures {
  FIXTURES: Record<string, FixtureFn>;
  XSS_PAYLOADS: string[];
  hostile: FixtureFn;
  hugeLine: FixtureFn;
  bigJson: FixtureFn;
  qrStudio429: FixtureFn;
  qrStudioPng: (now?: number) => Promise<Snapshot>;
}

const root = resolve(__dirname, '..', '..');
const out = join(root, 'test-results');
// The harness is an ES module; a real dynamic import keeps it one under the CommonJS test build.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- tsx turns import() into require(); only a real import() loads these ES modules
const importEsm = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;

interface Posted {
  type: string;
  [k: string]: unknown;
}
const posted = (page: Page): Promise<Posted[]> => page.evaluate(() => (window as unknown as { __posted: Posted[] }).__posted);
const lastPosted = async (page: Page): Promise<Posted> => {
  const all = await posted(page);
  return all[all.length - 1];
};

describe('panel: webview in Chromium (visual harness)', function () {
  this.timeout(120_000);
  let h: Harness;
  let fx: Fixtures;

  before(async function () {
    const harness = (await importEsm(pathToFileURL(join(root, 'test/visual/panel-harness.mjs')).href)) as { chromiumPath(): string | null; startHarness(): Promise<Harness> };
    if (!harness.chromiumPath()) {
      console.log('    (skipped: Chromium is not installed at /usr/bin/chromium; apt-get install -y chromium to run the panel screenshots)');
      this.skip();
    }
    fx = (await importEsm(pathToFileURL(join(root, 'test/visual/fixtures.mjs')).href)) as Fixtures;
    mkdirSync(out, { recursive: true });
    h = await harness.startHarness();
  });

  after(async () => {
    await h?.close();
  });

  async function open(name: string, theme: string, snapshot?: Snapshot): Promise<HarnessPage> {
    const page = await h.open(theme);
    await h.show(page, snapshot ?? fx.FIXTURES[name]());
    await page.evaluate(() => document.fonts.ready);
    return page;
  }

  async function shoot(page: Page, file: string): Promise<void> {
    await page.screenshot({ path: join(out, file), fullPage: true });
  }

  for (const theme of ['light', 'dark']) {
    it(`tracking 422 (${theme}): status line, category, field errors that reveal their source range, fixes`, async () => {
      const page = await open('tracking-422', theme);
      assert.match((await page.getByTestId('status-line').textContent()) ?? '', /422 Unprocessable Entity/);
      assert.equal(await page.getByTestId('category').textContent(), 'validation');
      assert.equal(await page.getByTestId('retryable').textContent(), 'Not retryable');
      const fields = page.getByTestId('field-error');
      assert.equal(await fields.count(), 2);
      await fields.first().click();
      assert.deepEqual(await lastPosted(page), { type: 'revealRange', uri: 'file:///workspace/api/tracking.http', range: { start: { line: 9, character: 21 }, end: { line: 9, character: 32 } } });
      assert.equal(await page.getByTestId('fix-button').count(), 2);
      assert.equal(await page.getByTestId('api-message').textContent(), '2 field errors, listed below.');
      await page.getByTestId('apply-all-fixes').click();
      assert.deepEqual(await lastPosted(page), { type: 'applyAllFixes', exchangeId: 'ex-tracking-422' });
      await shoot(page, `panel-tracking-422-${theme}.png`);
      await page.getByTestId('fix-button').nth(1).click();
      assert.deepEqual(await lastPosted(page), { type: 'applyFix', exchangeId: 'ex-tracking-422', fixId: 'fix-1' });
      await h.post(page, { type: 'fixResult', exchangeId: 'ex-tracking-422', fixId: 'fix-1', applied: true, message: 'Applied: Upper-case currency to "USD".', key: { uri: 'file:///workspace/api/tracking.http', index: 0 }, remaining: ['fix-0'] });
      await page.getByTestId('send-again').waitFor();
      // The fix that still applies stays offered next to "Send again".
      assert.deepEqual(await page.getByTestId('fix-button').evaluateAll((bs) => bs.map((b) => b.getAttribute('data-fix-id'))), ['fix-0']);
      assert.equal(await page.getByTestId('apply-all-fixes').count(), 0, 'no "apply all" for a single fix');
      await shoot(page, `panel-tracking-422-${theme}-after-fix.png`);
      await page.getByTestId('send-again').click();
      assert.deepEqual(await lastPosted(page), { type: 'send', key: { uri: 'file:///workspace/api/tracking.http', index: 0 } });
      assert.deepEqual(page.dialogs, []);
      assert.deepEqual(page.errors, []);
      await page.context().close();
    });

    it(`QBar bulk (${theme}): item table with counts, rows reveal the item by click and keyboard`, async () => {
      const page = await open('qbar-bulk', theme);
      assert.equal(await page.getByTestId('category').textContent(), 'partial-success');
      assert.equal(await page.getByTestId('item-counts').textContent(), '5 submitted · 3 succeeded · 2 failed');
      const rows = page.getByTestId('item-row');
      assert.equal(await rows.count(), 2);
      assert.deepEqual(await rows.nth(0).locator('td').allTextContents(), ['2', '/url', 'URL is required']);
      await rows.nth(1).click();
      assert.equal((await lastPosted(page)).type, 'revealRange');
      await rows.nth(0).focus();
      await page.keyboard.press('Enter');
      assert.deepEqual(await lastPosted(page), { type: 'revealRange', uri: 'file:///workspace/api/qbar.http', range: { start: { line: 14, character: 4 }, end: { line: 14, character: 29 } } });
      await shoot(page, `panel-qbar-bulk-${theme}.png`);
      await page.context().close();
    });

    it(`QR Studio 429 (${theme}): a live Retry-After countdown with "Retry now" and "Retry when allowed"`, async () => {
      const page = await open('qrstudio-429', theme);
      assert.equal(await page.getByTestId('category').textContent(), 'rate-limited');
      assert.equal(await page.getByTestId('retryable').textContent(), 'Retryable');
      const cd = page.getByTestId('countdown');
      const first = (await cd.textContent()) ?? '';
      const secs = (t: string): number => Number(/^Retry allowed in (\d+) s$/.exec(t)?.[1] ?? NaN);
      assert.ok(secs(first) >= 1 && secs(first) <= 12, `countdown reads "${first}"`);
      await page.waitForFunction((t) => document.querySelector('[data-testid="countdown"]')?.textContent !== t, first, { timeout: 3000 });
      const next = (await cd.textContent()) ?? '';
      assert.ok(secs(next) < secs(first), `the countdown went from "${first}" to "${next}"`);
      await shoot(page, `panel-qrstudio-429-${theme}.png`);
      await page.getByTestId('retry-now').click();
      assert.deepEqual(await lastPosted(page), { type: 'retryNow', exchangeId: 'ex-qrstudio-429' });
      await page.getByTestId('retry-when-allowed').click();
      assert.deepEqual(await lastPosted(page), { type: 'retryWhenAllowed', exchangeId: 'ex-qrstudio-429' });
      await h.post(page, { type: 'countdown', countdown: { exchangeId: 'ex-qrstudio-429', retryAt: Date.now() + 5000, armed: true } });
      // The message is handled on the page's own turn: wait for the redraw rather than read at once.
      await page
        .waitForFunction(() => /^Retrying automatically in/.test(document.querySelector('[data-testid="countdown"]')?.textContent ?? ''), undefined, { timeout: 3000 })
        .catch(() => undefined);
      assert.match((await cd.textContent()) ?? '', /^Retrying automatically in [1-5] s$/);
      assert.equal(await page.getByTestId('cancel-retry').count(), 1);
      await page.context().close();
    });

    it(`Scanova 200 (${theme}): tabs by mouse and keyboard, timing bars, redirect chain`, async () => {
      const page = await open('scanova-200', theme);
      assert.match((await page.getByTestId('status-line').textContent()) ?? '', /200 OK/);
      assert.equal(await page.getByTestId('category').textContent(), 'success');
      assert.equal(await page.getByTestId('tab-body').getAttribute('aria-selected'), 'true');
      assert.ok((await page.getByTestId('json-tree').textContent())?.includes('"Qf94b25d768294148"'));
      await shoot(page, `panel-scanova-200-${theme}.png`);
      await page.getByTestId('tab-timing').click();
      assert.equal(await page.getByTestId('tab-timing').getAttribute('aria-selected'), 'true');
      assert.equal(await page.locator('.timing-row .bar').count(), 5);
      assert.equal(await page.getByTestId('retryable').count(), 0, 'a success is neither retryable nor not');
      assert.equal(await page.getByTestId('timing-total').locator('.ms').textContent(), '120 ms');
      await shoot(page, `panel-scanova-200-${theme}-timing.png`);
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByTestId('tab-request').getAttribute('aria-selected'), 'true');
      assert.ok(await page.getByTestId('tab-request').evaluate((n) => n === document.activeElement));
      await page.keyboard.press('ArrowRight');
      assert.equal(await page.getByTestId('redirect-hop').count(), 1);
      await page.context().close();
    });
  }

  /** Width of each phase's bar as a share of its track (0 when the phase has no bar). */
  const barShares = (page: Page): Promise<Record<string, number>> =>
    page.evaluate(() => {
      const out: Record<string, number> = {};
      for (const row of Array.from(document.querySelectorAll('.timing-row:not(.total)'))) {
        const track = row.querySelector('.track') as HTMLElement;
        const bar = row.querySelector<HTMLElement>('.bar');
        out[row.getAttribute('data-testid')!.replace('timing-', '')] = bar ? Math.round((bar.getBoundingClientRect().width / track.getBoundingClientRect().width) * 100) : 0;
      }
      return out;
    });

  for (const theme of ['light', 'dark']) {
    it(`timing over plain HTTP and on a reused connection (${theme}): a phase that did not happen has no bar`, async () => {
      let page = await open('scanova-http', theme);
      await page.getByTestId('tab-timing').click();
      const http = await barShares(page);
      assert.equal(http.tls, 0, 'plain HTTP has no TLS bar');
      assert.equal(await page.getByTestId('timing-tls').locator('.ms').textContent(), 'no TLS');
      assert.ok(http.ttfb > 50 && http.ttfb < 70, `first byte is 9 of 14 ms: ${JSON.stringify(http)}`);
      assert.ok(http.dns > 0 && http.dns < 15 && http.connect > 0 && http.connect < 20, JSON.stringify(http));
      await shoot(page, `panel-timing-http-${theme}.png`);
      await page.context().close();
      page = await open('scanova-reused', theme);
      await page.getByTestId('tab-timing').click();
      const reused = await barShares(page);
      assert.deepEqual([reused.dns, reused.connect, reused.tls], [0, 0, 0], JSON.stringify(reused));
      assert.deepEqual(await page.locator('.timing-row .ms').allTextContents(), ['reused', 'reused', 'reused', '6 ms', '1 ms', '7 ms']);
      assert.ok(reused.ttfb > 80 && reused.download > 10, JSON.stringify(reused));
      await shoot(page, `panel-timing-reused-${theme}.png`);
      await page.context().close();
    });
  }

  it('a DNS failure says so once (no attempt list, no repeated message)', async () => {
    const page = await open('dns-failure', 'dark');
    const text = (await page.getByTestId('exchange').textContent()) ?? '';
    assert.equal(text.split('could not be resolved').length - 1, 1, text);
    assert.equal(await page.getByTestId('attempts').count(), 0);
    assert.equal(await page.getByTestId('transport-error').count(), 1);
    await shoot(page, 'panel-dns-failure-dark.png');
    await page.context().close();
  });

  it('a 300 px side bar: nothing widens the page, and the fixes are in view without scrolling', async () => {
    const page = await h.open('dark', { width: 300, height: 900 });
    await h.show(page, fx.FIXTURES['tracking-422-narrow']());
    await page.evaluate(() => document.fonts.ready);
    const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    assert.ok(widths.scroll <= widths.client, `the page scrolls sideways: ${JSON.stringify(widths)}`);
    for (const id of ['status-line', 'request-id', 'runner-file']) {
      const over = await page.getByTestId(id).first().evaluate((n) => n.getBoundingClientRect().right - document.documentElement.clientWidth);
      assert.ok(over <= 0, `${id} sticks out by ${over} px`);
    }
    // The response section starts below the runner; the fixes must come before the fold of its first screen.
    const top = await page.getByTestId('exchange').evaluate((n) => n.getBoundingClientRect().top);
    const apply = await page.getByTestId('apply-all-fixes').evaluate((n) => n.getBoundingClientRect().bottom);
    assert.ok(apply - top < 450, `the fix buttons end ${Math.round(apply - top)} px into the response`);
    await shoot(page, 'panel-tracking-422-narrow-dark.png');
    await page.context().close();
  });

  it('high contrast: the 429 and the 422 stay readable', async () => {
    for (const name of ['qrstudio-429', 'tracking-422']) {
      const page = await open(name, 'hc');
      await shoot(page, `panel-${name}-hc.png`);
      await page.context().close();
    }
  });

  it('runner and history post typed messages: send, send all, filter, select, rerun', async () => {
    const page = await open('scanova-200', 'dark');
    await page.getByTestId('send-request').first().click();
    assert.deepEqual(await lastPosted(page), { type: 'send', key: { uri: 'file:///workspace/api/scanova.http', index: 0 } });
    assert.equal(await page.getByTestId('send-all').isDisabled(), true, 'send all waits while a request runs');
    await page.getByTestId('cancel-all').click();
    assert.deepEqual(await lastPosted(page), { type: 'cancel', key: null });
    await page.getByTestId('history-status-filter').selectOption('4xx');
    assert.deepEqual(await lastPosted(page), { type: 'filterHistory', filter: { status: '4xx', category: '' } });
    await page.getByTestId('history-entry').nth(1).locator('.history-pick').click();
    assert.deepEqual(await lastPosted(page), { type: 'selectExchange', exchangeId: 'h2' });
    await page.getByTestId('history-rerun').first().click();
    assert.deepEqual(await lastPosted(page), { type: 'rerun', exchangeId: 'ex-scanova-200' });
    await page.context().close();
  });

  it('state survives hiding and re-showing the view (getState/setState) before the host answers', async () => {
    const page = await open('tracking-422', 'dark');
    await page.getByTestId('tab-headers').click();
    await page.reload();
    await page.waitForSelector('[data-testid="status-line"]');
    assert.match((await page.getByTestId('status-line').textContent()) ?? '', /422/);
    assert.equal(await page.getByTestId('tab-headers').getAttribute('aria-selected'), 'true');
    assert.equal((await posted(page)).filter((m) => m.type === 'ready').length, 1);
    await page.context().close();
  });

  it('hostile text in every field shows as text and runs nothing (no dialog, no script, no CSP report)', async () => {
    const page = await open('', 'dark', fx.hostile());
    const check = async (where: string): Promise<void> => {
      const r = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss,
        csp: (window as unknown as { __csp: unknown[] }).__csp,
        scripts: document.scripts.length,
        injected: document.querySelectorAll('img:not(.body-image), iframe, svg, style, link:not([rel="stylesheet"]), #app script, [onerror], [onload], a[href^="javascript"]').length,
        links: Array.from(document.querySelectorAll('link[rel="stylesheet"]')).map((l) => (l as HTMLLinkElement).href).filter((u) => !u.startsWith(location.origin)),
      }));
      assert.equal(r.xss, undefined, `${where}: a payload ran`);
      assert.deepEqual(r.csp, [], `${where}: CSP violations`);
      assert.equal(r.injected, 0, `${where}: markup from data reached the DOM`);
      assert.deepEqual(r.links, [], `${where}: a stylesheet from data`);
      assert.ok(r.scripts <= 3, `${where}: unexpected scripts`);
      assert.deepEqual(page.dialogs, [], `${where}: a dialog opened`);
      assert.deepEqual(page.errors, [], `${where}: page errors`);
    };
    await check('response');
    const text = (await page.locator('#app').textContent()) ?? '';
    for (const p of fx.XSS_PAYLOADS) assert.ok(text.includes(p), `payload not shown as text: ${p}`);
    assert.equal(await page.getByTestId('docs-link').count(), 0, 'a javascript: docs URL must not become a link');
    for (const tab of ['headers', 'timing', 'request', 'redirects', 'body']) {
      await page.getByTestId(`tab-${tab}`).click();
      await check(`tab ${tab}`);
    }
    await page.getByTestId('body-mode').click();
    await page.getByTestId('body-search').fill('<script>');
    await page.waitForTimeout(300);
    await check('raw body search');
    await h.post(page, { type: 'notice', level: 'error', message: fx.XSS_PAYLOADS.join(' ') });
    await h.post(page, { type: 'fixResult', exchangeId: 'ex-xss', fixId: 'fix-0', applied: false, message: fx.XSS_PAYLOADS[1], key: null });
    await page.waitForTimeout(100);
    await check('notices');
    await shoot(page, 'panel-xss-dark.png');
    await page.context().close();
  });

  it('an image answer (QR Studio PNG) is shown as an image from its base64 slice', async () => {
    const page = await h.open('light');
    await h.show(page, await fx.qrStudioPng());
    const img = page.getByTestId('body-image');
    await img.waitFor();
    const natural = await img.evaluate((n) => (n as HTMLImageElement).naturalWidth);
    assert.equal(natural, 29 * 6);
    assert.match((await img.getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp), []);
    await shoot(page, 'panel-qrstudio-png-light.png');
    await page.context().close();
  });

  it('a 2 MiB single-line slice of a 100 MB body renders lazily and stays searchable', async () => {
    const page = await h.open('dark');
    const t0 = Date.now();
    await h.show(page, fx.hugeLine());
    await page.waitForSelector('[data-testid="text-body"] .vtext-row');
    const ms = Date.now() - t0;
    assert.ok(ms < 5000, `took ${ms} ms`);
    const rows = await page.locator('.vtext-row').count();
    assert.ok(rows > 0 && rows < 200, `${rows} rows in the DOM`);
    assert.match((await page.getByTestId('body-truncated').textContent()) ?? '', /2\.0 MiB of 100\.0 MiB/);
    await page.getByTestId('body-search').fill('NEEDLE');
    await page.waitForFunction(() => document.querySelector('[data-testid="body-search-count"]')?.textContent === '1 of 1');
    assert.equal(await page.locator('mark.match-current').textContent(), 'NEEDLE');
    await shoot(page, 'panel-huge-line-dark.png');
    await page.context().close();
  });

  it('a JSON answer with 5000 items folds, shows children in chunks, and search unfolds the match', async () => {
    const page = await h.open('light');
    await h.show(page, fx.bigJson());
    const tree = page.getByTestId('json-tree');
    assert.ok(((await tree.textContent()) ?? '').includes('5000 items'));
    assert.ok((await page.locator('.jnode').count()) < 50);
    await page.getByTestId('body-search').fill('Q000000000f9f');
    await page.waitForFunction(() => document.querySelector('[data-testid="body-search-count"]')?.textContent === '1 of 1');
    assert.match((await page.locator('.jrow.match-current').textContent()) ?? '', /Q000000000f9f/);
    assert.ok((await page.locator('.jnode').count()) < 3000);
    await shoot(page, 'panel-big-json-light.png');
    await page.context().close();
  });
});
