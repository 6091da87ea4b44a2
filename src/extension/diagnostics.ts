import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Finding } from '../core/findings';
import { toDiagnostic } from './convert';
import { DIAGNOSTIC_COLLECTION, HTTP_LANGUAGE_ID, JSON_LANGUAGE_IDS } from './ids';
import { readSettings } from './settings';

/** What the provider hands the engine for one document snapshot. */
export interface LintInput {
  /** Absolute file-system path (for untitled documents a stable pseudo path). */
  path: string;
  text: string;
  languageId: string;
  /** The document version the text belongs to. */
  version: number;
  environment: string | null;
  configPath: string | null;
  /** In an untrusted workspace, the folder files read for a request must lie in (`LintOptions.readRoot`); else null. */
  readRoot?: string | null;
}

/** The engine's answer for one snapshot; `null` when the document is not Reqlint's (an unmapped JSON file). */
export interface LintOutput {
  findings: Finding[];
  /** Requests linted (0 for a JSON payload file that maps to none). */
  requests: number;
}

/** The engine as the provider sees it; the bridge over src/core implements it. */
export type Linter = (input: LintInput, token: vscode.CancellationToken) => Promise<LintOutput | null>;

interface Published {
  version: number;
  findings: Finding[];
}

/** The absolute path the engine lints `doc` as; an untitled document counts as a file in its workspace folder (for config discovery). */
export function documentPath(doc: vscode.TextDocument): string {
  if (doc.uri.scheme === 'file') return doc.uri.fsPath;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? os.tmpdir();
  return path.join(folder, path.basename(doc.uri.path) || 'Untitled');
}

/** True for documents Reqlint may lint: `http` from any provider, and JSON (the engine decides whether it is mapped). */
export function isCandidate(doc: vscode.TextDocument): boolean {
  if (doc.uri.scheme !== 'file' && doc.uri.scheme !== 'untitled') return false;
  return doc.languageId === HTTP_LANGUAGE_ID || JSON_LANGUAGE_IDS.includes(doc.languageId);
}

/**
 * Lints open documents on open, edit (debounced) and save, and publishes the findings as diagnostics.
 * Each run carries the document version it read; a result for an older version is dropped.
 */
