// The typed messages between the extension host and the side panel's webview. Both sides import
// this file and nothing else of each other, so everything here is plain data: no classes, no
// functions in payloads, nothing that `postMessage` cannot clone. Ranges are 0-based like LSP.

/** Bumped when a message changes shape incompatibly; the webview refuses a different version. */
export const PROTOCOL_VERSION = 1;

/** Response categories, exactly the list of the public rule catalogue. */
export const CATEGORIES = [
  'validation',
  'invalid-json',
  'authentication',
  'permission',
  'plan-limit',
  'not-found',
  'conflict',
  'payload-too-large',
  'https-required',
  'rate-limited',
  'server',
  'unavailable',
  'redirect',
  'network',
  'success',
  'partial-success',
] as const;

/** One response category of the public catalogue. */
export type Category = (typeof CATEGORIES)[number];

/** A 0-based line/character position (UTF-16), like LSP. */
export interface SourcePosition {
  line: number;
  character: number;
}

/** A half-open 0-based range, like LSP. */
export interface SourceRange {
  start: SourcePosition;
  end: SourcePosition;
}

/** A range in a document named by its URI string (`file:///…`, `untitled:…`). */
export interface SourceLocation {
  uri: string;
  range: SourceRange;
}

/** Identifies one request of one file: the document URI and the request's 0-based index in it. */
export interface RequestKey {
  uri: string;
  index: number;
}

/** One request of the active file as the runner lists it. */
export interface RunnerRequest {
  key: RequestKey;
  /** `@name`, else the `###` title, else `#<1-based index>`. */
  name: string;
  method: string;
  /** URL with variables resolved where known and secret values masked. */
  url: string;
  /** Where the request is written, for "go to request". */
  range: SourceRange;
  /** Status of the last answer in this session, null before any (or after a network failure). */
  lastStatus: number | null;
  lastCategory: Category | null;
  running: boolean;
}

/** What the runner shows: the active file's requests and the environment in use. */
export interface RunnerState {
  /** URI of the active .http/.rest document, null when none is active. */
  uri: string | null;
  /** Short label of the file (workspace-relative path). */
  fileLabel: string;
  /** Selected environment name, null for none. */
  environment: string | null;
  requests: RunnerRequest[];
}

/** One try of a request: its answer (or transport error) and the wait that preceded it. */
export interface AttemptView {
  /** 1-based. */
  number: number;
  status: number | null;
  /** Transport error message when no answer arrived. */
  error: string | null;
  durationMs: number;
  /** Milliseconds waited before this attempt (0 for the first). */
  waitBeforeMs: number;
  /** Why this attempt was made after the previous one ("429 Retry-After 1 s"), null for the first. */
  reason: string | null;
}

/** Phases of the final attempt in milliseconds; null when not measured (reused connection, plain HTTP). */
export interface TimingsView {
  dnsMs: number | null;
  connectMs: number | null;
  tlsMs: number | null;
  firstByteMs: number | null;
  downloadMs: number | null;
  totalMs: number;
  reusedConnection: boolean;
}

/** One header line, in order, names as received. */
export interface HeaderLine {
  name: string;
  value: string;
}

/** The part of a response body the panel may show; the rest stays on disk with the host. */
export interface BodySlice {
  /** UTF-8 text of the first `sliceBytes` bytes; null for binary bodies. */
  text: string | null;
  /** Base64 of a whole image body (only when `isImage` and it fits the slice), else null. */
  imageBase64: string | null;
  /** Decoded size of the whole body in bytes. */
  totalBytes: number;
  /** Bytes represented by `text` / `imageBase64`. */
  sliceBytes: number;
  /** True when `sliceBytes < totalBytes`. */
  truncated: boolean;
  /** The response's media type without parameters (`application/json`), null when absent. */
  contentType: string | null;
  isBinary: boolean;
  isImage: boolean;
  /** True when the host still has the whole body (open in editor / save work). */
  available: boolean;
  /** Why the body is incomplete on the wire (decoding failed, connection lost), else null. */
  problem: string | null;
}

/** A field error of the answer, with the place in the request source it points at when found. */
export interface FieldErrorView {
  /** JSON Pointer into the request body (`/conversion_value/currency`); '' for the whole body. */
  pointer: string;
  message: string;
  location: SourceLocation | null;
}

/** One item's error in a bulk answer. */
export interface ItemErrorView {
  /** 0-based index in the submitted array. */
  index: number;
  /** Pointer inside the item (`/size_inches`), null when the answer names no field. */
  pointer: string | null;
  message: string;
  /** Where the item (or its field) is written in the request source, when found. */
  location: SourceLocation | null;
}

/** Item counts of a bulk answer, when the answer states them (or they can be counted). */
export interface ItemCounts {
  submitted: number | null;
  succeeded: number | null;
  failed: number;
}

/** The classification card: the public classification model plus what the panel adds. */
export interface ClassificationView {
  category: Category;
  retryable: boolean;
  /** Milliseconds to wait from `receivedAt` before retrying; null when not retryable or unknown. */
  retryAfterMs: number | null;
  code: string | null;
  message: string;
  advice: string;
  requestId: string | null;
  profile: string | null;
  /** Link to the documented section (http/https only; anything else is never rendered as a link). */
  docsUrl: string | null;
  fieldErrors: FieldErrorView[];
  itemErrors: ItemErrorView[];
  itemCounts: ItemCounts | null;
  /** What to check when the answer names no field and no fix applies; null otherwise. */
  checkHint: string | null;
}

/** A repair offered from the answer; the host owns the edits, the panel only shows the title. */
export interface FixOffer {
  /** Opaque id, unique within its exchange. */
  id: string;
  title: string;
  /** One line on what the edit does, for the button's tooltip. */
  detail: string | null;
}

