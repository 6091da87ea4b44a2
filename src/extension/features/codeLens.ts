import * as vscode from 'vscode';
import { parseHttp } from '../../core/http/parser';
import { Commands, HTTP_LANGUAGE_ID } from '../ids';
import { canSend } from '../trust';

/** "Send" above each request and "Send all" above the first; in an untrusted workspace the lenses say why sending is off. */
export class SendCodeLens implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly sub = vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire());

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const file = parseHttp(doc.getText());
    if (!file.requests.length) return [];
    const uri = doc.uri.toString();
    if (!canSend()) {
      const first = file.requests[0].requestLine.start.line;
      return [new vscode.CodeLens(new vscode.Range(first, 0, first, 0), { title: '$(shield) Sending is off in an untrusted workspace', command: 'workbench.trust.manage', tooltip: 'Trust the workspace to send requests; linting keeps working.' })];
    }
    const lenses: vscode.CodeLens[] = [];
    for (const r of file.requests) {
      const line = r.requestLine.start.line;
      const range = new vscode.Range(line, 0, line, 0);
      if (r.index === 0 && file.requests.length > 1) {
        lenses.push(new vscode.CodeLens(range, { title: `$(run-all) Send all (${file.requests.length})`, command: Commands.sendAll, arguments: [uri] }));
      }
      lenses.push(new vscode.CodeLens(range, { title: '$(play) Send', command: Commands.sendRequest, arguments: [uri, r.index] }));
    }
    return lenses;
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

/** Registers the lenses for .http documents. */
export function registerCodeLens(): vscode.Disposable[] {
  const provider = new SendCodeLens();
  return [provider, vscode.languages.registerCodeLensProvider({ language: HTTP_LANGUAGE_ID }, provider)];
}
