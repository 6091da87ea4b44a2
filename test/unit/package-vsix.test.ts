import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** Entry names of a zip file, read from its central directory. */
export function zipEntries(zip: Buffer): string[] {
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, 'not a zip file: no end-of-central-directory record');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, `bad central directory entry ${n}`);
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    names.push(zip.subarray(at + 46, at + 46 + nameLen).toString('utf8'));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

describe('npm run package (.vsix)', function () {
  // A production build plus vsce: a few seconds, not a speed target.
  this.timeout(120000);
  let dir: string;
  let vsix: string;
  let entries: string[];

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-vsix-'));
    vsix = join(dir, 'reqlint.vsix');
    execFileSync(process.execPath, ['esbuild.mjs', '--production'], { cwd: ROOT, stdio: 'pipe' });
    try {
      execFileSync(process.execPath, [join(ROOT, 'scripts', 'package-vsix.mjs'), '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
    } finally {
      // Leave the development build (with source maps) in dist/, as `npm run build` does.
      execFileSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'pipe' });
    }
    entries = zipEntries(readFileSync(vsix));
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds only dist/, syntaxes/, schemas/, profiles/, media/, README, CHANGELOG, LICENSE and the manifest', () => {
    // vsce lower-cases readme.md / changelog.md and adds .txt to LICENSE.
    const allowed = /^extension\/(dist|syntaxes|schemas|profiles|media)\/|^extension\/(readme\.md|changelog\.md|license\.txt|license|package\.json)$|^extension\.vsixmanifest$|^\[Content_Types\]\.xml$/i;
    const stray = entries.filter((e) => !allowed.test(e));
    assert.deepEqual(stray, [], `unexpected files in the .vsix: ${stray.join(', ')}`);
  });

  it('has the extension bundle, grammar, icon, schemas and every built-in profile, and no source maps', () => {
    for (const must of ['extension/dist/extension.js', 'extension/syntaxes/http.tmLanguage.json', 'extension/syntaxes/language-configuration.json', 'extension/media/icon.png', 'extension/schemas/config.schema.json', 'extension/schemas/profile.schema.json', 'extension/package.json']) {
      assert.ok(entries.includes(must), `${must} is missing from the .vsix`);
    }
    for (const p of readdirSync(join(ROOT, 'profiles')).filter((f) => f.endsWith('.json'))) {
      assert.ok(entries.includes(`extension/profiles/${p}`), `profile ${p} is missing from the .vsix`);
    }
    assert.deepEqual(entries.filter((e) => e.endsWith('.map')), []);
    // The command line ships through npm; the editor never runs it.
    assert.ok(!entries.includes('extension/dist/cli.js'), 'dist/cli.js belongs to the npm package, not the .vsix');
    assert.deepEqual(entries.filter((e) => /node_modules|\/src\/|\/test\//.test(e)), []);
  });

  it('is under 1 MB', () => {
    const size = statSync(vsix).size;
    assert.ok(size < 1024 * 1024, `the .vsix is ${size} bytes`);
  });
});
