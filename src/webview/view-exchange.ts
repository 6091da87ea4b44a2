// The response viewer for one exchange: status line, attempts, classification card (countdown,
// fixes, request id), field and item errors, and the tabs (body, headers, timing, request, redirects).
import { categoryTone, formatBytes, formatDuration, isWebUrl, secondsLeft } from '../protocol/format';
import type { CountdownState, ExchangeView, HeaderLine, SourceLocation, TimingsView, WebviewToHost } from '../protocol/messages';
import { renderBody, VirtualText } from './body-view';
import { button, el, icon, type Child } from './dom';

/** The response viewer's tabs, in order. */
export const TABS = ['body', 'headers', 'timing', 'request', 'redirects'] as const;
/** One tab of the response viewer. */
export type TabId = (typeof TABS)[number];

/** Result of the last "apply fix" for the shown exchange. */
export interface FixOutcome {
  exchangeId: string;
  fixId: string;
  applied: boolean;
  message: string;
  canSendAgain: boolean;
  /** Ids of the exchange's fixes that still apply after this one (none when it failed). */
  remaining: string[];
}

/** What the exchange view needs from the page around it. */
export interface ExchangeViewContext {
  post(msg: WebviewToHost): void;
  tab: TabId;
  setTab(tab: TabId): void;
  countdown: CountdownState | null;
  fixOutcome: FixOutcome | null;
  /** True while a request for this exchange's key is in flight. */
  running: boolean;
}

const TAB_LABELS: Record<TabId, string> = { body: 'Body', headers: 'Headers', timing: 'Timing', request: 'Request', redirects: 'Redirects' };

/** Epoch ms from which a retry is allowed for this exchange, or null when no `Retry-After` applies. */
export function retryAtOf(ex: ExchangeView, countdown: CountdownState | null): number | null {
  if (countdown && countdown.exchangeId === ex.id) return countdown.retryAt;
  const c = ex.classification;
  if (!c || !c.retryable || c.retryAfterMs === null) return null;
  return ex.receivedAt + c.retryAfterMs;
}

/** Text of the live countdown for `retryAt` at `now`. */
export function countdownText(retryAt: number, now: number, armed: boolean): string {
  const s = secondsLeft(retryAt, now);
  if (s === 0) return armed ? 'Retrying now…' : 'Retry allowed now';
  return armed ? `Retrying automatically in ${s} s` : `Retry allowed in ${s} s`;
}

function reveal(ctx: ExchangeViewContext, loc: SourceLocation | null): void {
  if (loc) ctx.post({ type: 'revealRange', uri: loc.uri, range: loc.range });
}

/** Builds the whole response viewer for `ex`. */
export function renderExchange(ex: ExchangeView, ctx: ExchangeViewContext): HTMLElement {
  const root = el('section', { className: 'exchange', testid: 'exchange', attrs: { 'aria-label': `Response to ${ex.requestName}`, 'data-exchange-id': ex.id } });
  root.appendChild(renderStatusLine(ex));
  // One failed attempt says what `transport-error` says; the list earns its place with two or more.
  if (ex.attempts.length > 1) root.appendChild(renderAttempts(ex));
  if (ex.error) root.appendChild(el('div', { className: 'note error', testid: 'transport-error' }, icon('error'), ' ', ex.error));
  if (ex.classification) root.appendChild(renderCard(ex, ctx));
  root.appendChild(renderActions(ex, ctx));
  root.appendChild(renderTabs(ex, ctx));
  return root;
}

function renderStatusLine(ex: ExchangeView): HTMLElement {
  const tone = categoryTone(ex.category);
  const statusText = ex.status === null ? 'No answer' : `${ex.status}${ex.statusText ? ` ${ex.statusText}` : ''}`;
  return el(
    'div',
    { className: `status-line tone-${tone}`, testid: 'status-line', role: 'status', attrs: { 'data-category': ex.category } },
    el('span', { className: `status-badge tone-${tone}`, testid: 'status-code' }, statusText),
    el('span', { className: `category-chip tone-${tone}`, testid: 'category' }, ex.category),
    el('span', { className: 'meta', testid: 'duration', title: 'Total time including retries and waits' }, icon('watch'), ' ', formatDuration(ex.durationMs)),
    el('span', { className: 'meta', testid: 'size', title: 'Decoded body size' }, formatBytes(ex.sizeBytes)),
    el('span', { className: 'meta', testid: 'attempt-count' }, `${ex.attempts.length} attempt${ex.attempts.length === 1 ? '' : 's'}`),
    el('div', { className: 'request-line' }, el('span', { className: 'method' }, ex.method), ' ', el('span', { className: 'url', title: ex.url }, ex.url)),
  );
}

