#!/usr/bin/env node
// `npm start`: build, start the mock API server, and open a copy of demo/ in VS Code with Reqlint
// loaded from this tree: the desktop `code` when it is on PATH, else the browser VS Code from
// .cache/vscode/ (installed on first use), whose URL is printed. Ctrl-C stops everything.
//
// The demo is opened as a copy under .cache/start/ (made fresh at each start, pointed at the mock's
// port), so trying fixes in the editor never leaves the repository's demo/ modified.
//
//   npm start -- [--mock-port N] [--editor-port N] [--keep-demo]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  CODE_SERVER_ENTRY, NODE24, ROOT, freePort, killAllGroupsSync, killGroup, spawnGroup, startCodeServer, workbenchUrl,
} from '../test/integration/lib/code-server.mjs';
import { copyDemo, linePrefixer, parseStartArgs, UsageError, USAGE } from './start-lib.mjs';

const DEMO = join(ROOT, 'demo');
const BASE = join(ROOT, '.cache', 'start');
const DEMO_COPY = join(BASE, 'demo');
const started = [];
let stopping = false;

function say(s) {
  process.stdout.write(`${s}\n`);
}

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  for (const child of started.reverse()) await killGroup(child, 2000);
  killAllGroupsSync();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => {
    say('\nStopping the mock server and VS Code started by npm start...');
    void stopAll(0);
  });
}

/** Runs one step on one progress line: "[2/4] Starting the mock API (about 1 s)... done in 0.4 s". */
async function step(n, total, what, estimate, fn, ownOutput = false) {
  // A step that prints its own output (a first install) gets its line to itself.
  process.stdout.write(`[${n}/${total}] ${what} (${estimate})...${ownOutput ? '\n' : ' '}`);
  const t0 = Date.now();
  try {
    const out = await fn();
    say(`${ownOutput ? `[${n}/${total}] ` : ''}done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return out;
  } catch (err) {
    say('failed');
    throw err;
  }
}

function portInUse(port) {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); res(true); });
    s.once('error', () => res(false));
  });
}

/** Starts `reqlint mock` and resolves once it listens; its start-up listing is not echoed (the banner says what matters). */
async function startMock(port) {
  if (await portInUse(port)) {
    throw new Error(`Port ${port} on 127.0.0.1 is already in use (perhaps by an earlier 'npm start'). Stop whatever listens there, or pick another with 'npm start -- --mock-port N'.`);
  }
  const child = spawnGroup(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'mock', '--port', String(port), '--host', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let ready = false;
  let startup = '';
  const out = linePrefixer('[mock] ', (s) => process.stdout.write(s));
  child.stdout.on('data', (b) => {
    if (ready) return out(b);
    startup += b.toString();
    // The listing (base URLs, environment, config) ends with the line telling how to stop it.
    const end = startup.indexOf('Press Ctrl-C to stop.\n');
    if (end >= 0) {
      ready = true;
      const after = startup.slice(end + 'Press Ctrl-C to stop.\n'.length);
      if (after) out(after);
    }
  });
  child.stderr.on('data', linePrefixer('[mock] ', (s) => process.stderr.write(s)));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`The mock server stopped unexpectedly (exit ${code ?? signal}):\n${startup.slice(-2000)}`);
      void stopAll(1);
    }
  });
  const deadline = Date.now() + 15000;
  while (!(await portInUse(port))) {
    if (Date.now() > deadline) throw new Error(`The mock server did not listen on 127.0.0.1:${port} within 15 s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function desktopCode() {
  if (process.env.REQLINT_NO_DESKTOP) return null;
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(/\r?\n/)[0].trim() || null : null;
}

function options() {
  try {
    const o = parseStartArgs(process.argv.slice(2));
    if (o.help) {
      say(USAGE);
      process.exit(0);
    }
    return o;
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`npm start: ${err.message}\n\n${USAGE}\n`);
    process.exit(2);
  }
}

async function main() {
  const opts = options();
  const code = desktopCode();
  const installed = existsSync(CODE_SERVER_ENTRY) && existsSync(NODE24);
  const total = 4;
  await step(1, total, 'Building dist/', 'about 5 s', () => execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }));
  await step(2, total, `Starting the mock API on 127.0.0.1:${opts.mockPort}`, 'about 1 s', () => startMock(opts.mockPort));
  const folder = await step(3, total, opts.keepDemo ? 'Opening the demo copy as you left it' : 'Copying demo/ to .cache/start/demo', 'under 1 s', () => copyDemo(DEMO, DEMO_COPY, opts.mockPort, opts.keepDemo));
  let url = null;
  if (code) {
    await step(4, total, 'Opening VS Code', 'a few seconds', () =>
      // The `code` launcher hands over to the running VS Code and returns; the window stays ours to close.
      execFileSync(code, ['--new-window', `--extensionDevelopmentPath=${ROOT}`, folder], { stdio: 'ignore' }),
    );
  } else {
    const port = opts.editorPort ?? (await freePort());
    if (opts.editorPort && (await portInUse(port))) throw new Error(`Port ${port} on 127.0.0.1 is already in use; pick another with --editor-port N.`);
    const estimate = installed ? 'about 20 s' : 'first run: installs Node 24 and code-server into .cache/vscode, 3 to 5 minutes';
    const server = await step(4, total, 'Starting the browser VS Code', estimate, () =>
      startCodeServer({ port, home: join(BASE, 'home'), userDataDir: join(BASE, 'user-data'), extensionsDir: join(BASE, 'extensions'), log: () => {}, readyTimeoutMs: 120000 }),
    !installed);
    started.push(server.child);
    server.child.once('exit', (c, signal) => {
      if (!stopping) {
        say(`VS Code (code-server) stopped unexpectedly (exit ${c ?? signal}):\n${server.output()}`);
        void stopAll(1);
      }
    });
    url = workbenchUrl(server.url, { folder, extensionDevelopmentPath: ROOT });
  }
  say('');
  say(url ? `Ready. Open in Chromium or Chrome:\n  ${url}` : `Ready. VS Code opened ${folder} with Reqlint loaded from this tree.`);
  say(`Mock API: http://127.0.0.1:${opts.mockPort}/<api>/ (the demo's "mock" environment); its requests are logged below.`);
  say('Try: open scanova-tracking.http, read the squiggles, send "serverEventBroken" from the Reqlint side bar, apply its fixes.');
  say('Press Ctrl-C to stop.');
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
});
