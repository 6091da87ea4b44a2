// The body tab: a folded, searchable JSON tree for JSON under a size limit, a virtualised text
// view for everything else (so a 2 MiB slice or a single 5 MB line never builds a giant DOM),
// images from their base64 slice, and a size line for binaries.
import { escapeToken, formatBytes, isJsonMediaType, isRenderedImageType } from '../protocol/format';
import type { BodySlice } from '../protocol/messages';
import { button, clear, el, icon } from './dom';

/** JSON bodies above this many characters are shown as text, not as a tree (parsing and DOM cost). */
export const PRETTY_LIMIT_CHARS = 1024 * 1024;
/** Characters per visual row of the text view; longer lines continue on the next row. */
export const ROW_CHARS = 400;
/** Children of one JSON container rendered before a "show more" button. */
export const CHILD_CHUNK = 200;
/** Longest string value rendered whole in the tree before a "show all" button. */
const LONG_STRING = 2000;
const MAX_MATCHES = 1000;
const ROW_HEIGHT = 18;

/** A searchable view the body tab hosts. */
interface SearchableView {
  readonly element: HTMLElement;
  /** Runs a search and returns how many matches there are (capped). */
  search(query: string): number;
  /** Moves to the next (+1) or previous (-1) match; returns the 0-based current index or -1. */
  step(delta: 1 | -1): number;
}

function looksJson(slice: BodySlice, text: string): boolean {
  const ct = slice.contentType ?? '';
  if (isJsonMediaType(ct)) return true;
  const t = text.trimStart();
  return t.startsWith('{') || t.startsWith('[');
}

/** Builds the body tab's content for a body slice; `onSave` is offered for binaries. */
export function renderBody(slice: BodySlice, onSave: (() => void) | null): HTMLElement {
  const wrap = el('div', { className: 'body-view', testid: 'body-view' });
  if (slice.problem) wrap.appendChild(el('div', { className: 'note warning', testid: 'body-problem' }, icon('warning'), ' ', slice.problem));
  if (slice.truncated) {
    wrap.appendChild(
      el(
        'div',
        { className: 'note', testid: 'body-truncated' },
        icon('info'),
        ` Showing the first ${formatBytes(slice.sliceBytes)} of ${formatBytes(slice.totalBytes)}.`,
        slice.available ? ' Open the body in the editor to see all of it.' : ' The rest is no longer available.',
      ),
    );
  }
  if (slice.totalBytes === 0) {
    wrap.appendChild(el('div', { className: 'empty', testid: 'body-empty' }, 'No body.'));
    return wrap;
  }
  if (slice.isImage && slice.imageBase64 && isRenderedImageType(slice.contentType)) {
    const img = el('img', { className: 'body-image', testid: 'body-image', attrs: { alt: `Image body, ${slice.contentType}, ${formatBytes(slice.totalBytes)}` } });
    img.src = `data:${slice.contentType};base64,${slice.imageBase64}`;
    wrap.appendChild(el('div', { className: 'meta' }, `${slice.contentType}, ${formatBytes(slice.totalBytes)}`));
    wrap.appendChild(img);
    return wrap;
  }
  if (slice.isBinary || slice.text === null) {
    wrap.appendChild(
      el(
        'div',
        { className: 'binary', testid: 'body-binary' },
        icon('file-binary'),
        ` Binary body, ${formatBytes(slice.totalBytes)}${slice.contentType ? ` (${slice.contentType})` : ''}. `,
        onSave ? button('Save body', 'save', onSave, { testid: 'save-body-binary' }) : null,
      ),
    );
    return wrap;
  }

  const text = slice.text;
  let view: SearchableView;
  let parsed: { ok: true; value: unknown } | { ok: false } = { ok: false };
  if (!slice.truncated && text.length <= PRETTY_LIMIT_CHARS && looksJson(slice, text)) {
    try {
      parsed = { ok: true, value: JSON.parse(text) as unknown };
    } catch {
      parsed = { ok: false };
    }
  }
  const host = el('div', { className: 'body-host' });
  const count = el('span', { className: 'search-count', testid: 'body-search-count', attrs: { 'aria-live': 'polite' } });
  const input = el('input', { className: 'search', testid: 'body-search', attrs: { type: 'search', placeholder: 'Search body', 'aria-label': 'Search body' } });
  let mode: 'tree' | 'raw' = parsed.ok ? 'tree' : 'raw';
  const makeView = (): SearchableView => {
    if (parsed.ok && mode === 'tree') return new JsonTree(parsed.value);
    const shown = parsed.ok ? JSON.stringify(parsed.value, null, 2) : text;
    return new VirtualText(shown);
  };
  view = makeView();
  host.appendChild(view.element);

  let timer: ReturnType<typeof setTimeout> | undefined;
  const runSearch = (): void => {
    const q = input.value;
    const n = view.search(q);
    count.textContent = q ? (n ? `1 of ${n >= MAX_MATCHES ? `${MAX_MATCHES}+` : n}` : 'No matches') : '';
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 120);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key !== 'Enter') return;
    ev.preventDefault();
    const i = view.step(ev.shiftKey ? -1 : 1);
    const total = count.textContent?.split(' of ')[1];
    if (i >= 0 && total) count.textContent = `${i + 1} of ${total}`;
  });
  const toolbar = el('div', { className: 'body-toolbar' }, icon('search'), input, count);
  if (parsed.ok) {
    const toggle = button('Raw', 'json', () => {
      mode = mode === 'tree' ? 'raw' : 'tree';
      toggle.querySelector('.btn-label')!.textContent = mode === 'tree' ? 'Raw' : 'Tree';
      toggle.setAttribute('aria-pressed', String(mode === 'raw'));
      view = makeView();
      clear(host);
      host.appendChild(view.element);
      if (input.value) runSearch();
    }, { secondary: true, testid: 'body-mode', title: 'Switch between the folded tree and the raw text' });
    toggle.setAttribute('aria-pressed', 'false');
    toolbar.appendChild(toggle);
  }
  wrap.appendChild(toolbar);
  wrap.appendChild(host);
  return wrap;
}

