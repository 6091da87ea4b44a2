import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { HttpFile } from '../../core/http/ast';
import { parseHttp } from '../../core/http/parser';
import { toRange, toWorkspaceEdit } from '../convert';
import { Commands, DIAGNOSTIC_SOURCE, FIX_ALL_KIND, HTTP_LANGUAGE_ID } from '../ids';
import type { FindingIndex } from './findingIndex';
import { chooseFixAll, disableEdits } from './logic';

/** The fix-all code action kind, `source.fixAll.reqlint`. */
export const fixAllKind = vscode.CodeActionKind.Empty.append(FIX_ALL_KIND);

const HARDCODED_SECRET = 'auth/hardcoded-secret';

function ruleOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? '');
}

/** All safe fixes of `doc`'s findings as one WorkspaceEdit (null when there is nothing to fix). */
export function fixAllEdit(doc: vscode.TextDocument, findings: readonly Finding[]): { edit: vscode.WorkspaceEdit; count: number } | null {
  const chosen = chooseFixAll(findings);
  if (!chosen.length) return null;
  const edit = new vscode.WorkspaceEdit();
  for (const { fix } of chosen) {
    for (const e of fix.edits) edit.replace(e.file ? vscode.Uri.file(e.file) : doc.uri, toRange(e.range), e.newText);
  }
  return { edit, count: chosen.length };
}

/**
 * Quick-fixes for Reqlint diagnostics (every fix a finding carries, the preferred one marked),
 * "Disable <rule> for this line", "Move credential to secret storage", and the file's fix-all.
 */
export class ReqlintCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, fixAllKind],
  };

  constructor(private readonly index: FindingIndex) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    const only = context.only;
    const wantsFixAll = !only || only.contains(fixAllKind) || fixAllKind.contains(only);
    const wantsQuick = !only || only.contains(vscode.CodeActionKind.QuickFix) || vscode.CodeActionKind.QuickFix.contains(only);
    if (wantsQuick) {
      let file: HttpFile | undefined;
      for (const d of context.diagnostics) {
        if (d.source !== DIAGNOSTIC_SOURCE) continue;
        const f = this.index.findingFor(doc, d);
        if (f) actions.push(...this.fixActions(doc, d, f));
        const rule = ruleOf(d);
        if (rule && doc.languageId === HTTP_LANGUAGE_ID) actions.push(this.disableAction(doc, (file ??= parseHttp(doc.getText())), d, rule));
      }
      // Offered in the light-bulb menu too, when the file has more than one fixable finding.
      if (context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) {
        const all = fixAllEdit(doc, this.index.findingsIn(doc));
        if (all && all.count > 1) {
          const a = new vscode.CodeAction(`Fix all Reqlint problems in file (${all.count})`, vscode.CodeActionKind.QuickFix);
          a.edit = all.edit;
          actions.push(a);
        }
      }
    }
    if (wantsFixAll && only) {
      const all = fixAllEdit(doc, this.index.findingsIn(doc));
      if (all) {
        const a = new vscode.CodeAction('Fix all Reqlint problems in file', fixAllKind);
        a.edit = all.edit;
        actions.push(a);
      }
    }
    return actions;
  }

  private fixActions(doc: vscode.TextDocument, d: vscode.Diagnostic, f: Finding): vscode.CodeAction[] {
    const out: vscode.CodeAction[] = [];
    for (const fix of f.fixes ?? []) {
      const a = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      a.edit = toWorkspaceEdit(fix, doc.uri);
      a.diagnostics = [d];
      if (fix.isPreferred) a.isPreferred = true;
      out.push(a);
    }
    if (f.rule === HARDCODED_SECRET && doc.languageId === HTTP_LANGUAGE_ID) {
      const a = new vscode.CodeAction('Move to secret storage (replace with {{$secret …}})', vscode.CodeActionKind.QuickFix);
      a.command = { command: Commands.moveToSecret, title: a.title, arguments: [doc.uri.toString(), { start: f.range.start, end: f.range.end }] };
      a.diagnostics = [d];
      out.push(a);
    }
    return out;
  }

  private disableAction(doc: vscode.TextDocument, file: HttpFile, d: vscode.Diagnostic, rule: string): vscode.CodeAction {
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const { title, edits } = disableEdits(file, d.range.start.line, rule, eol);
    const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
    a.edit = new vscode.WorkspaceEdit();
    for (const e of edits) a.edit.insert(doc.uri, toRange(e.range).start, e.newText);
    a.diagnostics = [d];
    return a;
  }
}

/** Registers the provider for .http and JSON documents (JSON: mapped payloads and `< file` bodies). */
export function registerCodeActions(index: FindingIndex): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    [{ language: HTTP_LANGUAGE_ID }, { language: 'json' }, { language: 'jsonc' }],
    new ReqlintCodeActions(index),
    ReqlintCodeActions.metadata,
  );
}
