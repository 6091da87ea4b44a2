import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseHttp } from '../../src/core/http/parser';
import { buildScope, findHoles, jsonPathValue, type ScopeOptions } from '../../src/core/vars/scope';
import { folderChain, listEnvironments, loadEnvironmentFiles } from '../../src/core/vars/environments';

const root = resolve(__dirname, '../fixtures/vars/project');
const api = join(root, 'api');
const reqFile = join(api, 'requests.http');
const fixedNow = new Date('2026-03-04T05:06:07.089Z');

function scopeFor(env: string | null, extra: Partial<ScopeOptions> = {}, path = reqFile) {
  const file = parseHttp(readFileSync(path, 'utf8'));
  return buildScope(file, { filePath: path, workspaceRoot: root, env, processEnv: { HOME_DIR: '/home/u', second: 'named-by-a-variable' }, now: () => fixedNow, random: () => 0.5, ...extra });
}

describe('vars: environments and files', () => {
  it('walks from the workspace root down to the file folder, only the folder without a root', () => {
    assert.deepEqual(folderChain(join(api, 'nested'), root), [root, api, join(api, 'nested')]);
    assert.deepEqual(folderChain(api), [api]);
    assert.deepEqual(folderChain('/elsewhere', root), ['/elsewhere']);
  });

  it('lists environments from public, private and settings files, without $shared', () => {
    assert.deepEqual(listEnvironments(api, root), ['dev', 'local', 'prod', 'staging']);
    assert.deepEqual(listEnvironments(root), ['dev', 'prod']);
    assert.deepEqual(listEnvironments('/nonexistent/folder'), []);
  });

  it('lets nearer folders override, private override public, env override $shared', () => {
    const s = scopeFor('dev');
    assert.deepEqual(s.problems, []);
    const host = s.lookup('host');
    assert.equal(host.value, 'http://localhost:9090');
    assert.equal(host.source, 'env');
    assert.equal(host.location?.file, join(api, 'http-client.env.json'));
    assert.deepEqual(host.location?.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 10 } });
    const token = s.lookup('token');
    assert.deepEqual([token.value, token.source, token.secret], ['private-dev-token', 'private-env', true]);
    assert.equal(s.lookup('apiVersion').value, 'v1');
    assert.equal(s.lookup('port').value, '8080');
    assert.equal(s.lookup('debug').value, 'true');
    assert.equal(s.lookup('fromSettings').value, 'yes');
    assert.equal(s.lookup('base').value, 'http://localhost:9090/v1');
    const secret = s.lookup('clientSecret');
    assert.ok(secret.secret);
    assert.equal(secret.value, 's3cr3t');
  });

  it('reads .vscode/settings.json rest-client environments (comments, trailing commas)', () => {
    const s = scopeFor('local');
    assert.equal(s.lookup('host').value, 'http://127.0.0.1:3000');
    assert.equal(s.lookup('host').location?.file, join(root, '.vscode', 'settings.json'));
  });

  it('reports an unknown environment by name with the available ones', () => {
    const s = scopeFor('qa');
    assert.equal(s.problems.length, 1);
    assert.match(s.problems[0].message, /Environment "qa" is not defined\. Available: dev, local, prod, staging\./);
  });

  it('reports invalid environment and .env files with file, line and what to do, and keeps going', () => {
    const dir = resolve(__dirname, '../fixtures/vars/broken');
    const files = loadEnvironmentFiles(dir);
    // Every message starts with the file and 1-based line, then says what to do.
    for (const p of files.problems) assert.ok(p.message.startsWith(`${p.file}:${p.range.start.line + 1}:`), p.message);
    const msgs = files.problems.map((p) => p.message.slice(dir.length + 1));
    assert.equal(files.problems.length, 5, msgs.join('\n'));
    assert.match(msgs[0], /^http-client\.env\.json:4:5: http-client\.env\.json is not valid JSON \(comma expected\)\. Fix the JSON/);
    assert.match(msgs[1], /^http-client\.private\.env\.json:1: .*environment "dev" must be an object/);
    assert.match(msgs[2], /^\.env:2: expected NAME=value/);
    assert.match(msgs[3], /^\.env:3: "1BAD" is not a valid variable name/);
    assert.match(msgs[4], /^\.env:4: the value of UNCLOSED opens a " quote that is never closed/);
    assert.equal(files.private.get('ok')?.get('a')?.value, '1');
    assert.equal(files.dotenv.get('GOOD')?.value, '1');
    const s = buildScope(parseHttp('GET {{host}}/x\n'), { filePath: join(dir, 'req.http'), env: 'dev' });
    assert.ok(!s.isDefined('host'));
    assert.ok(s.problems.length >= 5);
  });

  it('passes unsaved contents through readText instead of the disk', () => {
    const s = buildScope(parseHttp('GET {{host}}/\n'), {
      filePath: '/virtual/dir/a.http',
      env: 'x',
      readText: (p) => (p === '/virtual/dir/http-client.env.json' ? '{"x": {"host": "mem"}}' : undefined),
    });
    assert.equal(s.lookup('host').value, 'mem');
  });
});

