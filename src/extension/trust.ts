import * as vscode from 'vscode';
import { RESTRICTED_SETTINGS } from './settings';

/** Why sending is off in an untrusted workspace; shown to the user verbatim. */
export const UNTRUSTED_SEND_MESSAGE =
  'Reqlint does not send requests in an untrusted workspace: a request file, its environment files and ' +
  'reqlint.config.json can point requests and secrets at any host. Linting keeps working. Trust the ' +
  `workspace to send (workspace values of ${RESTRICTED_SETTINGS.join(', ')} are ignored until then).`;

/** True when the workspace is trusted, i.e. sending requests is allowed. */
export function canSend(): boolean {
  return vscode.workspace.isTrusted;
}

/**
 * Guards a send action: resolves true when trusted; otherwise logs and shows why sending is off
 * (with a button to manage trust) and resolves false at once, without waiting for the user.
 */
export function ensureTrustedForSend(log: vscode.LogOutputChannel): Promise<boolean> {
  if (vscode.workspace.isTrusted) return Promise.resolve(true);
  log.warn(UNTRUSTED_SEND_MESSAGE);
  const manage = 'Manage Workspace Trust';
  void vscode.window.showWarningMessage(UNTRUSTED_SEND_MESSAGE, manage).then(
    (pick) => (pick === manage ? vscode.commands.executeCommand('workbench.trust.manage') : undefined),
    (err: unknown) => log.error('Could not show the workspace trust message:', err),
  );
  return Promise.resolve(false);
}
