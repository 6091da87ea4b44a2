import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ids from '../../src/extension/ids';
import { Commands, Settings, settingId } from '../../src/extension/ids';

// settings.ts imports vscode, which plain Node does not have; its restricted list is checked through the manifest here.
const ROOT = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const contributes = pkg.contributes as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every string value exported by ids.ts, however deeply nested. */
function idStrings(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) idStrings(v, out);
  return out;
}

function version(v: string): number[] {
  return v.replace(/^[^\d]*/, '').split('.').map(Number);
}

function lessOrEqual(a: number[], b: number[]): boolean {
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) < (b[i] ?? 0);
  return true;
}

describe('package.json manifest', () => {
  const known = idStrings(ids);

  it('contributes every command of ids.ts, and ids.ts names every contributed command', () => {
    const contributed = (contributes.commands as Array<{ command: string }>).map((c) => c.command);
    for (const id of Object.values(Commands)) assert.ok(contributed.includes(id), `${id} is in ids.ts but not in contributes.commands`);
    for (const id of contributed) assert.ok(known.has(id), `${id} is contributed but not defined in src/extension/ids.ts`);
  });

  it('contributes every setting of ids.ts, and ids.ts names every contributed setting', () => {
    const props = Object.keys(contributes.configuration.properties as object);
    const fromIds = Object.entries(Settings).filter(([k]) => k !== 'section').map(([, v]) => settingId(v as Exclude<(typeof Settings)[keyof typeof Settings], 'reqlint'>));
    for (const id of fromIds) assert.ok(props.includes(id), `${id} is in ids.ts but not contributed`);
    for (const id of props) assert.ok(fromIds.includes(id), `${id} is contributed but not in ids.ts Settings`);
  });

  it('names only contributed commands in menus and keybindings', () => {
    const contributed = new Set((contributes.commands as Array<{ command: string }>).map((c) => c.command));
    const menuCommands = Object.values(contributes.menus as Record<string, Array<{ command: string }>>).flat().map((m) => m.command);
    for (const id of menuCommands) assert.ok(contributed.has(id), `menu names unknown command ${id}`);
    for (const k of contributes.keybindings as Array<{ command: string }>) assert.ok(contributed.has(k.command), `keybinding names unknown command ${k.command}`);
  });

  it("chooses keybindings that leave REST Client's and httpYac's Ctrl+Alt+R/L/E alone", () => {
    const taken = new Set(['ctrl+alt+r', 'ctrl+alt+l', 'ctrl+alt+e', 'cmd+alt+r', 'cmd+alt+l', 'cmd+alt+e']);
    for (const k of contributes.keybindings as Array<{ key: string; mac?: string }>) {
      for (const key of [k.key, k.mac].filter(Boolean) as string[]) {
        const norm = key.toLowerCase().split('+').sort().join('+');
        for (const t of taken) assert.notEqual(norm, t.split('+').sort().join('+'), `keybinding ${key} collides with REST Client / httpYac`);
      }
    }
  });

  it('activates on the http language, reqlint.config.json workspaces and commands only: nothing at start-up', () => {
    const events = pkg.activationEvents as string[];
    assert.ok(events.includes('onLanguage:http'));
    assert.ok(events.includes('workspaceContains:**/reqlint.config.json'));
    for (const e of events) assert.ok(e !== '*' && e !== 'onStartupFinished', `activation event ${e} runs at start-up`);
  });

  it('declares limited support for untrusted workspaces, restricting contributed settings', () => {
    const u = pkg.capabilities.untrustedWorkspaces as { supported: unknown; description: string; restrictedConfigurations: string[] };
    assert.equal(u.supported, 'limited');
    assert.match(u.description, /[Ss]ending requests is disabled/);
    const props = Object.keys(contributes.configuration.properties as object);
    assert.ok(u.restrictedConfigurations.length > 0);
    for (const s of u.restrictedConfigurations) assert.ok(props.includes(s), `restricted setting ${s} is not contributed`);
    for (const s of [settingId(Settings.configPath), settingId(Settings.sendProxy)]) assert.ok(u.restrictedConfigurations.includes(s), `${s} must be restricted`);
  });

  it('keeps @types/vscode <= engines.vscode <= 1.139 (the VS Code the tests run), and engines.vscode is that tested version', () => {
    const engine = version(pkg.engines.vscode as string);
    const types = version(pkg.devDependencies['@types/vscode'] as string);
    assert.ok(lessOrEqual(types, engine), `@types/vscode ${types.join('.')} is newer than engines.vscode ${engine.join('.')}`);
    assert.ok(lessOrEqual(engine, [1, 139, 0]), `engines.vscode ${engine.join('.')} is newer than the tested 1.139`);
    // The integration suite runs on code-server 4.139.1 only: an older minimum would promise versions nothing runs on.
    assert.deepEqual(engine, [1, 139, 0], `engines.vscode ${engine.join('.')} allows VS Code versions older than the tested 1.139`);
  });

  it('points at files that exist: icon (128x128 PNG), grammar, language configuration, schemas', () => {
    const icon = readFileSync(join(ROOT, pkg.icon as string));
    assert.equal(icon.subarray(1, 4).toString('latin1'), 'PNG');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    for (const l of contributes.languages as Array<{ configuration: string; icon?: { light: string; dark: string } }>) {
      assert.ok(existsSync(join(ROOT, l.configuration)), l.configuration);
      if (l.icon) for (const p of [l.icon.light, l.icon.dark]) assert.ok(existsSync(join(ROOT, p)), p);
      JSON.parse(readFileSync(join(ROOT, l.configuration), 'utf8'));
    }
    for (const g of contributes.grammars as Array<{ path: string }>) JSON.parse(readFileSync(join(ROOT, g.path), 'utf8'));
    for (const v of contributes.jsonValidation as Array<{ url: string }>) assert.ok(existsSync(join(ROOT, v.url)), v.url);
  });

  it('gives .http and .rest to the language id http, the id REST Client and httpYac use', () => {
    const http = (contributes.languages as Array<{ id: string; extensions: string[] }>).find((l) => l.id === 'http');
    assert.ok(http);
    assert.deepEqual([...http.extensions].sort(), ['.http', '.rest']);
    assert.equal(ids.HTTP_LANGUAGE_ID, 'http');
  });
});
