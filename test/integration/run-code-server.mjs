#!/usr/bin/env node
// The integration suite in a real VS Code 1.139 (code-server under Node 24, both from npm, driven by
// playwright-core through the system Chromium). Three stages, one summary line at the end:
//   1. the in-host mocha suite (test/integration/suite) with the extension loaded from this tree;
//   2. Playwright UI tests (test/integration/ui) that look at the workbench and save screenshots
//      into test-results/;
//   3. the same host, with workspace trust on and the folder untrusted (restricted mode);
//   4. the packaged .vsix installed into a fresh extensions folder, linting a demo file.
// Options: --only host|ui|untrusted|vsix (repeatable), --keep (keep the temporary folder), --grep TEXT (host tests; UI tests whose name contains TEXT).
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIntegrationTests } from './build.mjs';
import {
  CHROMIUM_ARGS, ROOT, ensureCodeServer, findChromium, freePort, installVsix, killAllGroupsSync, startCodeServer, workbenchUrl,
} from './lib/code-server.mjs';

const HARD_TIMEOUT_MS = Number(process.env.REQLINT_IT_TIMEOUT_MS ?? 12 * 60 * 1000);
const HOST_TIMEOUT_MS = Number(process.env.REQLINT_IT_HOST_TIMEOUT_MS ?? 4 * 60 * 1000);
const RESULTS = join(ROOT, 'test-results');
const RESULT_MARKER = 'REQLINT-RESULT';

const argv = process.argv.slice(2);
const only = argv.flatMap((a, i) => (a === '--only' ? [argv[i + 1]] : []));
const keep = argv.includes('--keep');
const grepAt = argv.indexOf('--grep');
const grep = grepAt >= 0 ? argv[grepAt + 1] : undefined;
const wants = (stage) => only.length === 0 || only.includes(stage);

const counts = { passed: 0, failed: 0, skipped: 0 };
let tmp = null;
let browser = null;

function log(s) {
  process.stdout.write(`${s}\n`);
}

function finish(code) {
  killAllGroupsSync();
  if (tmp && !keep) rmSync(tmp, { recursive: true, force: true });
  else if (tmp) log(`Kept ${tmp}`);
  log(`\nintegration: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
  process.exit(code);
}

// A hung extension host or browser must fail the run, never hang CI.
const hardTimer = setTimeout(() => {
  log(`Integration suite exceeded its hard time-out of ${HARD_TIMEOUT_MS / 1000} s; stopping everything.`);
  counts.failed++;
  finish(1);
}, HARD_TIMEOUT_MS);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    log(`\nInterrupted (${sig}).`);
    counts.failed++;
    finish(130);
  });
}

/** Opens `url` in a fresh browser context and waits for the extension host to exit; returns host counts. */
async function runInHost(label, url) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  let parsed = null;
  const consoleLog = [];
  let exit;
  const exited = new Promise((r) => (exit = r));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = (Array.isArray(args) ? args : [args]).map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    for (const line of text.split('\n')) {
      if (line.startsWith(RESULT_MARKER)) {
        try { parsed = JSON.parse(line.slice(RESULT_MARKER.length)); } catch { /* counted as a failure below */ }
      } else if (line.trim()) {
        consoleLog.push(`[${type}] ${line}`);
        // The workbench logs a lot; show the test lines and anything about Reqlint, keep the rest in a file.
        if (/^ {2}(ok|FAIL|skip) |^ {7}|reqlint/i.test(line)) log(`  [${label}] ${line}`);
      }
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  page.on('pageerror', (err) => log(`  [${label}] page error: ${err.message}`));
  await page.goto(url);
  let timer;
  const code = await Promise.race([exited, new Promise((r) => (timer = setTimeout(() => r('timeout'), HOST_TIMEOUT_MS)))]);
  clearTimeout(timer);
  if (code === 'timeout') {
    await page.screenshot({ path: join(RESULTS, `${label}-timeout.png`) }).catch(() => {});
    log(`  [${label}] the extension host did not finish within ${HOST_TIMEOUT_MS / 1000} s (screenshot: test-results/${label}-timeout.png).`);
  }
  await context.close().catch(() => {});
  writeFileSync(join(RESULTS, `${label}-console.log`), `${consoleLog.join('\n')}\n`);
  const result = parsed ?? { passed: 0, failed: 0, pending: 0 };
  if (code !== 0 && result.failed === 0) result.failed = 1; // the host failed before or outside the tests
  counts.passed += result.passed;
  counts.failed += result.failed;
  counts.skipped += result.pending ?? 0;
  // Not "N passed, N failed": scripts/test.mjs reads the first such line as the stage total.
  log(`  [${label}] ${result.passed} ok, ${result.failed} not ok (host exit ${code})`);
}

/** Runs the UI test modules of test/integration/ui; each exports `tests: Array<{ name, run(ctx) }>`. */
async function runUiTests(server, workspace) {
  const dir = join(ROOT, 'test', 'integration', 'ui');
  const files = readdirSync(dir).filter((f) => f.endsWith('.ui.mjs')).sort();
  for (const f of files) {
    const mod = await import(join(dir, f));
    for (const t of mod.tests) {
      if (grep && !t.name.includes(grep)) {
        counts.skipped++;
        continue;
      }
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      const page = await context.newPage();
      const started = Date.now();
      try {
        await t.run({ page, baseUrl: server.url, workspace, root: ROOT, results: RESULTS, workbenchUrl });
        counts.passed++;
        log(`  ok   ui ${t.name} (${Date.now() - started} ms)`);
      } catch (err) {
        counts.failed++;
        const shot = join(RESULTS, `failed-${t.name.replace(/[^\w-]+/g, '-')}.png`);
        await page.screenshot({ path: shot }).catch(() => {});
        log(`  FAIL ui ${t.name}\n       ${String(err?.stack ?? err).split('\n').join('\n       ')}\n       screenshot: ${shot}`);
      } finally {
        await context.close().catch(() => {});
      }
    }
  }
}

function build(production) {
  execFileSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: ROOT, stdio: 'inherit' });
}

/** Packages the extension with vsce into `dir`; returns the .vsix path. */
function packageVsix(dir) {
  build(true);
  const out = join(dir, 'reqlint.vsix');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'package-vsix.mjs'), '--out', out], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed:\n${r.stdout}\n${r.stderr}`);
  return out;
}

