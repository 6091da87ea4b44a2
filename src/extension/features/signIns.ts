import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { StoredToken } from '../../core/auth/oauth2/grants';
import { OAuthManager } from '../../core/auth/oauth2/manager';
import type { TokenStore } from '../../core/auth/oauth2/store';
import type { AuthIO } from '../../core/pipeline/auth';
import { Commands, OAUTH_TOKEN_KEY_PREFIX } from '../ids';

let current: SignIns | null = null;

/** Makes `signIns` the one the panel's sender signs in through; disposing undoes it. */
export function useSignIns(signIns: SignIns): vscode.Disposable {
  current = signIns;
  return new vscode.Disposable(() => {
    if (current === signIns) current = null;
  });
}

/** The editor's sign-in I/O for a send session (SecretStorage, browser, device code prompt), or undefined before activation finished. */
export function editorAuthIO(): AuthIO | undefined {
  return current?.authIO();
}

/**
 * OAuth 2.0 tokens in VS Code's SecretStorage, per workspace, environment and sign-in name. The
 * index of keys is a secret too, so which sign-ins exist is not written to settings either.
 */
export class SecretTokenStore implements TokenStore {
  private readonly prefix: string;

  constructor(private readonly secrets: vscode.SecretStorage, workspaceId: string) {
    this.prefix = `${OAUTH_TOKEN_KEY_PREFIX}${workspaceId}.`;
  }

  private async index(): Promise<string[]> {
    try {
      const v: unknown = JSON.parse((await this.secrets.get(`${this.prefix}$index`)) ?? '[]');
      return Array.isArray(v) ? v.filter((k): k is string => typeof k === 'string') : [];
    } catch {
      return [];
    }
  }

  private async setIndex(keys: string[]): Promise<void> {
    await this.secrets.store(`${this.prefix}$index`, JSON.stringify([...new Set(keys)].sort()));
  }

  async get(key: string): Promise<StoredToken | undefined> {
    const raw = await this.secrets.get(this.prefix + key);
    if (!raw) return undefined;
    try {
      const t = JSON.parse(raw) as StoredToken;
      return typeof t.accessToken === 'string' && typeof t.fingerprint === 'string' ? t : undefined;
    } catch {
      return undefined;
    }
  }

  async set(key: string, token: StoredToken): Promise<void> {
    await this.secrets.store(this.prefix + key, JSON.stringify(token));
    const keys = await this.index();
    if (!keys.includes(key)) await this.setIndex([...keys, key]);
  }

  async delete(key: string): Promise<void> {
    await this.secrets.delete(this.prefix + key);
    await this.setIndex((await this.index()).filter((k) => k !== key));
  }

  keys(): Promise<string[]> {
    return this.index();
  }
}

function expiryText(expiresAt: number | null, now = Date.now()): string {
  if (expiresAt === null) return 'no expiry given';
  const s = Math.round((expiresAt - now) / 1000);
  if (s <= 0) return 'expired';
  if (s < 90) return `expires in ${s} s`;
  if (s < 5400) return `expires in ${Math.round(s / 60)} min`;
  return `expires in ${Math.round(s / 3600)} h`;
}

/**
 * The editor's side of signing in: where tokens live (SecretStorage), how the user is involved (the
 * system browser for the authorization code grant, a notification for device codes), and a
 * status-bar item that lists the tokens held, with "Sign out".
 */
export class SignIns implements vscode.Disposable {
  readonly store: SecretTokenStore;
  /** Reads and deletes tokens for the status item and "Sign out" (sending uses each session's own manager on the same store). */
  private readonly manager: OAuthManager;
  readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel) {
    const ws = vscode.workspace.workspaceFile?.toString() ?? vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? 'no-workspace';
    this.store = new SecretTokenStore(context.secrets, createHash('sha256').update(ws).digest('hex').slice(0, 12));
    this.manager = new OAuthManager({ store: this.store, http: () => Promise.reject(new Error('listing only')) });
    this.item = vscode.window.createStatusBarItem('reqlint.signIns', vscode.StatusBarAlignment.Left, 48);
    this.item.name = 'Reqlint Sign-ins';
    this.item.command = Commands.manageSignIns;
    this.disposables.push(this.item, vscode.commands.registerCommand(Commands.manageSignIns, () => this.manage()));
    void this.refresh();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** The I/O a send session signs in through. */
  authIO(): AuthIO {
    return {
      store: this.store,
      interaction: {
        openBrowser: async (url) => {
          this.log.info(`Sign-in: opening the authorization page of ${new URL(url).origin} in the browser.`);
          return vscode.env.openExternal(vscode.Uri.parse(url, true));
        },
        showDeviceCode: (i) => {
          const open = 'Copy Code and Open';
          void vscode.window.showInformationMessage(`Sign in to "${i.name}": enter the code ${i.userCode} at ${i.verificationUri}.`, open).then(async (pick) => {
            if (pick !== open) return;
            await vscode.env.clipboard.writeText(i.userCode);
            await vscode.env.openExternal(vscode.Uri.parse(i.verificationUriComplete ?? i.verificationUri, true));
          });
        },
      },
      onTokenChange: (environment, name) => {
        this.log.info(`Sign-in "${name}"${environment ? ` (${environment})` : ''}: token ready.`);
        void this.refresh();
      },
    };
  }

  /** Shows or hides the status item with the tokens held and their expiry. */
  async refresh(): Promise<void> {
    try {
      const list = await this.manager.list();
      if (!list.length) {
        this.item.hide();
        return;
      }
      this.item.text = `$(key) ${list.length}`;
      this.item.accessibilityInformation = { label: `Reqlint sign-ins: ${list.length}` };
      this.item.tooltip = new vscode.MarkdownString(['**Reqlint sign-ins** (click to sign out)', '', ...list.map((t) => `- ${t.environment} / ${t.name}: ${expiryText(t.expiresAt)}`)].join('\n'));
      this.item.show();
    } catch (err) {
      this.log.error('Could not list the sign-in tokens:', err);
    }
  }

  /** Quick pick of the tokens held; picking one (or all) signs out of it. */
  async manage(): Promise<void> {
    const list = await this.manager.list();
    if (!list.length) {
      void vscode.window.showInformationMessage('No Reqlint sign-ins: a token is fetched when a request uses {{$auth.token("name")}}.');
      return;
    }
    type Pick = vscode.QuickPickItem & { keys: string[] };
    const picks: Pick[] = list.map((t) => ({ label: `$(sign-out) ${t.name}`, description: t.environment, detail: `${expiryText(t.expiresAt)}${t.canRefresh ? ', refreshed automatically' : ''}${t.scope ? ` · scope ${t.scope}` : ''}`, keys: [t.key] }));
    if (list.length > 1) picks.push({ label: '$(sign-out) Sign out of all', keys: list.map((t) => t.key) });
    const pick = await vscode.window.showQuickPick(picks, { title: 'Reqlint sign-ins', placeHolder: 'Pick a sign-in to sign out of it' });
    if (!pick) return;
    for (const k of pick.keys) await this.manager.signOut(k);
    this.log.info(`Signed out of ${pick.keys.length} sign-in${pick.keys.length === 1 ? '' : 's'}.`);
    await this.refresh();
  }
}
