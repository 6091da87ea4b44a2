import type { Finding } from '../../core/findings';
import { groupByFile, relPath, summarize, type LintReport } from './report';

function findingJson(cwd: string, f: Finding): Record<string, unknown> {
  const out: Record<string, unknown> = {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    range: f.range,
    request: f.request,
  };
  if (f.docs) out.docs = f.docs;
  if (f.fixes?.length) {
    out.fixes = f.fixes.map((fix) => ({
      title: fix.title,
      kind: fix.kind,
      ...(fix.isPreferred ? { isPreferred: true } : {}),
      edits: fix.edits.map((e) => ({
        ...(e.file && e.file !== f.file ? { path: relPath(cwd, e.file) } : {}),
        range: e.range,
        newText: e.newText,
      })),
    }));
  }
  if (f.related?.length) out.related = f.related.map((r) => ({ path: relPath(cwd, r.file), range: r.range, message: r.message }));
  return out;
}

/**
 * The `--format json` document of the CLI contract: `version: 1`, `files[]` (paths relative to the
 * working folder, 0-based ranges, `request` = name or 1-based index) and `summary`; two-space
 * indented with `indent`, else on one line (what a program reading a pipe needs, at a fraction of the size).
 */
export function formatJson(report: LintReport, indent = true): string {
  const doc = {
    version: 1,
    files: groupByFile(report).map((g) => ({ path: relPath(report.cwd, g.file), findings: g.findings.map((f) => findingJson(report.cwd, f)) })),
    summary: summarize(report),
  };
  return (indent ? JSON.stringify(doc, null, 2) : JSON.stringify(doc)) + '\n';
}
