// Runtime checks at the boundary. The host never trusts what a webview posts (a compromised or
// stale webview could post anything), so every field a handler reads is checked here first.
import {
  CATEGORIES,
  STATUS_FILTERS,
  type Category,
  type HistoryFilter,
  type HostToWebview,
  type RequestKey,
  type SourceRange,
  type StatusFilter,
  type WebviewToHost,
} from './messages';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// Ids and URIs are short in practice; the cap keeps a hostile message from making the host allocate.
const MAX_STRING = 8192;

function isStr(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_STRING;
}

function isIndex(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff;
}

/** True when `v` is a well-formed 0-based range with start not after end. */
export function isSourceRange(v: unknown): v is SourceRange {
  if (!isObj(v) || !isObj(v.start) || !isObj(v.end)) return false;
  const { start, end } = v;
  if (!isIndex(start.line) || !isIndex(start.character) || !isIndex(end.line) || !isIndex(end.character)) return false;
  return start.line < end.line || (start.line === end.line && start.character <= end.character);
}

/** True when `v` is a request key (non-empty URI, non-negative integer index). */
export function isRequestKey(v: unknown): v is RequestKey {
  return isObj(v) && isStr(v.uri) && isIndex(v.index);
}

/** True when `v` is one of the catalogue's categories. */
export function isCategory(v: unknown): v is Category {
  return typeof v === 'string' && (CATEGORIES as readonly string[]).includes(v);
}

function isStatusFilter(v: unknown): v is StatusFilter {
  return typeof v === 'string' && (STATUS_FILTERS as readonly string[]).includes(v);
}

function isHistoryFilter(v: unknown): v is HistoryFilter {
  return isObj(v) && isStatusFilter(v.status) && (v.category === '' || isCategory(v.category));
}

/**
 * Checks a message posted by the webview and returns a clean copy holding only the known
 * fields, or null when it is not a valid `WebviewToHost` message.
 */
export function parseWebviewMessage(raw: unknown): WebviewToHost | null {
  if (!isObj(raw) || typeof raw.type !== 'string') return null;
  switch (raw.type) {
    case 'ready':
      return { type: 'ready' };
    case 'clearHistory':
      return { type: 'clearHistory' };
    case 'send':
      return isRequestKey(raw.key) ? { type: 'send', key: { uri: raw.key.uri, index: raw.key.index } } : null;
    case 'sendAll':
      return isStr(raw.uri) ? { type: 'sendAll', uri: raw.uri } : null;
    case 'cancel':
      if (raw.key === null) return { type: 'cancel', key: null };
      return isRequestKey(raw.key) ? { type: 'cancel', key: { uri: raw.key.uri, index: raw.key.index } } : null;
    case 'retryNow':
    case 'retryWhenAllowed':
    case 'openBodyInEditor':
    case 'saveBody':
    case 'copyCurl':
    case 'copyRequestId':
    case 'rerun':
    case 'selectExchange':
    case 'applyAllFixes':
      return isStr(raw.exchangeId) ? { type: raw.type, exchangeId: raw.exchangeId } : null;
    case 'applyFix':
      return isStr(raw.exchangeId) && isStr(raw.fixId)
        ? { type: 'applyFix', exchangeId: raw.exchangeId, fixId: raw.fixId }
        : null;
    case 'revealRange':
      if (!isStr(raw.uri) || !isSourceRange(raw.range)) return null;
      return {
        type: 'revealRange',
        uri: raw.uri,
        range: {
          start: { line: raw.range.start.line, character: raw.range.start.character },
          end: { line: raw.range.end.line, character: raw.range.end.character },
        },
      };
    case 'filterHistory':
      return isHistoryFilter(raw.filter)
        ? { type: 'filterHistory', filter: { status: raw.filter.status, category: raw.filter.category } }
        : null;
    default:
      return null;
  }
}

const HOST_TYPES: ReadonlySet<string> = new Set<HostToWebview['type']>([
  'state',
  'requests',
  'exchange',
  'history',
  'progress',
  'countdown',
  'fixResult',
  'notice',
]);

/**
 * True when `raw` looks like a host message the webview understands: a known `type` (and, for
 * `state`, the same protocol version). The host is trusted for field shapes; this only filters
 * out foreign messages (other extensions' or stale ones).
 */
export function isHostMessage(raw: unknown, version: number): raw is HostToWebview {
  if (!isObj(raw) || typeof raw.type !== 'string' || !HOST_TYPES.has(raw.type)) return false;
  if (raw.type === 'state') return raw.version === version && isObj(raw.snapshot);
  return true;
}