async function main() {
  const chromium = findChromium();
  if (!chromium) {
    log('No Chromium found (looked at $CHROMIUM_PATH, /usr/bin/chromium, chromium-browser, google-chrome).');
    log('Install it (Debian: apt-get install -y chromium libkrb5-dev) or set CHROMIUM_PATH; .ci/run does this.');
    counts.failed++;
    return finish(1);
  }
  const setupStart = Date.now();
  ensureCodeServer(log);
  build(false);
  const testsOut = await buildIntegrationTests();
  log(`Set-up took ${((Date.now() - setupStart) / 1000).toFixed(1)} s.`);

  mkdirSync(RESULTS, { recursive: true });
  // Screenshots of earlier failures would mislead; other stages' screenshots in test-results/ stay.
  for (const f of readdirSync(RESULTS)) if (/^failed-.*\.png$|-timeout\.png$/.test(f)) rmSync(join(RESULTS, f));
  tmp = mkdtempSync(join(tmpdir(), 'reqlint-it-'));
  const workspace = join(tmp, 'workspace');
  const demo = join(tmp, 'demo');
  cpSync(join(ROOT, 'test', 'integration', 'workspace'), workspace, { recursive: true });
  cpSync(join(ROOT, 'demo'), demo, { recursive: true });

  const { chromium: pw } = await import('playwright-core');
  browser = await pw.launch({ executablePath: chromium, headless: true, args: CHROMIUM_ARGS });

  if (wants('host') || wants('ui')) {
    const port = await freePort();
    const server = await startCodeServer({
      port, home: join(tmp, 'home'), userDataDir: join(tmp, 'user-data'), extensionsDir: join(tmp, 'extensions'),
      log, env: grep ? { REQLINT_TEST_GREP: grep } : {},
    });
    log(`code-server ${server.url} (extension from ${ROOT})`);
    try {
      if (wants('host')) {
        log('\n== in-host suite ==');
        await runInHost('host', workbenchUrl(server.url, { folder: workspace, extensionDevelopmentPath: ROOT, extensionTestsPath: join(testsOut, 'suite', 'index.js') }));
      }
      if (wants('ui')) {
        log('\n== UI (Playwright) ==');
        await runUiTests(server, demo);
      }
    } finally {
      await server.stop();
    }
  }

  if (wants('untrusted')) {
    log('\n== untrusted workspace ==');
    // Its own copy of the workspace, with a restricted setting in .vscode/settings.json.
    const untrustedWs = join(tmp, 'untrusted-workspace');
    cpSync(join(ROOT, 'test', 'integration', 'workspace'), untrustedWs, { recursive: true });
    mkdirSync(join(untrustedWs, '.vscode'), { recursive: true });
    cpSync(join(ROOT, 'test', 'integration', 'untrusted', 'workspace-settings.json'), join(untrustedWs, '.vscode', 'settings.json'));
    const port = await freePort();
    const server = await startCodeServer({
      port, home: join(tmp, 'home3'), userDataDir: join(tmp, 'user-data3'), extensionsDir: join(tmp, 'extensions3'), log, workspaceTrust: true,
    });
    try {
      await runInHost('untrusted', workbenchUrl(server.url, { folder: untrustedWs, extensionDevelopmentPath: ROOT, extensionTestsPath: join(testsOut, 'untrusted', 'index.js') }));
    } finally {
      await server.stop();
    }
  }

  if (wants('vsix')) {
    log('\n== packaged .vsix ==');
    try {
      const vsix = packageVsix(tmp);
      const exts = join(tmp, 'vsix-extensions');
      log(`  ${installVsix(vsix, exts, join(tmp, 'home')).split('\n').pop()}`);
      // A bare development extension only carries the tests path; Reqlint itself comes from the .vsix.
      const probe = join(tmp, 'probe');
      mkdirSync(probe, { recursive: true });
      writeFileSync(join(probe, 'package.json'), JSON.stringify({ name: 'reqlint-vsix-probe', publisher: 'reqlint-tests', version: '0.0.0', engines: { vscode: '^1.105.0' } }));
      const port = await freePort();
      const server = await startCodeServer({
        port, home: join(tmp, 'home2'), userDataDir: join(tmp, 'user-data2'), extensionsDir: exts, log,
        env: { REQLINT_EXPECT_EXTENSIONS_DIR: exts },
      });
      try {
        await runInHost('vsix', workbenchUrl(server.url, { folder: demo, extensionDevelopmentPath: probe, extensionTestsPath: join(testsOut, 'vsix', 'index.js') }));
      } finally {
        await server.stop();
      }
    } catch (err) {
      counts.failed++;
      log(`  FAIL vsix stage: ${err?.stack ?? err}`);
    } finally {
      // Leave the development build (with source maps) in dist/, as `npm run build` would.
      build(false);
    }
  }

  await browser.close().catch(() => {});
  clearTimeout(hardTimer);
  finish(counts.failed > 0 ? 1 : 0);
}

main().catch((err) => {
  log(`Integration harness error: ${err?.stack ?? err}`);
  counts.failed++;
  finish(1);
});