function renderAttempts(ex: ExchangeView): HTMLElement {
  const list = el('ol', { className: 'attempts', testid: 'attempts', attrs: { 'aria-label': 'Attempts' } });
  for (const a of ex.attempts) {
    list.appendChild(
      el(
        'li',
        { className: 'attempt', testid: 'attempt' },
        el('span', { className: 'attempt-no' }, `#${a.number}`),
        ' ',
        el('span', { className: 'attempt-status' }, a.status === null ? (a.error ?? 'no answer') : String(a.status)),
        ` · ${formatDuration(a.durationMs)}`,
        a.waitBeforeMs > 0 ? el('span', { className: 'attempt-wait', testid: 'attempt-wait' }, ` · after waiting ${formatDuration(a.waitBeforeMs)}`) : null,
        a.reason ? el('span', { className: 'attempt-reason' }, ` (${a.reason})`) : null,
      ),
    );
  }
  return list;
}

function renderCard(ex: ExchangeView, ctx: ExchangeViewContext): HTMLElement {
  const c = ex.classification!;
  const tone = categoryTone(c.category);
  const card = el('div', { className: `card tone-${tone}`, testid: 'classification', role: 'region', attrs: { 'aria-label': 'Classification' } });
  card.appendChild(
    el(
      'div',
      { className: 'card-head' },
      icon(tone === 'success' ? 'check' : tone === 'warning' ? 'warning' : tone === 'info' ? 'info' : 'error', `tone-${tone}`),
      el('span', { className: 'card-category', testid: 'card-category' }, c.category),
      // Retrying is a question only an error raises: a success or a redirect gets no chip.
      c.category === 'success' || c.category === 'redirect'
        ? null
        : el('span', { className: `chip ${c.retryable ? 'retryable' : 'not-retryable'}`, testid: 'retryable' }, c.retryable ? 'Retryable' : 'Not retryable'),
      c.profile ? el('span', { className: 'chip profile', testid: 'profile' }, c.profile) : null,
    ),
  );
  const retryAt = retryAtOf(ex, ctx.countdown);
  if (retryAt !== null) {
    const armed = !!ctx.countdown && ctx.countdown.exchangeId === ex.id && ctx.countdown.armed;
    const cd = el('span', { className: 'countdown', testid: 'countdown', attrs: { 'data-retry-at': String(retryAt), 'data-armed': String(armed), 'aria-live': 'off' } }, countdownText(retryAt, Date.now(), armed));
    const row = el('div', { className: 'retry-row' }, icon('watch'), ' ', cd);
    row.appendChild(button('Retry now', 'refresh', () => ctx.post({ type: 'retryNow', exchangeId: ex.id }), { testid: 'retry-now', disabled: ctx.running }));
    if (armed) {
      row.appendChild(button('Cancel retry', 'debug-stop', () => ctx.post({ type: 'cancel', key: ex.key }), { testid: 'cancel-retry', secondary: true }));
    } else {
      row.appendChild(
        button('Retry when allowed', 'clock', () => ctx.post({ type: 'retryWhenAllowed', exchangeId: ex.id }), { testid: 'retry-when-allowed', secondary: true, disabled: ctx.running }),
      );
    }
    card.appendChild(row);
  }
  // A failure with no answer: the transport error above already says what the classifier's message says.
  const sameAsError = !!ex.error && !!c.message && (ex.error.includes(c.message) || c.message.includes(ex.error));
  if (c.code || (c.message && !sameAsError)) {
    card.appendChild(
      el(
        'div',
        { className: 'api-message' },
        c.code ? el('code', { className: 'api-code', testid: 'api-code' }, c.code) : null,
        c.code ? ' ' : null,
        sameAsError ? null : el('span', { testid: 'api-message' }, c.message),
      ),
    );
  }
  if (c.advice) card.appendChild(el('p', { className: 'advice', testid: 'advice' }, icon('lightbulb'), ' ', c.advice));
  if (c.checkHint) card.appendChild(el('p', { className: 'check-hint', testid: 'check-hint' }, icon('info'), ' ', c.checkHint));
  const out = ctx.fixOutcome && ctx.fixOutcome.exchangeId === ex.id ? ctx.fixOutcome : null;
  // After a fix the source has changed: the host says which of the others still apply to the new text.
  const offered = out?.applied ? ex.fixes.filter((f) => (out.remaining ?? []).includes(f.id)) : ex.fixes;
  if (offered.length) {
    const fixes = el('div', { className: 'fixes', testid: 'fixes', role: 'group', attrs: { 'aria-label': 'Fixes' } });
    for (const f of offered) {
      const b = button(f.title, 'wrench', () => ctx.post({ type: 'applyFix', exchangeId: ex.id, fixId: f.id }), { testid: 'fix-button', title: f.detail ?? f.title });
      b.setAttribute('data-fix-id', f.id);
      fixes.appendChild(b);
    }
    if (offered.length > 1) {
      fixes.appendChild(button(`Apply all ${offered.length} fixes`, 'checklist', () => ctx.post({ type: 'applyAllFixes', exchangeId: ex.id }), { testid: 'apply-all-fixes', secondary: true }));
    }
    card.appendChild(fixes);
  }
  if (out) {
    card.appendChild(
      el(
        'div',
        { className: `fix-outcome ${out.applied ? 'ok' : 'failed'}`, testid: 'fix-outcome', role: 'status' },
        icon(out.applied ? 'check' : 'error'),
        el('span', { className: 'fix-message' }, out.message),
        out.applied && out.canSendAgain && ex.key
          ? button('Send again', 'play', () => ctx.post({ type: 'send', key: ex.key! }), { testid: 'send-again', disabled: ctx.running })
          : null,
      ),
    );
  }
  if (c.fieldErrors.length) card.appendChild(renderFieldErrors(ex, ctx));
  if (c.itemErrors.length || c.itemCounts) card.appendChild(renderItemErrors(ex, ctx));
  const links: Child[] = [];
  if (isWebUrl(c.docsUrl)) {
    const a = el('a', { className: 'docs-link', testid: 'docs-link', title: c.docsUrl }, icon('link-external'), ' Documented here');
    a.href = c.docsUrl;
    links.push(a);
  }
  if (c.requestId) {
    links.push(
      el(
        'span',
        { className: 'request-id' },
        el('span', { className: 'label' }, 'Request id'),
        el('code', { testid: 'request-id' }, c.requestId),
        button('Copy request id', 'copy', () => ctx.post({ type: 'copyRequestId', exchangeId: ex.id }), { testid: 'copy-request-id', iconOnly: true }),
      ),
    );
  }
  if (links.length) card.appendChild(el('div', { className: 'card-links' }, ...links));
  return card;
}

