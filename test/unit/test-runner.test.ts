import { strict as assert } from 'node:assert';
import { readFileSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { parseHttp } from '../../src/core/http/parser';
import { groupFiles, shardGroups } from '../../src/core/test/plan';
import { jsonReport } from '../../src/core/test/report-json';
import { junitReport } from '../../src/core/test/report-junit';
import { textReport } from '../../src/core/test/report-text';
import { runSuite, type SuiteOptions } from '../../src/core/test/runner';
import type { SuiteResult } from '../../src/core/test/types';
import { buildOnce, runCli } from './cli-lint-helpers';

const XSD = readFileSync(join(__dirname, '..', 'fixtures', 'junit', 'junit.xsd'), 'utf8');

async function junitErrors(xml: string): Promise<string[]> {
  const r = await validateXML({ xml: [{ fileName: 'report.xml', contents: xml }], schema: [XSD] });
  return r.valid ? [] : r.errors.map((e) => e.message);
}

describe('reqlint test: the suite runner, reporters and CLI', function () {
  this.timeout(60000);
  let server: Server;
  let base = '';
  let dir = '';
  let hits: string[] = [];

  before(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const send = (status: number, body: unknown): void => {
        res.statusCode = status;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(body));
      };
      if (req.url === '/login') return send(200, { token: 't0k' });
      if (req.url === '/me') return req.headers.authorization === 'Bearer t0k' ? send(200, { id: 7, items: [1, 2, 3] }) : send(401, { error: 'who?' });
      if (req.url === '/slow') return void setTimeout(() => send(200, {}), 30);
      return send(404, { error: 'not here' });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    hits = [];
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = mkdtempSync(join(tmpdir(), 'reqlint-test-runner-'));
  });

  function write(files: Record<string, string>): SuiteOptions['files'] {
    const out: Array<{ path: string; absolutePath: string }> = [];
    for (const [name, text] of Object.entries(files)) {
      const abs = join(dir, name);
      mkdirSync(join(abs, '..'), { recursive: true });
      writeFileSync(abs, text.replaceAll('BASE', base));
      out.push({ path: name, absolutePath: abs });
    }
    return out;
  }

  function run(files: SuiteOptions['files'], extra: Partial<SuiteOptions> = {}): Promise<SuiteResult> {
    return runSuite({ files, jobs: 1, readText: (p) => readFileSync(p, 'utf8'), profilesFor: () => Promise.resolve([]), ...extra });
  }

  const LOGIN = '# @name login\nPOST BASE/login\n\n?? status == 200\n?? body $.token exists\n';
  const ME = 'GET BASE/me\nAuthorization: Bearer {{login.response.body.token}}\n\n?? body $.items.length == 3\n?? body $.id == 8\n';

  it('checks each answer: assertions with file lines, the default 2xx/3xx rule, # @expect-error, chaining in a file', async () => {
    const files = write({ 'a.http': `${LOGIN}\n###\n${ME}\n###\n# @expect-error\nGET BASE/missing\n\n###\nGET BASE/missing\n` });
    const s = await run(files);
    const [f] = s.files;
    assert.deepEqual(f.requests.map((r) => r.outcome), ['passed', 'failed', 'passed', 'failed']);
    const failedCheck = f.requests[1].checks.find((c) => c.outcome === 'failed')!;
    assert.equal(failedCheck.name, 'body $.id == 8');
    assert.equal(failedCheck.range!.start.line + 1, 12);
    assert.deepEqual([failedCheck.expected, failedCheck.actual], ['8', '7']);
    assert.match(f.requests[3].checks[0].message, /expected a 2xx\/3xx answer, got 404/);
    assert.equal(f.requests[0].attempts.length, 1);
    assert.deepEqual(s.summary, { ...s.summary, files: 1, requests: 4, passed: 2, failed: 2, skipped: 0, failedChecks: 2 });
  });

  it('the gate: an undefined variable is never sent; an error-level finding is refused unless strict is off', async () => {
    const files = write({ 'g.http': 'GET BASE/missing?x={{nope}}\n\n###\nGET BASE/login\n\n?? status == OK\n' });
    const strict = await run(files);
    assert.deepEqual(strict.files[0].requests.map((r) => r.notSent?.rule), ['variable/undefined', 'assert/invalid']);
    assert.match(strict.files[0].requests[0].notSent!.message, /^g\.http:1: Variable 'nope' is not defined/);
    assert.deepEqual(hits, []);
    const loose = await run(files, { strict: false });
    assert.equal(loose.files[0].requests[0].notSent?.rule, 'variable/undefined');
    assert.equal(loose.files[0].requests[1].notSent, null);
    assert.deepEqual(hits, ['/login']);
  });

  it('files chain by name across --jobs: a file reading another file\'s answer runs after it, in one group', async () => {
    const files = write({ 'b-me.http': ME.replace('?? body $.id == 8\n', ''), 'a-login.http': LOGIN, 'c-other.http': 'GET BASE/slow\n', 'd-other.http': 'GET BASE/slow\n' });
    const s = await run(files, { jobs: 2 });
    assert.deepEqual(s.files.map((f) => f.path), ['a-login.http', 'b-me.http', 'c-other.http', 'd-other.http']);
    assert.deepEqual(s.files.map((f) => f.requests[0].outcome), ['passed', 'passed', 'passed', 'passed']);
    assert.ok(hits.indexOf('/login') < hits.indexOf('/me'));
    const groups = groupFiles(files.map((f) => ({ path: f.absolutePath, file: parseHttp(readFileSync(f.absolutePath, 'utf8')) })));
    assert.deepEqual(groups.map((g) => g.files.map((x) => x.path.slice(dir.length + 1))), [['a-login.http', 'b-me.http'], ['c-other.http'], ['d-other.http']]);
  });

  it('--shard K/N: deterministic, dependent files together, the N shards hold every test exactly once', async () => {
    const spec: Record<string, string> = { 'a-login.http': LOGIN, 'b-me.http': ME };
    for (let i = 0; i < 7; i++) spec[`x${i}.http`] = 'GET BASE/slow\n'.repeat(1 + (i % 3)).split('\n').filter(Boolean).join('\n\n###\n') + '\n';
    const files = write(spec);
    const planned = files.map((f) => ({ path: f.absolutePath, file: parseHttp(readFileSync(f.absolutePath, 'utf8')) }));
    const groups = groupFiles(planned);
    for (const n of [1, 2, 3, 5]) {
      const seen: string[] = [];
      for (let k = 1; k <= n; k++) {
        const a = shardGroups(groups, k, n);
        assert.deepEqual(a, shardGroups(groupFiles([...planned].reverse()), k, n), 'same split whatever the input order');
        for (const g of a) seen.push(...g.files.map((f) => f.path));
        assert.ok(a.every((g) => !g.files.some((f) => f.path.endsWith('b-me.http')) || g.files.some((f) => f.path.endsWith('a-login.http'))));
      }
      assert.deepEqual(seen.sort(), files.map((f) => f.absolutePath).sort(), `n=${n}`);
    }
    const testcases = new Set<string>();
    for (let k = 1; k <= 3; k++) {
      const s = await run(files, { shard: { index: k, total: 3 } });
      const xml = junitReport(s);
      assert.deepEqual(await junitErrors(xml), []);
      for (const m of xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)"/g)) {
        const key = `${m[2]} ${m[1]}`;
        assert.ok(!testcases.has(key), `${key} twice`);
        testcases.add(key);
      }
    }
    assert.equal(testcases.size, Object.values(spec).reduce((n, t) => n + parseHttp(t).requests.length, 0));
  });

  it('JUnit: valid against the schema, one <failure> per failed assertion with expected/actual and file:line; broken XML is caught', async () => {
    const files = write({ 'a.http': `${LOGIN}\n###\n${ME.replace('== 3', '== 4')}`, 'bad.http': 'GET BASE/x?{{nope}}\n' });
    const s = await run(files);
    const xml = junitReport(s);
    assert.deepEqual(await junitErrors(xml), []);
    const me = /<testcase name="#2 GET [^"]*"[\s\S]*?<\/testcase>/.exec(xml)![0];
    assert.equal([...me.matchAll(/<failure /g)].length, 2);
    assert.match(me, /expected: 4\nactual: 3\nat a\.http:11/);
    assert.match(xml, /<failure message="not sent: bad\.http:1: Variable &apos;nope&apos;/);
    assert.notDeepEqual(await junitErrors(xml.replace('tests="3"', 'tests="three"')), []);
    assert.notDeepEqual(await junitErrors(xml.replace(/<testcase /, '<testcase2 ')), []);
  });

  it('JSON and text reports: versioned document with 1-based lines and 0-based ranges; a summary table', async () => {
    const files = write({ 'a.http': `${LOGIN}\n###\n${ME}` });
    const s = await run(files, { grep: '^login$' });
    const doc = JSON.parse(jsonReport(s)) as { version: number; summary: { requests: number }; files: Array<{ requests: Array<{ request: string; checks: Array<{ line: number; range: { start: { line: number } } }> }> }> };
    assert.equal(doc.version, 1);
    assert.equal(doc.summary.requests, 1);
    assert.equal(doc.files[0].requests[0].request, 'login');
    const c = doc.files[0].requests[0].checks.find((x) => x.line === 4)!;
    assert.equal(c.range.start.line, 3);
    assert.match(textReport(s), /a\.http\s+1\s+0\s+0/);
    assert.match(textReport(s), /PASSED: 1 requests in 1 files/);
  });

  it('the CLI: exit 0 when all pass, 1 when one fails, 2 for bad usage; --output writes the JUnit file; .gitignore is respected', async () => {
    await buildOnce();
    write({ 'ok.http': LOGIN, 'ignored/fail.http': 'GET BASE/missing\n', '.gitignore': 'ignored/\n' });
    const ok = await runCli(['test', '--reporter', 'junit', '--output', 'out/report.xml'], dir);
    assert.equal(ok.code, 0, ok.stderr + ok.stdout);
    assert.deepEqual(await junitErrors(readFileSync(join(dir, 'out', 'report.xml'), 'utf8')), []);
    const bad = await runCli(['test', 'ok.http', 'ignored/fail.http'], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /ignored\/fail\.http:1 GET 1 → 404/);
    assert.equal((await runCli(['test', '--shard', '4/3'], dir)).code, 2);
    assert.equal((await runCli(['test', '--grep', '(a)\\1'], dir)).code, 2);
    assert.equal((await runCli(['test', '--reporter', 'tap'], dir)).code, 2);
  });
});
