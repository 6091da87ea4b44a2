// What the panel's Send / Send all / Cancel do: the editor's side of the send pipeline (the document,
// its project config, secrets, progress, cancellation), then fixes chosen from the answer and shown.
// Also keeps the runner list in step with the active editor.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import { ConfigError, defaultConfig, findConfigFile, loadConfigFile, type ProjectConfig } from '../../core/config';
import { fixesFromResponse } from '../../core/fix/from-response';
import type { HttpFile, HttpRequest } from '../../core/http/ast';
import { parseHttp } from '../../core/http/parser';
import type { Finding } from '../../core/findings';
import { CookieFileError, createSession, openFileRun, prepareStep, runRequests, saveSessionCookies, type FileRun, type LintAnswer, type PipelineIO, type RequestOutcome, type SendSession, type SentOutcome } from '../../core/pipeline';
import { requestLabel } from '../../core/edit/request-label';
import { profilesResultFor } from '../../core/profiles/context';
import { CookieJar, DispatcherPool, maskSecrets, RateLimiter, type NamedExchange } from '../../core/send';
import type { ProgressItem, RequestKey, RunnerRequest, RunnerState } from '../../protocol/messages';
import { secretLookup } from '../features/secrets';
import { editorAuthIO } from '../features/signIns';
import { HTTP_LANGUAGE_ID } from '../ids';
import { readSettings } from '../settings';
import { ensureTrustedForSend } from '../trust';
import type { PanelActions, ReqlintPanel } from './provider';

function keyId(k: RequestKey): string {
  return `${k.index}@${k.uri}`;
}