export class DiagnosticsProvider implements vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, vscode.CancellationTokenSource>();
  private readonly published = new Map<string, Published>();
  /** Diagnostics each document's findings put on the document itself. */
  private readonly ownDiagnostics = new Map<string, vscode.Diagnostic[]>();
  /** Diagnostics per foreign file, keyed by the owner document that produced them. */
  private readonly foreignDiagnostics = new Map<string, Map<string, vscode.Diagnostic[]>>();
  private readonly findingByDiagnostic = new WeakMap<vscode.Diagnostic, Finding>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires with a document's URI after its diagnostics were replaced (including cleared). */
  readonly onDidPublish = this.changed.event;

  constructor(
    private readonly lint: Linter,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_COLLECTION);
    this.disposables.push(
      this.collection,
      this.changed,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const s = readSettings(e.document.uri);
        if (s.lintRun === 'onType') this.schedule(e.document, s.lintDebounceMs);
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.clear(d.uri)),
    );
  }

  /** Lints every open candidate document (after activation, a setting or a config file changed). */
  lintOpenDocuments(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Lints `doc` after `delayMs` of quiet (0: on the next tick); repeated calls restart the wait. */
  schedule(doc: vscode.TextDocument, delayMs: number): void {
    if (!isCandidate(doc)) return;
    const key = doc.uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.lintNow(doc).catch((err: unknown) => this.log.error(`Linting ${doc.uri.fsPath} failed:`, err));
      }, delayMs),
    );
  }

  /** Lints `doc` now and publishes the result unless the document changed meanwhile; resolves to the findings published, or null when dropped. */
  async lintNow(doc: vscode.TextDocument): Promise<Finding[] | null> {
    if (!isCandidate(doc)) return null;
    const key = doc.uri.toString();
    const settings = readSettings(doc.uri);
    if (!settings.enable) {
      this.clear(doc.uri);
      return [];
    }
    this.running.get(key)?.cancel();
    const cts = new vscode.CancellationTokenSource();
    this.running.set(key, cts);
    const version = doc.version;
    const started = performance.now();
    try {
      const out = await this.lint(
        {
          path: documentPath(doc),
          text: doc.getText(),
          languageId: doc.languageId,
          version,
          environment: settings.environment,
          configPath: settings.configPath,
          // An untrusted workspace's .http files may not make Reqlint read files outside it.
          readRoot: vscode.workspace.isTrusted ? null : (vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath ?? path.dirname(documentPath(doc))),
        },
        cts.token,
      );
      if (cts.token.isCancellationRequested || doc.isClosed || doc.version !== version) {
        this.log.trace(`Dropped stale result for ${doc.uri.fsPath} v${version}`);
        return null;
      }
      if (out === null) {
        this.clear(doc.uri);
        return [];
      }
      this.publish(doc.uri, version, out.findings);
      this.log.debug(`Linted ${doc.uri.fsPath} v${version}: ${out.requests} request(s), ${out.findings.length} finding(s) in ${(performance.now() - started).toFixed(1)} ms`);
      return out.findings;
    } finally {
      if (this.running.get(key) === cts) this.running.delete(key);
      cts.dispose();
    }
  }

  /** The findings last published for a document, with the version they belong to; undefined when none. */
  findings(uri: vscode.Uri): { version: number; findings: readonly Finding[] } | undefined {
    const p = this.published.get(uri.toString());
    return p && { version: p.version, findings: p.findings };
  }

  /** The finding a published diagnostic came from (for code actions and hovers), or undefined. */
  findingOf(diagnostic: vscode.Diagnostic): Finding | undefined {
    return this.findingByDiagnostic.get(diagnostic);
  }

  /** Removes a document's diagnostics (and those it put on other files). */
  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.delete(key);
    this.running.get(key)?.cancel();
    const had = this.published.delete(key);
    this.ownDiagnostics.delete(key);
    this.render(key);
    this.refreshForeign(key, new Map());
    if (had) this.changed.fire(uri);
  }

  /** Clears every document's diagnostics (Reqlint was disabled). */
  clearAll(): void {
    for (const key of [...this.published.keys()]) this.clear(vscode.Uri.parse(key));
  }

  private publish(uri: vscode.Uri, version: number, findings: Finding[]): void {
    const key = uri.toString();
    const own: vscode.Diagnostic[] = [];
    const foreign = new Map<string, vscode.Diagnostic[]>();
    const ownPath = uri.scheme === 'file' ? uri.fsPath : null;
    for (const f of findings) {
      const d = toDiagnostic(f);
      this.findingByDiagnostic.set(d, f);
      if (ownPath === null || !f.file || f.file === ownPath) own.push(d);
      else {
        const other = vscode.Uri.file(f.file).toString();
        const list = foreign.get(other) ?? [];
        list.push(d);
        foreign.set(other, list);
      }
    }
    this.published.set(key, { version, findings });
    this.ownDiagnostics.set(key, own);
    this.render(key);
    this.refreshForeign(key, foreign);
    this.changed.fire(uri);
  }

  /** Sets a file's diagnostics to its own plus those other documents put on it. */
  private render(target: string): void {
    const byOwner = this.foreignDiagnostics.get(target);
    const all = (this.ownDiagnostics.get(target) ?? []).concat(byOwner ? [...byOwner.values()].flat() : []);
    const uri = vscode.Uri.parse(target);
    if (all.length) this.collection.set(uri, all);
    else this.collection.delete(uri);
  }

  /** Replaces what `owner` publishes on other files and re-renders each affected file. */
  private refreshForeign(owner: string, next: Map<string, vscode.Diagnostic[]>): void {
    const touched = new Set<string>(next.keys());
    for (const [target, byOwner] of this.foreignDiagnostics) {
      if (byOwner.delete(owner)) touched.add(target);
      if (byOwner.size === 0) this.foreignDiagnostics.delete(target);
    }
    for (const [target, diags] of next) {
      const byOwner = this.foreignDiagnostics.get(target) ?? new Map<string, vscode.Diagnostic[]>();
      byOwner.set(owner, diags);
      this.foreignDiagnostics.set(target, byOwner);
    }
    for (const target of touched) if (target !== owner) this.render(target);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    for (const c of this.running.values()) c.cancel();
    this.running.clear();
    for (const d of this.disposables) d.dispose();
  }
}
