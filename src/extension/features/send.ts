import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseHttp } from '../../core/http/parser';
import { createSendResolver, PrepareError, prepareRequest, toCurl } from '../../core/send';
import { Commands, HTTP_LANGUAGE_ID } from '../ids';
import type { PanelHandle } from '../panel/register';
import { requestAt } from '../../core/edit/request-at';
import { requestLabel } from '../../core/edit/request-label';
import { readSettings } from '../settings';
import { ensureTrustedForSend } from '../trust';
import { fixAllEdit } from './codeActions';
import { activeEnvironment } from './environment';
import type { FindingIndex } from './findingIndex';
import { curlToHttp, parseCurl } from './logic';
import { secretLookup } from './secrets';

/** A request named by its document and 0-based index. */
export interface RequestRef {
  uri: vscode.Uri;
  index: number;
}

function isHttp(doc: vscode.TextDocument | undefined): doc is vscode.TextDocument {
  return !!doc && doc.languageId === HTTP_LANGUAGE_ID;
}

/** The request under the active editor's cursor, or undefined (with a message saying why). */
function requestAtCursor(): RequestRef | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isHttp(editor.document)) {
    void vscode.window.showInformationMessage('Open a .http or .rest file and put the cursor in a request first.');
    return undefined;
  }
  const file = parseHttp(editor.document.getText());
  const req = requestAt(file, editor.selection.active.line);
  if (!req) {
    void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(editor.document.uri)} line ${editor.selection.active.line + 1}: the cursor is not in a request; move it onto a request line or below.`);
    return undefined;
  }
  return { uri: editor.document.uri, index: req.index };
}

function refFromArgs(a: unknown, b: unknown): RequestRef | undefined {
  if (typeof a === 'string' && typeof b === 'number') return { uri: vscode.Uri.parse(a, true), index: b };
  if (a instanceof vscode.Uri && typeof b === 'number') return { uri: a, index: b };
  return undefined;
}

/**
 * The editor's Send commands. Sending goes through the panel's sender (the same retry, rate-limit
 * and idempotency handling as the panel's buttons); this adds status-bar progress and a
 * cancellable notification, and refuses in an untrusted workspace.
 */
export function registerSendCommands(panel: PanelHandle, index: FindingIndex, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const status = vscode.window.createStatusBarItem('reqlint.sending', vscode.StatusBarAlignment.Left, 49);
  status.name = 'Reqlint Sending';
  status.command = Commands.cancel;
  let running = 0;

  const withProgress = async <T>(title: string, work: (token: vscode.CancellationToken) => Promise<T>): Promise<T> => {
    running++;
    status.text = `$(sync~spin) ${title}`;
    status.tooltip = 'Click to cancel the running requests';
    status.show();
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_p, token) => work(token));
    } finally {
      if (--running === 0) status.hide();
    }
  };

  const sendOne = async (ref: RequestRef): Promise<boolean> => {
    if (!(await ensureTrustedForSend(log))) return false;
    const doc = await vscode.workspace.openTextDocument(ref.uri);
    const req = parseHttp(doc.getText()).requests[ref.index];
    if (!req) {
      void vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(ref.uri)} has no request #${ref.index + 1}; it may have been edited meanwhile.`);
      return false;
    }
    const sender = await panel.sender();
    return withProgress(`Reqlint: sending ${requestLabel(req)}`, async (token) => {
      const key = { uri: ref.uri.toString(), index: ref.index };
      const sub = token.onCancellationRequested(() => sender.cancel(key));
      try {
        return await sender.sendOne(key);
      } finally {
        sub.dispose();
      }
    });
  };

  const sendAll = async (uri: vscode.Uri): Promise<void> => {
    if (!(await ensureTrustedForSend(log))) return;
    const doc = await vscode.workspace.openTextDocument(uri);
    const count = parseHttp(doc.getText()).requests.length;
    if (!count) {
      void vscode.window.showInformationMessage(`${vscode.workspace.asRelativePath(uri)} has no requests to send.`);
      return;
    }
    const sender = await panel.sender();
    await withProgress(`Reqlint: sending ${count} request(s) of ${path.basename(uri.fsPath)}`, async (token) => {
      const sub = token.onCancellationRequested(() => sender.cancel(null));
      try {
        for (let i = 0; i < count && !token.isCancellationRequested; i++) {
          if (!(await sender.sendOne({ uri: uri.toString(), index: i }))) break;
        }
      } finally {
        sub.dispose();
      }
    });
  };

  return [
    status,
    vscode.commands.registerCommand(Commands.sendRequest, async (a?: unknown, b?: unknown) => {
      const ref = refFromArgs(a, b) ?? requestAtCursor();
      return ref ? sendOne(ref) : false;
    }),
    vscode.commands.registerCommand(Commands.sendAll, async (a?: unknown) => {
      const uri = typeof a === 'string' ? vscode.Uri.parse(a, true) : a instanceof vscode.Uri ? a : vscode.window.activeTextEditor?.document.uri;
      if (!uri) {
        void vscode.window.showInformationMessage('Open a .http or .rest file first.');
        return;
      }
      await sendAll(uri);
    }),
    vscode.commands.registerCommand(Commands.pickRequest, async () => {
      const files = await vscode.workspace.findFiles('**/*.{http,rest}', '**/node_modules/**', 2000);
      const items: Array<vscode.QuickPickItem & { ref: RequestRef }> = [];
      for (const uri of files.sort((x, y) => x.fsPath.localeCompare(y.fsPath))) {
        const doc = await vscode.workspace.openTextDocument(uri);
        for (const r of parseHttp(doc.getText()).requests) {
          items.push({ label: requestLabel(r), description: `${r.method.value} ${r.url.value}`, detail: `${vscode.workspace.asRelativePath(uri)}:${r.requestLine.start.line + 1}`, ref: { uri, index: r.index } });
        }
      }
      if (!items.length) {
        void vscode.window.showInformationMessage('No .http or .rest file of this workspace has a request.');
        return;
      }
      const pick = await vscode.window.showQuickPick(items, { title: 'Reqlint: send a request', matchOnDescription: true, matchOnDetail: true });
      if (pick) await sendOne(pick.ref);
    }),
    vscode.commands.registerCommand(Commands.cancel, async () => {
      (await panel.sender()).cancel(null);
    }),
    vscode.commands.registerCommand(Commands.copyAsCurl, async (a?: unknown, b?: unknown) => {
      const ref = refFromArgs(a, b) ?? requestAtCursor();
      if (!ref) return undefined;
      const doc = await vscode.workspace.openTextDocument(ref.uri);
      const file = parseHttp(doc.getText());
      const req = file.requests[ref.index];
      if (!req) return undefined;
      const filePath = ref.uri.scheme === 'file' ? ref.uri.fsPath : path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), 'untitled.http');
      try {
        const root = vscode.workspace.getWorkspaceFolder(ref.uri)?.uri.fsPath;
        const resolver = createSendResolver({ file, filePath, environment: activeEnvironment(ref.uri), secrets: secretLookup, ...(root ? { workspaceRoot: root } : {}) });
        const settings = readSettings(ref.uri);
        const prepared = prepareRequest(req, { resolver, filePath, defaults: { timeoutMs: settings.sendTimeoutMs, ...settings.sendProxyOptions } });
        const curl = toCurl(prepared, { maskSecrets: true });
        await vscode.env.clipboard.writeText(curl);
        void vscode.window.setStatusBarMessage('Reqlint: request copied as cURL (secrets masked)', 4000);
        return curl;
      } catch (err) {
        const where = err instanceof PrepareError ? ` (line ${err.line})` : '';
        void vscode.window.showErrorMessage(`Reqlint could not build a cURL command for ${requestLabel(req)}${where}: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(Commands.pasteCurl, async (text?: unknown) => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !isHttp(editor.document)) {
        void vscode.window.showInformationMessage('Open a .http or .rest file to paste a cURL command into.');
        return false;
      }
      const cmd = typeof text === 'string' ? text : await vscode.env.clipboard.readText();
      let http: string;
      try {
        const eol = editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
        http = curlToHttp(parseCurl(cmd), eol);
      } catch (err) {
        void vscode.window.showErrorMessage(`Reqlint could not read the clipboard as a cURL command: ${err instanceof Error ? err.message : String(err)}. Copy a command that starts with "curl".`);
        return false;
      }
      const pos = editor.selection.active;
      const lineText = editor.document.lineAt(pos.line).text;
      // A request goes on lines of its own: after the current line when the cursor is inside text.
      const at = lineText.trim() === '' ? new vscode.Position(pos.line, 0) : new vscode.Position(pos.line, lineText.length);
      const prefix = lineText.trim() === '' ? '' : editor.document.eol === vscode.EndOfLine.CRLF ? '\r\n\r\n' : '\n\n';
      return editor.edit((b) => b.insert(at, prefix + http));
    }),
    vscode.commands.registerCommand(Commands.fixAll, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return 0;
      const all = fixAllEdit(editor.document, index.findingsIn(editor.document));
      if (!all) {
        void vscode.window.setStatusBarMessage('Reqlint: nothing to fix automatically in this file', 4000);
        return 0;
      }
      return (await vscode.workspace.applyEdit(all.edit)) ? all.count : 0;
    }),
  ];
}
