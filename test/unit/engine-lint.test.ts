import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig, type PayloadMapping, type ProjectConfig } from '../../src/core/config/types';
import type { Finding } from '../../src/core/findings';
import { applyTextEdits } from '../../src/core/fix/apply';
import { parseHttp } from '../../src/core/http/parser';
import { INTERNAL_ERROR_RULE, lintHttpText, lintJsonPayload, syntheticRequest } from '../../src/core/lint/engine';
import type { ContextProvider } from '../../src/core/lint/provider';
import type { FileRule, Rule, RuleContext } from '../../src/core/lint/rule';
import { rules as registered } from '../../src/core/lint/rules/index';
import { syntaxHeader } from '../../src/core/lint/rules/syntax-header';
import { syntaxRequestLine } from '../../src/core/lint/rules/syntax-request-line';
import { variableUndefined } from '../../src/core/lint/rules/variable-undefined';

// Each block runs only the rules it is about: other rules join the registry over time.
const SYNTAX = { rules: [syntaxRequestLine, syntaxHeader] };
const VARS = { rules: [variableUndefined] };

const PATH = '/work/api.http';

function config(rules: ProjectConfig['rules'] = {}): ProjectConfig {
  return { ...defaultConfig('/work'), rules };
}

/** A rule reporting every request line, so tests can see which requests a rule ran on. */
const everyRequest: Rule = {
  id: 'test/every-request',
  defaultSeverity: 'warning',
  description: 'Reports each request line.',
  docs: 'https://example.test/docs',
  check(ctx) {
    ctx.report({ message: `request ${String(ctx.requestId)}`, range: ctx.request.requestLine });
  },
};

const ids = (fs: Finding[]) => fs.map((f) => `${f.range.start.line + 1} ${f.rule}`);

