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
 * Guards a send action: resolves true when trusted; otherwise explains why sending is off, offers
 * the trust dialog, and resolves false. Never throws.
 */
export async function ensureTrustedForSend(log: vscode.LogOutputChannel): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  log.warn(UNTRUSTED_SEND_MESSAGE);
  const manage = 'Manage Workspace Trust';
  const pick = await vscode.window.showWarningMessage(UNTRUSTED_SEND_MESSAGE, manage);
  if (pick === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
