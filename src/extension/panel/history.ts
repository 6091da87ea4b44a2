// The panel's history: the last N exchanges of the workspace, kept in workspace storage. Views are
// stored already masked (see exchange.ts) and with their bodies cut to a small slice, so the
// storage stays small and never holds a secret the view did not show.
import { matchesFilter } from '../../protocol/format';
import type { ExchangeView, HistoryEntry, HistoryFilter, HistoryState } from '../../protocol/messages';

/** Default for `reqlint.history.size`. */
export const DEFAULT_HISTORY_SIZE = 100;
/** Bounds of `reqlint.history.size`. */
export const HISTORY_SIZE_MAX = 1000;
/** Body text kept per stored exchange (the whole body stays reachable only while its temp file exists). */
export const HISTORY_BODY_CHARS = 16 * 1024;
/** workspaceState key of the stored records. */
export const HISTORY_KEY = 'reqlint.panel.history.v1';

/** The part of `vscode.Memento` the store uses (workspaceState satisfies it). */
export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

/** One stored exchange: its (masked) view and the masked cURL line for "Copy as cURL". */
export interface HistoryRecord {
  view: ExchangeView;
  curl: string | null;
}

/** Cuts a view down to what is worth persisting: body text to `HISTORY_BODY_CHARS`, images dropped. */
export function compactForStorage(view: ExchangeView): ExchangeView {
  const b = view.body;
  const text = b.text !== null && b.text.length > HISTORY_BODY_CHARS ? b.text.slice(0, HISTORY_BODY_CHARS) : b.text;
  const cut = text !== b.text || b.imageBase64 !== null;
  const req = view.request;
  return {
    ...view,
    body: {
      ...b,
      text,
      imageBase64: null,
      sliceBytes: cut ? Buffer.byteLength(text ?? '', 'utf8') : b.sliceBytes,
      truncated: b.truncated || cut,
      available: false,
    },
    request: { ...req, body: req.body !== null && req.body.length > HISTORY_BODY_CHARS ? req.body.slice(0, HISTORY_BODY_CHARS) : req.body },
  };
}

function entryOf(v: ExchangeView): HistoryEntry {
  return { id: v.id, key: v.key, requestName: v.requestName, method: v.method, url: v.url, status: v.status, category: v.category, startedAt: v.startedAt, durationMs: v.durationMs };
}

function isRecord(x: unknown): x is HistoryRecord {
  if (!x || typeof x !== 'object') return false;
  const v = (x as { view?: unknown }).view as Partial<ExchangeView> | undefined;
  return !!v && typeof v.id === 'string' && typeof v.category === 'string' && typeof v.startedAt === 'number' && !!v.body && Array.isArray(v.attempts);
}

/** Newest-first, size-capped history over a memento. Bad stored data is dropped, never thrown. */
export class HistoryStore {
  private records: HistoryRecord[];

  constructor(
    private readonly memento: MementoLike,
    private limit = DEFAULT_HISTORY_SIZE,
  ) {
    const raw = memento.get<unknown>(HISTORY_KEY);
    this.records = Array.isArray(raw) ? raw.filter(isRecord) : [];
    this.limit = HistoryStore.clampLimit(limit);
    this.records = this.records.slice(0, this.limit);
  }

  /** A configured size made safe: an integer in [1, HISTORY_SIZE_MAX], default for junk. */
  static clampLimit(n: unknown): number {
    return typeof n === 'number' && Number.isFinite(n) ? Math.min(HISTORY_SIZE_MAX, Math.max(1, Math.round(n))) : DEFAULT_HISTORY_SIZE;
  }

  get size(): number {
    return this.records.length;
  }

  get maxSize(): number {
    return this.limit;
  }

  /** Changes the cap; shrinking drops the oldest records at once. */
  async setLimit(n: number): Promise<void> {
    this.limit = HistoryStore.clampLimit(n);
    if (this.records.length > this.limit) {
      this.records = this.records.slice(0, this.limit);
      await this.save();
    }
  }

  /** Adds (or replaces, by id) a record at the top and persists. */
  async add(record: HistoryRecord): Promise<void> {
    const stored: HistoryRecord = { view: compactForStorage(record.view), curl: record.curl };
    this.records = [stored, ...this.records.filter((r) => r.view.id !== record.view.id)].slice(0, this.limit);
    await this.save();
  }

  /** The stored record with this id, or undefined. */
  get(id: string): HistoryRecord | undefined {
    return this.records.find((r) => r.view.id === id);
  }

  /** The list the panel shows for `filter`. */
  state(filter: HistoryFilter): HistoryState {
    return {
      entries: this.records.filter((r) => matchesFilter(r.view.status, r.view.category, filter)).map((r) => entryOf(r.view)),
      filter,
      total: this.records.length,
      limit: this.limit,
    };
  }

  async clear(): Promise<void> {
    this.records = [];
    await this.save();
  }

  private async save(): Promise<void> {
    await this.memento.update(HISTORY_KEY, this.records);
  }
}