describe('lint engine', () => {
  const text = ['### one', '# @name first', 'GET https://example.test/a', '', '### two', 'GET https://example.test/b', ''].join('\n');

  it('runs every rule on every request and fills rule id, severity, file, request and docs', () => {
    const r = lintHttpText(PATH, text, { rules: [everyRequest] });
    assert.equal(r.requests, 2);
    assert.equal(r.file, PATH);
    assert.equal(r.version, null);
    assert.deepEqual(
      r.findings.map((f) => [f.rule, f.severity, f.file, f.request, f.docs, f.range.start.line]),
      [
        ['test/every-request', 'warning', PATH, 'first', 'https://example.test/docs', 2],
        ['test/every-request', 'warning', PATH, 2, 'https://example.test/docs', 5],
      ],
    );
  });

  it('applies configured levels: a severity replaces the default, off never runs the rule', () => {
    let calls = 0;
    const counting: Rule = { ...everyRequest, check: (ctx) => (calls++, everyRequest.check(ctx)) };
    const r = lintHttpText(PATH, text, { rules: [counting], config: config({ 'test/every-request': 'error' }) });
    assert.deepEqual(r.findings.map((f) => f.severity), ['error', 'error']);
    calls = 0;
    const off = lintHttpText(PATH, text, { rules: [counting], config: config({ 'test/every-request': 'off' }) });
    assert.equal(off.findings.length, 0);
    assert.equal(calls, 0);
  });

  it("keeps a rule's per-finding severity unless the user configured the rule", () => {
    const variant: Rule = { ...everyRequest, check: (ctx) => ctx.report({ message: 'm', range: ctx.request.requestLine, severity: 'info' }) };
    assert.deepEqual(lintHttpText(PATH, text, { rules: [variant] }).findings.map((f) => f.severity), ['info', 'info']);
    assert.deepEqual(
      lintHttpText(PATH, text, { rules: [variant], config: config({ 'test/every-request': 'hint' }) }).findings.map((f) => f.severity),
      ['hint', 'hint'],
    );
  });

  it('honours # reqlint-disable-next-line <id> for that line and that rule only', () => {
    const t = ['# reqlint-disable-next-line test/every-request', 'GET https://example.test/a', '', '###', '# reqlint-disable-next-line other/rule', 'GET https://example.test/b', ''].join('\n');
    assert.deepEqual(ids(lintHttpText(PATH, t, { rules: [everyRequest] }).findings), ['6 test/every-request']);
  });

  it('honours # reqlint-disable <id> from its line on, until # reqlint-enable', () => {
    const t = [
      'GET https://example.test/a',
      '',
      '###',
      '# reqlint-disable test/every-request',
      'GET https://example.test/b',
      '',
      '###',
      'GET https://example.test/c',
      '',
      '###',
      '# reqlint-enable test/every-request',
      'GET https://example.test/d',
      '',
    ].join('\n');
    assert.deepEqual(ids(lintHttpText(PATH, t, { rules: [everyRequest] }).findings), ['1 test/every-request', '12 test/every-request']);
    const all = ['# reqlint-disable', 'GET https://example.test/a', ''].join('\n');
    assert.equal(lintHttpText(PATH, all, { rules: [everyRequest] }).findings.length, 0);
  });

  it('turns a throwing rule into one internal finding per file and still runs the other rules', () => {
    const errors: string[] = [];
    const boom: Rule = { ...everyRequest, id: 'test/boom', check: () => { throw new TypeError('x is undefined'); } };
    const r = lintHttpText(PATH, text, { rules: [boom, everyRequest], onInternalError: (m) => errors.push(m) });
    const internal = r.findings.filter((f) => f.rule === INTERNAL_ERROR_RULE);
    assert.equal(internal.length, 1);
    assert.equal(internal[0].severity, 'warning');
    assert.match(internal[0].message, /rule test\/boom failed: TypeError: x is undefined/);
    assert.equal(r.findings.filter((f) => f.rule === 'test/every-request').length, 2);
    assert.equal(errors.length, 2, 'the log hears about every failure');
  });

  it('runs context providers before rules, guards them, and lets rules read ctx.extra', () => {
    const seen: unknown[] = [];
    const provider: ContextProvider = { id: 'test/endpoint', provide: (ctx, session) => { ctx.extra.endpoint = `${ctx.request.method.value} ${ctx.request.url.value}`; ctx.extra.dir = session.config.dir; } };
    const broken: ContextProvider = { id: 'test/broken', provide: () => { throw new Error('nope'); } };
    const reader: Rule = { ...everyRequest, id: 'test/reader', check: (ctx) => void seen.push([ctx.extra.endpoint, ctx.extra.dir]) };
    const r = lintHttpText(PATH, text, { rules: [reader], providers: [provider, broken] });
    assert.deepEqual(seen, [['GET https://example.test/a', '/work'], ['GET https://example.test/b', '/work']]);
    assert.equal(r.findings.length, 1);
    assert.match(r.findings[0].message, /context provider test\/broken failed: Error: nope/);
  });

  it('gives file rules every request context at once', () => {
    const fileRule: FileRule = {
      id: 'test/file-rule',
      defaultSeverity: 'error',
      description: 'Reports the last request with the request count.',
      docs: '',
      checkFile(ctxs: RuleContext[]) {
        const last = ctxs[ctxs.length - 1];
        last.report({ message: `${ctxs.length} requests`, range: last.request.requestLine });
      },
    };
    const r = lintHttpText(PATH, text, { rules: [fileRule] });
    assert.deepEqual(r.findings.map((f) => [f.message, f.request]), [['2 requests', 2]]);
    assert.equal(r.findings[0].docs, undefined, 'an empty docs link is left out');
  });

  it('sorts findings by position then rule id and drops exact duplicates', () => {
    const twice: Rule = {
      ...everyRequest,
      id: 'test/a-twice',
      check: (ctx) => {
        ctx.report({ message: 'dup', range: ctx.request.requestLine });
        ctx.report({ message: 'dup', range: ctx.request.requestLine });
      },
    };
    const r = lintHttpText(PATH, text, { rules: [everyRequest, twice] });
    assert.deepEqual(ids(r.findings), ['3 test/a-twice', '3 test/every-request', '6 test/a-twice', '6 test/every-request']);
  });

  it('stamps the editor version and reuses a parse when given one', () => {
    const parsed = parseHttp(text);
    const r = lintHttpText(PATH, 'ignored', { rules: [everyRequest], parsed, version: 7 });
    assert.equal(r.version, 7);
    assert.equal(r.requests, 2);
  });

  it('registers unique rule ids of the form area/name', () => {
    const all = registered.map((r) => r.id);
    assert.equal(new Set(all).size, all.length);
    for (const id of all) assert.match(id, /^[a-z0-9-]+\/[a-z0-9-]+$/);
  });
});

