#!/usr/bin/env node
// Packages the editor extension (.vsix) from an already built dist/ (`node esbuild.mjs --production`).
// package.json's `files` lists what the npm package (the `reqlint` command line) holds; vsce refuses a
// manifest with `files` next to a .vscodeignore, and the two packages hold different files, so vsce
// runs on a staged copy: the manifest without `files`, .vscodeignore, and the files the .vsix may hold.
//
//   node scripts/package-vsix.mjs [--out FILE.vsix]
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STAGED = ['.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'dist', 'syntaxes', 'schemas', 'profiles', 'media'];

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const out = resolve(values.out ?? join(ROOT, `${manifest.name}-${manifest.version}.vsix`));
if (!existsSync(join(ROOT, 'dist', 'extension.js'))) {
  process.stderr.write('dist/extension.js is missing: run "node esbuild.mjs --production" first (npm run package does).\n');
  process.exit(2);
}
const stage = mkdtempSync(join(tmpdir(), 'reqlint-vsix-'));
try {
  delete manifest.files;
  writeFileSync(join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of STAGED) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(stage, f), { recursive: true });
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--out', out], { cwd: stage, encoding: 'utf8' });
  process.stdout.write(r.stdout ?? '');
  process.stderr.write(r.stderr ?? '');
  if (r.status !== 0) process.exit(r.status ?? 1);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
