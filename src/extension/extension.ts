import { bundleLoadStart } from './timing';
import * as vscode from 'vscode';
import type { EngineBridge } from './bridge';
import { DiagnosticsProvider, isCandidate } from './diagnostics';
import { Commands, OUTPUT_CHANNEL_NAME, WATCHED_FILE_GLOB } from './ids';
import { affectsReqlint, readSettings } from './settings';
import { registerPanel, type PanelHandle } from './panel/register';
import type { EditorFeatures } from './features/index';

// Every static import has been evaluated by now: the bundle's own load time ends here.
const bundleLoadEnd = performance.now();

/** What `activate` returns to other extensions and to the integration tests (`extension.exports`). */
export interface ReqlintApi {
  /**
   * Milliseconds the extension itself spent activating: evaluating its bundle plus running
   * `activate`. Time the host spends between the two (creating the extension context) is excluded.
   */
  readonly activationMs: number;
  /** Published findings and diagnostics; later features (quick-fixes, lenses) read them here. */
  readonly diagnostics: DiagnosticsProvider;
  /** The Reqlint output channel. */
  readonly log: vscode.LogOutputChannel;
  /** The side panel (request runner and response viewer), loaded on first use. */
  readonly panel: PanelHandle;
  /** Quick-fixes, CodeLens, commands, environments, secrets and response diagnostics; resolves once registered. */
  readonly features: Promise<EditorFeatures>;
}

/** Line written to the output channel after activation; benchmarks parse `activated in <ms> ms`. */
export function activationLine(ms: number, loadMs: number, activateMs: number): string {
  return `Reqlint ${REQLINT_VERSION_OR_DEV} activated in ${ms.toFixed(2)} ms (bundle load ${loadMs.toFixed(2)} ms, activate() ${activateMs.toFixed(2)} ms)`;
}

declare const REQLINT_VERSION: string | undefined;
const REQLINT_VERSION_OR_DEV = typeof REQLINT_VERSION === 'string' ? REQLINT_VERSION : '0.0.0-dev';

/** Wires core into VS Code; every registration goes into `context.subscriptions`. Never throws. */
export function activate(context: vscode.ExtensionContext): ReqlintApi {
  const activateStart = performance.now();
  const log = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  context.subscriptions.push(log);

  const panel = registerPanel(context, log);
  const engine = lazyEngine(log);
  const diagnostics = new DiagnosticsProvider(engine.lint, log);
  context.subscriptions.push(diagnostics);

  const relintAll = (): void => {
    engine.invalidate();
    diagnostics.lintOpenDocuments();
  };
  const watcher = vscode.workspace.createFileSystemWatcher(WATCHED_FILE_GLOB);
  context.subscriptions.push(
    watcher,
    watcher.onDidChange(relintAll),
    watcher.onDidCreate(relintAll),
    watcher.onDidDelete(relintAll),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!affectsReqlint(e)) return;
      log.info('Reqlint settings changed; linting open documents again.');
      relintAll();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: sending requests is enabled.');
      relintAll();
    }),
    vscode.commands.registerCommand(Commands.lintFile, () => lintActiveFile(diagnostics, log)),
    vscode.commands.registerCommand(Commands.showOutput, () => log.show(true)),
  );

  // Registered right after activate returns (a microtask): the features pull in most of core
  // (sender, schema lookups), which would otherwise count toward activation time.
  const features = import('./features/index').then((m) => m.registerEditorFeatures(context, { diagnostics, panel, log, relintAll }));
  features.catch((err: unknown) => log.error('Reqlint editor features could not start:', err));

  // Open documents are linted after activate returns, so start-up time stays ours alone.
  setTimeout(relintAll, 0);

  const loadMs = bundleLoadEnd - bundleLoadStart;
  const activateMs = performance.now() - activateStart;
  const activationMs = loadMs + activateMs;
  log.info(activationLine(activationMs, loadMs, activateMs));
  log.debug(`Workspace trusted: ${vscode.workspace.isTrusted}`);
  return { activationMs, diagnostics, log, panel, features };
}

/**
 * The engine, loaded on the first lint rather than at activation: the core (parser, rules, schema
 * validation) is most of the bundle, and evaluating it would dominate activation time.
 */
function lazyEngine(log: vscode.LogOutputChannel): EngineBridge {
  let loading: Promise<EngineBridge> | undefined;
  const load = (): Promise<EngineBridge> => {
    loading ??= import('./bridge').then((m) => {
      const started = performance.now();
      const bridge = m.createEngineBridge(log);
      log.debug(`Lint engine ready in ${(performance.now() - started).toFixed(2)} ms`);
      return bridge;
    });
    return loading;
  };
  return {
    lint: async (input, token) => (await load()).lint(input, token),
    invalidate: () => {
      // Nothing is cached before the engine first loads.
      if (loading) void loading.then((b) => b.invalidate());
    },
  };
}

/** Nothing to do: every registration is disposed through `context.subscriptions`. */
export function deactivate(): void {}

async function lintActiveFile(diagnostics: DiagnosticsProvider, log: vscode.LogOutputChannel): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isCandidate(doc)) {
    void vscode.window.showInformationMessage('Reqlint lints .http/.rest files and JSON files mapped in reqlint.config.json: open one first.');
    return;
  }
  if (!readSettings(doc.uri).enable) {
    void vscode.window.showInformationMessage('Reqlint is disabled by the setting "reqlint.enable".');
    return;
  }
  try {
    const findings = await diagnostics.lintNow(doc);
    if (findings !== null) await vscode.commands.executeCommand('workbench.actions.view.problems');
  } catch (err) {
    log.error(`Linting ${doc.uri.fsPath} failed:`, err);
    void vscode.window.showErrorMessage(`Reqlint could not lint ${vscode.workspace.asRelativePath(doc.uri)}; see the Reqlint output for details.`);
  }
}
