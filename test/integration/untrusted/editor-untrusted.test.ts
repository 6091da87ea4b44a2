import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { Commands } from '../../../src/extension/ids';
import { open, reqlint } from '../suite/helpers';

describe('editor features in an untrusted workspace', () => {
  it('replaces the Send lenses with one that explains why sending is off', async () => {
    const doc = await open('clean.rest');
    await (await reqlint()).features;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.equal(lenses.length, 1);
    assert.match(lenses[0].command?.title ?? '', /untrusted workspace/);
    assert.ok(!lenses.some((l) => l.command?.command === Commands.sendRequest));
  });

  it('Send Request refuses without sending and resolves at once', async () => {
    const api = await reqlint();
    const doc = await open('clean.rest');
    let shown = 0;
    const sub = api.panel.onDidShowResult(() => shown++);
    try {
      assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 0), false);
      assert.equal(shown, 0);
    } finally {
      sub.dispose();
    }
  });
});
