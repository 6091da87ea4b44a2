import { strict as assert } from 'node:assert';
import type { Finding } from '../../src/core/findings';
import type { LintResult } from '../../src/core/lint/rule';
import { formatJson } from '../../src/cli/format/json';
import { groupByFile, summarize, type LintReport } from '../../src/cli/format/report';
import { formatSarif } from '../../src/cli/format/sarif';
import { formatText, useColour } from '../../src/cli/format/text';

const CWD = '/repo';
const range = (line: number, c0: number, c1: number) => ({ start: { line, character: c0 }, end: { line, character: c1 } });

// One .http file whose second finding lives in the JSON body file it references, with a fix editing that file.
const inHttp: Finding = { rule: 'variable/undefined', severity: 'error', message: 'x undefined', file: '/repo/api/a.http', range: range(3, 4, 9), request: 'create', docs: 'https://docs.example/v' };
const crossFix: Finding = {
  ...inHttp,
  rule: 'body/pii-email',
  message: 'raw e-mail',
  range: range(5, 0, 4),
  fixes: [{ title: 'Hash it', kind: 'pii', isPreferred: true, edits: [{ file: '/repo/api/body.json', range: range(2, 2, 9), newText: '"h"' }] }],
};
const inBody: Finding = {
  rule: 'body/format',
  severity: 'warning',
  message: 'bad\ncurrency',
  file: '/repo/api/body.json',
  range: range(1, 14, 19),
  request: 2,
  fixes: [{ title: 'Upper-case it', kind: 'safe', edits: [{ file: '/repo/api/body.json', range: range(1, 15, 18), newText: 'EUR' }] }],
  related: [{ file: '/repo/api/a.http', range: range(7, 0, 12), message: 'referenced here' }],
};
const results: LintResult[] = [
  { file: '/repo/api/a.http', findings: [inHttp, inBody], requests: 2, version: null },
  { file: '/repo/clean.rest', findings: [], requests: 1, version: null },
];
const report: LintReport = {
  cwd: CWD,
  results,
  rules: [{ id: 'variable/undefined', defaultSeverity: 'error', description: 'Variables must be defined.', docs: 'https://docs.example/v' }],
};

describe('cli: lint output formats', () => {
  it('groups findings under the file they are in, keeping clean linted files, sorted by path', () => {
    assert.deepEqual(groupByFile(report).map((g) => [g.file, g.findings.length]), [
      ['/repo/api/a.http', 1],
      ['/repo/api/body.json', 1],
      ['/repo/clean.rest', 0],
    ]);
    assert.deepEqual(summarize(report), { files: 2, requests: 3, errors: 1, warnings: 1, infos: 0, hints: 0 });
  });

  it('JSON: relative paths, fixes with kind, an edit into another file names its path, related locations', () => {
    const doc = JSON.parse(formatJson(report));
    assert.deepEqual(doc.files.map((f: { path: string }) => f.path), ['api/a.http', 'api/body.json', 'clean.rest']);
    const body = doc.files[1].findings[0];
    assert.deepEqual(body.fixes, [{ title: 'Upper-case it', kind: 'safe', edits: [{ range: range(1, 15, 18), newText: 'EUR' }] }]);
    assert.deepEqual(body.related, [{ path: 'api/a.http', range: range(7, 0, 12), message: 'referenced here' }]);
    assert.equal(body.request, 2);
    assert.equal(doc.files[0].findings[0].docs, 'https://docs.example/v');
    assert.equal('fixes' in doc.files[0].findings[0], false);
    const cross = formatJson({ ...report, results: [{ ...results[0], findings: [crossFix] }] });
    assert.deepEqual(JSON.parse(cross).files[0].findings[0].fixes, [
      { title: 'Hash it', kind: 'pii', isPreferred: true, edits: [{ path: 'api/body.json', range: range(2, 2, 9), newText: '"h"' }] },
    ]);
  });

  it('text: one line per finding with 1-based positions, messages on one line, no colour unless asked', () => {
    const text = formatText(report, false);
    assert.equal(
      text,
      [
        'api/a.http',
        '  api/a.http:4:5  error    x undefined  variable/undefined',
        '',
        'api/body.json',
        '  api/body.json:2:15  warning  bad currency  body/format',
        '',
        '✖ 2 problems (1 error, 1 warning, 0 infos, 0 hints) in 2 files, 3 requests',
        '',
      ].join('\n'),
    );
    assert.match(formatText(report, true), /\x1b\[31merror/);
    assert.equal(formatText({ ...report, results: [results[1]] }, false), '✔ No problems (1 file, 1 request)\n');
  });

  it('colour follows the TTY, NO_COLOR and FORCE_COLOR', () => {
    assert.equal(useColour({ isTTY: true }, {}), true);
    assert.equal(useColour({ isTTY: false }, {}), false);
    assert.equal(useColour({ isTTY: true }, { NO_COLOR: '1' }), false);
    assert.equal(useColour({ isTTY: true }, { NO_COLOR: '' }), true);
    assert.equal(useColour({ isTTY: false }, { FORCE_COLOR: '1' }), true);
    assert.equal(useColour({ isTTY: true }, { FORCE_COLOR: '0' }), false);
  });

  it('SARIF: unknown rule ids join the driver rules, fixes and related locations use relative artifact URIs', () => {
    const log = JSON.parse(formatSarif(report));
    const run = log.runs[0];
    assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ['variable/undefined', 'body/format']);
    assert.equal(run.tool.driver.rules[0].helpUri, 'https://docs.example/v');
    assert.equal(run.tool.driver.rules[0].defaultConfiguration.level, 'error');
    assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, 'file:///repo/');
    const [a, b] = run.results;
    assert.equal(a.ruleIndex, 0);
    assert.equal(b.ruleIndex, 1);
    assert.equal(b.level, 'warning');
    assert.equal(b.locations[0].physicalLocation.artifactLocation.uri, 'api/body.json');
    assert.deepEqual(b.relatedLocations[0].physicalLocation.region, { startLine: 8, startColumn: 1, endLine: 8, endColumn: 13 });
    assert.deepEqual(b.fixes[0].artifactChanges, [
      {
        artifactLocation: { uri: 'api/body.json', uriBaseId: '%SRCROOT%' },
        replacements: [{ deletedRegion: { startLine: 2, startColumn: 16, endLine: 2, endColumn: 19 }, insertedContent: { text: 'EUR' } }],
      },
    ]);
  });

  it('SARIF: a fix editing another file changes that artifact', () => {
    const log = JSON.parse(formatSarif({ ...report, results: [{ ...results[0], findings: [crossFix] }] }));
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'api/a.http');
    assert.equal(log.runs[0].results[0].fixes[0].artifactChanges[0].artifactLocation.uri, 'api/body.json');
  });

  it('SARIF: percent-encodes artifact paths', () => {
    const odd: LintReport = { ...report, results: [{ file: '/repo/my api/a#1.http', findings: [{ ...inHttp, file: '/repo/my api/a#1.http' }], requests: 1, version: null }] };
    const log = JSON.parse(formatSarif(odd));
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'my%20api/a%231.http');
  });
});
