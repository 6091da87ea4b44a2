// The editor features on top of the diagnostics: quick-fixes, CodeLens, commands, completion and
// hovers, environments, secrets, response diagnostics. One entry point so activation stays short.
import * as vscode from 'vscode';
import type { DiagnosticsProvider } from '../diagnostics';
import type { PanelHandle } from '../panel/register';
import { registerCodeActions } from './codeActions';
import { registerCodeLens } from './codeLens';
import { registerDependencyWatch } from './dependencies';
import { EnvironmentStatus } from './environment';
import { FindingIndex } from './findingIndex';
import { registerLanguageFeatures } from './language';
import { ResponseDiagnostics } from './responseDiagnostics';
import { registerSecretCommands, SecretStore, useSecretStore } from './secrets';
import { registerSendCommands } from './send';
import { SignIns, useSignIns } from './signIns';

/** What the features expose on the extension API (tests read it). */
export interface EditorFeatures {
  readonly secrets: SecretStore;
  readonly environment: EnvironmentStatus;
  readonly responses: ResponseDiagnostics;
  readonly findings: FindingIndex;
  readonly signIns: SignIns;
}

/** Registers every editor feature; each registration goes into `context.subscriptions`. Never throws for bad documents. */
export function registerEditorFeatures(
  context: vscode.ExtensionContext,
  deps: { diagnostics: DiagnosticsProvider; panel: PanelHandle; log: vscode.LogOutputChannel; relintAll: () => void },
): EditorFeatures {
  const { diagnostics, panel, log } = deps;
  const findings = new FindingIndex(diagnostics);
  const secrets = new SecretStore(context, log);
  const environment = new EnvironmentStatus(log);
  const responses = new ResponseDiagnostics(log);
  const signIns = new SignIns(context, log);
  context.subscriptions.push(
    signIns,
    useSignIns(signIns),
    findings,
    secrets,
    useSecretStore(secrets),
    environment,
    responses,
    panel.onDidShowResult((r) => responses.onResult(r)),
    registerCodeActions(findings),
    ...registerCodeLens(),
    ...registerSendCommands(panel, findings, log),
    ...registerSecretCommands(secrets, log),
    ...registerLanguageFeatures(secrets),
    ...registerDependencyWatch(diagnostics, deps.relintAll),
  );
  secrets.loadAll().catch((err: unknown) => log.error('Could not read the stored secrets:', err));
  return { secrets, environment, responses, findings, signIns };
}
