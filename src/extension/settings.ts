import * as vscode from 'vscode';
import { editorProxyOptions } from '../core/send/proxy-settings';
import type { RequestOptions } from '../core/send/types';
import { EditorHttpSettings, Settings, settingId } from './ids';

/** When an edited document is linted again. */
export type LintRun = 'onType' | 'onSave';

/** Every Reqlint setting, resolved for one resource (workspace-folder settings win over user settings). */
export interface ReqlintSettings {
  enable: boolean;
  lintRun: LintRun;
  /** Milliseconds, clamped to [0, 5000]. */
  lintDebounceMs: number;
  /** Environment name in http-client.env.json, or null for none. */
  environment: string | null;
  /** Absolute or workspace-relative path of a config file, or null to search upward from each file. */
  configPath: string | null;
  /** Milliseconds, clamped to [1, 600000]. */
  sendTimeoutMs: number;
  /** Proxy URL, or null for a direct connection. */
  sendProxy: string | null;
  /** Proxy options of a sent request: `sendProxy`, else the editor's `http.proxy` / `http.noProxy` / `http.proxyStrictSSL`. */
  sendProxyOptions: Pick<RequestOptions, 'proxy' | 'noProxy' | 'proxyInsecure'>;
}

/** Defaults; package.json `contributes.configuration` declares the same values. */
export const DEFAULT_SETTINGS: Readonly<ReqlintSettings> = Object.freeze({
  enable: true,
  lintRun: 'onType',
  lintDebounceMs: 300,
  environment: null,
  configPath: null,
  sendTimeoutMs: 30000,
  sendProxy: null,
  sendProxyOptions: {},
});

function clamp(n: unknown, lo: number, hi: number, fallback: number): number {
  return typeof n === 'number' && Number.isFinite(n) ? Math.min(hi, Math.max(lo, Math.round(n))) : fallback;
}

function nonEmpty(s: unknown): string | null {
  return typeof s === 'string' && s.trim() !== '' ? s.trim() : null;
}

/** Reads the settings for `scope` (a document URI or folder); malformed values fall back to defaults, never throw. */
export function readSettings(scope?: vscode.ConfigurationScope): ReqlintSettings {
  const c = vscode.workspace.getConfiguration(Settings.section, scope);
  const run = c.get<unknown>(Settings.lintRun);
  return {
    enable: c.get<unknown>(Settings.enable) !== false,
    lintRun: run === 'onSave' ? 'onSave' : 'onType',
    lintDebounceMs: clamp(c.get(Settings.lintDebounceMs), 0, 5000, DEFAULT_SETTINGS.lintDebounceMs),
    environment: nonEmpty(c.get(Settings.environment)),
    configPath: nonEmpty(c.get(Settings.configPath)),
    sendTimeoutMs: clamp(c.get(Settings.sendTimeoutMs), 1, 600000, DEFAULT_SETTINGS.sendTimeoutMs),
    sendProxy: nonEmpty(c.get(Settings.sendProxy)),
    sendProxyOptions: readProxyOptions(nonEmpty(c.get(Settings.sendProxy)), scope),
  };
}

function readProxyOptions(own: string | null, scope?: vscode.ConfigurationScope): Pick<RequestOptions, 'proxy' | 'noProxy' | 'proxyInsecure'> {
  if (own) return { proxy: own };
  const h = vscode.workspace.getConfiguration(EditorHttpSettings.section, scope);
  const noProxy = h.get<unknown>(EditorHttpSettings.noProxy);
  return editorProxyOptions({
    own: null,
    editorProxy: nonEmpty(h.get(EditorHttpSettings.proxy)),
    editorNoProxy: Array.isArray(noProxy) ? noProxy.filter((x): x is string => typeof x === 'string') : [],
    editorStrictSSL: h.get<unknown>(EditorHttpSettings.proxyStrictSSL) !== false,
  });
}

/** True when a configuration change touches any Reqlint setting. */
export function affectsReqlint(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(Settings.section);
}

/** Settings whose workspace values are ignored in an untrusted workspace (package.json `restrictedConfigurations`). */
export const RESTRICTED_SETTINGS: readonly string[] = [
  settingId(Settings.configPath),
  settingId(Settings.sendProxy),
];
