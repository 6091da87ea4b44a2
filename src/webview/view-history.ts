// The history list: last N exchanges of the workspace, filterable by status class and category,
// each re-runnable; selecting one shows it in the response viewer.
import { CATEGORIES, STATUS_FILTERS, type HistoryFilter, type HistoryState, type StatusFilter, type WebviewToHost } from '../protocol/messages';
import { categoryTone, formatDuration } from '../protocol/format';
import { button, el } from './dom';

/** Short local time of day for a history row. */
function timeOf(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** Builds the history section; `selectedId` marks the exchange on show. */
export function renderHistory(history: HistoryState, selectedId: string | null, post: (m: WebviewToHost) => void): HTMLElement {
  const root = el('section', { className: 'history', testid: 'history', attrs: { 'aria-label': 'History' } });
  const filter = history.filter;
  const send = (f: HistoryFilter): void => post({ type: 'filterHistory', filter: f });

  const statusSel = el('select', { testid: 'history-status-filter', attrs: { 'aria-label': 'Filter by status' } });
  for (const s of STATUS_FILTERS) {
    const o = el('option', {}, s === '' ? 'Any status' : s === 'none' ? 'No answer' : s);
    o.value = s;
    o.selected = s === filter.status;
    statusSel.appendChild(o);
  }
  statusSel.addEventListener('change', () => send({ status: statusSel.value as StatusFilter, category: filter.category }));

  const catSel = el('select', { testid: 'history-category-filter', attrs: { 'aria-label': 'Filter by category' } });
  const any = el('option', {}, 'Any category');
  any.value = '';
  catSel.appendChild(any);
  for (const c of CATEGORIES) {
    const o = el('option', {}, c);
    o.value = c;
    o.selected = c === filter.category;
    catSel.appendChild(o);
  }
  catSel.addEventListener('change', () => send({ status: filter.status, category: catSel.value as HistoryFilter['category'] }));

  const filtered = filter.status !== '' || filter.category !== '';
  root.appendChild(
    el(
      'div',
      { className: 'section-head' },
      el('span', { className: 'count', testid: 'history-count' }, filtered ? `${history.entries.length} of ${history.total}` : `${history.total} of at most ${history.limit}`),
      statusSel,
      catSel,
      button('Clear history', 'clear-all', () => post({ type: 'clearHistory' }), { testid: 'clear-history', iconOnly: true, disabled: history.total === 0 }),
    ),
  );
  if (!history.entries.length) {
    root.appendChild(el('div', { className: 'empty', testid: 'history-empty' }, history.total ? 'No exchange matches the filter.' : 'Sent requests appear here.'));
    return root;
  }
  const list = el('ul', { className: 'history-list', testid: 'history-list', role: 'list' });
  for (const h of history.entries) {
    const tone = categoryTone(h.category);
    const selected = h.id === selectedId;
    const pick = el(
      'button',
      {
        className: 'history-pick',
        type: 'button',
        title: `${h.method} ${h.url}`,
        attrs: { 'aria-current': selected ? 'true' : 'false' },
        onClick: () => post({ type: 'selectExchange', exchangeId: h.id }),
      },
      el('span', { className: `status-badge tone-${tone}` }, h.status === null ? 'ERR' : String(h.status)),
      el('span', { className: 'name' }, h.requestName),
      el('span', { className: 'meta' }, `${h.category} · ${formatDuration(h.durationMs)} · ${timeOf(h.startedAt)}`),
    );
    list.appendChild(
      el(
        'li',
        { className: `history-entry${selected ? ' selected' : ''}`, testid: 'history-entry', role: 'listitem', attrs: { 'data-id': h.id } },
        pick,
        button(`Send ${h.requestName} again`, 'debug-rerun', () => post({ type: 'rerun', exchangeId: h.id }), { testid: 'history-rerun', iconOnly: true, disabled: !h.key }),
      ),
    );
  }
  root.appendChild(list);
  return root;
}
