// What the panel's Send / Send all / Cancel do: parse the document, resolve variables for the
// selected environment, prepare, send with the API profile's retry and rate-limit policy, choose
// fixes from the answer and show it. Also keeps the runner list in step with the active editor.
import { dirname } from 'node:path';
import * as vscode from 'vscode';
import type { Classification } from '../../core/classify';
import { ConfigError, defaultConfig, findConfigFile, loadConfigFile, type ProjectConfig } from '../../core/config';
import { fixesFromResponse } from '../../core/fix/from-response';
import type { HttpFile } from '../../core/http/ast';
import { parseHttp } from '../../core/http/parser';
import { requestLabel } from '../../core/edit/request-label';
import { profilesResultFor } from '../../core/profiles/context';
import type { Profile } from '../../core/profiles/types';
import {
  bodyText,
  CookieJar,
  createSendResolver,
  DispatcherPool,
  makeClassifier,
  makeRetry,
  maskSecrets,
  planFor,
  PrepareError,
  prepareRequest,
  RateLimiter,
  sendRequest,
  type NamedExchange,
} from '../../core/send';
import type { ProgressItem, RequestKey, RunnerRequest, RunnerState } from '../../protocol/messages';
import { secretLookup } from '../features/secrets';
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
    const scope = doc.uri.scheme === 'file' ? this.resolver(file, doc.uri.fsPath, environment) : null;
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

  private resolver(file: HttpFile, filePath: string, environment: string | null) {
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(filePath))?.uri.fsPath;
    const exchanges = this.exchanges.get(filePath) ?? new Map<string, NamedExchange>();
    return createSendResolver({ file, filePath, environment, exchanges, secrets: secretLookup, ...(folder ? { workspaceRoot: folder } : {}) });
  }

  private setProgress(id: string, item: ProgressItem | null): void {
    if (item) this.progress.set(id, item);
    else this.progress.delete(id);
    this.panel.setProgress([...this.progress.values()]);
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
    const settings = readSettings(uri);
    const config = this.config(uri);
    const environment = this.environmentFor(uri);
    const label = requestLabel(req);
    let prepared: ReturnType<typeof prepareRequest>;
    try {
      prepared = prepareRequest(req, {
        resolver: this.resolver(file, filePath, environment),
        filePath,
        defaults: { timeoutMs: settings.sendTimeoutMs, ...settings.sendProxyOptions },
      });
    } catch (err) {
      if (!(err instanceof PrepareError)) throw err;
      this.panel.notify('error', `${label} was not sent (line ${err.line}): ${err.message}`);
      return false;
    }
    // The same profiles the linter uses, OpenAPI-derived ones included (sending needs a trusted workspace).
    const profiles: Profile[] = profilesResultFor(config ?? undefined).profiles;
    const plan = planFor(prepared, profiles, config);
    const controller = new AbortController();
    this.running.set(id, controller);
    this.refresh();
    const base: Omit<ProgressItem, 'phase' | 'attempt' | 'until' | 'message'> = { key, requestName: label };
    this.setProgress(id, { ...base, phase: 'sending', attempt: 1, until: null, message: 'sending' });
    try {
      const result = await sendRequest<Classification>(
        prepared,
        {
          pool: this.pool,
          signal: controller.signal,
          // With the plan, an error answer from an OpenAPI-described endpoint names its documented model.
          classifier: makeClassifier(plan.classifierProfile, prepared.options.timeoutMs, plan),
          retry: makeRetry(plan.retryPolicy),
          rateLimit: plan.rateLimit ? { limiter: this.limiter, key: plan.rateLimit.key, limit: plan.rateLimit.limit } : null,
          cookieJar: prepared.useCookieJar ? this.jar : null,
          idempotencyKeyHeader: plan.idempotencyKeyHeader,
        },
        {
          onAttemptStart: (n) => this.setProgress(id, { ...base, phase: n > 1 ? 'retrying' : 'sending', attempt: n, until: null, message: n > 1 ? `attempt ${n}` : 'sending' }),
          onRetryWait: (ms, reason, next) => this.setProgress(id, { ...base, phase: 'waiting', attempt: next, until: Date.now() + ms, message: `attempt ${next} after ${reason}` }),
          onRateLimitWait: (ms) => this.setProgress(id, { ...base, phase: 'waiting', attempt: 1, until: Date.now() + ms, message: `waiting for ${plan.rateLimit?.label ?? 'the documented rate limit'}` }),
        },
      );
      if (req.name) {
        const map = this.exchanges.get(filePath) ?? new Map<string, NamedExchange>();
        map.set(req.name, {
          request: { headers: prepared.headers, body: prepared.body.kind === 'text' ? prepared.body.text : '' },
          response: { status: result.status, headers: result.headers, body: bodyText(result.body, 10 * 1024 * 1024) },
        });
        this.exchanges.set(filePath, map);
      }
      const source = { filePath, fileText, request: req, lines: file.lines };
      const c = result.classification;
      const chosen = c
        ? fixesFromResponse({
            classification: c,
            source,
            auth: plan.profile ? { header: plan.profile.auth.header, variable: plan.profile.auth.variable, forbiddenPrefixes: plan.profile.auth.forbiddenPrefixes, keyPrefix: plan.profile.auth.keyPrefix } : null,
            idempotencyHeader: plan.profile?.idempotency?.header ?? 'Idempotency-Key',
          })
        : { fixes: [], checkHint: null };
      this.last.set(id, { status: result.status, category: c?.category ?? null });
      await this.panel.showResult({ result, key, requestName: label, prepared, source, fixes: chosen.fixes, checkHint: chosen.checkHint });
      await this.panel.reveal();
      return !controller.signal.aborted;
    } finally {
      this.running.delete(id);
      this.setProgress(id, null);
      this.refresh();
    }
  }
}
