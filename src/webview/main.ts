// Entry point of the side panel's webview. Holds the panel's state (the host's snapshot plus
// view-only choices), renders each section into its own container, and talks to the host only
// through the typed messages of src/protocol. State is mirrored with getState/setState so the
// view comes back as it was after being hidden, before the host's fresh snapshot arrives.
import { secondsLeft } from '../protocol/format';
import { PROTOCOL_VERSION, type HostToWebview, type PanelSnapshot, type WebviewToHost } from '../protocol/messages';
import { isHostMessage } from '../protocol/validate';
import { clear, el, icon } from './dom';
import { countdownText, renderExchange, TABS, type FixOutcome, type TabId } from './view-exchange';
import { renderHistory } from './view-history';
import { renderRunner } from './view-runner';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** What the webview persists across hide/show. */
interface Persisted {
  v: number;
  snapshot: PanelSnapshot | null;
  tab: TabId;
  fixOutcome: FixOutcome | null;
  open: { runner: boolean; response: boolean; history: boolean };
}

const vscode = acquireVsCodeApi();

function restore(): Persisted {
  const s = vscode.getState() as Partial<Persisted> | undefined;
  const fresh: Persisted = { v: PROTOCOL_VERSION, snapshot: null, tab: 'body', fixOutcome: null, open: { runner: true, response: true, history: true } };
  if (!s || s.v !== PROTOCOL_VERSION) return fresh;
  return {
    v: PROTOCOL_VERSION,
    snapshot: s.snapshot ?? null,
    tab: s.tab && (TABS as readonly string[]).includes(s.tab) ? s.tab : 'body',
    fixOutcome: s.fixOutcome ?? null,
    open: { ...fresh.open, ...(s.open ?? {}) },
  };
}

const state = restore();

function persist(): void {
  vscode.setState(state);
}

function post(msg: WebviewToHost): void {
  vscode.postMessage(msg);
}

// One container per section, so an update of one never rebuilds (and unfocuses) another.
const app = document.getElementById('app') ?? document.body.appendChild(el('div', { attrs: { id: 'app' } }));
const notice = el('div', { className: 'notice', testid: 'notice', role: 'status', attrs: { 'aria-live': 'polite' } });
const runnerBox = el('div', { className: 'section-body' });
const responseBox = el('div', { className: 'section-body' });
const historyBox = el('div', { className: 'section-body' });

function section(key: keyof Persisted['open'], title: string, body: HTMLElement): HTMLElement {
  const toggle = el(
    'button',
    {
      className: 'section-title',
      type: 'button',
      testid: `section-${key}`,
      attrs: { 'aria-expanded': String(state.open[key]) },
      onClick: () => {
        state.open[key] = !state.open[key];
        toggle.setAttribute('aria-expanded', String(state.open[key]));
        toggle.firstElementChild!.className = `codicon codicon-${state.open[key] ? 'chevron-down' : 'chevron-right'}`;
        body.hidden = !state.open[key];
        persist();
      },
    },
    icon(state.open[key] ? 'chevron-down' : 'chevron-right'),
    title,
  );
  body.hidden = !state.open[key];
  return el('div', { className: `section section-${key}` }, toggle, body);
}

app.appendChild(notice);
app.appendChild(section('runner', 'Requests', runnerBox));
app.appendChild(section('response', 'Response', responseBox));
app.appendChild(section('history', 'History', historyBox));

function guard(box: HTMLElement, what: string, fn: () => Node): void {
  try {
    clear(box);
    box.appendChild(fn());
  } catch (err) {
    // A rendering bug must leave a readable panel, not a blank one.
    clear(box);
    box.appendChild(el('div', { className: 'note error' }, icon('error'), ` Could not show the ${what}: ${err instanceof Error ? err.message : String(err)}`));
  }
}

function renderRunnerBox(): void {
  const s = state.snapshot;
  guard(runnerBox, 'requests', () => renderRunner(s?.runner ?? { uri: null, fileLabel: '', environment: null, requests: [] }, s?.progress ?? [], post));
}

function exchangeRunning(s: PanelSnapshot | null): boolean {
  const key = s?.exchange?.key;
  return !!key && !!s?.runner.requests.some((r) => r.running && r.key.uri === key.uri && r.key.index === key.index);
}