function renderFieldErrors(ex: ExchangeView, ctx: ExchangeViewContext): HTMLElement {
  const c = ex.classification!;
  const list = el('ul', { className: 'field-errors', testid: 'field-errors', role: 'list', attrs: { 'aria-label': 'Field errors' } });
  for (const f of c.fieldErrors) {
    const b = el(
      'button',
      {
        className: 'field-error',
        testid: 'field-error',
        type: 'button',
        title: f.location ? 'Show this field in the request' : 'This field was not found in the request source',
        attrs: { 'data-pointer': f.pointer },
        onClick: () => reveal(ctx, f.location),
      },
      icon(f.location ? 'go-to-file' : 'circle-slash'),
      el('code', { className: 'pointer' }, f.pointer || '(body)'),
      el('span', { className: 'field-message' }, f.message),
    );
    if (!f.location) b.setAttribute('aria-disabled', 'true');
    list.appendChild(el('li', { role: 'listitem' }, b));
  }
  return el('div', { className: 'errors-block' }, el('h3', {}, `Field errors (${c.fieldErrors.length})`), list);
}

function renderItemErrors(ex: ExchangeView, ctx: ExchangeViewContext): HTMLElement {
  const c = ex.classification!;
  const block = el('div', { className: 'errors-block' });
  const counts = c.itemCounts;
  const parts: string[] = [];
  if (counts) {
    if (counts.submitted !== null) parts.push(`${counts.submitted} submitted`);
    if (counts.succeeded !== null) parts.push(`${counts.succeeded} succeeded`);
    parts.push(`${counts.failed} failed`);
  }
  block.appendChild(el('h3', {}, `Item errors (${c.itemErrors.length})`));
  if (parts.length) block.appendChild(el('div', { className: 'item-counts', testid: 'item-counts' }, parts.join(' · ')));
  if (!c.itemErrors.length) return block;
  const table = el('table', { className: 'item-table', testid: 'item-table' });
  table.appendChild(el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' } }, 'Index'), el('th', { attrs: { scope: 'col' } }, 'Field'), el('th', { attrs: { scope: 'col' } }, 'Message'))));
  const body = el('tbody');
  for (const it of c.itemErrors) {
    const tr = el(
      'tr',
      {
        className: `item-row${it.location ? ' clickable' : ''}`,
        testid: 'item-row',
        tabIndex: it.location ? 0 : undefined,
        title: it.location ? `Show item ${it.index} in the request` : undefined,
        attrs: { 'data-index': String(it.index) },
        onClick: () => reveal(ctx, it.location),
        onKeyDown: (ev) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            reveal(ctx, it.location);
          }
        },
      },
      el('td', { className: 'num' }, String(it.index)),
      el('td', {}, it.pointer ? el('code', {}, it.pointer) : el('span', { className: 'muted' }, '—')),
      el('td', {}, it.message),
    );
    body.appendChild(tr);
  }
  table.appendChild(body);
  block.appendChild(table);
  return block;
}