/** A folded JSON tree; containers render their children only when expanded. */
export class JsonTree implements SearchableView {
  readonly element: HTMLElement;
  private readonly expanded = new Set<string>(['']);
  /** Per container, which chunks of CHILD_CHUNK children are rendered (a search opens the chunk of its match only). */
  private readonly chunks = new Map<string, Set<number>>();
  private matches: string[] = [];
  private matchSet = new Set<string>();
  private current = -1;

  constructor(private readonly value: unknown) {
    this.element = el('div', { className: 'json-tree', testid: 'json-tree', role: 'group', attrs: { 'aria-label': 'JSON body' } });
    // Small answers open fully (to a few levels) so they read at a glance; big ones open one level.
    const small = countNodes(value, 300) < 300;
    const open = (v: unknown, path: string, depth: number): void => {
      if (!v || typeof v !== 'object' || depth > (small ? 4 : 1)) return;
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      if (path !== '' && entries.length > 50) return;
      this.expanded.add(path);
      for (const [k, x] of entries) open(x, `${path}/${escapeToken(k)}`, depth + 1);
    };
    open(value, '', 0);
    this.render();
  }

  private render(): void {
    clear(this.element);
    this.element.appendChild(this.node('', null, this.value, 0));
  }

  private toggle(path: string): void {
    if (this.expanded.has(path)) this.expanded.delete(path);
    else this.expanded.add(path);
    this.render();
    const row = this.element.querySelector<HTMLElement>(`[data-path="${cssEscape(path)}"] > .jrow button.toggle`);
    row?.focus();
  }

