import * as path from 'node:path';
import * as vscode from 'vscode';
import { findConfigFile, loadConfigFile } from '../../core/config';
import { listEnvironments } from '../../core/vars/environments';
import { Commands, HTTP_LANGUAGE_ID, Settings, settingId } from '../ids';
import { readSettings } from '../settings';

/** The environment in force for a document: the setting, else the config's `environment`, else null. */
export function activeEnvironment(uri: vscode.Uri): string | null {
  const s = readSettings(uri).environment;
  if (s) return s;
  if (uri.scheme !== 'file') return null;
  try {
    const found = findConfigFile(path.dirname(uri.fsPath));
    return found ? loadConfigFile(found).environment : null;
  } catch {
    // A broken config is reported on the config file by the linter; here it only means "no default".
    return null;
  }
}

/** Environment names defined for a file (http-client(.private).env.json from its folder up to the workspace folder). */
export function environmentsFor(uri: vscode.Uri): string[] {
  if (uri.scheme !== 'file') return [];
  const root = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  return listEnvironments(path.dirname(uri.fsPath), root);
}

/**
 * The status-bar item naming the active environment of the focused .http file; clicking it (or the
 * Select Environment command) switches it. The choice is stored in the workspace's settings, where
 * the linter and the sender read it.
 */
export class EnvironmentStatus implements vscode.Disposable {
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.item = vscode.window.createStatusBarItem('reqlint.environment', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Reqlint Environment';
    this.item.command = Commands.selectEnvironment;
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(settingId(Settings.environment))) this.update();
      }),
      vscode.commands.registerCommand(Commands.selectEnvironment, (name?: unknown) => this.select(typeof name === 'string' || name === null ? name : undefined)),
    );
    this.update();
  }

  /** Shows the item for .http editors with the environment in force; hides it elsewhere. */
  update(): void {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== HTTP_LANGUAGE_ID) {
      this.item.hide();
      return;
    }
    const env = activeEnvironment(doc.uri);
    this.item.text = `$(server-environment) ${env ?? 'No environment'}`;
    this.item.tooltip = env ? `Reqlint resolves {{variables}} with the environment "${env}". Click to switch.` : 'Reqlint uses no environment (only $shared values). Click to choose one.';
    this.item.show();
  }

  /**
   * Switches the environment: `name` given (null for none) or picked from the file's environments.
   * Resolves to the name chosen, null for none, or undefined when the user cancelled.
   */
  async select(name?: string | null): Promise<string | null | undefined> {
    const doc = vscode.window.activeTextEditor?.document;
    const uri = doc?.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
    let chosen: string | null | undefined = name;
    if (chosen === undefined) {
      const names = uri ? environmentsFor(uri) : [];
      const current = uri ? activeEnvironment(uri) : null;
      const none = '$(circle-slash) No environment';
      const items = [...names.map((n) => ({ label: n, description: n === current ? 'active' : undefined })), { label: none, description: current === null ? 'active' : undefined }];
      const pick = await vscode.window.showQuickPick(items, {
        title: 'Reqlint: environment for {{variables}}',
        placeHolder: names.length ? 'Environments of http-client.env.json' : 'No http-client.env.json found next to this file or above it',
      });
      if (!pick) return undefined;
      chosen = pick.label === none ? null : pick.label;
    }
    const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await vscode.workspace.getConfiguration(Settings.section, uri).update(Settings.environment, chosen, target);
    this.log.info(`Environment: ${chosen ?? 'none'}`);
    this.update();
    return chosen;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