function renderActions(ex: ExchangeView, ctx: ExchangeViewContext): HTMLElement {
  const avail = ex.body.available;
  return el(
    'div',
    { className: 'actions', role: 'toolbar', attrs: { 'aria-label': 'Response actions' } },
    button('Open body in editor', 'go-to-file', () => ctx.post({ type: 'openBodyInEditor', exchangeId: ex.id }), { testid: 'open-body', secondary: true, disabled: !avail || ex.body.totalBytes === 0 || ex.body.isBinary }),
    button('Save body', 'save', () => ctx.post({ type: 'saveBody', exchangeId: ex.id }), { testid: 'save-body', secondary: true, disabled: !avail || ex.body.totalBytes === 0 }),
    button('Copy as cURL', 'copy', () => ctx.post({ type: 'copyCurl', exchangeId: ex.id }), { testid: 'copy-curl', secondary: true }),
    ex.key ? button('Send again', 'debug-rerun', () => ctx.post({ type: 'rerun', exchangeId: ex.id }), { testid: 'rerun', secondary: true, disabled: ctx.running }) : null,
  );
}

function renderTabs(ex: ExchangeView, ctx: ExchangeViewContext): HTMLElement {
  const wrap = el('div', { className: 'tabs' });
  const list = el('div', { className: 'tablist', role: 'tablist', attrs: { 'aria-label': 'Response details' } });
  const panel = el('div', { className: 'tabpanel', role: 'tabpanel', testid: `panel-${ctx.tab}`, attrs: { id: 'reqlint-tabpanel', 'aria-labelledby': `tab-${ctx.tab}` }, tabIndex: 0 });
  const counts: Partial<Record<TabId, number>> = { headers: ex.headers.length, redirects: ex.redirects.length };
  TABS.forEach((t, i) => {
    const selected = t === ctx.tab;
    const label = counts[t] !== undefined ? `${TAB_LABELS[t]} (${counts[t]})` : TAB_LABELS[t];
    const tab = el('button', {
      className: `tab${selected ? ' selected' : ''}`,
      role: 'tab',
      testid: `tab-${t}`,
      type: 'button',
      tabIndex: selected ? 0 : -1,
      attrs: { id: `tab-${t}`, 'aria-selected': String(selected), 'aria-controls': 'reqlint-tabpanel' },
      onClick: () => ctx.setTab(t),
      onKeyDown: (ev) => {
        let next = -1;
        if (ev.key === 'ArrowRight') next = (i + 1) % TABS.length;
        else if (ev.key === 'ArrowLeft') next = (i - 1 + TABS.length) % TABS.length;
        else if (ev.key === 'Home') next = 0;
        else if (ev.key === 'End') next = TABS.length - 1;
        if (next < 0) return;
        ev.preventDefault();
        ctx.setTab(TABS[next]);
      },
    }, label);
    list.appendChild(tab);
  });
  wrap.appendChild(list);
  switch (ctx.tab) {
    case 'body':
      panel.appendChild(renderBody(ex.body, ex.body.available ? () => ctx.post({ type: 'saveBody', exchangeId: ex.id }) : null));
      break;
    case 'headers':
      panel.appendChild(headerTable(ex.headers, 'headers-table', 'No response headers.'));
      break;
    case 'timing':
      panel.appendChild(renderTimings(ex.timings));
      break;
    case 'request':
      panel.appendChild(renderRequestSent(ex));
      break;
    case 'redirects':
      panel.appendChild(renderRedirects(ex));
      break;
  }
  wrap.appendChild(panel);
  return wrap;
}

function headerTable(headers: HeaderLine[], testid: string, empty: string): HTMLElement {
  if (!headers.length) return el('div', { className: 'empty' }, empty);
  const table = el('table', { className: 'kv', testid });
  const body = el('tbody');
  for (const h of headers) body.appendChild(el('tr', {}, el('th', { attrs: { scope: 'row' } }, h.name), el('td', {}, h.value)));
  table.appendChild(body);
  return table;
}