  private node(path: string, key: string | null, value: unknown, depth: number, index: number | null = null): HTMLElement {
    const item = el('div', { className: 'jnode', attrs: { 'data-path': path } });
    const row = el('div', { className: 'jrow' });
    row.style.paddingLeft = `${depth * 14}px`;
    if (this.matchSet.has(path)) row.classList.add('match');
    if (this.current >= 0 && this.matches[this.current] === path) row.classList.add('match-current');
    item.appendChild(row);
    const keyNode =
      key !== null
        ? el('span', { className: 'jkey' }, JSON.stringify(key), el('span', { className: 'jpunct' }, ': '))
        : index !== null
          ? el('span', { className: 'jindex' }, String(index), el('span', { className: 'jpunct' }, ': '))
          : null;
    if (value !== null && typeof value === 'object') {
      const isArr = Array.isArray(value);
      const entries: Array<[string, unknown]> = isArr ? (value as unknown[]).map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
      const open = this.expanded.has(path) && entries.length > 0;
      const summary = isArr ? `${entries.length} item${entries.length === 1 ? '' : 's'}` : `${entries.length} key${entries.length === 1 ? '' : 's'}`;
      if (entries.length) {
        const t = el('button', {
          className: 'toggle',
          type: 'button',
          attrs: { 'aria-expanded': String(open), 'aria-label': `${open ? 'Fold' : 'Unfold'} ${key ?? 'root'} (${summary})` },
          onClick: () => this.toggle(path),
        });
        t.appendChild(icon(open ? 'chevron-down' : 'chevron-right'));
        row.appendChild(t);
      } else {
        row.appendChild(el('span', { className: 'toggle-space' }));
      }
      if (keyNode) row.appendChild(keyNode);
      row.appendChild(el('span', { className: 'jpunct' }, isArr ? '[' : '{'));
      if (!open) {
        if (entries.length) row.appendChild(el('span', { className: 'jsummary' }, ` ${summary} `));
        row.appendChild(el('span', { className: 'jpunct' }, isArr ? ']' : '}'));
        return item;
      }
      const visible = [...(this.chunks.get(path) ?? new Set([0]))].sort((a, b) => a - b);
      let next = 0;
      for (const ci of visible) {
        const from = ci * CHILD_CHUNK;
        if (from >= entries.length) continue;
        if (from > next) item.appendChild(this.gapRow(path, depth, next, from));
        const to = Math.min(from + CHILD_CHUNK, entries.length);
        for (let k = from; k < to; k++) item.appendChild(this.node(`${path}/${escapeToken(entries[k][0])}`, isArr ? null : entries[k][0], entries[k][1], depth + 1, isArr ? k : null));
        next = to;
      }
      if (next < entries.length) item.appendChild(this.gapRow(path, depth, next, entries.length));
      const close = el('div', { className: 'jrow' }, el('span', { className: 'toggle-space' }), el('span', { className: 'jpunct' }, isArr ? ']' : '}'));
      close.style.paddingLeft = `${depth * 14}px`;
      item.appendChild(close);
      return item;
    }
    row.appendChild(el('span', { className: 'toggle-space' }));
    if (keyNode) row.appendChild(keyNode);
    const kind = value === null ? 'null' : typeof value;
    const full = kind === 'string' ? JSON.stringify(value) : String(value);
    const span = el('span', { className: `jval j-${kind}` }, full.length > LONG_STRING ? full.slice(0, LONG_STRING) : full);
    row.appendChild(span);
    if (full.length > LONG_STRING) {
      const more = button(`Show all ${formatBytes(full.length)}`, null, () => {
        span.textContent = full;
        more.remove();
      }, { secondary: true });
      row.appendChild(more);
    }
    return item;
  }

  /** A row standing for hidden children [from, to); its button renders the next chunk of them. */
  private gapRow(path: string, depth: number, from: number, to: number): HTMLElement {
    const row = el('div', { className: 'jrow' });
    row.style.paddingLeft = `${(depth + 1) * 14}px`;
    const n = to - from;
    row.appendChild(
      button(`Show ${Math.min(CHILD_CHUNK, n)} more of ${n} hidden (from #${from})`, 'ellipsis', () => {
        const set = this.chunks.get(path) ?? new Set([0]);
        set.add(Math.floor(from / CHILD_CHUNK));
        this.chunks.set(path, set);
        this.render();
      }, { secondary: true }),
    );
    return row;
  }

