import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ReqlintApi } from '../../../src/extension/extension';
import { EXTENSION_ID } from '../../../src/extension/ids';
import type { ResultInput } from '../../../src/extension/panel/provider';

/** The extension under test, activated; fails the test when it is missing. */
export async function reqlint(): Promise<ReqlintApi> {
  const ext = vscode.extensions.getExtension<ReqlintApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return ext.isActive ? ext.exports : ext.activate();
}

/** Absolute path of a file in the test workspace (a temporary copy of test/integration/workspace). */
export function wsPath(...parts: string[]): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return path.join(folder.uri.fsPath, ...parts);
}

/** Opens a workspace file in an editor. */
export async function open(...parts: string[]): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(wsPath(...parts)));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** Resolves with the diagnostics of `uri` once `ok` accepts them; rejects after `timeoutMs` with what was seen. */
export function waitForDiagnostics(uri: vscode.Uri, ok: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 15000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'reqlint');
      if (!ok(d)) return false;
      cleanup();
      resolve(d);
      return true;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      cleanup();
      const seen = vscode.languages.getDiagnostics(uri).map((x) => `${x.source}:${codeOf(x)}@${x.range.start.line}`);
      reject(new Error(`diagnostics of ${uri.fsPath} never matched within ${timeoutMs} ms; last seen: [${seen.join(', ')}]`));
    }, timeoutMs);
    function cleanup(): void {
      clearTimeout(timer);
      sub.dispose();
    }
    check();
  });
}

/** The rule id of a Reqlint diagnostic (`code.value`). */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c);
}

/** Rule ids with 0-based lines, e.g. `syntax/header@2`, sorted. */
export function ruleLines(ds: readonly vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${codeOf(d)}@${d.range.start.line}`).sort();
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The next answer the side panel shows (rejects after `timeoutMs` ms without one). */
export function nextResult(api: Awaited<ReturnType<typeof reqlint>>, timeoutMs = 20000): Promise<ResultInput> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`no answer was shown within ${timeoutMs} ms`));
    }, timeoutMs);
    const sub = api.panel.onDidShowResult((r) => {
      clearTimeout(timer);
      sub.dispose();
      resolve(r);
    });
  });
}
