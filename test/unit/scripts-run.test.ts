import { strict as assert } from 'node:assert';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config/types';
import { parseHttp } from '../../src/core/http/parser';
import { lintHttpText } from '../../src/core/lint/engine';
import {
  contentTypeParts,
  hasScripts,
  MAX_SCRIPT_FILE_BYTES,
  requestScripts,
  runPreRequestScripts,
  runResponseHandlers,
  scriptFindings,
  scriptPolicy,
  ScriptRunState,
  type ScriptPolicy,
  type ScriptRequestContext,
} from '../../src/core/scripts';
import { createSendResolver } from '../../src/core/send/scope';
import type { HttpFile, HttpRequest } from '../../src/core/http/ast';

const ON: ScriptPolicy = { enabled: true, disabledReason: '', limits: { timeoutMs: 1000, memoryBytes: 32 * 1024 * 1024 } };

function ctxFor(file: HttpFile, filePath: string, request: HttpRequest, extra: Partial<ScriptRequestContext> = {}): ScriptRequestContext {
  return {
    file,
    filePath,
    request,
    view: { method: request.method.value, rawUrl: request.url.value, url: request.url.value, headers: [], rawBody: null, body: null },
    environment: () => undefined,
    fileVariable: () => undefined,
    ...extra,
  };
}

const json = (body: unknown, status = 200) => ({ status, headers: [['Content-Type', 'application/json']] as Array<[string, string]>, body: JSON.stringify(body), mimeType: 'application/json', charset: 'UTF-8' });

describe('scripts: where they are in a .http file', () => {
  it('finds pre-request scripts above the request line (one-line and multi-line) and response handlers after it', () => {
    const text = [
      '### login',
      '< {% request.variables.set("ts", "1") %}',
      '< {%',
      '  request.variables.set("two", "2");',
      '%}',
      '< ./sign.js',
      'POST http://127.0.0.1/login',
      '',
      '{}',
      '',
      '> {% client.global.set("token", response.body.token); %}',
      '> ./after.js',
      '>> saved.json',
    ].join('\n');
    const file = parseHttp(text);
    assert.deepEqual(file.problems, []);
    const req = file.requests[0];
    assert.equal(req.requestLine.start.line, 6);
    assert.deepEqual(req.handlers.map((h) => h.kind), ['pre-script', 'pre-script', 'pre-script-file', 'script', 'script-file', 'output']);
    const scripts = requestScripts(file, req);
    assert.deepEqual(scripts.map((s) => s.phase), ['pre', 'pre', 'pre', 'post', 'post']);
    assert.equal(scripts[0].inline?.code, ' request.variables.set("ts", "1") ');
    assert.equal(scripts[1].inline?.code, '\n  request.variables.set("two", "2");\n');
    assert.equal(scripts[2].file?.path, './sign.js');
    assert.equal(scripts[4].file?.path, './after.js');
    assert.deepEqual(scripts[4].file?.range, { start: { line: 11, character: 2 }, end: { line: 11, character: 12 } });
    assert.ok(hasScripts(req, 'pre') && hasScripts(req, 'post'));
    assert.equal(req.range.start.line, 1);
  });

  it('a `< file.json` line above a request is still a syntax problem, not a script', () => {
    const file = parseHttp('< ./body.json\nGET http://127.0.0.1/\n');
    assert.equal(file.problems.length, 1);
  });

  it('content type parts as response.contentType reports them', () => {
    assert.deepEqual(contentTypeParts('Application/JSON; charset="iso-8859-1"'), { mimeType: 'application/json', charset: 'iso-8859-1' });
    assert.deepEqual(contentTypeParts(null), { mimeType: '', charset: 'UTF-8' });
  });
});

