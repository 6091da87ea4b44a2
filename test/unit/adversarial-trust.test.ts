import { strict as assert } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config/types';
import { lintHttpText } from '../../src/core/lint/engine';
import { confinedProfilesResultFor } from '../../src/core/profiles/context';

// A .http file (or its config) in an untrusted workspace must not make Reqlint read files outside
// the workspace: the editor lints such workspaces with `readRoot` set to the workspace folder.
// Files outside hold invalid JSON / a profile that would fire, so reading them shows in the findings.

describe('adversarial: untrusted workspace, files outside the workspace', () => {
  let top: string;
  let ws: string;
  let outside: string;
  before(() => {
    top = mkdtempSync(join(tmpdir(), 'reqlint-trust-'));
    ws = join(top, 'ws');
    outside = join(top, 'outside');
    mkdirSync(join(ws, 'api'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.json'), '{ "private": ');
    symlinkSync(join(outside, 'secret.json'), join(ws, 'api', 'link.json'));
    writeFileSync(join(ws, 'api', 'inside.json'), '{ "inside": ');
    // A valid user profile (required: sku, quantity) that only exists outside the workspace.
    copyFileSync(join(__dirname, '../fixtures/profiles/acme.json'), join(outside, 'acme.json'));
  });
  after(() => rmSync(top, { recursive: true, force: true }));

  const http = (body: string): string => `POST https://api.acme.test/v2/orders\nContent-Type: application/json\n\n${body}\n`;
  const lint = (text: string, readRoot: string | null, profiles: string[] = []) => {
    const path = join(ws, 'api', 'req.http');
    return lintHttpText(path, text, { config: { ...defaultConfig(ws), profiles }, readRoot }).findings;
  };

  for (const [what, written] of [
    ['a ../ path', '< ../../outside/secret.json'],
    ['an absolute path', '< ABS'],
    ['a symbolic link inside the workspace that points out', '< ./link.json'],
  ]) {
    it(`a < file body through ${what} is refused with the reason, not read`, () => {
      const ref = written.replace('ABS', join(outside, 'secret.json'));
      const trusted = lint(http(ref), null).filter((f) => f.rule === 'body/invalid-json');
      assert.ok(trusted.some((f) => /not valid JSON/.test(f.message)), 'without a read root the file is read (the fixture works)');
      const untrusted = lint(http(ref), ws).filter((f) => f.rule === 'body/invalid-json');
      assert.equal(untrusted.length, 1, JSON.stringify(untrusted));
      assert.match(untrusted[0].message, /outside the workspace folder/);
      assert.match(untrusted[0].message, /not trusted/);
      assert.ok(!untrusted.some((f) => /not valid JSON/.test(f.message)), 'the outside file was read');
      assert.ok(untrusted.every((f) => f.file === join(ws, 'api', 'req.http')), 'a finding points into the outside file');
    });
  }

  it('a < file inside the workspace is still read and linted', () => {
    const f = lint(http('< ./inside.json'), ws).filter((x) => x.rule === 'body/invalid-json');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /not valid JSON/);
    assert.equal(f[0].file, join(ws, 'api', 'inside.json'));
  });

  it('/etc/passwd through ../ is refused', () => {
    const f = lint(http('< ../../../../../../../../etc/passwd'), ws);
    assert.ok(f.some((x) => x.rule === 'body/invalid-json' && /outside the workspace/.test(x.message)) || !f.some((x) => x.file === '/etc/passwd'));
    assert.ok(!f.some((x) => x.file === '/etc/passwd'), 'a finding points into /etc/passwd');
  });

  it('a config profile file outside the workspace is not read, and says why', () => {
    const profile = join(outside, 'acme.json');
    const trusted = lint(http('{ "qty": 1 }'), null, [profile]).filter((f) => f.rule === 'body/required');
    assert.ok(trusted.length > 0, 'the outside profile applies when trusted (the fixture works)');
    assert.deepEqual(lint(http('{ "qty": 1 }'), ws, [profile]).filter((f) => f.rule === 'body/required'), []);
    const r = confinedProfilesResultFor({ profiles: [profile] }, ws);
    assert.ok(!r.profiles.some((p) => p.id === 'acme'));
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /not read: it lies outside the workspace folder/);
  });

  it('linting itself keeps working with a read root', () => {
    const f = lint('POST https://track.scanova.io/server-events\nContent-Type: application/json\n\n{ "email": "jane@example.com" }\n', ws);
    assert.ok(f.some((x) => x.rule === 'body/pii-email'));
    assert.ok(f.some((x) => x.rule === 'auth/missing'));
  });
});