  search(query: string): number {
    const q = query.trim().toLowerCase();
    this.matches = [];
    this.current = -1;
    if (q) {
      // Iterative walk: a deeply nested answer must not blow the stack. Each entry carries its chain of
      // (container, position) so a match can open exactly the chunks that lead to it.
      type Chain = { parent: string; pos: number; up: Chain | null } | null;
      const stack: Array<[string, string | null, unknown, Chain]> = [['', null, this.value, null]];
      const chains: Chain[] = [];
      let visited = 0;
      while (stack.length && this.matches.length < MAX_MATCHES && visited++ < 500_000) {
        const [path, key, v, chain] = stack.pop()!;
        let hit = key !== null && key.toLowerCase().includes(q);
        if (v !== null && typeof v === 'object') {
          const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
          for (let i = entries.length - 1; i >= 0; i--) {
            stack.push([`${path}/${escapeToken(entries[i][0])}`, Array.isArray(v) ? null : entries[i][0], entries[i][1], { parent: path, pos: i, up: chain }]);
          }
        } else if (!hit) {
          hit = String(v).toLowerCase().includes(q);
        }
        if (hit) {
          this.matches.push(path);
          chains.push(chain);
        }
      }
      // Unfold every ancestor of a match, and render the chunk of children that holds it.
      for (const chain of chains) {
        for (let c = chain; c; c = c.up) {
          this.expanded.add(c.parent);
          const set = this.chunks.get(c.parent) ?? new Set([0]);
          set.add(Math.floor(c.pos / CHILD_CHUNK));
          this.chunks.set(c.parent, set);
        }
      }
      if (this.matches.length) this.current = 0;
    }
    this.matchSet = new Set(this.matches);
    this.render();
    this.scrollToCurrent();
    return this.matches.length;
  }

  step(delta: 1 | -1): number {
    if (!this.matches.length) return -1;
    this.current = (this.current + delta + this.matches.length) % this.matches.length;
    this.render();
    this.scrollToCurrent();
    return this.current;
  }

  private scrollToCurrent(): void {
    const row = this.element.querySelector<HTMLElement>('.match-current');
    row?.scrollIntoView({ block: 'nearest' });
  }
}

/** Counts values in `v`, stopping once `cap` is reached. */
function countNodes(v: unknown, cap: number): number {
  let n = 0;
  const stack: unknown[] = [v];
  while (stack.length && n < cap) {
    const x = stack.pop();
    n++;
    if (x && typeof x === 'object') for (const c of Array.isArray(x) ? x : Object.values(x)) stack.push(c);
  }
  return n;
}

