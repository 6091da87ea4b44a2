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


/** Command ids (contributed in package.json `contributes.commands`). */
export const Commands = {
  /** Lint the active editor's document now and reveal the Problems panel. */
  lintFile: 'reqlint.lintFile',
  /** Reveal the Reqlint output channel. */
  showOutput: 'reqlint.showOutput',
  /** Send the request at the cursor, or the one given as `(uri: string, index: number)` (0-based index). */
  sendRequest: 'reqlint.sendRequest',
  /** Send every request of the active .http file (or of `uri: string`), in order. */
  sendAll: 'reqlint.sendAll',
  /** Pick any request of the workspace's .http/.rest files from a quick pick and send it. */
  pickRequest: 'reqlint.pickRequest',
  /** Cancel every request being sent. */
  cancel: 'reqlint.cancel',
  /** Choose the environment of http-client.env.json used to resolve variables (stored per workspace). */
  selectEnvironment: 'reqlint.selectEnvironment',
  /** Copy the request at the cursor as a cURL command (secrets masked). */
  copyAsCurl: 'reqlint.copyAsCurl',
  /** Insert a cURL command from the clipboard as a request at the cursor. */
  pasteCurl: 'reqlint.pasteCurl',
  /** Store an API key in the editor's secret storage, for `{{$secret name}}`. */
  setSecret: 'reqlint.setSecret',
  /** Delete a stored API key from the editor's secret storage. */
  clearSecret: 'reqlint.clearSecret',
  /** Code-action command: store a literal credential as a secret and replace it with `{{$secret name}}`; args `(uri: string, range: Range 0-based, name: string)`. */
  moveToSecret: 'reqlint.moveToSecret',
  /** Apply every safe Reqlint fix of the active file (the same as the `source.fixAll.reqlint` action). */
  fixAll: 'reqlint.fixAll',
  /** List the OAuth 2.0 tokens held (environment, sign-in, expiry) and sign out of one or all. */
  manageSignIns: 'reqlint.manageSignIns',
} as const;

/** Kind of the fix-all code action (`editor.codeActionsOnSave` accepts it). */
export const FIX_ALL_KIND = 'source.fixAll.reqlint';

/** `source` of the diagnostics that place an error answer's field errors on the request that was sent. */
export const RESPONSE_DIAGNOSTIC_SOURCE = 'reqlint (response)';

/** Name of the response diagnostics' collection. */
export const RESPONSE_DIAGNOSTIC_COLLECTION = 'reqlint-response';

/** Key prefix of API keys in the editor's SecretStorage (`reqlint.secret.<name>`). */
export const SECRET_KEY_PREFIX = 'reqlint.secret.';

/** Key prefix of OAuth 2.0 tokens in the editor's SecretStorage (`reqlint.oauth.<workspace>.<environment>/<name>`). */
export const OAUTH_TOKEN_KEY_PREFIX = 'reqlint.oauth.';

/** workspaceState key of the names of the secrets stored (the values stay in SecretStorage). */
export const SECRET_NAMES_STATE = 'reqlint.secretNames';

/** Files whose change re-lints the open .http documents that use them (JSON bodies, profiles, OpenAPI specs). */
export const DEPENDENCY_FILE_GLOB = '**/*.{json,yaml,yml}';

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

/** The editor's own HTTP settings Reqlint falls back on when its own proxy setting is unset. */
export const EditorHttpSettings = {
  /** The configuration section of the keys below. */
  section: 'http',
  /** string: proxy URL. */
  proxy: 'proxy',
  /** boolean: verify certificates on proxied connections. */
  proxyStrictSSL: 'proxyStrictSSL',
  /** string[]: hosts that skip the proxy. */
  noProxy: 'noProxy',
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