const PHASES: Array<[keyof TimingsView, string, string]> = [
  ['dnsMs', 'DNS', 'dns'],
  ['connectMs', 'Connect', 'connect'],
  ['tlsMs', 'TLS', 'tls'],
  ['firstByteMs', 'First byte', 'ttfb'],
  ['downloadMs', 'Download', 'download'],
];

/** The timing tab: one bar per phase, placed after the phases before it, scaled to the total. */
export function renderTimings(t: TimingsView | null): HTMLElement {
  if (!t) return el('div', { className: 'empty', testid: 'timing-empty' }, 'No timings: no answer arrived.');
  const chart = el('div', { className: 'timing', testid: 'timing-chart', role: 'list', attrs: { 'aria-label': 'Timing breakdown' } });
  const measured = PHASES.reduce((s, [k]) => s + ((t[k] as number | null) ?? 0), 0);
  const scale = Math.max(t.totalMs, measured, 1);
  let offset = 0;
  for (const [k, label, cls] of PHASES) {
    const v = t[k] as number | null;
    // A phase that did not happen (plain HTTP has no TLS; a reused connection no DNS, connect or
    // TLS) gets an empty track: a bar without a width would fill it and read as the longest phase.
    const track = el('div', { className: `track${v === null ? ' none' : ''}` });
    if (v !== null) {
      const bar = el('div', { className: `bar bar-${cls}` });
      bar.style.marginLeft = `${(offset / scale) * 100}%`;
      bar.style.width = `${Math.max((v / scale) * 100, 0.5)}%`;
      track.appendChild(bar);
      offset += v;
    }
    const value = v === null ? (t.reusedConnection && k !== 'firstByteMs' && k !== 'downloadMs' ? 'reused' : k === 'tlsMs' ? 'no TLS' : '—') : formatDuration(v);
    chart.appendChild(el('div', { className: 'timing-row', role: 'listitem', testid: `timing-${cls}`, attrs: { 'data-measured': String(v !== null) } }, el('span', { className: 'phase' }, label), track, el('span', { className: 'ms' }, value)));
  }
  chart.appendChild(el('div', { className: 'timing-row total', role: 'listitem', testid: 'timing-total' }, el('span', { className: 'phase' }, 'Total'), el('span', { className: 'track' }), el('span', { className: 'ms' }, formatDuration(t.totalMs))));
  if (t.reusedConnection) chart.appendChild(el('div', { className: 'note' }, 'The connection was reused: no DNS, connect or TLS on this attempt.'));
  return chart;
}

function renderRequestSent(ex: ExchangeView): HTMLElement {
  const r = ex.request;
  const wrap = el('div', { className: 'request-sent', testid: 'request-sent' });
  wrap.appendChild(el('div', { className: 'request-line' }, el('span', { className: 'method' }, r.method), ' ', el('span', { className: 'url' }, r.url)));
  wrap.appendChild(headerTable(r.headers, 'request-headers', 'No headers sent.'));
  if (r.bodyNote) wrap.appendChild(el('div', { className: 'note' }, r.bodyNote));
  if (r.body !== null) {
    if (r.body.length <= 64 * 1024) wrap.appendChild(el('pre', { className: 'code', testid: 'request-body' }, r.body));
    else wrap.appendChild(new VirtualText(r.body).element);
  }
  return wrap;
}

function renderRedirects(ex: ExchangeView): HTMLElement {
  if (!ex.redirects.length) return el('div', { className: 'empty', testid: 'redirects-empty' }, 'No redirects.');
  const list = el('ol', { className: 'redirects', testid: 'redirects', attrs: { 'aria-label': 'Redirect chain' } });
  for (const h of ex.redirects) {
    list.appendChild(
      el(
        'li',
        { testid: 'redirect-hop' },
        el('div', { className: 'hop-from' }, el('span', { className: 'status-badge tone-info' }, String(h.status)), el('span', { className: 'method' }, h.method), el('span', { className: 'url' }, h.url)),
        el('div', { className: 'hop-to' }, icon('arrow-right'), el('span', { className: 'url' }, h.location)),
      ),
    );
  }
  list.appendChild(el('li', { className: 'final' }, el('div', { className: 'hop-from' }, el('span', { className: `status-badge tone-${categoryTone(ex.category)}` }, ex.status === null ? '—' : String(ex.status)), el('span', { className: 'url' }, ex.url))));
  return list;
}