function renderResponseBox(): void {
  const s = state.snapshot;
  const ex = s?.exchange ?? null;
  if (!ex) {
    guard(responseBox, 'response', () => el('div', { className: 'empty', testid: 'response-empty' }, 'Send a request to see its answer here.'));
    return;
  }
  const running = exchangeRunning(s);
  guard(responseBox, 'response', () =>
    renderExchange(ex, {
      post,
      tab: state.tab,
      setTab: (t) => {
        state.tab = t;
        persist();
        renderResponseBox();
        responseBox.querySelector<HTMLElement>(`[data-testid="tab-${t}"]`)?.focus();
      },
      countdown: s?.countdown ?? null,
      fixOutcome: state.fixOutcome,
      running,
    }),
  );
}

function renderHistoryBox(): void {
  const s = state.snapshot;
  if (!s) {
    guard(historyBox, 'history', () => el('div', { className: 'empty', testid: 'history-empty' }, 'Sent requests appear here.'));
    return;
  }
  guard(historyBox, 'history', () => renderHistory(s.history, s.exchange?.id ?? null, post));
}

function renderAll(): void {
  renderRunnerBox();
  renderResponseBox();
  renderHistoryBox();
}

let noticeTimer: ReturnType<typeof setTimeout> | undefined;
function showNotice(level: 'info' | 'warning' | 'error', message: string): void {
  clear(notice);
  notice.className = `notice ${level}`;
  notice.appendChild(icon(level === 'info' ? 'info' : level));
  notice.appendChild(document.createTextNode(` ${message}`));
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => {
    clear(notice);
    notice.className = 'notice';
  }, 8000);
}

function emptySnapshot(): PanelSnapshot {
  return {
    runner: { uri: null, fileLabel: '', environment: null, requests: [] },
    exchange: null,
    history: { entries: [], filter: { status: '', category: '' }, total: 0, limit: 100 },
    progress: [],
    countdown: null,
  };
}

function handle(msg: HostToWebview): void {
  const s = (state.snapshot ??= emptySnapshot());
  switch (msg.type) {
    case 'state':
      state.snapshot = msg.snapshot;
      if (state.fixOutcome && state.fixOutcome.exchangeId !== msg.snapshot.exchange?.id) state.fixOutcome = null;
      renderAll();
      break;
    case 'requests': {
      const before = exchangeRunning(s);
      s.runner = msg.runner;
      renderRunnerBox();
      // The response's buttons depend on whether its request is in flight.
      if (exchangeRunning(s) !== before) renderResponseBox();
      break;
    }
    case 'exchange':
      if (msg.select || !s.exchange || s.exchange.id === msg.exchange.id) {
        s.exchange = msg.exchange;
        if (state.fixOutcome?.exchangeId !== msg.exchange.id) state.fixOutcome = null;
        renderResponseBox();
        renderHistoryBox();
      }
      break;
    case 'history':
      s.history = msg.history;
      renderHistoryBox();
      break;
    case 'progress':
      s.progress = msg.progress;
      renderRunnerBox();
      break;
    case 'countdown':
      s.countdown = msg.countdown;
      renderResponseBox();
      break;
    case 'fixResult':
      state.fixOutcome = { exchangeId: msg.exchangeId, fixId: msg.fixId, applied: msg.applied, message: msg.message, canSendAgain: msg.key !== null, remaining: msg.remaining };
      renderResponseBox();
      if (!msg.applied) showNotice('warning', msg.message);
      break;
    case 'notice':
      showNotice(msg.level, msg.message);
      break;
  }
  // Progress and notices are transient; saving the whole state (body slice included) for them is waste.
  if (msg.type !== 'progress' && msg.type !== 'notice') persist();
}

window.addEventListener('message', (ev: MessageEvent) => {
  if (!isHostMessage(ev.data, PROTOCOL_VERSION)) return;
  handle(ev.data);
});

// Countdowns tick here, touching only their own text so focus and scroll stay where they are.
setInterval(() => {
  const now = Date.now();
  document.querySelectorAll<HTMLElement>('[data-testid="countdown"][data-retry-at]').forEach((n) => {
    const text = countdownText(Number(n.dataset.retryAt), now, n.dataset.armed === 'true');
    if (n.textContent !== text) n.textContent = text;
  });
  document.querySelectorAll<HTMLElement>('.progress-text[data-until]').forEach((n) => {
    const text = `${n.dataset.label ?? ''} (${secondsLeft(Number(n.dataset.until), now)} s left)`;
    if (n.textContent !== text) n.textContent = text;
  });
}, 250);

renderAll();
post({ type: 'ready' });
