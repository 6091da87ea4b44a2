import { strict as assert } from 'node:assert';
import { categoryTone, formatBytes, formatDuration, isWebUrl, matchesFilter, secondsLeft, statusClass } from '../../src/protocol/format';
import { CATEGORIES, PROTOCOL_VERSION, type WebviewToHost } from '../../src/protocol/messages';
import { isHostMessage, parseWebviewMessage } from '../../src/protocol/validate';
import { ERROR_CATEGORIES } from '../../src/core/classify';

const key = { uri: 'file:///ws/a.http', index: 2 };
const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } };

describe('protocol: webview → host messages are checked before the host acts', () => {
  const valid: WebviewToHost[] = [
    { type: 'ready' },
    { type: 'send', key },
    { type: 'sendAll', uri: key.uri },
    { type: 'cancel', key: null },
    { type: 'cancel', key },
    { type: 'retryNow', exchangeId: 'e1' },
    { type: 'retryWhenAllowed', exchangeId: 'e1' },
    { type: 'revealRange', uri: key.uri, range },
    { type: 'openBodyInEditor', exchangeId: 'e1' },
    { type: 'saveBody', exchangeId: 'e1' },
    { type: 'copyCurl', exchangeId: 'e1' },
    { type: 'copyRequestId', exchangeId: 'e1' },
    { type: 'applyFix', exchangeId: 'e1', fixId: 'fix-0' },
    { type: 'applyAllFixes', exchangeId: 'e1' },
    { type: 'filterHistory', filter: { status: '4xx', category: 'validation' } },
    { type: 'filterHistory', filter: { status: '', category: '' } },
    { type: 'clearHistory' },
    { type: 'rerun', exchangeId: 'e1' },
    { type: 'selectExchange', exchangeId: 'e1' },
  ];

  it('accepts every well-formed message unchanged', () => {
    for (const m of valid) assert.deepEqual(parseWebviewMessage(JSON.parse(JSON.stringify(m))), m, m.type);
  });

  it('drops fields it does not know (a clean copy, nothing smuggled through)', () => {
    const m = parseWebviewMessage({ type: 'send', key: { ...key, extra: 'x' }, evil: true });
    assert.deepEqual(m, { type: 'send', key });
  });

  it('rejects malformed messages', () => {
    const bad: unknown[] = [
      null,
      'ready',
      [],
      {},
      { type: 'nope' },
      { type: 'send' },
      { type: 'send', key: { uri: '', index: 0 } },
      { type: 'send', key: { uri: 'x', index: -1 } },
      { type: 'send', key: { uri: 'x', index: 1.5 } },
      { type: 'cancel' },
      { type: 'retryNow', exchangeId: 3 },
      { type: 'retryNow', exchangeId: 'x'.repeat(9000) },
      { type: 'applyFix', exchangeId: 'e' },
      { type: 'applyAllFixes' },
      { type: 'revealRange', uri: 'u', range: { start: { line: 2, character: 0 }, end: { line: 1, character: 0 } } },
      { type: 'revealRange', uri: 'u', range: { start: { line: 0 }, end: { line: 1, character: 0 } } },
      { type: 'filterHistory', filter: { status: '6xx', category: '' } },
      { type: 'filterHistory', filter: { status: '', category: 'teapot' } },
      { type: 'sendAll', uri: 42 },
    ];
    for (const b of bad) assert.equal(parseWebviewMessage(b), null, JSON.stringify(b)?.slice(0, 80));
  });
});

describe('protocol: host → webview messages', () => {
  it('recognises known types and refuses a state of another protocol version', () => {
    assert.ok(isHostMessage({ type: 'state', version: PROTOCOL_VERSION, snapshot: {} }, PROTOCOL_VERSION));
    assert.ok(!isHostMessage({ type: 'state', version: PROTOCOL_VERSION + 1, snapshot: {} }, PROTOCOL_VERSION));
    assert.ok(isHostMessage({ type: 'countdown', countdown: null }, PROTOCOL_VERSION));
    assert.ok(!isHostMessage({ type: 'unknown' }, PROTOCOL_VERSION));
    assert.ok(!isHostMessage('state', PROTOCOL_VERSION));
  });

  it('lists exactly the categories of the public catalogue', () => {
    assert.deepEqual([...CATEGORIES], [...ERROR_CATEGORIES]);
  });
});

describe('protocol: formatting shared by host and webview', () => {
  it('formats sizes and durations', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1023), '1023 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(2 * 1024 * 1024), '2.0 MiB');
    assert.equal(formatBytes(-1), '? B');
    assert.equal(formatDuration(236), '236 ms');
    assert.equal(formatDuration(1400), '1.4 s');
    assert.equal(formatDuration(12_000), '12 s');
    assert.equal(formatDuration(125_000), '2 min 5 s');
  });

  it('counts down in whole seconds, rounding up, never below zero', () => {
    assert.equal(secondsLeft(12_000, 0), 12);
    assert.equal(secondsLeft(12_000, 100), 12);
    assert.equal(secondsLeft(12_000, 11_001), 1);
    assert.equal(secondsLeft(12_000, 12_000), 0);
    assert.equal(secondsLeft(12_000, 20_000), 0);
  });

  it('filters by status class and category', () => {
    assert.equal(statusClass(422), '4xx');
    assert.equal(statusClass(null), 'none');
    assert.ok(matchesFilter(429, 'rate-limited', { status: '4xx', category: '' }));
    assert.ok(!matchesFilter(429, 'rate-limited', { status: '5xx', category: '' }));
    assert.ok(!matchesFilter(200, 'success', { status: '', category: 'validation' }));
    assert.ok(matchesFilter(null, 'network', { status: 'none', category: 'network' }));
  });

  it('links only http(s) URLs and gives every category a tone', () => {
    assert.ok(isWebUrl('https://track.scanova.io/docs#x'));
    assert.ok(!isWebUrl('javascript:alert(1)'));
    assert.ok(!isWebUrl('data:text/html,<b>'));
    assert.ok(!isWebUrl('https://a b'));
    assert.ok(!isWebUrl(null));
    for (const c of CATEGORIES) assert.ok(['success', 'warning', 'error', 'info'].includes(categoryTone(c)));
    assert.equal(categoryTone('rate-limited'), 'warning');
    assert.equal(categoryTone('validation'), 'error');
  });
});
