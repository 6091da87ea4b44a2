import { relative, sep } from 'node:path';
import { compareFindings, type Finding, type Severity } from '../../core/findings';
import type { LintResult } from '../../core/lint/rule';

/** What a rule publishes about itself (for SARIF rule metadata and docs links). */
export interface RuleMeta {
  id: string;
  defaultSeverity: Severity;
  description: string;
  docs: string;
}

/** Everything a formatter needs: the results of one run and where paths are relative to. */
export interface LintReport {
  /** Absolute working folder; printed paths are relative to it. */
  cwd: string;
  /** One result per linted file, in lint order. */
  results: LintResult[];
  /** Metadata of every rule that ran. */
  rules: RuleMeta[];
}

/** Counts over a run: files linted, requests seen, findings per severity. */
export interface Summary {
  files: number;
  requests: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

/** `abs` relative to `cwd` with `/` separators (`.` segments never printed; outside paths keep `../`). */
export function relPath(cwd: string, abs: string): string {
  const r = relative(cwd, abs);
  return (r === '' ? abs : r).split(sep).join('/');
}

/** Findings grouped by the file they are in (a finding may sit in a referenced body file), files sorted, linted files without findings kept. */
export function groupByFile(report: LintReport): Array<{ file: string; findings: Finding[] }> {
  const groups = new Map<string, Finding[]>();
  for (const r of report.results) if (!groups.has(r.file)) groups.set(r.file, []);
  for (const r of report.results) {
    for (const f of r.findings) {
      const list = groups.get(f.file);
      if (list) list.push(f);
      else groups.set(f.file, [f]);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, findings]) => ({ file, findings: findings.sort(compareFindings) }));
}

/** Totals for the run. */
export function summarize(report: LintReport): Summary {
  const s: Summary = { files: report.results.length, requests: 0, errors: 0, warnings: 0, infos: 0, hints: 0 };
  for (const r of report.results) {
    s.requests += r.requests;
    for (const f of r.findings) {
      if (f.severity === 'error') s.errors++;
      else if (f.severity === 'warning') s.warnings++;
      else if (f.severity === 'info') s.infos++;
      else s.hints++;
    }
  }
  return s;
}
