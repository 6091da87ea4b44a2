import type { Severity } from '../../core/findings';
import { groupByFile, relPath, summarize, type LintReport } from './report';

/** Whether to colour output written to `stream`: a TTY, unless NO_COLOR is set (FORCE_COLOR=1 forces it, 0 disables). */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return Boolean(stream.isTTY);
}

const SGR = { reset: '\x1b[0m', bold: '\x1b[1m', dim: '\x1b[2m', underline: '\x1b[4m', red: '\x1b[31m', yellow: '\x1b[33m', blue: '\x1b[34m', gray: '\x1b[90m', green: '\x1b[32m' };

const SEVERITY_COLOUR: Record<Severity, string> = { error: SGR.red, warning: SGR.yellow, info: SGR.blue, hint: SGR.gray };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * ESLint-stylish text: per file a header, then one line per finding
 * `file:line:col  severity  message  rule-id` (1-based line and column), then a summary line.
 */
export function formatText(report: LintReport, colour: boolean): string {
  const paint = (code: string, s: string) => (colour ? `${code}${s}${SGR.reset}` : s);
  const out: string[] = [];
  for (const g of groupByFile(report)) {
    if (!g.findings.length) continue;
    const path = relPath(report.cwd, g.file);
    const rows = g.findings.map((f) => ({
      loc: `${path}:${f.range.start.line + 1}:${f.range.start.character + 1}`,
      sev: f.severity,
      msg: f.message.replace(/\s*[\r\n]+\s*/g, ' '),
      rule: f.rule,
    }));
    // A loop, not Math.max(...rows): spreading 120k+ values overflows the call stack.
    let locW = 0;
    let msgW = 0;
    for (const r of rows) {
      if (r.loc.length > locW) locW = r.loc.length;
      if (r.msg.length > msgW) msgW = r.msg.length;
    }
    msgW = Math.min(100, msgW);
    out.push(paint(SGR.underline, path));
    for (const r of rows) {
      const sev = paint(SEVERITY_COLOUR[r.sev], r.sev.padEnd(7));
      out.push(`  ${r.loc.padEnd(locW)}  ${sev}  ${r.msg.padEnd(msgW)}  ${paint(SGR.dim, r.rule)}`);
    }
    out.push('');
  }
  const s = summarize(report);
  const total = s.errors + s.warnings + s.infos + s.hints;
  const scope = `${plural(s.files, 'file')}, ${plural(s.requests, 'request')}`;
  if (total === 0) {
    out.push(paint(SGR.green, `✔ No problems (${scope})`));
  } else {
    const counts = `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}, ${plural(s.hints, 'hint')}`;
    const line = `✖ ${plural(total, 'problem')} (${counts}) in ${scope}`;
    out.push(paint(SGR.bold + (s.errors ? SGR.red : s.warnings ? SGR.yellow : SGR.blue), line));
  }
  return out.join('\n') + '\n';
}
