#!/usr/bin/env node
// `npm start`: build, start the mock API server on 127.0.0.1:4010, and open demo/ in VS Code with
// Reqlint loaded from this tree: the desktop `code` when it is on PATH, else the browser VS Code
// from .cache/vscode/ (installed on first use), whose URL is printed. Ctrl-C stops everything.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  CACHE, ROOT, freePort, killAllGroupsSync, killGroup, spawnGroup, startCodeServer, workbenchUrl,
} from '../test/integration/lib/code-server.mjs';

const MOCK_PORT = 4010;
const DEMO = join(ROOT, 'demo');
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

function portInUse(port) {
  return new Promise((res) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => { s.destroy(); res(true); });
    s.once('error', () => res(false));
  });
}

/** Starts `reqlint mock` and resolves once it listens. */
async function startMock() {
  if (await portInUse(MOCK_PORT)) {
    throw new Error(`Port ${MOCK_PORT} on 127.0.0.1 is already in use. demo/http-client.env.json and demo/reqlint.config.json point at it: stop whatever listens there (perhaps an earlier 'npm start') and run 'npm start' again.`);
  }
  const child = spawnGroup(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'mock', '--port', String(MOCK_PORT), '--host', '127.0.0.1'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  child.stdout.on('data', (b) => process.stdout.write(b.toString().replace(/^/gm, '  [mock] ')));
  child.stderr.on('data', (b) => process.stderr.write(b.toString().replace(/^/gm, '  [mock] ')));
  child.once('exit', (code, signal) => {
    if (!stopping) {
      say(`The mock server stopped unexpectedly (exit ${code ?? signal}); stopping.`);
      void stopAll(1);
    }
  });
  const deadline = Date.now() + 15000;
  while (!(await portInUse(MOCK_PORT))) {
    if (Date.now() > deadline) throw new Error(`The mock server did not listen on 127.0.0.1:${MOCK_PORT} within 15 s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function desktopCode() {
  if (process.env.REQLINT_NO_DESKTOP) return null;
  const r = spawnSync(process.platform === 'win32' ? 'where' : 'which', ['code'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split(/\r?\n/)[0].trim() || null : null;
}

async function main() {
  say('Building...');
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
  await startMock();

  const code = desktopCode();
  if (code) {
    // The `code` launcher hands over to the running VS Code and returns; the window stays ours to close.
    execFileSync(code, ['--new-window', `--extensionDevelopmentPath=${ROOT}`, DEMO], { stdio: 'inherit' });
    say(`\nOpened ${DEMO} in VS Code with Reqlint loaded from ${ROOT}.`);
  } else {
    say('\nNo desktop `code` on PATH: starting the browser VS Code (installed into .cache/vscode/ on first use)...');
    const port = Number(process.env.REQLINT_VSCODE_PORT) || (await freePort());
    const base = join(CACHE, 'start');
    mkdirSync(base, { recursive: true });
    const server = await startCodeServer({
      port, home: join(base, 'home'), userDataDir: join(base, 'user-data'), extensionsDir: join(base, 'extensions'),
      log: say, readyTimeoutMs: 120000,
    });
    started.push(server.child);
    server.child.once('exit', (c, signal) => {
      if (!stopping) {
        say(`VS Code (code-server) stopped unexpectedly (exit ${c ?? signal}):\n${server.output()}`);
        void stopAll(1);
      }
    });
    say(`\nOpen this URL in a browser (Chromium or Chrome) to use VS Code with Reqlint on demo/:\n\n  ${workbenchUrl(server.url, { folder: DEMO, extensionDevelopmentPath: ROOT })}\n`);
  }
  say(`Mock API: http://127.0.0.1:${MOCK_PORT}/<api>/ (the demo's "mock" environment). Press Ctrl-C to stop.`);
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
});
