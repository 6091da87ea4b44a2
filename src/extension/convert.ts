import * as vscode from 'vscode';
import type { Finding, Fix, Severity } from '../core/findings';
import type { Range } from '../core/text/position';
import { ruleDocsUrl } from '../core/lint/docs';
import { DIAGNOSTIC_SOURCE } from './ids';

/** A core range (0-based line/UTF-16 character) as a VS Code range (also 0-based). */
export function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A VS Code range as a core range. */
export function fromRange(r: vscode.Range): Range {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Maps a core severity onto the editor's; `hint` becomes a faded, list-less Hint as in ESLint. */
export function toSeverity(s: Severity): vscode.DiagnosticSeverity {
  switch (s) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/** Link target for a rule id: the finding's own docs page, else the rule catalogue anchor. */
export function docsUri(rule: string, docs?: string): vscode.Uri {
  if (docs) {
    try {
      return vscode.Uri.parse(docs, true);
    } catch {
      // A malformed docs URL in a user profile must not lose the diagnostic; fall back to the catalogue.
    }
  }
  // The same anchor the CLI prints and docs/rules.md's headings produce (a test keeps those in step).
  return vscode.Uri.parse(ruleDocsUrl(rule));
}

/** One finding as a diagnostic with `source: 'reqlint'` and `code: { value: ruleId, target: docs }`. */
export function toDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: docsUri(f.rule, f.docs) };
  if (f.related?.length) {
    d.relatedInformation = f.related.map(
      (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), toRange(r.range)), r.message),
    );
  }
  return d;
}

/** A fix's text edits as one WorkspaceEdit; edits without `file` go to `defaultUri`. */
export function toWorkspaceEdit(fix: Fix, defaultUri: vscode.Uri): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    edit.replace(e.file ? vscode.Uri.file(e.file) : defaultUri, toRange(e.range), e.newText);
  }
  return edit;
}