/** A followed (or returned) 3xx hop. */
export interface RedirectHopView {
  status: number;
  method: string;
  url: string;
  location: string;
}

/** The request as it went on the wire, secrets masked. */
export interface RequestSentView {
  method: string;
  url: string;
  headers: HeaderLine[];
  /** Text of the body (sliced like response bodies), null for none or binary. */
  body: string | null;
  /** Short description when the body is not text (`file report.pdf, 1.2 MB`), else null. */
  bodyNote: string | null;
}

/** One request/answer pair as the response viewer shows it. */
export interface ExchangeView {
  /** Unique id of the exchange (history entries keep it). */
  id: string;
  /** The request it came from, null for a request that no longer maps to a file. */
  key: RequestKey | null;
  requestName: string;
  method: string;
  /** Final URL, secrets masked. */
  url: string;
  /** Epoch milliseconds when the first attempt started. */
  startedAt: number;
  /** Epoch milliseconds when the final answer arrived (countdowns run from here). */
  receivedAt: number;
  /** Final status, null when no answer arrived. */
  status: number | null;
  statusText: string;
  category: Category;
  durationMs: number;
  /** Decoded size of the response body in bytes. */
  sizeBytes: number;
  /** Transport error message when no answer arrived, else null. */
  error: string | null;
  attempts: AttemptView[];
  classification: ClassificationView | null;
  fixes: FixOffer[];
  body: BodySlice;
  headers: HeaderLine[];
  timings: TimingsView | null;
  request: RequestSentView;
  redirects: RedirectHopView[];
}

/** A history list row (the full exchange is fetched on selection). */
export interface HistoryEntry {
  id: string;
  key: RequestKey | null;
  requestName: string;
  method: string;
  url: string;
  status: number | null;
  category: Category;
  startedAt: number;
  durationMs: number;
}

/** Status classes the history can be filtered by; '' is every status. */
export const STATUS_FILTERS = ['', '2xx', '3xx', '4xx', '5xx', 'none'] as const;

/** A status class filter value ('none' = no answer arrived). */
export type StatusFilter = (typeof STATUS_FILTERS)[number];

/** History filter: by status class and/or category ('' means any). */
export interface HistoryFilter {
  status: StatusFilter;
  category: Category | '';
}

/** The history list after filtering, newest first. */
export interface HistoryState {
  entries: HistoryEntry[];
  filter: HistoryFilter;
  /** Entries stored before filtering. */
  total: number;
  /** Configured maximum kept per workspace. */
  limit: number;
}

/** A request in flight or waiting. */
export interface ProgressItem {
  key: RequestKey;
  requestName: string;
  phase: 'sending' | 'waiting' | 'retrying';
  /** 1-based attempt in progress. */
  attempt: number;
  /** Epoch ms at which a wait ends (phase `waiting`), else null. */
  until: number | null;
  message: string;
}

/** A pending `Retry-After` for an exchange; `armed` when the host will resend by itself at `retryAt`. */
export interface CountdownState {
  exchangeId: string;
  /** Epoch milliseconds from which a retry is allowed. */
  retryAt: number;
  armed: boolean;
}

/** The host's whole copy of the panel: sent on `ready` and whenever the view is shown again. */
export interface PanelSnapshot {
  runner: RunnerState;
  /** The exchange being shown, null before any. */
  exchange: ExchangeView | null;
  history: HistoryState;
  progress: ProgressItem[];
  countdown: CountdownState | null;
}

/** Messages from the extension host to the webview. */
export type HostToWebview =
  | { type: 'state'; version: number; snapshot: PanelSnapshot }
  | { type: 'requests'; runner: RunnerState }
  /** A new or re-opened exchange; `select` shows it at once. */
  | { type: 'exchange'; exchange: ExchangeView; select: boolean }
  | { type: 'history'; history: HistoryState }
  | { type: 'progress'; progress: ProgressItem[] }
  | { type: 'countdown'; countdown: CountdownState | null }
  /**
   * A fix (or, with `fixId` `'all'`, every fix) was applied or failed; on success the panel offers
   * "Send again" for `key`. `remaining`: ids of the exchange's fixes that still apply to the edited text.
   */
  | { type: 'fixResult'; exchangeId: string; fixId: string; applied: boolean; message: string; key: RequestKey | null; remaining: string[] }
  | { type: 'notice'; level: 'info' | 'warning' | 'error'; message: string };

/** Messages from the webview to the extension host. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'send'; key: RequestKey }
  | { type: 'sendAll'; uri: string }
  /** Cancel one request, or every running request when `key` is null. */
  | { type: 'cancel'; key: RequestKey | null }
  | { type: 'retryNow'; exchangeId: string }
  | { type: 'retryWhenAllowed'; exchangeId: string }
  | { type: 'revealRange'; uri: string; range: SourceRange }
  | { type: 'openBodyInEditor'; exchangeId: string }
  | { type: 'saveBody'; exchangeId: string }
  | { type: 'copyCurl'; exchangeId: string }
  | { type: 'copyRequestId'; exchangeId: string }
  | { type: 'applyFix'; exchangeId: string; fixId: string }
  /** Apply every fix of the exchange that still applies, in one edit. */
  | { type: 'applyAllFixes'; exchangeId: string }
  | { type: 'filterHistory'; filter: HistoryFilter }
  | { type: 'clearHistory' }
  | { type: 'rerun'; exchangeId: string }
  /** Show a history entry in the response viewer. */
  | { type: 'selectExchange'; exchangeId: string };

/** The `type` of any webview→host message. */
export type WebviewMessageType = WebviewToHost['type'];
/** The `type` of any host→webview message. */
export type HostMessageType = HostToWebview['type'];