describe('vars: file variables and resolution', () => {
  it('resolves file variables that reference environment values; later definitions win', () => {
    const s = scopeFor('dev');
    const fv = s.lookup('fileVar');
    assert.deepEqual([fv.value, fv.source], ['http://localhost:9090/file', 'file']);
    assert.deepEqual(fv.location, { file: reqFile, range: { start: { line: 0, character: 11 }, end: { line: 0, character: 24 } } });
    assert.equal(s.lookup('override').value, 'second');
    const auth = s.lookup('auth');
    assert.equal(auth.value, 'Bearer private-dev-token');
    assert.ok(auth.secret, 'a value built from a private value is secret');
  });

  it('guards cycles with a clear problem instead of looping', () => {
    const s = scopeFor('dev');
    const a = s.lookup('loopA');
    assert.equal(a.value, undefined);
    assert.match(a.problem ?? '', /variable cycle: loopA → loopB → loopA/);
    assert.ok(s.isDefined('loopA'));
  });

  it('stops a %name indirection that loops back on itself', () => {
    const s = buildScope(parseHttp('@a = {{$processEnv %a}}\nGET /{{a}}\n'), { processEnv: {} });
    const a = s.lookup('a');
    assert.equal(a.value, undefined);
    assert.ok(a.problem);
  });

  it('substitutes holes and reports value, source, location and secrecy per hole', () => {
    const s = scopeFor('dev');
    const r = s.resolve('{{host}}/x?k={{$dotenv API_KEY}}&t={{ token }}&u={{missing}}&p={{$processEnv HOME_DIR}}&i={{$processEnv %override}}');
    assert.equal(r.text, 'http://localhost:9090/x?k=abc123&t=private-dev-token&u={{missing}}&p=/home/u&i=named-by-a-variable');
    assert.deepEqual(r.holes.map((h) => h.source), ['env', 'dotenv', 'private-env', 'undefined', 'process-env', 'process-env']);
    assert.ok(r.secret);
    assert.equal(r.holes[2].expr, 'token');
    assert.deepEqual([r.holes[2].start, r.holes[2].end], [35, 46]);
    assert.match(r.holes[3].problem ?? '', /missing is not defined/);
    assert.equal(r.holes[1].location?.file, join(api, '.env'));
  });

  it('uses $shared alone when no environment is selected, yet counts names of any environment as defined', () => {
    const s = scopeFor(null);
    assert.equal(s.lookup('apiVersion').value, 'v1');
    assert.ok(s.isDefined('host'));
    const host = s.lookup('host');
    assert.equal(host.value, undefined);
    assert.match(host.problem ?? '', /defined in environment .*dev.*: select an environment/);
    assert.ok(!s.isDefined('nowhere'));
  });

  it('treats .env values as plain variables after file and environment values', () => {
    const s = scopeFor('dev');
    assert.equal(s.lookup('API_KEY').source, 'dotenv');
    assert.equal(s.lookup('URL_FROM_VARS').value, 'http://localhost:9090/from-dotenv');
    assert.equal(s.lookup('MULTI').value, 'first\nsecond');
  });

  it('knows dynamic variables, generates them when asked and never when not', () => {
    const s = scopeFor('dev');
    for (const e of ['$uuid', '$guid', '$timestamp', '$timestamp -1 d', '$isoTimestamp', '$randomInt 1 10', '$datetime iso8601', '$localDatetime rfc1123', '$random.uuid', '$random.email', '$random.integer(1, 5)', '$processEnv X', '$dotenv X', '$secret k', '$aadToken']) {
      assert.ok(s.isDefined(e), e);
    }
    assert.ok(!s.isDefined('$nope'));
    assert.equal(s.lookup('$isoTimestamp').value, '2026-03-04T05:06:07.089Z');
    assert.equal(s.lookup('$timestamp -1 d').value, String(Math.floor(fixedNow.getTime() / 1000) - 86400));
    assert.match(s.lookup('$uuid').value ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const kept = s.resolve('{"id": "{{$uuid}}"}', false);
    assert.equal(kept.text, '{"id": "{{$uuid}}"}');
    assert.equal(kept.holes[0].source, 'dynamic');
    const twice = buildScope(parseHttp(''), {}).resolve('{{$uuid}} {{$uuid}}').text.split(' ');
    assert.notEqual(twice[0], twice[1]);
  });

  it('marks {{$secret name}} secret, from the store or the private environment', () => {
    const s = scopeFor('dev', { secrets: (n) => (n === 'apiKey' ? 'from-store' : undefined) });
    const r = s.resolve('X-Key: {{$secret apiKey}} {{$secret clientSecret}} {{$secret none}}');
    assert.equal(r.text, 'X-Key: from-store s3cr3t {{$secret none}}');
    assert.ok(r.holes.every((h) => h.secret && h.source === 'secret'));
    assert.match(r.holes[2].problem ?? '', /secret none is not stored/);
  });

  it('defines request-chaining references for named requests and resolves them from earlier exchanges', () => {
    const s0 = scopeFor('dev');
    assert.ok(s0.isDefined('login.response.body.$.user.id'));
    assert.ok(s0.isDefined('login.response.headers.X-Trace'));
    assert.ok(s0.isDefined('login.request.body.*'));
    assert.ok(!s0.isDefined('logout.response.body.$.id'));
    assert.match(s0.lookup('login.response.body.$.user.id').problem ?? '', /send request "login" first/);
    const s = scopeFor('dev', {
      responses: (name) =>
        name === 'login'
          ? { request: { body: 'u=1', headers: [['X-Req', 'r']] }, response: { status: 200, headers: { 'x-trace': 'abc' }, body: '{"user": {"id": 42, "tags": ["a"]}, "token": "t"}' } }
          : undefined,
    });
    const r = s.resolve('{{login.response.body.$.user.id}} {{login.response.headers.X-Trace}} {{login.response.body.user.tags}} {{login.request.body.*}} {{login.request.headers.x-req}} {{login.response.body.$.nope}}');
    assert.equal(r.text, '42 abc ["a"] u=1 r {{login.response.body.$.nope}}');
    assert.equal(r.holes[0].source, 'response');
    assert.deepEqual(r.holes[0].location?.range.start, { line: 9, character: 0 });
  });

  it('counts names set by handler scripts and prompts, one-word titles, and script expressions as defined', () => {
    const file = parseHttp('# @prompt otp\n### create\nPOST /x\n\n{}\n\n> {% client.global.set("token", response.body.t); %}\n\n###\nGET /{{create.response.body.$}}\n');
    const s = buildScope(file, {});
    assert.ok(s.isDefined('otp'));
    assert.ok(s.isDefined('token'));
    assert.ok(s.isDefined('create.response.body.$'));
    assert.ok(s.isDefined('Buffer.from("a").toString("base64")'));
    assert.ok(!s.isDefined(''));
    assert.ok(!s.isDefined('plainName'));
    assert.equal(s.lookup('token').source, 'response');
  });

  it('lists visible variables for completion, nearest definition first', () => {
    const names = scopeFor('dev').variables();
    const host = names.find((n) => n.name === 'host');
    assert.equal(host?.source, 'env');
    assert.equal(names.find((n) => n.name === 'token')?.secret, true);
    assert.equal(names.find((n) => n.name === 'fileVar')?.source, 'file');
    assert.equal(names.find((n) => n.name === 'API_KEY')?.source, 'dotenv');
  });

  it('looks variables files up from a nested folder', () => {
    const s = scopeFor('dev', {}, join(api, 'nested', 'deep.http'));
    assert.equal(s.lookup('host').value, 'http://localhost:9090');
    assert.equal(s.lookup('API_KEY').value, 'abc123');
  });
});

describe('vars: helpers', () => {
  it('finds holes on one line only, innermost braces first, linearly', () => {
    assert.deepEqual(findHoles('a {{ x }} b {{{y}}} {{ open\n}} {{z}}'), [
      { expr: 'x', start: 2, end: 9 },
      { expr: 'y', start: 13, end: 18 },
      { expr: 'z', start: 31, end: 36 },
    ]);
    assert.equal(findHoles('{{'.repeat(100_000) + '\n'.repeat(10) + '}}').length, 0);
  });

  it('reads JSONPath and dotted paths', () => {
    const data = { a: { 'b c': [1, { d: 'x' }] } };
    assert.equal(jsonPathValue(data, "$.a['b c'][1].d"), 'x');
    assert.deepEqual(jsonPathValue(data, 'a.b c.0'), 1);
    assert.deepEqual(jsonPathValue(data, '$.a'), data.a);
    assert.equal(jsonPathValue(data, '$.a.missing'), undefined);
    assert.equal(jsonPathValue(data, '$..a'), undefined);
  });
});
