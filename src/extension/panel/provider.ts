// The side panel's WebviewViewProvider: builds the page (CSP, nonce, resource roots), routes the
// webview's messages, keeps the host's copy of the panel state (so a hidden and re-shown view
// comes back whole), the history, the full bodies of recent answers on disk, the fixes offered
// from answers, and the "retry when allowed" timers.
import { isJsonMediaType } from '../../core/text/media-type';
import { randomBytes, randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Classification, ResponseSource } from '../../core/classify';
import type { Fix } from '../../core/findings';
import { chooseFixes } from '../../core/fix/apply';
import { rebaseFixes } from '../../core/fix/rebase';
import { discardBody } from '../../core/send/response';
import type { PreparedRequest, ResponseBody, SendResult } from '../../core/send/types';
import { PROTOCOL_VERSION, type ExchangeView, type HistoryFilter, type HostToWebview, type PanelSnapshot, type ProgressItem, type RequestKey, type RunnerState, type WebviewToHost } from '../../protocol/messages';
import { parseWebviewMessage } from '../../protocol/validate';
import { Settings, Views } from '../ids';
import { buildExchangeView, DEFAULT_SLICE_BYTES, maskedCurl, sendLogLine } from './exchange';
import { DEFAULT_HISTORY_SIZE, HistoryStore } from './history';
import { panelHtml } from './html';

/** What sending means; supplied by the part of the extension that prepares and sends requests. */
export interface PanelActions {
  /** Sends one request; results come back through `ReqlintPanel.showResult`. Must not throw for a bad key. */
  send(key: RequestKey): Promise<void>;
  /** Sends every request of the document, in order. */
  sendAll(uri: string): Promise<void>;
  /** Cancels one running request, or all of them for null. */
  cancel(key: RequestKey | null): void;
}

/** One answer to show: the sender's result plus where the request came from and the fixes offered. */
export interface ResultInput {
  result: SendResult<Classification>;
  key: RequestKey | null;
  requestName: string;
  prepared: PreparedRequest | null;
  /** The request's source at send time (for placing errors and checking fixes still apply). */
  source: ResponseSource | null;
  /** Repairs chosen from the answer (see core/fix/from-response); edits without `file` go to `source.filePath`. */
  fixes?: Fix[];
  /** What to check when the answer names no field and no fix applies. */
  checkHint?: string | null;
}

/** Full data of a recent exchange, kept in memory (the history keeps only the compact view). */
interface LiveRecord {
  view: ExchangeView;
  body: ResponseBody | null;
  curl: string | null;
  /** The answer's fixes by offer index (`fix-<i>`); null once applied or no longer applicable. */
  fixes: Array<Fix | null>;
  source: ResponseSource | null;
}

/** Recent exchanges whose whole body stays on disk for "Open in editor" / "Save"; older temp files are deleted. */
const LIVE_LIMIT = 20;
/** Bounds of `reqlint.panel.bodySliceBytes`. */
const SLICE_MIN = 16 * 1024;
const SLICE_MAX = 64 * 1024 * 1024;

function sameKey(a: RequestKey | null, b: RequestKey | null): boolean {
  return !!a && !!b && a.uri === b.uri && a.index === b.index;
}

