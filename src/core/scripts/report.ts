import type { FileLocation } from './source';
import type { ScriptReport } from './run';

/** A script report as the CLI prints it in JSON: paths as the caller shows them, lines and columns 1-based. */
export interface ScriptReportJson {
  phase: 'pre' | 'post';
  /** 1-based line of the handler in the .http file. */
  line: number;
  skipped: string | null;
  failure: { kind: string; message: string; file: string; line: number; column: number } | null;
  tests: Array<{ name: string; passed: boolean; message?: string; file?: string; line?: number; column?: number }>;
  logs: string[];
  exited: boolean;
  durationMs: number;
}

function where(loc: FileLocation, show: (abs: string) => string): { file: string; line: number; column: number } {
  return { file: show(loc.file), line: loc.range.start.line + 1, column: loc.range.start.character + 1 };
}

/** Reports as JSON values; `show` turns an absolute path into what the user sees (relative to the working folder). */
export function scriptReportsJson(reports: readonly ScriptReport[], show: (abs: string) => string): ScriptReportJson[] {
  return reports.map((r) => ({
    phase: r.phase,
    line: r.handler.range.start.line + 1,
    skipped: r.skipped,
    failure: r.failure ? { kind: r.failure.kind, message: r.failure.message, ...where(r.failure.location, show) } : null,
    tests: r.tests.map((t) => (t.passed ? { name: t.name, passed: true } : { name: t.name, passed: false, message: t.message ?? 'failed', ...(t.location ? where(t.location, show) : {}) })),
    logs: r.logs,
    exited: r.exited,
    durationMs: Math.round(r.durationMs * 1000) / 1000,
  }));
}

/** Reports as text lines (no indent): skipped and failed scripts with `file:line:col`, each test, each log line. */
export function scriptReportsText(reports: readonly ScriptReport[], show: (abs: string) => string): string[] {
  const out: string[] = [];
  const at = (loc: FileLocation): string => `${show(loc.file)}:${loc.range.start.line + 1}:${loc.range.start.character + 1}`;
  for (const r of reports) {
    if (r.failure) out.push(`script error at ${at(r.failure.location)}: ${r.failure.message}`);
    else if (r.skipped) out.push(`${r.skipped} (${at(r.handler)})`);
    for (const t of r.tests) out.push(t.passed ? `test passed: ${t.name}` : `test FAILED: ${t.name}: ${t.message ?? 'failed'}${t.location ? ` (${at(t.location)})` : ''}`);
    for (const l of r.logs) out.push(`log: ${l}`);
  }
  return out;
}
