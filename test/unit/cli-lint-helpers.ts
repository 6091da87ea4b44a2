import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Repository root. */
export const ROOT = resolve(__dirname, '../..');
/** The built command line, as users run it. */
export const CLI = join(ROOT, 'dist', 'cli.js');

let built: Promise<void> | null = null;

/** Builds dist/ once per test process (`node esbuild.mjs`); later calls reuse the same build. */
export function buildOnce(): Promise<void> {
  built ??= new Promise<void>((res, rej) => {
    const r = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0 || !existsSync(CLI)) rej(new Error(`node esbuild.mjs failed (${String(r.status)}):\n${r.stderr}${r.stdout}`));
    else res();
  });
  return built;
}

/** Output of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd`; colours off unless `env` turns them on. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}
