// The runner: the active file's requests with their last status, send / send all / cancel.
import { categoryTone, secondsLeft } from '../protocol/format';
import type { ProgressItem, RunnerRequest, RunnerState, WebviewToHost } from '../protocol/messages';
import { button, el, icon } from './dom';

/** Builds the runner section. */
export function renderRunner(runner: RunnerState, progress: ProgressItem[], post: (m: WebviewToHost) => void): HTMLElement {
  const root = el('section', { className: 'runner', testid: 'runner', attrs: { 'aria-label': 'Requests' } });
  const anyRunning = runner.requests.some((r) => r.running) || progress.length > 0;
  const head = el(
    'div',
    { className: 'section-head' },
    el('span', { className: 'file-label', testid: 'runner-file', title: runner.fileLabel }, icon('file'), ' ', runner.uri ? runner.fileLabel : 'No request file'),
    el('span', { className: 'chip env', testid: 'environment', title: 'Environment used to resolve {{variables}}' }, icon('globe'), ' ', runner.environment ?? 'no environment'),
  );
  root.appendChild(head);
  if (!runner.uri) {
    root.appendChild(el('div', { className: 'empty', testid: 'runner-empty' }, 'Open a .http or .rest file to list its requests here.'));
    return root;
  }
  const uri = runner.uri;
  root.appendChild(
    el(
      'div',
      { className: 'actions', role: 'toolbar', attrs: { 'aria-label': 'Runner actions' } },
      button('Send all', 'run-all', () => post({ type: 'sendAll', uri }), { testid: 'send-all', disabled: !runner.requests.length || anyRunning }),
      button('Cancel', 'debug-stop', () => post({ type: 'cancel', key: null }), { testid: 'cancel-all', secondary: true, disabled: !anyRunning }),
    ),
  );
  for (const p of progress) {
    root.appendChild(el('div', { className: 'progress', testid: 'progress', role: 'status' }, icon('loading', 'codicon-modifier-spin'), ' ', el('span', { className: 'progress-text', attrs: p.phase === 'waiting' && p.until !== null ? { 'data-until': String(p.until), 'data-label': `${p.requestName}: ${p.message}` } : {} }, countdownTextFor(p, Date.now()))));
  }
  if (!runner.requests.length) {
    root.appendChild(el('div', { className: 'empty' }, 'This file has no requests yet.'));
    return root;
  }
  const list = el('ul', { className: 'request-list', testid: 'runner-list', role: 'list' });
  for (const r of runner.requests) list.appendChild(renderRequest(uri, r, post));
  root.appendChild(list);
  return root;
}

function renderRequest(uri: string, r: RunnerRequest, post: (m: WebviewToHost) => void): HTMLElement {
  const tone = r.lastCategory ? categoryTone(r.lastCategory) : 'none';
  const status = r.running
    ? el('span', { className: 'status-badge tone-none', testid: 'last-status', title: 'Sending' }, icon('loading', 'codicon-modifier-spin'))
    : r.lastCategory
      ? el('span', { className: `status-badge tone-${tone}`, testid: 'last-status', title: r.lastCategory }, r.lastStatus === null ? 'ERR' : String(r.lastStatus))
      : el('span', { className: 'status-badge tone-none', testid: 'last-status', title: 'Not sent yet' }, '—');
  const name = el(
    'button',
    {
      className: 'request-name link-like',
      type: 'button',
      title: `Go to ${r.name} in the editor`,
      onClick: () => post({ type: 'revealRange', uri, range: r.range }),
    },
    el('span', { className: `method m-${r.method.toLowerCase().replace(/[^a-z]/g, '')}` }, r.method),
    ' ',
    el('span', { className: 'name' }, r.name),
  );
  const action = r.running
    ? button(`Cancel ${r.name}`, 'debug-stop', () => post({ type: 'cancel', key: r.key }), { testid: 'cancel-request', iconOnly: true })
    : button(`Send ${r.name}`, 'play', () => post({ type: 'send', key: r.key }), { testid: 'send-request', iconOnly: true });
  return el(
    'li',
    { className: 'request-row', testid: 'runner-request', role: 'listitem', attrs: { 'data-index': String(r.key.index) } },
    el('div', { className: 'row-main' }, status, name, action),
    el('div', { className: 'url', title: r.url }, r.url),
  );
}

/** Text of a progress line; a wait shows its live remaining seconds. */
export function countdownTextFor(p: ProgressItem, now: number): string {
  if (p.phase === 'waiting' && p.until !== null) return `${p.requestName}: ${p.message} (${secondsLeft(p.until, now)} s left)`;
  return `${p.requestName}: ${p.message}`;
}
