import type { Finding } from '../findings';
import { RULE_DOCS_BASE } from '../lint/docs';
import type { ScriptReport } from './run';

/** Rule ids of what happens to scripts at send time (reported with the answer, never by `lint`). */
export const SCRIPT_RULES = {
  skipped: 'script/skipped',
  failed: 'script/failed',
} as const;

/** Where scripts are documented (the page beside the rule catalogue). */
const SCRIPTS_DOCS = `${RULE_DOCS_BASE.replace(/rules\.md$/, 'scripts.md')}#when-scripts-run`;

/**
 * Findings for a request's script reports: `script/skipped` (info) for a handler that did not run,
 * `script/failed` (error) for one that ended early, placed on the failing line (in the .js file for
 * file handlers). Failed `client.test`s are test results, not findings.
 */
export function scriptFindings(reports: readonly ScriptReport[], request: string | number | null): Finding[] {
  const out: Finding[] = [];
  for (const r of reports) {
    if (r.failure) {
      out.push({ rule: SCRIPT_RULES.failed, severity: 'error', message: r.failure.message, file: r.failure.location.file, range: r.failure.location.range, request, docs: SCRIPTS_DOCS });
    } else if (r.skipped) {
      out.push({ rule: SCRIPT_RULES.skipped, severity: 'info', message: r.skipped, file: r.handler.file, range: r.handler.range, request, docs: SCRIPTS_DOCS });
    }
  }
  return out;
}