/** Sends requests for the panel; one instance per panel. */
export class PanelRunner implements PanelActions, vscode.Disposable {
  private readonly pool = new DispatcherPool();
  private readonly limiter = new RateLimiter();
  private readonly jar = new CookieJar();
  private readonly running = new Map<string, AbortController>();
  private readonly progress = new Map<string, ProgressItem>();
  private readonly last = new Map<string, { status: number | null; category: RunnerRequest['lastCategory'] }>();
  /** Files whose error-level findings the user chose to always send despite (this window's session). */
  private readonly alwaysSend = new Set<string>();
  /** Results of named requests per file, for `{{name.response…}}` in later requests. */
  private readonly exchanges = new Map<string, Map<string, NamedExchange>>();
  private readonly disposables: vscode.Disposable[] = [];
  private listed: vscode.Uri | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly panel: ReqlintPanel,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refreshSoon()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.listed && e.document.uri.toString() === this.listed.toString()) this.refreshSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('reqlint')) this.refreshSoon();
      }),
    );
    this.refresh();
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    for (const c of this.running.values()) c.abort();
    for (const d of this.disposables) d.dispose();
    void this.pool.close().catch(() => undefined);
  }

  private refreshSoon(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => this.refresh(), 150);
  }

  /** Lists the active .http document's requests (or keeps the last one while another editor is focused). */
  refresh(): void {
    try {
      const active = vscode.window.activeTextEditor?.document;
      const doc = active?.languageId === HTTP_LANGUAGE_ID ? active : this.listed ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === this.listed!.toString()) : undefined;
      if (!doc) {
        this.listed = null;
        this.panel.setRunner({ uri: null, fileLabel: '', environment: null, requests: [] });
        return;
      }
      this.listed = doc.uri;
      this.panel.setRunner(this.runnerState(doc));
    } catch (err) {
      this.log.error('Could not list the requests for the panel:', err);
    }
  }

  private runnerState(doc: vscode.TextDocument): RunnerState {
    const uri = doc.uri.toString();
    const file = parseHttp(doc.getText());
    const environment = this.environmentFor(doc.uri);
    const scope = doc.uri.scheme === 'file' ? this.fileRun(file, doc.getText(), doc.uri.fsPath, environment).resolver : null;
    const requests: RunnerRequest[] = file.requests.map((req) => {
      const key = { uri, index: req.index };
      let url = req.url.value;
      if (scope) {
        const r = scope.substitute(req.url.value);
        url = maskSecrets(r.text, r.secrets);
      }
      const last = this.last.get(keyId(key));
      return {
        key,
        name: requestLabel(req),
        method: req.method.value,
        url,
        range: req.range,
        lastStatus: last?.status ?? null,
        lastCategory: last?.category ?? null,
        running: this.running.has(keyId(key)),
      };
    });
    return { uri, fileLabel: vscode.workspace.asRelativePath(doc.uri), environment, requests };
  }

  private environmentFor(uri: vscode.Uri): string | null {
    return readSettings(uri).environment ?? this.config(uri)?.environment ?? null;
  }

  private config(uri: vscode.Uri): ProjectConfig | null {
    if (uri.scheme !== 'file') return null;
    try {
      const found = findConfigFile(dirname(uri.fsPath));
      return found ? loadConfigFile(found) : defaultConfig(dirname(uri.fsPath));
    } catch (err) {
      if (err instanceof ConfigError) return defaultConfig(dirname(uri.fsPath));
      throw err;
    }
  }

  /** The file's variables in `environment`, with the named answers of earlier sends from it. */
  private fileRun(file: HttpFile, text: string, filePath: string, environment: string | null): FileRun {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(filePath))?.uri.fsPath;
    let exchanges = this.exchanges.get(filePath);
    if (!exchanges) this.exchanges.set(filePath, (exchanges = new Map<string, NamedExchange>()));
    const config = this.config(vscode.Uri.file(filePath)) ?? defaultConfig(dirname(filePath));
    return openFileRun({ environment, config }, { file, text, filePath, label: vscode.workspace.asRelativePath(filePath), exchanges, secret: secretLookup, ...(folder ? { workspaceRoot: folder } : {}) });
  }

  private setProgress(id: string, item: ProgressItem | null): void {
    if (item) this.progress.set(id, item);
    else this.progress.delete(id);
    this.panel.setProgress([...this.progress.values()]);
  }

  /** What sending from `uri` uses: its project config (send section included), profiles, environment and the panel's connections. */
  private session(uri: vscode.Uri): SendSession {
    const settings = readSettings(uri);
    const config = this.config(uri) ?? defaultConfig(dirname(uri.fsPath));
    return createSession({
      config,
      // The same profiles the linter uses, OpenAPI-derived ones included (sending needs a trusted workspace).
      profiles: profilesResultFor(config).profiles,
      environment: this.environmentFor(uri),
      // The editor's own settings count only where the project config says nothing.
      fallbacks: { timeoutMs: settings.sendTimeoutMs, ...settings.sendProxyOptions },
      pool: this.pool,
      limiter: this.limiter,
      jar: this.jar,
      lintErrors: this.alwaysSend.has(uri.toString()) ? 'send' : settings.sendOnLintErrors,
      // Tokens in SecretStorage, the browser for the authorization code grant, a prompt for device codes.
      auth: editorAuthIO(),
    });
  }

  /** The question before sending a request with error-level findings; `Show problem` reveals the first one. */
  private async askAboutFindings(uri: vscode.Uri, label: string, findings: readonly Finding[]): Promise<LintAnswer> {
    const first = findings[0];
    const more = findings.length > 1 ? ` (and ${findings.length - 1} more)` : '';
    const pick = await vscode.window.showWarningMessage(
      `${label} has an error-level problem${more}: ${first.message}`,
      { modal: true, detail: `${vscode.workspace.asRelativePath(uri)}:${first.range.start.line + 1} (${first.rule}). The setting reqlint.send.onLintErrors decides what happens next time.` },
      'Send anyway',
      'Show problem',
      'Always send for this file',
    );
    if (pick === 'Send anyway') return 'send';
    if (pick === 'Always send for this file') {
      this.alwaysSend.add(uri.toString());
      return 'always';
    }
    if (pick === 'Show problem') {
      const r = first.range;
      await vscode.window.showTextDocument(uri, { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) });
      return 'show';
    }
    return 'cancel';
  }

  /** Shows a sent request's answer in the panel with the fixes it suggests. */
  private async show(o: SentOutcome, key: RequestKey, label: string, source: { filePath: string; fileText: string; request: HttpRequest; lines: HttpFile['lines'] }): Promise<void> {
    const { result, plan, prepared } = o;
    const c = result.classification;
    const chosen = c
      ? fixesFromResponse({
          classification: c,
          source,
          auth: plan.profile ? { header: plan.profile.auth.header, variable: plan.profile.auth.variable, forbiddenPrefixes: plan.profile.auth.forbiddenPrefixes, keyPrefix: plan.profile.auth.keyPrefix } : null,
          idempotencyHeader: plan.profile?.idempotency?.header ?? 'Idempotency-Key',
        })
      : { fixes: [], checkHint: null };
    this.last.set(keyId(key), { status: result.status, category: c?.category ?? null });
    await this.panel.showResult({ result, key, requestName: label, prepared, source, fixes: chosen.fixes, checkHint: chosen.checkHint });
    await this.panel.reveal();
  }

  /**
   * Prepares request `index` of `text` as Send would (config defaults and TLS, the environment, secrets)
   * without sending it; `filePath` is where body files and environments resolve from.
   */
  prepare(uri: vscode.Uri, text: string, index: number, filePath: string): ReturnType<typeof prepareStep> | null {
    const file = parseHttp(text);
    const req = file.requests[index];
    if (!req) return null;
    const session = this.session(uri.scheme === 'file' ? uri : vscode.Uri.file(filePath));
    return prepareStep(session, this.fileRun(file, text, filePath, session.environment), req);
  }

  async sendAll(uri: string): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri, true));
    const count = parseHttp(doc.getText()).requests.length;
    for (let i = 0; i < count; i++) {
      const ok = await this.sendOne({ uri, index: i });
      if (!ok) break;
    }
  }

  cancel(key: RequestKey | null): void {
    if (key) this.running.get(keyId(key))?.abort();
    else for (const c of this.running.values()) c.abort();
  }

  async send(key: RequestKey): Promise<void> {
    await this.sendOne(key);
  }

  /** Sends one request and shows the answer; resolves false when it was not sent or was cancelled. */
  async sendOne(key: RequestKey): Promise<boolean> {
    const id = keyId(key);
    if (this.running.has(id)) return false;
    if (!(await ensureTrustedForSend(this.log))) {
      this.panel.notify('warning', 'Sending is off in an untrusted workspace; trust the workspace to send requests.');
      return false;
    }
    const uri = vscode.Uri.parse(key.uri, true);
    if (uri.scheme !== 'file') {
      this.panel.notify('warning', 'Save the file first: requests are sent from files on disk (body files and environments resolve next to them).');
      return false;
    }
    const doc = await vscode.workspace.openTextDocument(uri);
    const fileText = doc.getText();
    const file = parseHttp(fileText);
    const req = file.requests[key.index];
    if (!req) {
      this.panel.notify('warning', `The file has no request #${key.index + 1} any more; the list has been refreshed.`);
      this.refresh();
      return false;
    }
    const filePath = uri.fsPath;
    const label = requestLabel(req);
    let session: SendSession;
    try {
      session = this.session(uri);
    } catch (err) {
      if (!(err instanceof CookieFileError)) throw err;
      this.panel.notify('error', `${label} was not sent: ${err.message}`);
      return false;
    }
    const controller = new AbortController();
    this.running.set(id, controller);
    this.refresh();
    const base: Omit<ProgressItem, 'phase' | 'attempt' | 'until' | 'message'> = { key, requestName: label };
    this.setProgress(id, { ...base, phase: 'sending', attempt: 1, until: null, message: 'sending' });
    let shown = false;
    const io: PipelineIO = {
      signal: controller.signal,
      reportPromptly: true,
      warn: (m) => this.log.warn(m),
      ask: (q) => this.askAboutFindings(uri, label, q.findings),
      progress: {
        attemptStart: (_it, n) => this.setProgress(id, { ...base, phase: n > 1 ? 'retrying' : 'sending', attempt: n, until: null, message: n > 1 ? `attempt ${n}` : 'sending' }),
        retryWait: (_it, ms, reason, next) => this.setProgress(id, { ...base, phase: 'waiting', attempt: next, until: Date.now() + ms, message: `attempt ${next} after ${reason}` }),
        rateLimitWait: (_it, ms, limit) => this.setProgress(id, { ...base, phase: 'waiting', attempt: 1, until: Date.now() + ms, message: `waiting for ${limit}` }),
      },
      report: async (o: RequestOutcome) => {
        if (o.kind === 'not-sent') {
          this.panel.notify('error', `${label} was not sent (line ${o.line}): ${o.message}`);
          return;
        }
        await this.show(o, key, label, { filePath, fileText, request: req, lines: file.lines });
        shown = true;
      },
    };
    try {
      await runRequests(session, this.fileRun(file, fileText, filePath, session.environment), [req], io);
      const problem = saveSessionCookies(session);
      if (problem) this.log.warn(problem);
      return shown && !controller.signal.aborted;
    } finally {
      this.running.delete(id);
      this.setProgress(id, null);
      this.refresh();
    }
  }
}