describe('scripts: opt-in', () => {
  it('runs only with --allow-scripts or the config, and never in an untrusted workspace', () => {
    const cfg = defaultConfig('/p');
    assert.equal(scriptPolicy(cfg, { howToEnable: 'pass --allow-scripts' }).enabled, false);
    assert.equal(scriptPolicy(cfg, { howToEnable: 'x' }).disabledReason, 'x');
    assert.equal(scriptPolicy(cfg, { allowFlag: true, howToEnable: 'x' }).enabled, true);
    assert.equal(scriptPolicy({ ...cfg, raw: { scripts: true } }, { howToEnable: 'x' }).enabled, true);
    assert.equal(scriptPolicy({ ...cfg, raw: { scripts: false } }, { howToEnable: 'x' }).enabled, false);
    const limited = scriptPolicy({ ...cfg, raw: { scripts: { timeoutMs: 50, memoryMb: 8 } } }, { howToEnable: 'x' });
    assert.deepEqual(limited, { enabled: true, disabledReason: '', limits: { timeoutMs: 50, memoryBytes: 8 * 1024 * 1024 } });
    assert.equal(scriptPolicy({ ...cfg, raw: { scripts: { enabled: false } } }, { allowFlag: false, howToEnable: 'x' }).enabled, false);
    const untrusted = scriptPolicy({ ...cfg, raw: { scripts: true } }, { trusted: false, allowFlag: true, howToEnable: 'x' });
    assert.equal(untrusted.enabled, false);
    assert.match(untrusted.disabledReason, /untrusted workspace/);
  });

  it('a disabled handler is reported as skipped (an info finding on the handler) and changes nothing', async () => {
    const file = parseHttp('GET http://127.0.0.1/\n\n> {% client.global.set("id", "1") %}\n');
    const state = new ScriptRunState();
    const off = scriptPolicy(defaultConfig('/p'), { howToEnable: 'Pass --allow-scripts or set "scripts": true in reqlint.config.json to run it.' });
    const reports = await runResponseHandlers(state, off, ctxFor(file, '/p/a.http', file.requests[0]), json({}));
    assert.equal(reports.length, 1);
    assert.equal(reports[0].skipped, 'Response handler skipped: Pass --allow-scripts or set "scripts": true in reqlint.config.json to run it.');
    assert.equal(state.globals.size, 0);
    const findings = scriptFindings(reports, 1);
    assert.deepEqual(findings.map((f) => [f.rule, f.severity, f.range.start.line]), [['script/skipped', 'info', 2]]);
  });
});

