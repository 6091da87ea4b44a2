import type { Range } from '../text/position';
import type { SuiteResult, TestCheck } from './types';

/** Version of the `reqlint test --reporter json` document; bumped only when a field changes meaning or goes away. */
export const TEST_JSON_VERSION = 1;

function check(c: TestCheck): Record<string, unknown> {
  const range: Range | null = c.range;
  return {
    name: c.name,
    source: c.source,
    outcome: c.outcome,
    message: c.message,
    expected: c.expected ?? null,
    actual: c.actual ?? null,
    line: range ? range.start.line + 1 : null,
    range,
  };
}

/** The `reqlint test --reporter json` document (see docs/test-json.md); `indent` as JSON.stringify's. */
export function jsonReport(suite: SuiteResult, indent?: number): string {
  const doc = {
    version: TEST_JSON_VERSION,
    summary: suite.summary,
    shard: suite.shard,
    files: suite.files.map((f) => ({
      path: f.path,
      durationMs: f.durationMs,
      error: f.error,
      requests: f.requests.map((r) => ({
        request: r.request,
        name: r.name,
        line: r.line,
        method: r.method,
        url: r.url,
        outcome: r.outcome,
        status: r.status,
        durationMs: r.durationMs,
        category: r.category,
        attempts: r.attempts,
        notSent: r.notSent,
        checks: r.checks.map(check),
      })),
    })),
  };
  return JSON.stringify(doc, null, indent) + '\n';
}