function cssEscape(s: string): string {
  return typeof CSS !== 'undefined' && CSS.escape ? CSS.escape(s) : s.replace(/["\\]/g, '\\$&');
}

/**
 * Splits text into visual rows of at most `rowChars` characters, breaking at line ends too.
 * Returns the start offset of each row (the row ends at the next start, minus its line break).
 */
export function splitRows(text: string, rowChars = ROW_CHARS): { starts: number[]; ends: number[] } {
  const starts: number[] = [];
  const ends: number[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let nl = text.indexOf('\n', i);
    if (nl < 0) nl = n;
    const lineEnd = nl > i && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    let s = i;
    do {
      const e = Math.min(s + rowChars, lineEnd);
      starts.push(s);
      ends.push(e);
      s = e;
    } while (s < lineEnd);
    if (nl >= n) break;
    i = nl + 1;
  }
  return { starts, ends };
}

/** A text view that keeps only the rows in sight in the DOM. */
export class VirtualText implements SearchableView {
  readonly element: HTMLElement;
  private readonly inner: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly starts: number[];
  private readonly ends: number[];
  private matches: number[] = [];
  private queryLen = 0;
  private current = -1;
  private frame = 0;

  constructor(private readonly text: string) {
    ({ starts: this.starts, ends: this.ends } = splitRows(text));
    this.element = el('div', { className: 'vtext', testid: 'text-body', tabIndex: 0, role: 'document', attrs: { 'aria-label': 'Response body text' } });
    this.inner = el('div', { className: 'vtext-inner' });
    this.viewport = el('div', { className: 'vtext-rows' });
    this.inner.appendChild(this.viewport);
    this.element.appendChild(this.inner);
    this.inner.style.height = `${this.starts.length * ROW_HEIGHT}px`;
    this.element.style.height = `${Math.min(this.starts.length * ROW_HEIGHT + 16, 480)}px`;
    this.element.addEventListener('scroll', () => {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.paint();
      });
    });
    this.paint();
  }

  /** Number of visual rows (tests read it). */
  get rowCount(): number {
    return this.starts.length;
  }

  private rowOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private paint(): void {
    const height = this.element.clientHeight || 480;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW_HEIGHT) - 10);
    const last = Math.min(this.starts.length, first + Math.ceil(height / ROW_HEIGHT) + 20);
    clear(this.viewport);
    this.viewport.style.transform = `translateY(${first * ROW_HEIGHT}px)`;
    const cur = this.current >= 0 ? this.matches[this.current] : -1;
    for (let r = first; r < last; r++) {
      const s = this.starts[r];
      const e = this.ends[r];
      const row = el('div', { className: 'vtext-row' });
      // Highlight matches that start in this row (a match across a row break is marked where it starts).
      let pos = s;
      if (this.queryLen && this.matches.length) {
        let mi = lowerBound(this.matches, s);
        while (mi < this.matches.length && this.matches[mi] < e) {
          const m = this.matches[mi];
          if (m > pos) row.appendChild(document.createTextNode(this.text.slice(pos, m)));
          const mEnd = Math.min(m + this.queryLen, e);
          row.appendChild(el('mark', { className: m === cur ? 'match-current' : 'match' }, this.text.slice(m, mEnd)));
          pos = mEnd;
          mi++;
        }
      }
      if (pos < e) row.appendChild(document.createTextNode(this.text.slice(pos, e)));
      if (s === e) row.appendChild(document.createTextNode(' '));
      this.viewport.appendChild(row);
    }
  }

  search(query: string): number {
    this.matches = [];
    this.current = -1;
    this.queryLen = query.length;
    if (query) {
      const hay = this.text.toLowerCase();
      const q = query.toLowerCase();
      let i = hay.indexOf(q);
      while (i >= 0 && this.matches.length < MAX_MATCHES) {
        this.matches.push(i);
        i = hay.indexOf(q, i + Math.max(1, q.length));
      }
      if (this.matches.length) this.current = 0;
    }
    this.reveal();
    return this.matches.length;
  }

  step(delta: 1 | -1): number {
    if (!this.matches.length) return -1;
    this.current = (this.current + delta + this.matches.length) % this.matches.length;
    this.reveal();
    return this.current;
  }

  private reveal(): void {
    if (this.current >= 0) {
      const row = this.rowOf(this.matches[this.current]);
      const top = row * ROW_HEIGHT;
      const h = this.element.clientHeight || 480;
      if (top < this.element.scrollTop || top > this.element.scrollTop + h - ROW_HEIGHT) this.element.scrollTop = Math.max(0, top - h / 3);
    }
    this.paint();
    // A match far along a long row needs a sideways scroll too.
    const mark = this.viewport.querySelector<HTMLElement>('mark.match-current');
    if (mark) {
      const box = this.element.getBoundingClientRect();
      const m = mark.getBoundingClientRect();
      if (m.right > box.right || m.left < box.left) this.element.scrollLeft += m.left - box.left - box.width / 3;
    }
  }
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