/** The tooltip of a fix button: where it edits, and whether it touches personal data. */
export function fixDetail(f: Fix): string {
  const lines = [...new Set(f.edits.map((e) => e.range.start.line + 1))].sort((a, b) => a - b);
  const where = lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(', ')}`;
  const other = f.edits.some((e) => e.file) ? ' of the body file' : '';
  return `Edits ${where}${other}${f.kind === 'pii' ? ' (removes personal data from the request)' : ''}; then send again.`;
}

/** Reads the panel's settings, clamped to sane bounds. */
export function readPanelSettings(): { historySize: number; sliceBytes: number } {
  const c = vscode.workspace.getConfiguration(Settings.section);
  const slice = c.get<unknown>(Settings.panelBodySliceBytes);
  return {
    historySize: HistoryStore.clampLimit(c.get<unknown>(Settings.historySize) ?? DEFAULT_HISTORY_SIZE),
    sliceBytes: typeof slice === 'number' && Number.isFinite(slice) ? Math.min(SLICE_MAX, Math.max(SLICE_MIN, Math.round(slice))) : DEFAULT_SLICE_BYTES,
  };
}

/** The side panel (registered through `registerPanel` in register.ts); drive it with `setRunner`, `setProgress`, `showResult`. */
export class ReqlintPanel implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly history: HistoryStore;
  private readonly live = new Map<string, LiveRecord>();
  private actions: PanelActions | null = null;
  private filter: HistoryFilter = { status: '', category: '' };
  private snapshot: PanelSnapshot;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private sliceBytes: number;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    const s = readPanelSettings();
    this.sliceBytes = s.sliceBytes;
    this.history = new HistoryStore(context.workspaceState, s.historySize);
    this.snapshot = {
      runner: { uri: null, fileLabel: '', environment: null, requests: [] },
      exchange: null,
      history: this.history.state(this.filter),
      progress: [],
      countdown: null,
    };
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(Settings.section)) return;
        const next = readPanelSettings();
        this.sliceBytes = next.sliceBytes;
        void this.history.setLimit(next.historySize).then(() => this.postHistory());
      }),
    );
  }

  /** Connects the send / send all / cancel buttons to the sender. */
  setActions(actions: PanelActions): void {
    this.actions = actions;
  }

  /**
   * Sends one request the way the panel's Send button does (for code lenses and commands): the
   * answer shows in the panel. Resolves when the send has finished; never rejects.
   */
  async send(key: RequestKey): Promise<void> {
    if (!this.actions) return this.notify('warning', 'Sending is not available yet: the request runner has not started.');
    try {
      await this.actions.send(key);
    } catch (err) {
      this.log.error('Sending failed:', err);
      this.notify('error', `Could not send: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Shows the runner's list (the active file's requests, environment, statuses). */
  setRunner(runner: RunnerState): void {
    this.snapshot.runner = runner;
    this.post({ type: 'requests', runner });
  }

  /** Shows the requests in flight or waiting (empty list when none). */
  setProgress(progress: ProgressItem[]): void {
    this.snapshot.progress = progress;
    this.post({ type: 'progress', progress });
  }

  /** Shows a transient message in the panel. */
  notify(level: 'info' | 'warning' | 'error', message: string): void {
    this.post({ type: 'notice', level, message });
  }

  /** Reveals the panel (focusing the view container). */
  async reveal(): Promise<void> {
    if (this.view) this.view.show(true);
    else await vscode.commands.executeCommand(`${Views.panel}.focus`);
  }

  /**
   * Shows an answer: builds the masked view (body sliced per `reqlint.panel.bodySliceBytes`), stores
   * it in the history, keeps the whole body on disk for the recent ones, arms the countdown when a
   * `Retry-After` applies. Returns the view. The panel owns `input.result.body` from here on.
   */
  async showResult(input: ResultInput): Promise<ExchangeView> {
    const id = randomUUID();
    const fixes = input.fixes ?? [];
    const view = buildExchangeView(input.result, {
      id,
      key: input.key,
      requestName: input.requestName,
      prepared: input.prepared,
      source: input.source,
      uriOf: (p) => vscode.Uri.file(p).toString(),
      fixes: fixes.map((f, i) => ({ id: `fix-${i}`, title: f.title, detail: fixDetail(f) })),
      checkHint: input.checkHint ?? null,
      sliceBytes: this.sliceBytes,
    });
    let curl: string | null = null;
    try {
      curl = input.prepared ? maskedCurl(input.prepared) : null;
    } catch (err) {
      this.log.warn('Could not build the cURL command for the panel:', err);
    }
    this.live.set(id, { view, body: input.result.body, curl, fixes, source: input.source });
    await this.evictLive();
    try {
      await this.history.add({ view, curl });
    } catch (err) {
      this.log.error('Could not store the exchange in the panel history:', err);
    }
    this.snapshot.exchange = view;
    this.snapshot.history = this.history.state(this.filter);
    const c = view.classification;
    if (c?.retryable && c.retryAfterMs !== null) this.setCountdown({ exchangeId: id, retryAt: view.receivedAt + c.retryAfterMs, armed: false });
    else if (this.snapshot.countdown && sameKey(this.live.get(this.snapshot.countdown.exchangeId)?.view.key ?? null, view.key)) this.setCountdown(null);
    this.post({ type: 'exchange', exchange: view, select: true });
    this.post({ type: 'history', history: this.snapshot.history });
    this.log.info(sendLogLine(view));
    return view;
  }

  dispose(): void {
    clearTimeout(this.retryTimer);
    for (const d of this.disposables) d.dispose();
    for (const r of this.live.values()) void discardBody(r.body);
    this.live.clear();
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const root = vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [root] };
    const res = (name: string): string => view.webview.asWebviewUri(vscode.Uri.joinPath(root, name)).toString();
    view.webview.html = panelHtml({
      cspSource: view.webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: res('main.js'),
      styleUris: [res('codicon.css'), res('panel.css')],
    });
    const subs: vscode.Disposable[] = [
      view.webview.onDidReceiveMessage((raw: unknown) => {
        const msg = parseWebviewMessage(raw);
        if (!msg) {
          this.log.warn('The panel ignored a malformed message from its webview.');
          return;
        }
        this.handle(msg).catch((err: unknown) => {
          this.log.error(`The panel could not handle "${msg.type}":`, err);
          this.notify('error', `Could not ${msg.type === 'applyFix' ? 'apply the fix' : 'do that'}: ${err instanceof Error ? err.message : String(err)}`);
        });
      }),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.postState();
      }),
    ];
    view.onDidDispose(() => {
      for (const s of subs) s.dispose();
      if (this.view === view) this.view = undefined;
    });
  }

  private post(msg: HostToWebview): void {
    if (!this.view) return;
    this.view.webview.postMessage(msg).then(undefined, (err: unknown) => this.log.debug('Panel message not delivered:', err));
  }

  private postState(): void {
    this.snapshot.history = this.history.state(this.filter);
    this.post({ type: 'state', version: PROTOCOL_VERSION, snapshot: this.snapshot });
  }

  private postHistory(): void {
    this.snapshot.history = this.history.state(this.filter);
    this.post({ type: 'history', history: this.snapshot.history });
  }

  private setCountdown(c: PanelSnapshot['countdown']): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.snapshot.countdown = c;
    this.post({ type: 'countdown', countdown: c });
    if (c?.armed) {
      const key = this.recordOf(c.exchangeId)?.view.key ?? null;
      this.retryTimer = setTimeout(() => {
        this.snapshot.countdown = null;
        this.post({ type: 'countdown', countdown: null });
        if (key) this.runSend(key);
      }, Math.max(0, c.retryAt - Date.now()));
    }
  }

  private async evictLive(): Promise<void> {
    while (this.live.size > LIVE_LIMIT) {
      const oldest = this.live.keys().next().value as string;
      const r = this.live.get(oldest);
      this.live.delete(oldest);
      await discardBody(r?.body).catch(() => undefined);
    }
  }

  private recordOf(id: string): { view: ExchangeView; curl: string | null; live: LiveRecord | null } | null {
    const l = this.live.get(id);
    if (l) return { view: l.view, curl: l.curl, live: l };
    const h = this.history.get(id);
    return h ? { view: h.view, curl: h.curl, live: null } : null;
  }

  private runSend(key: RequestKey): void {
    if (!this.actions) {
      this.notify('warning', 'Sending is not available yet: the request runner has not started.');
      return;
    }
    this.actions.send(key).catch((err: unknown) => {
      this.log.error('Sending from the panel failed:', err);
      this.notify('error', `Could not send: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private async handle(msg: WebviewToHost): Promise<void> {
    switch (msg.type) {
      case 'ready':
        this.postState();
        return;
      case 'send':
        this.runSend(msg.key);
        return;
      case 'sendAll':
        if (!this.actions) return this.notify('warning', 'Sending is not available yet: the request runner has not started.');
        await this.actions.sendAll(msg.uri);
        return;
      case 'cancel': {
        const cd = this.snapshot.countdown;
        if (cd?.armed && (msg.key === null || sameKey(this.recordOf(cd.exchangeId)?.view.key ?? null, msg.key))) this.setCountdown({ ...cd, armed: false });
        this.actions?.cancel(msg.key);
        return;
      }
      case 'retryNow':
      case 'rerun': {
        const key = this.recordOf(msg.exchangeId)?.view.key;
        if (!key) return this.notify('warning', 'This exchange no longer maps to a request in a file; send it from its file instead.');
        if (this.snapshot.countdown?.exchangeId === msg.exchangeId) this.setCountdown(null);
        this.runSend(key);
        return;
      }
      case 'retryWhenAllowed': {
        const r = this.recordOf(msg.exchangeId);
        const c = r?.view.classification;
        if (!r?.view.key || !c || c.retryAfterMs === null) return this.notify('warning', 'This answer carries no Retry-After to wait for.');
        this.setCountdown({ exchangeId: msg.exchangeId, retryAt: r.view.receivedAt + c.retryAfterMs, armed: true });
        return;
      }
      case 'revealRange':
        await this.revealRange(msg.uri, msg.range);
        return;
      case 'openBodyInEditor':
        await this.openBody(msg.exchangeId);
        return;
      case 'saveBody':
        await this.saveBody(msg.exchangeId);
        return;
      case 'copyCurl': {
        const r = this.recordOf(msg.exchangeId);
        if (!r?.curl) return this.notify('warning', 'No cURL command for this exchange: the request could not be prepared.');
        await vscode.env.clipboard.writeText(r.curl);
        this.notify('info', 'Copied as cURL (secret values are masked: put them back before running it).');
        return;
      }
      case 'copyRequestId': {
        const id = this.recordOf(msg.exchangeId)?.view.classification?.requestId;
        if (!id) return this.notify('warning', 'This answer carries no request id.');
        await vscode.env.clipboard.writeText(id);
        this.notify('info', `Copied request id ${id}.`);
        return;
      }
      case 'applyFix':
        await this.applyFix(msg.exchangeId, msg.fixId);
        return;
      case 'applyAllFixes':
        await this.applyAllFixes(msg.exchangeId);
        return;
      case 'filterHistory':
        this.filter = msg.filter;
        this.postHistory();
        return;
      case 'clearHistory': {
        if (!this.history.size) return;
        const pick = await vscode.window.showWarningMessage(`Clear all ${this.history.size} exchanges from the Reqlint history of this workspace?`, { modal: true }, 'Clear');
        if (pick !== 'Clear') return;
        await this.history.clear();
        this.postHistory();
        return;
      }
      case 'selectExchange': {
        const r = this.recordOf(msg.exchangeId);
        if (!r) return this.notify('warning', 'That exchange is no longer in the history.');
        this.snapshot.exchange = r.view;
        this.post({ type: 'exchange', exchange: r.view, select: true });
        return;
      }
    }
  }

  private async revealRange(uri: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): Promise<void> {
    const target = vscode.Uri.parse(uri, true);
    const doc = await vscode.workspace.openTextDocument(target);
    const r = doc.validateRange(new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character));
    const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false, selection: r });
    editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private liveBody(id: string): LiveRecord | null {
    const l = this.live.get(id);
    if (!l?.body || !l.view.body.available) {
      this.notify('warning', 'The whole body of this answer is no longer kept; send the request again to get it.');
      return null;
    }
    return l;
  }

  private async openBody(id: string): Promise<void> {
    const l = this.liveBody(id);
    if (!l?.body) return;
    if (l.view.body.isBinary) {
      this.notify('info', 'This body is binary; use "Save body" to write it to a file.');
      return;
    }
    const ct = l.view.body.contentType ?? '';
    const language = isJsonMediaType(ct) ? 'json' : /xml/.test(ct) ? 'xml' : /html/.test(ct) ? 'html' : /javascript/.test(ct) ? 'javascript' : /yaml/.test(ct) ? 'yaml' : 'plaintext';
    let doc: vscode.TextDocument;
    if (l.body.file) {
      doc = await vscode.workspace.openTextDocument(vscode.Uri.file(l.body.file));
      if (language !== 'plaintext') doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    } else {
      const bytes = l.body.bytes ?? new Uint8Array();
      doc = await vscode.workspace.openTextDocument({ content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'), language });
    }
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  private async saveBody(id: string): Promise<void> {
    const l = this.liveBody(id);
    if (!l?.body) return;
    const ct = l.view.body.contentType ?? '';
    const ext = isJsonMediaType(ct) ? 'json' : /png/.test(ct) ? 'png' : /jpe?g/.test(ct) ? 'jpg' : /gif/.test(ct) ? 'gif' : /svg/.test(ct) ? 'svg' : /pdf/.test(ct) ? 'pdf' : /xml/.test(ct) ? 'xml' : /html/.test(ct) ? 'html' : /^text\//.test(ct) ? 'txt' : 'bin';
    const base = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${l.view.requestName.replace(/[^\w.-]+/g, '-').slice(0, 60) || 'response'}.${ext}`;
    const target = await vscode.window.showSaveDialog({ defaultUri: base ? vscode.Uri.joinPath(base, name) : undefined, saveLabel: 'Save body' });
    if (!target) return;
    if (l.body.file) await vscode.workspace.fs.copy(vscode.Uri.file(l.body.file), target, { overwrite: true });
    else if (target.scheme === 'file') await writeFile(target.fsPath, l.body.bytes ?? new Uint8Array());
    else await vscode.workspace.fs.writeFile(target, l.body.bytes ?? new Uint8Array());
    this.notify('info', `Saved the body to ${vscode.workspace.asRelativePath(target)}.`);
  }

  /** The live record, its source document and fix list, when the file still holds the text the fixes were made for. */
  private async fixTarget(exchangeId: string): Promise<{ l: LiveRecord; source: ResponseSource; doc: vscode.TextDocument } | string> {
    const l = this.live.get(exchangeId);
    if (!l?.source || !l.fixes.some((f) => f)) return 'This fix is no longer available; send the request again.';
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(l.source.filePath));
    // The edits were computed on the text as sent (and moved along with applied fixes); on a text
    // changed by hand they could land in the wrong place.
    if (doc.getText() !== l.source.fileText) return 'The file changed since this answer arrived; send the request again to get a fix for the current text.';
    return { l, source: l.source, doc };
  }

  private async applyEdits(source: ResponseSource, fixes: readonly Fix[]): Promise<boolean> {
    const sourceUri = vscode.Uri.file(source.filePath);
    const edit = new vscode.WorkspaceEdit();
    for (const f of fixes) {
      for (const e of f.edits) {
        const uri = e.file ? vscode.Uri.file(e.file) : sourceUri;
        edit.replace(uri, new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.newText);
      }
    }
    return vscode.workspace.applyEdit(edit);
  }

  private remainingIds(l: LiveRecord): string[] {
    return l.fixes.flatMap((f, i) => (f ? [`fix-${i}`] : []));
  }

  private async applyFix(exchangeId: string, fixId: string): Promise<void> {
    const index = Number(/^fix-(\d+)$/.exec(fixId)?.[1] ?? NaN);
    const reply = (applied: boolean, message: string, l?: LiveRecord): void =>
      this.post({ type: 'fixResult', exchangeId, fixId, applied, message, key: applied ? (l?.view.key ?? null) : null, remaining: l ? this.remainingIds(l) : [] });
    const t = await this.fixTarget(exchangeId);
    if (typeof t === 'string') return reply(false, t);
    const fix = t.l.fixes[index];
    if (!fix) return reply(false, 'This fix is no longer available; send the request again.');
    const others = t.l.fixes.map((f, i) => (i === index ? null : f));
    const next = rebaseFixes(t.source.fileText, fix, others);
    if (!(await this.applyEdits(t.source, [fix]))) return reply(false, 'VS Code refused the edit (is the file read-only?).');
    // Keep the others only when the document now holds exactly the text they were moved onto.
    const now = t.doc.getText();
    t.l.fixes = now === next.text ? next.fixes : [];
    t.l.source = { ...t.source, fileText: now };
    reply(true, `Applied: ${fix.title}.`, t.l);
  }

  private async applyAllFixes(exchangeId: string): Promise<void> {
    const reply = (applied: boolean, message: string, l?: LiveRecord): void =>
      this.post({ type: 'fixResult', exchangeId, fixId: 'all', applied, message, key: applied ? (l?.view.key ?? null) : null, remaining: l ? this.remainingIds(l) : [] });
    const t = await this.fixTarget(exchangeId);
    if (typeof t === 'string') return reply(false, t);
    const open = t.l.fixes.flatMap((f) => (f ? [f] : []));
    // Whole fixes in offer order; one that clashes with a fix chosen before it is left out.
    const chosen = chooseFixes(
      open.map((fix) => ({ fix, file: t.source.filePath })),
      (f) => (f === t.source.filePath ? t.source.fileText : ''),
    ).fixes.map((c) => c.fix);
    if (!(await this.applyEdits(t.source, chosen))) return reply(false, 'VS Code refused the edit (is the file read-only?).');
    t.l.fixes = [];
    t.l.source = { ...t.source, fileText: t.doc.getText() };
    const left = open.length - chosen.length;
    reply(true, `Applied ${chosen.length} fix${chosen.length === 1 ? '' : 'es'}${left ? `; ${left} overlapped another and ${left === 1 ? 'was' : 'were'} left out` : ''}.`, t.l);
  }
}

