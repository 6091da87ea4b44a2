// Registers the side panel's view at activation while loading the panel itself (and the core it
// needs) only when the view is first shown or another feature first asks for it, so activation
// stays small.
import * as vscode from 'vscode';
import { Views } from '../ids';
import type { ReqlintPanel, ResultInput } from './provider';
import type { PanelRunner } from './runner';

/** Access to the panel for other features (send commands, code lenses); loads it on first use. */
export interface PanelHandle {
  /** The panel, created on first call; later calls return the same one. */
  get(): Promise<ReqlintPanel>;
  /** The sender behind the panel's Send buttons (the editor's Send commands use the same one); loads the panel. */
  sender(): Promise<PanelRunner>;
  /** Fires with every answer shown in the panel, before it is shown (response diagnostics read it). */
  readonly onDidShowResult: vscode.Event<ResultInput>;
}

/** Registers the `reqlint.panel` webview view; the registration and the panel go into `context.subscriptions`. */
export function registerPanel(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): PanelHandle {
  let loading: Promise<{ panel: ReqlintPanel; runner: PanelRunner }> | undefined;
  const results = new vscode.EventEmitter<ResultInput>();
  context.subscriptions.push(results);
  const load = (): Promise<{ panel: ReqlintPanel; runner: PanelRunner }> =>
    (loading ??= Promise.all([import('./provider'), import('./runner')]).then(([p, r]) => {
      const panel = new p.ReqlintPanel(context, log);
      // Every answer passes through here whoever sent it (panel button, editor command, retry).
      const show = panel.showResult.bind(panel);
      panel.showResult = (input) => {
        results.fire(input);
        return show(input);
      };
      const runner = new r.PanelRunner(panel, log);
      panel.setActions(runner);
      context.subscriptions.push(panel, runner);
      return { panel, runner };
    }));
  const get = (): Promise<ReqlintPanel> => load().then((x) => x.panel);
  context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(Views.panel, {
      resolveWebviewView: async (view) => {
        try {
          (await get()).resolveWebviewView(view);
        } catch (err) {
          log.error('The Reqlint panel could not start:', err);
          view.webview.html = '<!DOCTYPE html><html><body><p>The Reqlint panel could not start; see the Reqlint output for details.</p></body></html>';
        }
      },
    }),
  );
  return { get, sender: () => load().then((x) => x.runner), onDidShowResult: results.event };
}
