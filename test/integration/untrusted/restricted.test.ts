import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Settings } from '../../../src/extension/ids';
import { ensureTrustedForSend, UNTRUSTED_SEND_MESSAGE } from '../../../src/extension/trust';
import { codeOf, open, reqlint, ruleLines, waitForDiagnostics } from '../suite/helpers';

describe('untrusted workspace (restricted mode)', () => {
  it('is really untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  it('still lints: the extension activates and publishes findings', async () => {
    const doc = await open('syntax-errors.http');
    await reqlint();
    const ds = await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('syntax/header@2'));
    assert.ok(ds.every((d) => d.source === 'reqlint'));
  });

  it('ignores the workspace value of the restricted setting reqlint.configPath', async () => {
    // .vscode/settings.json of this folder (untrusted/workspace-settings.json) points configPath at a file that does not exist; were
    // it honoured, every lint would report config/invalid.
    const value = vscode.workspace.getConfiguration(Settings.section).get<string | null>(Settings.configPath);
    assert.equal(value ?? null, null);
    const doc = await open('syntax-errors.http');
    await waitForDiagnostics(doc.uri, (d) => d.length > 0);
    const configFindings = vscode.languages.getDiagnostics().flatMap(([, ds]) => ds).filter((d) => codeOf(d) === 'config/invalid');
    assert.deepEqual(configFindings.map((d) => d.message), []);
  });

  it('refuses to send, explaining why, without waiting for the user', async () => {
    const api = await reqlint();
    assert.equal(await ensureTrustedForSend(api.log), false);
    assert.match(UNTRUSTED_SEND_MESSAGE, /untrusted workspace/);
    assert.match(UNTRUSTED_SEND_MESSAGE, /Linting keeps working/);
  });
});
