import type { FileTestResult, RequestTestResult, SuiteResult } from './types';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub actions, Azure): one `<testsuite>` per
 * file, one `<testcase>` per request, one `<failure>` per failed check with expected/actual and
 * `file:line`; a request that was not sent fails with the gate's message; skipped ones are `<skipped>`.
 */

// XML 1.0 allows tab, line feed, carriage return and characters from U+0020 (surrogate pairs whole).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** `s` escaped for XML text and attribute values, with characters XML 1.0 cannot hold replaced by U+FFFD. */
export function xmlEscape(s: string): string {
  return s.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

const secs = (ms: number): string => (ms / 1000).toFixed(3);

function caseName(r: RequestTestResult): string {
  return `${typeof r.request === 'number' ? `#${r.request}` : r.request} ${r.method} ${r.url}`;
}

function testcase(f: FileTestResult, r: RequestTestResult): string {
  const attrs = `name="${xmlEscape(caseName(r))}" classname="${xmlEscape(f.path)}" file="${xmlEscape(f.path)}" line="${r.line}" time="${secs(r.durationMs)}"`;
  const inner: string[] = [];
  if (r.outcome === 'skipped') {
    const why = r.checks.find((c) => c.outcome === 'skipped')?.message ?? 'skipped';
    inner.push(`      <skipped message="${xmlEscape(why)}"/>`);
  }
  for (const c of r.checks) {
    if (c.outcome !== 'failed') continue;
    const line = c.range ? c.range.start.line + 1 : r.line;
    const body = [c.message, ...(c.expected !== undefined ? [`expected: ${c.expected}`] : []), ...(c.actual !== undefined ? [`actual: ${c.actual}`] : []), `at ${f.path}:${line}`].join('\n');
    const type = r.notSent ? 'not-sent' : c.source;
    inner.push(`      <failure message="${xmlEscape(`${c.name}: ${c.message}`)}" type="${xmlEscape(type)}">${xmlEscape(body)}</failure>`);
  }
  const out: string[] = [];
  if (r.attempts.length) out.push(...r.attempts.map((a) => `attempt ${a.number}: ${a.status ?? a.error ?? 'no answer'} in ${Math.round(a.durationMs)} ms${a.retryReason ? ` (retried: ${a.retryReason})` : ''}`));
  for (const c of r.checks) if (c.outcome === 'passed') out.push(`passed: ${c.name}`);
  if (out.length) inner.push(`      <system-out>${xmlEscape(out.join('\n'))}</system-out>`);
  return inner.length ? `    <testcase ${attrs}>\n${inner.join('\n')}\n    </testcase>` : `    <testcase ${attrs}/>`;
}

/** The whole JUnit XML document for a run (UTF-8, ends with a newline). */
export function junitReport(suite: SuiteResult, timestamp = new Date()): string {
  const s = suite.summary;
  const lines: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const shard = suite.shard ? ` (shard ${suite.shard.index}/${suite.shard.total})` : '';
  lines.push(`<testsuites name="${xmlEscape(`reqlint test${shard}`)}" tests="${s.requests}" failures="${s.failed}" errors="0" skipped="${s.skipped}" time="${secs(s.durationMs)}">`);
  suite.files.forEach((f, i) => {
    const failures = f.requests.filter((r) => r.outcome === 'failed').length;
    const skipped = f.requests.filter((r) => r.outcome === 'skipped').length;
    const attrs = `name="${xmlEscape(f.path)}" tests="${f.requests.length}" failures="${failures}" errors="${f.error ? 1 : 0}" skipped="${skipped}" time="${secs(f.durationMs)}" timestamp="${timestamp.toISOString().slice(0, 19)}" hostname="localhost" id="${i}" package="reqlint" file="${xmlEscape(f.path)}"`;
    const body: string[] = [];
    if (f.error) body.push(`    <error message="${xmlEscape(f.error)}" type="file"/>`);
    for (const r of f.requests) body.push(testcase(f, r));
    lines.push(body.length ? `  <testsuite ${attrs}>\n${body.join('\n')}\n  </testsuite>` : `  <testsuite ${attrs}/>`);
  });
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
