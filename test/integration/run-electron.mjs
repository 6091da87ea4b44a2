#!/usr/bin/env node
// The in-host integration suite under @vscode/test-electron, for machines with a desktop VS Code.
// Uses $VSCODE_EXECUTABLE_PATH when set (a local VS Code), otherwise lets test-electron download the
// VS Code version named by $VSCODE_TEST_VERSION (default: the lowest version engines.vscode allows).
// CI runs the code-server suite instead (run-code-server.mjs): these machines cannot download VS Code.
import { runTests } from '@vscode/test-electron';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIntegrationTests } from './build.mjs';
import { ROOT } from './lib/code-server.mjs';

const RESULT_MARKER = 'REQLINT-RESULT';
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const minVersion = String(pkg.engines.vscode).replace(/^[^\d]*/, '');

execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
const out = await buildIntegrationTests();
const tmp = mkdtempSync(join(tmpdir(), 'reqlint-electron-'));
const workspace = join(tmp, 'workspace');
cpSync(join(ROOT, 'test', 'integration', 'workspace'), workspace, { recursive: true });

// test-electron forwards the host's output to our stdout; read the counts line from it.
let counts = null;
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = (chunk, ...rest) => {
  for (const line of chunk.toString().split('\n')) {
    const at = line.indexOf(RESULT_MARKER);
    if (at >= 0) {
      try { counts = JSON.parse(line.slice(at + RESULT_MARKER.length)); } catch { /* reported as a failure below */ }
    }
  }
  return write(chunk, ...rest);
};

let exitCode = 1;
try {
  exitCode = await runTests({
    ...(process.env.VSCODE_EXECUTABLE_PATH ? { vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH } : { version: process.env.VSCODE_TEST_VERSION ?? minVersion }),
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: join(out, 'suite', 'index.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', join(tmp, 'user-data')],
  });
} catch (err) {
  write(`The integration suite under VS Code (electron) failed to run: ${err instanceof Error ? err.message : String(err)}\n`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
const c = counts ?? { passed: 0, failed: 0, pending: 0 };
if (exitCode !== 0 && c.failed === 0) c.failed = 1;
write(`\nintegration (electron): ${c.passed} passed, ${c.failed} failed, ${c.pending ?? 0} skipped\n`);
process.exit(exitCode === 0 && c.failed === 0 ? 0 : 1);
