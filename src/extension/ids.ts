// Every command, view, setting and other contributed id lives here, once. package.json repeats
// them because VS Code reads the manifest; test/unit/package-manifest.test.ts keeps the two in step.

/** The extension's `publisher.name` identifier. */
export const EXTENSION_ID = 'reqlint.reqlint';

/** Name of the LogOutputChannel the extension writes to. */
export const OUTPUT_CHANNEL_NAME = 'Reqlint';

/** `source` of every diagnostic the extension publishes (what the Problems panel shows and filters on). */
export const DIAGNOSTIC_SOURCE = 'reqlint';

/** Name of the diagnostic collection. */
export const DIAGNOSTIC_COLLECTION = 'reqlint';

/** Language id of .http/.rest documents (shared with REST Client and httpYac, which register the same id). */
export const HTTP_LANGUAGE_ID = 'http';

/** Language ids a mapped JSON payload file may have. */
export const JSON_LANGUAGE_IDS: readonly string[] = ['json', 'jsonc'];

/** Workspace file names whose change means every open document must be linted again. */
export const WATCHED_FILE_GLOB = '**/{reqlint.config.json,http-client.env.json,http-client.private.env.json,.env}';

/** Where a rule is documented when the finding carries no API page of its own; `#` + rule id is appended. */
export const RULE_DOCS_BASE = 'https://github.com/reqlint/reqlint/blob/main/docs/rules.md';

/** Command ids (contributed in package.json `contributes.commands`). */
export const Commands = {
  /** Lint the active editor's document now and reveal the Problems panel. */
  lintFile: 'reqlint.lintFile',
  /** Reveal the Reqlint output channel. */
  showOutput: 'reqlint.showOutput',
} as const;

/** Setting keys, relative to the `reqlint` section (contributed in `contributes.configuration`). */
export const Settings = {
  /** The configuration section every key below belongs to. */
  section: 'reqlint',
  /** boolean: lint at all. */
  enable: 'enable',
  /** 'onType' | 'onSave': when an edited document is linted again. */
  lintRun: 'lint.run',
  /** number, milliseconds: quiet time after the last keystroke before linting. */
  lintDebounceMs: 'lint.debounceMs',
  /** string | null: environment of http-client.env.json used to resolve `{{variables}}`. */
  environment: 'environment',
  /** string: path of a reqlint.config.json to use instead of the one found upward from each file. */
  configPath: 'configPath',
  /** number, milliseconds: time-out of one sent request. */
  sendTimeoutMs: 'send.timeoutMs',
  /** string: HTTP(S) proxy URL for sent requests; '' for none. */
  sendProxy: 'send.proxy',
  /** number: exchanges the side panel's history keeps per workspace. */
  historySize: 'history.size',
  /** number, bytes: the most of a response body sent to the side panel; the rest opens from disk. */
  panelBodySliceBytes: 'panel.bodySliceBytes',
} as const;

/** View ids (contributed in package.json `contributes.viewsContainers` and `contributes.views`). */
export const Views = {
  /** The activity-bar container holding the side panel. */
  container: 'reqlint',
  /** The side panel's webview view: request runner and response viewer. */
  panel: 'reqlint.panel',
} as const;

/** Full `reqlint.<key>` id of a setting key from `Settings`. */
export function settingId(key: Exclude<(typeof Settings)[keyof typeof Settings], 'reqlint'>): string {
  return `${Settings.section}.${key}`;
}