describe('lint engine: syntax rules', () => {
  it('reports the parser problems as syntax/request-line and syntax/header on their lines', () => {
    const t = ['GET https://example.test/a', 'not a header', '', '###', 'GET', ''].join('\n');
    const r = lintHttpText(PATH, t, SYNTAX);
    assert.deepEqual(ids(r.findings), ['2 syntax/header', '5 syntax/request-line']);
    assert.ok(r.findings.every((f) => f.severity === 'error'));
  });

  it('respects a configured level and disable comments for syntax rules', () => {
    const t = ['GET https://example.test/a', '# reqlint-disable-next-line syntax/header', 'not a header', 'also not', ''].join('\n');
    const r = lintHttpText(PATH, t, { ...SYNTAX, config: config({ 'syntax/header': 'warning' }) });
    assert.deepEqual(r.findings.map((f) => `${f.range.start.line + 1} ${f.rule} ${f.severity}`), ['4 syntax/header warning']);
  });
});

describe('lint engine: variable/undefined', () => {
  it('flags names defined nowhere, and accepts file variables, named requests, prompts and dynamic variables', () => {
    const t = [
      '@host = https://example.test',
      '',
      '### login',
      '# @name login',
      '# @prompt otp',
      'POST {{host}}/login',
      'X-Otp: {{otp}}',
      '',
      '{"id": "{{$uuid}}", "at": "{{$datetime iso8601}}", "r": "{{$random.email}}", "e": "{{$dotenv SECRET}}"}',
      '',
      '###',
      'GET {{host}}/me',
      'Authorization: Bearer {{login.response.body.$.token}}',
      'X-Missing: {{apiKey}}',
      'X-Bad: {{$nope}}',
      '',
    ].join('\n');
    const r = lintHttpText(PATH, t, VARS);
    assert.deepEqual(
      r.findings.map((f) => [f.range.start.line + 1, f.range.start.character, f.range.end.character, f.request]),
      [
        [14, 11, 21, 2],
        [15, 7, 16, 2],
      ],
    );
    assert.match(r.findings[0].message, /Variable 'apiKey' is not defined in this file or \.env \(no environment selected\)/);
    assert.match(r.findings[1].message, /'\{\{\$nope\}\}' is not a known dynamic variable/);
    assert.equal(r.findings[1].fixes, undefined);
  });

  it('accepts names set by httpYac scripts (exports.x =, $global.x =) and by # @loop', () => {
    const t = [
      '{{',
      '  exports.authDate = new Date().toUTCString();',
      '  $global.token = "t";',
      '}}',
      '',
      '###',
      '# @loop for item of data',
      'GET https://example.test/?item={{item}}&i={{$index}}&d={{authDate}}&t={{token}}',
      '',
      '###',
      'GET https://example.test/?item={{item}}&i={{$index}}',
      '',
    ].join('\n');
    const r = lintHttpText(PATH, t, VARS);
    assert.deepEqual(r.findings.map((f) => `${f.range.start.line + 1} ${t.split('\n')[f.range.start.line].slice(f.range.start.character, f.range.end.character)}`), ['11 {{item}}', '11 {{$index}}']);
  });

  it('names the selected environment and consults the given scope', () => {
    const t = 'GET {{host}}/a\n';
    const r = lintHttpText(PATH, t, { ...VARS, environment: 'dev' });
    assert.match(r.findings[0].message, /the 'dev' environment/);
    const ok = lintHttpText(PATH, t, { ...VARS, scope: { isDefined: (e) => e === 'host' } });
    assert.equal(ok.findings.length, 0);
  });

  it('consults http-client.env.json for the selected environment and .env by default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-vars-'));
    try {
      writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { apiKey: 'k' }, prod: { other: 'o' } }));
      writeFileSync(join(dir, '.env'), 'TOKEN=abc\n');
      const path = join(dir, 'api.http');
      const t = 'GET https://example.test/{{apiKey}}\nX-Token: {{TOKEN}}\n';
      assert.equal(lintHttpText(path, t, { ...VARS, environment: 'dev' }).findings.length, 0);
      const prod = lintHttpText(path, t, { ...VARS, environment: 'prod' }).findings;
      assert.deepEqual(ids(prod), ['1 variable/undefined']);
      assert.match(prod[0].message, /Variable 'apiKey' is not defined in this file, the 'prod' environment or \.env/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('offers "define it in the file", inserting @name before the first request, which clears the finding', () => {
    const t = ['@host = https://example.test', '', '### first', 'GET {{host}}/a', 'X-Key: {{apiKey}}', '', '###', 'GET {{host}}/b?k={{apiKey}}', ''].join('\n');
    const r = lintHttpText(PATH, t, VARS);
    assert.equal(r.findings.length, 2);
    const fix = r.findings[0].fixes?.[0];
    assert.ok(fix);
    assert.equal(fix.title, "Define 'apiKey' in this file");
    assert.deepEqual(fix.edits, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, newText: '@apiKey = REPLACE_ME\n' }]);
    // Both findings carry the same edit; applying them all defines the name once.
    const edits = r.findings.flatMap((f) => f.fixes?.[0]?.edits ?? []);
    const fixed = applyTextEdits(t, edits).text;
    assert.equal(fixed.split('\n').filter((l) => l.startsWith('@apiKey')).length, 1);
    assert.equal(lintHttpText(PATH, fixed, VARS).findings.length, 0);
  });

  it('puts the definition above the first ### line when the file has no variables, keeping CRLF', () => {
    const t = '### first\r\nGET https://example.test/{{id}}\r\n';
    const fix = lintHttpText(PATH, t, VARS).findings[0].fixes?.[0];
    assert.deepEqual(fix?.edits[0], { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '@id = REPLACE_ME\r\n' });
    const fixed = applyTextEdits(t, fix.edits).text;
    assert.equal(fixed, '@id = REPLACE_ME\r\n### first\r\nGET https://example.test/{{id}}\r\n');
    assert.equal(lintHttpText(PATH, fixed, VARS).findings.length, 0);
  });
});

