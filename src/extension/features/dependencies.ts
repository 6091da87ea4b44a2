import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosticsProvider } from '../diagnostics';
import { DEPENDENCY_FILE_GLOB, HTTP_LANGUAGE_ID } from '../ids';

/**
 * Re-lints the open .http documents that read a file when it changes on disk or is saved: a
 * `< body.json`, a profile or OpenAPI document listed in the config. (Config and environment files
 * re-lint everything; extension.ts watches those.) A document is re-linted when its text names the
 * changed file, which over-approximates "depends on" cheaply and never misses a `< file` body.
 */
export function registerDependencyWatch(diagnostics: DiagnosticsProvider, relintAll: () => void): vscode.Disposable[] {
  const relintUsers = (uri: vscode.Uri): void => {
    if (uri.scheme !== 'file') return;
    const base = path.basename(uri.fsPath);
    if (base === 'reqlint.config.json' || base.endsWith('.env.json')) return;
    if (/\.(profile|reqlint-profile)\.json$|openapi|swagger/i.test(base) || uri.fsPath.split(path.sep).includes('profiles')) {
      // Profiles and specs feed every file's matching.
      relintAll();
      return;
    }
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.languageId === HTTP_LANGUAGE_ID && doc.getText().includes(base)) diagnostics.schedule(doc, 0);
    }
  };
  const watcher = vscode.workspace.createFileSystemWatcher(DEPENDENCY_FILE_GLOB);
  return [
    watcher,
    watcher.onDidChange(relintUsers),
    watcher.onDidCreate(relintUsers),
    watcher.onDidDelete(relintUsers),
    // An edit saved from the editor may reach the watcher late; the save itself is immediate.
    vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.languageId !== HTTP_LANGUAGE_ID) relintUsers(d.uri);
    }),
  ];
}
