import type { FileTestResult, RequestTestResult, SuiteResult } from './types';

/** The live progress line of a run on a terminal: counts so far and the last request done. */
export function progressLine(done: number, failed: number, total: number | null, last: RequestTestResult | null): string {
  const head = `${done}${total !== null ? `/${total}` : ''} requests, ${failed} failed`;
  return last ? `${head} · ${last.outcome === 'failed' ? '✗' : last.outcome === 'skipped' ? '-' : '✓'} ${last.method} ${last.request}` : head;
}

const ms = (n: number): string => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${Math.round(n)} ms`);

function failureLines(f: FileTestResult, r: RequestTestResult): string[] {
  const out = [`✗ ${f.path}:${r.line} ${r.method} ${r.request}${r.status !== null ? ` → ${r.status}` : ''}`];
  for (const c of r.checks) {
    if (c.outcome !== 'failed') continue;
    const line = c.range ? c.range.start.line + 1 : r.line;
    out.push(`    ${f.path}:${line} ${c.name}: ${c.message}`);
  }
  if (r.attempts.length > 1) out.push(`    ${r.attempts.length} attempts: ${r.attempts.map((a) => a.status ?? a.error ?? '–').join(', ')}`);
  return out;
}

/** The text report: every failed request with its failed checks (`file:line`), then a table per file and the totals. */
export function textReport(suite: SuiteResult): string {
  const out: string[] = [];
  for (const f of suite.files) {
    if (f.error) out.push(`✗ ${f.path}: ${f.error}`);
    for (const r of f.requests) if (r.outcome === 'failed') out.push(...failureLines(f, r));
  }
  if (out.length) out.push('');
  const rows = suite.files.map((f) => {
    const count = (k: RequestTestResult['outcome']): number => f.requests.filter((r) => r.outcome === k).length;
    return [f.path, String(count('passed')), String(count('failed') + (f.error ? 1 : 0)), String(count('skipped')), ms(f.durationMs)];
  });
  const head = ['file', 'passed', 'failed', 'skipped', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  out.push(fmt(head), widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) out.push(fmt(r));
  const s = suite.summary;
  out.push('');
  out.push(`${s.failed ? 'FAILED' : 'PASSED'}: ${s.requests} requests in ${s.files} files: ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped (${s.failedChecks} failed checks) in ${ms(s.durationMs)}${suite.shard ? ` — shard ${suite.shard.index}/${suite.shard.total}` : ''}`);
  return out.join('\n') + '\n';
}