describe('lint engine: JSON payloads', () => {
  const mapping: PayloadMapping = { files: ['*.json'], method: 'POST', url: 'https://track.scanova.io/v1/events', endpoint: 'POST https://track.scanova.io/v1/events', headers: {}, index: 0 };

  it('lints a JSON file as the body of the mapped request', () => {
    const seen: RuleContext[] = [];
    const spy: Rule = { ...everyRequest, id: 'test/spy', check: (ctx) => void seen.push(ctx) };
    const r = lintJsonPayload('/work/event.json', '{\n  "a": "{{who}}"\n}\n', mapping, { rules: [spy, variableUndefined] });
    assert.equal(r.requests, 1);
    assert.equal(seen.length, 1);
    const ctx = seen[0];
    assert.equal(ctx.synthetic, true);
    assert.equal(ctx.file, null);
    assert.equal(ctx.request.method.value, 'POST');
    assert.equal(ctx.request.url.value, 'https://track.scanova.io/v1/events');
    assert.deepEqual(ctx.request.headers.map((h) => `${h.name.value}: ${h.value.value}`), ['Content-Type: application/json']);
    assert.equal(ctx.request.body?.kind, 'inline');
    // The hole is found with its place in the JSON file; undefined there too, without a fix (no .http file to define it in).
    assert.deepEqual(ids(r.findings), ['2 variable/undefined']);
    assert.equal(r.findings[0].request, null);
    assert.equal(r.findings[0].fixes, undefined);
  });

  it("keeps the mapping's own Content-Type", () => {
    const req = syntheticRequest('{}', { ...mapping, headers: { 'content-type': 'application/vnd.api+json', 'X-API-Key': 'k' } });
    assert.deepEqual(req.headers.map((h) => h.name.value), ['content-type', 'X-API-Key']);
  });
});
