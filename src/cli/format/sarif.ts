import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../../core/findings';
import type { Range } from '../../core/text/position';
import { groupByFile, relPath, type LintReport, type RuleMeta } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

const SRCROOT = '%SRCROOT%';

/** SARIF region of a 0-based, end-exclusive range: 1-based lines and columns, end column exclusive (UTF-16 units). */
export function sarifRegion(r: Range): { startLine: number; startColumn: number; endLine: number; endColumn: number } {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function artifactUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** Version string of this build (injected by the bundler). */
declare const REQLINT_VERSION: string | undefined;

/**
 * SARIF 2.1.0 log of a run: one run, rule metadata (with `helpUri`) in `tool.driver.rules`, results
 * keyed by `ruleId` with 1-based regions, artifact URIs relative to `%SRCROOT%` (the working folder)
 * and fixes as SARIF fixes.
 */
export function formatSarif(report: LintReport): string {
  const rules: RuleMeta[] = [...report.rules];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const groups = groupByFile(report);
  for (const g of groups) {
    for (const f of g.findings) {
      if (index.has(f.rule)) continue;
      index.set(f.rule, rules.length);
      rules.push({ id: f.rule, defaultSeverity: f.severity, description: f.rule, docs: f.docs ?? '' });
    }
  }
  const location = (file: string) => ({ uri: artifactUri(relPath(report.cwd, file)), uriBaseId: SRCROOT });
  const results = groups.flatMap((g) =>
    g.findings.map((f: Finding) => {
      const result: Record<string, unknown> = {
        ruleId: f.rule,
        ruleIndex: index.get(f.rule),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: location(f.file), region: sarifRegion(f.range) } }],
        properties: { severity: f.severity, request: f.request, ...(f.docs ? { docs: f.docs } : {}) },
      };
      if (f.related?.length) {
        result.relatedLocations = f.related.map((r, id) => ({
          id,
          message: { text: r.message },
          physicalLocation: { artifactLocation: location(r.file), region: sarifRegion(r.range) },
        }));
      }
      if (f.fixes?.length) {
        result.fixes = f.fixes.map((fix) => {
          const byFile = new Map<string, typeof fix.edits>();
          for (const e of fix.edits) {
            const file = e.file ?? f.file;
            byFile.set(file, [...(byFile.get(file) ?? []), e]);
          }
          return {
            description: { text: fix.title },
            artifactChanges: [...byFile].map(([file, edits]) => ({
              artifactLocation: location(file),
              replacements: edits.map((e) => ({ deletedRegion: sarifRegion(e.range), insertedContent: { text: e.newText } })),
            })),
          };
        });
      }
      return result;
    }),
  );
  const cwdUri = pathToFileURL(report.cwd).href.replace(/\/?$/, '/');
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'reqlint',
            version: typeof REQLINT_VERSION === 'string' ? REQLINT_VERSION : '0.0.0-dev',
            informationUri: 'https://github.com/reqlint/reqlint',
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              ...(r.docs ? { helpUri: r.docs } : {}),
              defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
              properties: { defaultSeverity: r.defaultSeverity },
            })),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: cwdUri } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
