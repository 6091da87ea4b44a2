import { strict as assert } from 'node:assert';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buildOnce, ROOT, runCli } from './cli-lint-helpers';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'lint');

interface JsonFinding {
  rule: string;
  severity: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  request: string | number | null;
  docs?: string;
  fixes?: Array<{ title: string; edits: Array<{ range: unknown; newText: string }> }>;
}
interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: Record<string, number> } }>;
  fixes?: Array<{ artifactChanges: Array<{ replacements: unknown[] }> }>;
}
interface JsonDoc {
  version: number;
  files: Array<{ path: string; findings: JsonFinding[] }>;
  summary: { files: number; requests: number; errors: number; warnings: number; infos: number; hints: number };
}

/** The checks below pin only the syntax and variable rules; other rules may add findings of their own. */
const MINE = new Set(['syntax/request-line', 'syntax/header', 'variable/undefined', 'file/unreadable']);
const mine = (fs: JsonFinding[]) => fs.filter((f) => MINE.has(f.rule));

describe('cli: reqlint lint', function () {
  this.timeout(60000);
  let tmp: string;

  before(async () => {
    await buildOnce();
    tmp = mkdtempSync(join(tmpdir(), 'reqlint-cli-'));
  });
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints stylish text with file:line:col, severity, message and rule id, and exits 1 on errors', async () => {
    const r = await runCli(['lint', 'errors.http'], FIXTURES);
    assert.equal(r.code, 1, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], 'errors.http');
    assert.match(r.stdout, /^ {2}errors\.http:7:12 +error +Variable 'apiKey' is not defined.* +variable\/undefined$/m);
    assert.match(r.stdout, /^ {2}errors\.http:8:1 +error +"this is not a header" is not a `Name: value` header.* +syntax\/header$/m);
    assert.match(r.stdout, /^ {2}errors\.http:13:1 +error +Request line "GET" has a method but no URL.* +syntax\/request-line$/m);
    assert.match(r.stdout, /^✖ \d+ problems? \(\d+ errors?, .*\) in 1 file, 1 request$/m);
    assert.doesNotMatch(r.stdout, /\x1b\[/, 'no colour when stdout is not a TTY');
  });

  it('colours only when asked (FORCE_COLOR) and never under NO_COLOR', async () => {
    const forced = await runCli(['lint', 'errors.http'], FIXTURES, { NO_COLOR: undefined, FORCE_COLOR: '1' });
    assert.match(forced.stdout, /\x1b\[31merror/);
    const off = await runCli(['lint', 'errors.http'], FIXTURES, { NO_COLOR: '1', FORCE_COLOR: '1' });
    assert.doesNotMatch(off.stdout, /\x1b\[/);
  });

  it('exits 0 with a clean summary when nothing is wrong', async () => {
    const r = await runCli(['lint', 'clean.http', '--format', 'json'], FIXTURES);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.deepEqual(mine(doc.files[0].findings), []);
    assert.equal(doc.summary.requests, 2);
    if (doc.summary.errors === 0) {
      assert.equal(r.code, 0);
      const text = await runCli(['lint', 'clean.http'], FIXTURES);
      if (text.stdout.startsWith('✔')) assert.equal(text.stdout, '✔ No problems (1 file, 2 requests)\n');
    } else assert.equal(r.code, 1);
  });

  it('prints the contract JSON: relative paths, 0-based ranges, request name or index, docs and fixes', async () => {
    const r = await runCli(['lint', 'errors.http', '--format', 'json'], FIXTURES);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.equal(doc.version, 1);
    assert.deepEqual(doc.files.map((f) => f.path), ['errors.http']);
    const found = mine(doc.files[0].findings);
    assert.deepEqual(found.map((f) => [f.rule, f.severity, f.range.start.line, f.range.start.character, f.request]), [
      ['variable/undefined', 'error', 6, 11, 'createThing'],
      ['syntax/header', 'error', 7, 0, 'createThing'],
      ['syntax/request-line', 'error', 12, 0, null],
    ]);
    const v = found[0];
    assert.deepEqual(v.range.end, { line: 6, character: 21 });
    assert.match(v.docs ?? '', /^https:\/\/.+#variableundefined$/);
    assert.deepEqual(v.fixes?.[0].edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '@apiKey = REPLACE_ME\n' }]);
    assert.equal(doc.summary.files, 1);
    assert.equal(doc.summary.requests, 1);
    assert.equal(doc.summary.errors, doc.files[0].findings.filter((f) => f.severity === 'error').length);
  });

  it('prints SARIF 2.1.0 with ruleId, rule metadata, relative artifacts, 1-based regions and fixes', async () => {
    const [json, sarif] = await Promise.all([
      runCli(['lint', 'errors.http', '--format', 'json'], FIXTURES),
      runCli(['lint', 'errors.http', '--format', 'sarif'], FIXTURES),
    ]);
    assert.equal(sarif.code, 1);
    const log = JSON.parse(sarif.stdout);
    assert.equal(log.version, '2.1.0');
    assert.match(log.$schema, /sarif-2\.1\.0/);
    const run = log.runs[0];
    assert.equal(run.tool.driver.name, 'reqlint');
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    for (const id of ['syntax/request-line', 'syntax/header', 'variable/undefined']) assert.ok(ruleIds.includes(id), id);
    for (const rule of run.tool.driver.rules) {
      if (MINE.has(rule.id)) {
        assert.match(rule.helpUri, /^https:\/\//);
        assert.equal(typeof rule.shortDescription.text, 'string');
      }
    }
    const doc = JSON.parse(json.stdout) as JsonDoc;
    const all = doc.files[0].findings;
    assert.equal(run.results.length, all.length);
    run.results.forEach((res: SarifResult, i: number) => {
      const f = all[i];
      assert.equal(res.ruleId, f.rule);
      assert.equal(run.tool.driver.rules[res.ruleIndex].id, f.rule);
      assert.equal(res.level, f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'note');
      const loc = res.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uri, 'errors.http');
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%');
      assert.deepEqual(loc.region, {
        startLine: f.range.start.line + 1,
        startColumn: f.range.start.character + 1,
        endLine: f.range.end.line + 1,
        endColumn: f.range.end.character + 1,
      });
    });
    const withFix = (run.results as SarifResult[]).find((res) => res.ruleId === 'variable/undefined');
    assert.deepEqual(withFix?.fixes?.[0].artifactChanges[0].replacements[0], {
      deletedRegion: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 1 },
      insertedContent: { text: '@apiKey = REPLACE_ME\n' },
    });
    assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  });

  it('walks folders for .http, .rest and mapped .json files, skipping node_modules and .git; no PATH means the current folder', async () => {
    const project = join(tmp, 'project');
    cpSync(join(FIXTURES, 'project'), project, { recursive: true });
    for (const skip of ['node_modules/pkg', '.git']) {
      mkdirSync(join(project, skip), { recursive: true });
      writeFileSync(join(project, skip, 'ignored.http'), 'GET https://example.test/{{ignored}}\n');
    }
    const r = await runCli(['lint', '--format', 'json'], project);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.deepEqual(doc.files.map((f) => f.path), ['nested/broken.rest', 'ok.http', 'payloads/event.json', 'warn-only/warn.http']);
    const byPath = Object.fromEntries(doc.files.map((f) => [f.path, mine(f.findings).map((x) => `${x.range.start.line + 1} ${x.rule} ${x.severity}`)]));
    assert.deepEqual(byPath['nested/broken.rest'], ['1 variable/undefined error']);
    assert.deepEqual(byPath['payloads/event.json'], ['3 variable/undefined error']);
    // warn-only/ has its own config lowering the rule to a warning.
    assert.deepEqual(byPath['warn-only/warn.http'], ['1 variable/undefined warning']);
    assert.equal(r.code, 1);

    const fromParent = await runCli(['lint', 'project/warn-only', '--format', 'json'], tmp);
    assert.deepEqual((JSON.parse(fromParent.stdout) as JsonDoc).files.map((f) => f.path), ['project/warn-only/warn.http']);
    const warnOnly = await runCli(['lint', 'warn-only'], project);
    assert.equal(warnOnly.code, 0, 'warnings alone exit 0');
  });

  it('lints an explicitly named JSON file only when a mapping covers it, and says so otherwise', async () => {
    const r = await runCli(['lint', 'unmapped.json', 'payloads/event.json', '--format', 'json'], join(FIXTURES, 'project'));
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.deepEqual(doc.files.map((f) => f.path), ['payloads/event.json']);
    assert.match(r.stderr, /unmapped\.json: skipped: no "payloads" entry/);
  });

  it('accepts globs', async () => {
    const r = await runCli(['lint', 'project/**/*.rest', '--format', 'json'], FIXTURES);
    assert.deepEqual((JSON.parse(r.stdout) as JsonDoc).files.map((f) => f.path), ['project/nested/broken.rest']);
  });

  it('exits 2 naming the key for an invalid config, found upward or given with --config', async () => {
    const dir = join(tmp, 'badconfig');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'reqlint.config.json'), '{\n  "rules": {\n    "body/pii-email": "warn"\n  }\n}\n');
    writeFileSync(join(dir, 'sub', 'a.http'), 'GET https://example.test/\n');
    const r = await runCli(['lint', 'sub'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /reqlint\.config\.json:3:23: \/rules\/body~1pii-email: must be one of off, hint, info, warning, error/);

    writeFileSync(join(tmp, 'other.json'), '{ "rulez": {} }');
    const explicit = await runCli(['lint', 'clean.http', '--config', join(tmp, 'other.json')], FIXTURES);
    assert.equal(explicit.code, 2);
    assert.match(explicit.stderr, /other\.json:1:3: \/rulez: unknown key 'rulez'; did you mean 'rules'\?/);

    const notJson = join(tmp, 'notjson.json');
    writeFileSync(notJson, '{\n  "rules": { "a" }\n}');
    const nj = await runCli(['lint', 'clean.http', '--config', notJson], FIXTURES);
    assert.equal(nj.code, 2);
    assert.match(nj.stderr, /notjson\.json:2:\d+: not valid JSON/);

    const missing = await runCli(['lint', 'clean.http', '--config', join(tmp, 'nope.json')], FIXTURES);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /nope\.json: cannot read the config: file not found/);
  });

  it('exits 2 for bad usage: unknown option, bad --format, missing path, --fix-type without --fix', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['lint', '--bogus'], /unknown option '--bogus'/],
      [['lint', '--format', 'xml', 'clean.http'], /--format must be text, json or sarif \(got 'xml'\)/],
      [['lint', 'no-such-file.http'], /no such file or folder: no-such-file\.http/],
      [['lint', 'nothing/**/*.http'], /no files match the pattern/],
      [['lint', '--fix-type', 'pii', 'clean.http'], /--fix-type only works together with --fix/],
      [['lint', '--fix', '--fix-type', 'everything', 'clean.http'], /--fix-type must be one of safe, pii, suggestion/],
    ];
    for (const [args, re] of cases) {
      const r = await runCli(args, FIXTURES);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, re);
      assert.equal(r.stdout, '');
    }
    const help = await runCli(['lint', '--help'], FIXTURES);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /--format text\|json\|sarif/);
  });

  it('reports binary, non-UTF-8, oversized and unreadable files by name and still lints the others (exit 1)', async () => {
    const dir = join(tmp, 'bad-files');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a-binary.http'), Buffer.from([0x47, 0x45, 0x54, 0x20, 0x00, 0x01, 0x02]));
    writeFileSync(join(dir, 'b-latin1.http'), Buffer.concat([Buffer.from('GET https://example.test/\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')]));
    writeFileSync(join(dir, 'c-huge.http'), '');
    truncateSync(join(dir, 'c-huge.http'), 51 * 1024 * 1024);
    writeFileSync(join(dir, 'd-good.http'), 'GET https://example.test/{{nope}}\n');
    const locked = join(dir, 'e-locked.http');
    writeFileSync(locked, 'GET https://example.test/\n');
    chmodSync(locked, 0o000);
    const root = process.getuid?.() === 0;

    const r = await runCli(['lint', '.', '--format', 'json'], dir);
    assert.equal(r.code, 1);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    const byPath = Object.fromEntries(doc.files.map((f) => [f.path, f.findings]));
    assert.match(byPath['a-binary.http'][0].message, /binary file/);
    assert.equal(byPath['a-binary.http'][0].rule, 'file/unreadable');
    assert.match(byPath['b-latin1.http'][0].message, /not valid UTF-8 \(first bad byte at line 2, column 6\)/);
    assert.deepEqual(byPath['b-latin1.http'][0].range.start, { line: 1, character: 5 });
    assert.match(byPath['c-huge.http'][0].message, /51\.0 MiB, over the 50\.0 MiB limit/);
    assert.deepEqual(mine(byPath['d-good.http']).map((f) => f.rule), ['variable/undefined']);
    if (!root) assert.match(byPath['e-locked.http'][0].message, /cannot read the file \(permission denied\)/);
    chmodSync(locked, 0o644);

    const text = await runCli(['lint', 'a-binary.http'], dir);
    assert.match(text.stdout, /a-binary\.http:1:5 +error +not linted: this looks like a binary file/);
  });

  it('applies safe fixes with --fix and suggestions only with --fix-type suggestion, then reports what is left', async () => {
    const dir = join(tmp, 'fix');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'a.http');
    const original = '@host = https://example.test\n\n###\nGET {{host}}/a\nX-Key: {{apiKey}}\n';
    writeFileSync(file, original);
    const plain = await runCli(['lint', '--fix', 'a.http', '--format', 'json'], dir);
    assert.equal(readFileSync(file, 'utf8'), original, 'defining a variable is a suggestion, not a safe fix');
    assert.equal(plain.code, 1);

    const fixed = await runCli(['lint', '--fix', '--fix-type', 'suggestion', 'a.http', '--format', 'json'], dir);
    assert.equal(readFileSync(file, 'utf8'), '@host = https://example.test\n@apiKey = REPLACE_ME\n\n###\nGET {{host}}/a\nX-Key: {{apiKey}}\n');
    const doc = JSON.parse(fixed.stdout) as JsonDoc;
    assert.deepEqual(mine(doc.files[0].findings), []);
  });

  it('uses --env for variable lookup and names it in messages', async () => {
    const dir = join(tmp, 'env');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: 'https://dev.example.test' }, prod: {} }));
    writeFileSync(join(dir, 'a.http'), 'GET {{host}}/a\n');
    const dev = await runCli(['lint', 'a.http', '--env', 'dev', '--format', 'json'], dir);
    assert.deepEqual(mine((JSON.parse(dev.stdout) as JsonDoc).files[0].findings), []);
    const prod = await runCli(['lint', 'a.http', '--env', 'prod', '--format', 'json'], dir);
    const f = mine((JSON.parse(prod.stdout) as JsonDoc).files[0].findings);
    assert.equal(f.length, 1);
    assert.match(f[0].message, /the 'prod' environment/);

    const typo = await runCli(['lint', 'a.http', '--env', 'staging'], dir);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /environment 'staging' is not defined .*Available: dev, prod\./);
    const none = await runCli(['lint', 'clean.http', '--env', 'dev'], FIXTURES);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /environment 'dev' is not defined: no http-client\.env\.json was found/);
  });

  it('finds http-client.env.json in the working folder for files in subfolders', async () => {
    const dir = join(tmp, 'env-up');
    mkdirSync(join(dir, 'api', 'v1'), { recursive: true });
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: 'https://dev.example.test' } }));
    writeFileSync(join(dir, 'api', 'v1', 'a.http'), 'GET {{host}}/a\n');
    const r = await runCli(['lint', '--env', 'dev', '--format', 'json'], dir);
    assert.deepEqual(mine((JSON.parse(r.stdout) as JsonDoc).files[0].findings), []);
  });

  it('lints the real-world .http corpus (../shared/corpus/http) without an internal error', async function () {
    const corpus = join(ROOT, '..', 'shared', 'corpus', 'http');
    if (!existsSync(corpus)) {
      console.log(`      skipped: the shared corpus is not at ${relative(ROOT, corpus)} (see ../shared/README.md)`);
      this.skip();
    }
    const expected: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (/\.(http|rest)$/i.test(e.name)) expected.push(relative(corpus, join(d, e.name)).split('\\').join('/'));
      }
    };
    walk(corpus);
    const r = await runCli(['lint', '.', '--format', 'json'], corpus);
    assert.ok(r.code === 0 || r.code === 1, `exit ${String(r.code)}: ${r.stderr}`);
    const doc = JSON.parse(r.stdout) as JsonDoc;
    assert.deepEqual(doc.files.map((f) => f.path).filter((p) => /\.(http|rest)$/i.test(p)).sort(), expected.sort());
    const internal = doc.files.flatMap((f) => f.findings.filter((x) => x.rule === 'internal/rule-error').map((x) => `${f.path}: ${x.message}`));
    assert.deepEqual(internal, []);
    assert.doesNotMatch(r.stderr, /internal error/);
  });
});