describe('scripts: running a request\'s scripts', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-scripts-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('client.global feeds later {{variables}} in file order, and request.variables feed their own request', async () => {
    const text = [
      '### login',
      'POST http://127.0.0.1/login',
      '',
      '> {% client.global.set("token", response.body.token); client.global.set("id", response.body.id); %}',
      '',
      '### item',
      '< {% request.variables.set("ts", "1700000000") %}',
      'GET http://127.0.0.1/items/{{id}}?ts={{ts}}',
      'Authorization: Bearer {{token}}',
    ].join('\n');
    const file = parseHttp(text);
    const path = join(dir, 'chain.http');
    const state = new ScriptRunState();
    const resolver = createSendResolver({ file, filePath: path, environment: null, processEnv: {}, envFiles: { public: new Map(), private: new Map(), dotenv: new Map(), files: [], problems: [] }, scriptValues: (n) => state.valueOf(n) });
    // Before the first answer nothing is known.
    assert.deepEqual(resolver.substitute('{{token}}').unresolved, ['token']);
    await runPreRequestScripts(state, ON, ctxFor(file, path, file.requests[0]));
    const post = await runResponseHandlers(state, ON, ctxFor(file, path, file.requests[0]), json({ token: 'secret-token-1', id: 7 }));
    assert.equal(post[0].failure, null);
    const pre = await runPreRequestScripts(state, ON, ctxFor(file, path, file.requests[1]));
    assert.equal(pre[0].failure, null);
    const url = resolver.substitute(file.requests[1].url.value);
    assert.equal(url.text, 'http://127.0.0.1/items/7?ts=1700000000');
    const auth = resolver.substitute(file.requests[1].headers[0].value.value);
    assert.equal(auth.text, 'Bearer secret-token-1');
    // A value under a credential-like name is masked in output like an environment secret.
    assert.ok(auth.secrets.includes('secret-token-1'));
    // request.variables belong to one request: the next request starts without them.
    await runPreRequestScripts(state, ON, ctxFor(file, path, file.requests[0]));
    assert.equal(state.valueOf('ts'), undefined);
    assert.equal(state.valueOf('token'), 'secret-token-1');
  });

  it('the linter knows names scripts set: no variable/undefined for {{id}} or {{ts}}', () => {
    const text = 'POST http://127.0.0.1/login\n\n> {% client.global.set("id", response.body.id) %}\n\n###\n< {% request.variables.set("ts", Date.now().toString()) %}\nGET http://127.0.0.1/items/{{id}}?ts={{ts}}&x={{other}}\n';
    const findings = lintHttpText(join(dir, 'lint.http'), text).findings.filter((f) => f.rule === 'variable/undefined');
    assert.deepEqual(findings.map((f) => f.message.match(/'(\w+)'/)?.[1]), ['other']);
  });

  it('errors point at their line and column in the .http file', async () => {
    const text = 'GET http://127.0.0.1/\n\n> {%\n  client.test("status", () => {\n    client.assert(response.status === 200, "expected 200");\n  });\n  response.body.missing.field;\n%}\n';
    const file = parseHttp(text);
    const reports = await runResponseHandlers(new ScriptRunState(), ON, ctxFor(file, '/p/err.http', file.requests[0]), json({}, 500));
    const r = reports[0];
    assert.equal(r.tests[0].passed, false);
    assert.equal(r.tests[0].message, 'expected 200');
    assert.deepEqual(r.tests[0].location, { file: '/p/err.http', range: { start: { line: 4, character: 4 }, end: { line: 4, character: 17 } } });
    assert.equal(r.failure?.kind, 'error');
    assert.match(r.failure.message, /^Response handler failed: TypeError: cannot read property 'field' of undefined/);
    assert.equal(r.failure?.location.range.start.line, 6);
    const f = scriptFindings(reports, 'x');
    assert.deepEqual(f.map((x) => [x.rule, x.severity, x.range.start.line]), [['script/failed', 'error', 6]]);
  });

  it('an error on the first line of a one-line handler is placed after `{%` on the handler line', async () => {
    const file = parseHttp('GET http://127.0.0.1/\n\n> {% nope(); %}\n');
    const [r] = await runResponseHandlers(new ScriptRunState(), ON, ctxFor(file, '/p/one.http', file.requests[0]), json({}));
    assert.deepEqual(r.failure?.location.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } });
  });

  it('runs a `> handler.js` file relative to the .http file; its errors point into the .js file', async () => {
    mkdirSync(join(dir, 'scripts'), { recursive: true });
    writeFileSync(join(dir, 'scripts', 'after.js'), 'client.global.set("fromFile", String(response.body.n));\nclient.test("n is 2", () => {\n  client.assert(response.body.n === 2, "n is " + response.body.n);\n});\n');
    const path = join(dir, 'files.http');
    const file = parseHttp('GET http://127.0.0.1/\n\n> scripts/after.js\n');
    const state = new ScriptRunState();
    const [r] = await runResponseHandlers(state, ON, ctxFor(file, path, file.requests[0]), json({ n: 3 }));
    assert.equal(state.globals.get('fromFile'), '3');
    assert.equal(r.tests[0].passed, false);
    assert.equal(r.tests[0].location?.file, join(dir, 'scripts', 'after.js'));
    assert.equal(r.tests[0].location?.range.start.line, 2);
  });

  it('a missing or oversized handler file is skipped with a message naming it; the next script still runs', async () => {
    writeFileSync(join(dir, 'big.js'), 'x'.repeat(MAX_SCRIPT_FILE_BYTES + 1));
    const path = join(dir, 'missing.http');
    const file = parseHttp('GET http://127.0.0.1/\n\n> ./nope.js\n> big.js\n> {% client.global.set("ran", "yes") %}\n');
    const state = new ScriptRunState();
    const reports = await runResponseHandlers(state, ON, ctxFor(file, path, file.requests[0]), json({}));
    assert.match(reports[0].failure!.message, /nope\.js does not exist/);
    assert.deepEqual(reports[0].failure!.location.range.start, { line: 2, character: 2 });
    assert.match(reports[1].failure!.message, /big\.js is 1,048,577 bytes/);
    assert.equal(reports[2].failure, null);
    assert.equal(state.globals.get('ran'), 'yes');
  });

  it('a runaway handler ends with a limit message and the next request\'s handler goes on', async () => {
    const file = parseHttp('GET http://127.0.0.1/a\n\n> {% while (true) {} %}\n\n###\nGET http://127.0.0.1/b\n\n> {% client.global.set("b", "done") %}\n');
    const state = new ScriptRunState();
    const fast: ScriptPolicy = { ...ON, limits: { ...ON.limits, timeoutMs: 100 } };
    const [first] = await runResponseHandlers(state, fast, ctxFor(file, '/p/loop.http', file.requests[0]), json({}));
    assert.equal(first.failure?.kind, 'limit-time');
    assert.match(first.failure.message, /100 ms limit/);
    const [second] = await runResponseHandlers(state, fast, ctxFor(file, '/p/loop.http', file.requests[1]), json({}));
    assert.equal(second.failure, null);
    assert.equal(state.globals.get('b'), 'done');
  });
});
