import * as vscode from 'vscode';
import { Commands, HTTP_LANGUAGE_ID, SECRET_KEY_PREFIX, SECRET_NAMES_STATE } from '../ids';
import { isSecretName, secretNameFor } from './logic';

let current: SecretStore | null = null;

/** Makes `store` the one `secretLookup` reads (the panel's sender and cURL copies use it); disposing undoes it. */
export function useSecretStore(store: SecretStore): vscode.Disposable {
  current = store;
  return new vscode.Disposable(() => {
    if (current === store) current = null;
  });
}

/** The stored value of the secret `name` for `{{$secret name}}` when sending, or undefined (none stored, or not loaded yet). */
export function secretLookup(name: string): string | undefined {
  return current?.get(name);
}

/**
 * API keys in the editor's SecretStorage, referenced from requests as `{{$secret name}}`. Values
 * are held in memory once read so variable lookups (which are synchronous) can use them; they are
 * never written to settings, logs or the history. Names are kept in workspace state to offer them.
 */
export class SecretStore implements vscode.Disposable {
  private readonly values = new Map<string, string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a secret's name after it was stored or deleted. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.changed,
      context.secrets.onDidChange((e) => {
        if (!e.key.startsWith(SECRET_KEY_PREFIX)) return;
        const name = e.key.slice(SECRET_KEY_PREFIX.length);
        void this.load(name).then(() => this.changed.fire(name));
      }),
    );
  }

  /** Names of the stored secrets (sorted). */
  names(): string[] {
    return [...(this.context.workspaceState.get<string[]>(SECRET_NAMES_STATE) ?? [])].sort();
  }

  /** Reads every known secret into memory; call once after activation. Never rejects. */
  async loadAll(): Promise<void> {
    await Promise.all(this.names().map((n) => this.load(n)));
  }

  private async load(name: string): Promise<void> {
    try {
      const v = await this.context.secrets.get(SECRET_KEY_PREFIX + name);
      if (v === undefined) this.values.delete(name);
      else this.values.set(name, v);
    } catch (err) {
      this.log.error(`Could not read the secret "${name}" from the secret storage:`, err);
    }
  }

  /** The stored value of `name` if loaded, else undefined (synchronous, for variable lookups). */
  get(name: string): string | undefined {
    return this.values.get(name);
  }

  /** Stores `value` under `name` (a valid secret name) and remembers the name for this workspace. */
  async set(name: string, value: string): Promise<void> {
    if (!isSecretName(name)) throw new Error(`"${name}" is not a valid secret name: use letters, digits, _, - or .`);
    await this.context.secrets.store(SECRET_KEY_PREFIX + name, value);
    this.values.set(name, value);
    const names = new Set(this.names());
    names.add(name);
    await this.context.workspaceState.update(SECRET_NAMES_STATE, [...names]);
    this.changed.fire(name);
  }

  /** Deletes the secret `name`. */
  async delete(name: string): Promise<void> {
    await this.context.secrets.delete(SECRET_KEY_PREFIX + name);
    this.values.delete(name);
    await this.context.workspaceState.update(SECRET_NAMES_STATE, this.names().filter((n) => n !== name));
    this.changed.fire(name);
  }

  dispose(): void {
    this.values.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** A 0-based range as command arguments carry it. */
interface RangeArg {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

function isRangeArg(r: unknown): r is RangeArg {
  const x = r as RangeArg | undefined;
  return !!x && typeof x.start?.line === 'number' && typeof x.start?.character === 'number' && typeof x.end?.line === 'number' && typeof x.end?.character === 'number';
}

/** Registers Set / Clear secret and the "Move to secret storage" code-action command. */
export function registerSecretCommands(store: SecretStore, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const setSecret = async (presetName?: string, presetValue?: string): Promise<string | undefined> => {
    const name =
      presetName ??
      (await vscode.window.showInputBox({
        title: 'Reqlint: API key name',
        prompt: 'Name to use in requests as {{$secret name}}',
        placeHolder: 'apiKey',
        validateInput: (v) => (isSecretName(v.trim()) ? null : 'Use 1–100 letters, digits, _, - or .'),
      }))?.trim();
    if (!name) return undefined;
    const value =
      presetValue ??
      (await vscode.window.showInputBox({ title: `Reqlint: value of ${name}`, prompt: 'Stored in the editor\'s secret storage, never in settings or files', password: true, ignoreFocusOut: true }));
    if (value === undefined || value === '') return undefined;
    await store.set(name, value);
    log.info(`Stored the secret "${name}" (value not logged).`);
    return name;
  };

  return [
    vscode.commands.registerCommand(Commands.setSecret, async (name?: unknown, value?: unknown) => {
      try {
        return await setSecret(typeof name === 'string' ? name : undefined, typeof value === 'string' ? value : undefined);
      } catch (err) {
        void vscode.window.showErrorMessage(`Reqlint could not store the secret: ${err instanceof Error ? err.message : String(err)}`);
        return undefined;
      }
    }),
    vscode.commands.registerCommand(Commands.clearSecret, async (name?: unknown) => {
      const pick = typeof name === 'string' ? name : await vscode.window.showQuickPick(store.names(), { title: 'Reqlint: delete which stored API key?' });
      if (!pick) return;
      await store.delete(pick);
      log.info(`Deleted the secret "${pick}".`);
    }),
    vscode.commands.registerCommand(Commands.moveToSecret, async (uriArg?: unknown, rangeArg?: unknown, nameArg?: unknown) => {
      if (typeof uriArg !== 'string' || !isRangeArg(rangeArg)) return false;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uriArg, true));
      if (doc.languageId !== HTTP_LANGUAGE_ID) return false;
      const range = new vscode.Range(rangeArg.start.line, rangeArg.start.character, rangeArg.end.line, rangeArg.end.character);
      const raw = doc.getText(range);
      const scheme = /^(bearer|basic|token|apikey|digest)\s+/i.exec(raw)?.[0] ?? '';
      const secret = raw.slice(scheme.length).trim();
      if (!secret) return false;
      const header = /^\s*([^:\s]+)\s*:/.exec(doc.lineAt(range.start.line).text)?.[1] ?? 'apiKey';
      const suggested = secretNameFor(header, new Set(store.names().filter((n) => store.get(n) !== secret)));
      const name =
        typeof nameArg === 'string'
          ? nameArg
          : (await vscode.window.showInputBox({ title: 'Reqlint: move the credential to secret storage', prompt: 'Secret name', value: suggested, validateInput: (v) => (isSecretName(v.trim()) ? null : 'Use 1–100 letters, digits, _, - or .') }))?.trim();
      if (!name) return false;
      try {
        await store.set(name, secret);
      } catch (err) {
        void vscode.window.showErrorMessage(`Reqlint could not store the secret: ${err instanceof Error ? err.message : String(err)}`);
        return false;
      }
      // The text is replaced only after the value is safely stored: the credential is never lost.
      if (doc.getText(range) !== raw) {
        void vscode.window.showWarningMessage(`The secret "${name}" is stored, but the line changed meanwhile; replace the credential with {{$secret ${name}}} yourself.`);
        return false;
      }
      const edit = new vscode.WorkspaceEdit();
      edit.replace(doc.uri, range, `${scheme}{{$secret ${name}}}`);
      const ok = await vscode.workspace.applyEdit(edit);
      log.info(`Moved a credential at ${vscode.workspace.asRelativePath(doc.uri)}:${range.start.line + 1} to the secret "${name}".`);
      return ok;
    }),
  ];
}
