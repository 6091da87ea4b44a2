import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/extension/ids';
import { waitForDiagnostics } from '../suite/helpers';

describe('packaged .vsix', () => {
  it('is installed from the .vsix, not loaded from the source tree', () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    const expected = process.env.REQLINT_EXPECT_EXTENSIONS_DIR;
    assert.ok(expected, 'the harness sets REQLINT_EXPECT_EXTENSIONS_DIR');
    assert.equal(path.dirname(ext.extensionPath), expected);
    assert.equal(ext.packageJSON.name, 'reqlint');
  });

  it('lints a demo .http file with diagnostics from reqlint', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the demo folder is open');
    const file = process.env.REQLINT_VSIX_DEMO_FILE ?? 'broken.http';
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(folder.uri.fsPath, file)));
    await vscode.window.showTextDocument(doc);
    const ds = await waitForDiagnostics(doc.uri, (d) => d.length > 0, 30000);
    assert.ok(ds.every((d) => d.source === 'reqlint'));
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
  });
});
