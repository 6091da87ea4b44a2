import { strict as assert } from 'node:assert';
import { createHash, createHmac } from 'node:crypto';
import { runScript, type ScriptInput, type ScriptOutcome } from '../../src/core/scripts/sandbox';

const FILE = '/project/api.http';

function input(source: string, over: Partial<ScriptInput> = {}): ScriptInput {
  return {
    source,
    fileName: FILE,
    globals: new Map([['existing', 'old']]),
    requestVariables: new Map(),
    environment: (n) => ({ host: 'http://127.0.0.1:1', secret: 'k3y' })[n],
    fileVariable: (n) => (n === 'base' ? '/v1' : undefined),
    request: {
      method: 'POST',
      rawUrl: '{{host}}/items',
      url: 'http://127.0.0.1:1/items',
      headers: [
        ['Accept', 'application/json', 'application/json'],
        ['X-Token', '{{token}}', 'abc'],
      ],
      rawBody: '{"n": {{n}}}',
      body: '{"n": 1}',
    },
    response: {
      status: 201,
      headers: [
        ['Content-Type', 'application/json; charset=utf-8'],
        ['Set-Cookie', 'a=1'],
        ['set-cookie', 'b=2'],
      ],
      body: '{"id": 42, "token": "t-1", "items": [1, 2]}',
      mimeType: 'application/json',
      charset: 'utf-8',
    },
    ...over,
  };
}

async function run(source: string, over: Partial<ScriptInput> = {}): Promise<ScriptOutcome> {
  return runScript(input(source, over));
}

function ok(out: ScriptOutcome): ScriptOutcome {
  assert.equal(out.failure, null, out.failure?.message);
  return out;
}

describe('scripts: the JetBrains API inside the sandbox', function () {
  this.timeout(30000);

  it('client.global set/get/isEmpty/clear/clearAll, with values kept as strings', async () => {
    const out = ok(
      await run(`
        client.global.set("id", response.body.id);
        client.global.set("obj", { a: 1 });
        client.log(client.global.get("existing"), client.global.get("missing"), client.global.isEmpty());
        client.global.clear("existing");
      `),
    );
    assert.deepEqual([...out.globals], [['id', '42'], ['obj', '{"a":1}']]);
    assert.deepEqual(out.logs, ['old null false']);
    const cleared = ok(await run('client.global.clearAll(); client.log(String(client.global.isEmpty()))'));
    assert.equal(cleared.globals.size, 0);
    assert.deepEqual(cleared.logs, ['true']);
  });

  it('client.test collects passing and failing tests, run after the script, with the failing line', async () => {
    const out = ok(
      await run('client.test("created", () => {\n  client.assert(response.status === 201, "want 201");\n});\nclient.test("has name", function () {\n  client.assert(response.body.name !== undefined, "no name in the body");\n});\nclient.global.set("afterTests", "yes");'),
    );
    assert.deepEqual(out.tests.map((t) => [t.name, t.passed]), [['created', true], ['has name', false]]);
    assert.equal(out.tests[1].failure?.message, 'no name in the body');
    // QuickJS places a call at its opening parenthesis.
    assert.deepEqual(out.tests[1].failure?.at, { line: 5, column: 16 });
    assert.equal(out.globals.get('afterTests'), 'yes');
  });

  it('client.assert outside a test ends the script with its message and place', async () => {
    const out = await run('client.global.set("before", "1");\nclient.assert(false, "stop here");\nclient.global.set("after", "1");');
    assert.equal(out.failure?.kind, 'error');
    assert.equal(out.failure?.message, 'stop here');
    assert.deepEqual(out.failure?.at, { line: 2, column: 14 });
    assert.equal(out.globals.get('before'), '1');
    assert.equal(out.globals.has('after'), false);
    const plain = await run('client.assert(1 === 2)');
    assert.equal(plain.failure?.message, 'Assertion failed');
  });

  it('client.exit ends the script without a failure; tests registered before it still run', async () => {
    const out = ok(await run('client.test("t", () => client.assert(true));\nclient.global.set("a", "1");\nclient.exit();\nclient.global.set("b", "2");'));
    assert.equal(out.exited, true);
    assert.equal(out.globals.get('a'), '1');
    assert.equal(out.globals.has('b'), false);
    assert.deepEqual(out.tests.map((t) => t.passed), [true]);
  });

  it('client.log joins its arguments, stringifies objects and caps long lines', async () => {
    const out = ok(await run('client.log("a", 1, {b: 2}, [3]); client.log("x".repeat(20000));'));
    assert.equal(out.logs[0], 'a 1 {"b":2} [3]');
    assert.equal(out.logs[1].length, 10001);
  });

  it('response.status, headers.valueOf/valuesOf (case-insensitive), contentType and JSON body', async () => {
    const out = ok(
      await run(`client.log(response.status, response.headers.valueOf("content-type"), response.headers.valueOf("X-None"),
        JSON.stringify(response.headers.valuesOf("SET-COOKIE")), JSON.stringify(response.headers.valuesOf("x-none")),
        response.contentType.mimeType, response.contentType.charset, response.body.items.length, typeof response.body)`),
    );
    assert.deepEqual(out.logs, ['201 application/json; charset=utf-8 null ["a=1","b=2"] [] application/json utf-8 2 object']);
  });

  it('response.body is text for non-JSON answers and for JSON that does not parse', async () => {
    const text = ok(await run('client.log(typeof response.body, response.body)', { response: { status: 200, headers: [], body: 'plain', mimeType: 'text/plain', charset: 'UTF-8' } }));
    assert.deepEqual(text.logs, ['string plain']);
    const broken = ok(await run('client.log(typeof response.body)', { response: { status: 200, headers: [], body: '{oops', mimeType: 'application/json', charset: 'UTF-8' } }));
    assert.deepEqual(broken.logs, ['string']);
    const vendor = ok(await run('client.log(response.body.a)', { response: { status: 200, headers: [], body: '{"a":"v"}', mimeType: 'application/problem+json', charset: 'UTF-8' } }));
    assert.deepEqual(vendor.logs, ['v']);
  });

  it('request.variables set/get, request.environment.get, url, headers, body and method', async () => {
    const out = ok(
      await run(`
        request.variables.set("ts", 123);
        const h = request.headers.findByName("x-token");
        client.log(request.variables.get("ts"), request.environment.get("host"), request.environment.get("nope"),
          request.url.getRaw(), request.url.tryGetSubstituted(), request.method,
          h.name, h.getRawValue(), h.tryGetSubstitutedValue(), request.headers.findByName("nope"),
          request.headers.all().length, request.body.getRaw(), request.body.tryGetSubstituted(),
          client.variables.file.get("base"), client.variables.environment.get("host"));
      `),
    );
    assert.deepEqual([...out.requestVariables], [['ts', '123']]);
    assert.deepEqual(out.logs, ['123 http://127.0.0.1:1 null {{host}}/items http://127.0.0.1:1/items POST X-Token {{token}} abc null 2 {"n": {{n}}} {"n": 1} /v1 http://127.0.0.1:1']);
  });

  it('response is not defined in a pre-request script', async () => {
    const out = ok(await run('client.log(typeof response)', { response: null }));
    assert.deepEqual(out.logs, ['undefined']);
  });

  it('crypto hashes and HMACs match node:crypto, in hex and base64 (URL-safe too)', async () => {
    const out = ok(
      await run(`
        client.log(crypto.sha256().updateWithText("hello").digest().toHex());
        client.log(crypto.md5().updateWithText("a").updateWithText("b").digest().toBase64());
        client.log(crypto.sha1().updateWithHex("00ff").digest().toHex());
        client.log(crypto.sha512().updateWithBase64("aGk=").digest().toBase64(true));
        client.log(crypto.hmac.sha256().withTextSecret(request.environment.get("secret")).updateWithText(request.body.tryGetSubstituted()).digest().toHex());
        client.log(crypto.hmac.sha384().withHexSecret("0102").updateWithText("x").digest().toHex());
      `),
    );
    assert.deepEqual(out.logs, [
      createHash('sha256').update('hello').digest('hex'),
      createHash('md5').update('ab').digest('base64'),
      createHash('sha1').update(Buffer.from('00ff', 'hex')).digest('hex'),
      createHash('sha512').update(Buffer.from('aGk=', 'base64')).digest('base64url'),
      createHmac('sha256', 'k3y').update('{"n": 1}').digest('hex'),
      createHmac('sha384', Buffer.from('0102', 'hex')).update('x').digest('hex'),
    ]);
    const bad = await run('crypto.sha1().updateWithHex("zz").digest().toHex()');
    assert.equal(bad.failure?.kind, 'error');
    assert.match(bad.failure.message, /crypto: "zz" is not hexadecimal/);
  });

  it('$random helpers and dynamic-variable globals give values of the documented shapes', async () => {
    const out = ok(
      await run(`client.log($random.uuid, $uuid, String($random.integer(5, 6)), String($random.alphabetic(7).length),
        $random.hexadecimal(4).replace(/[0-9a-f]/g, ""), String($random.alphanumeric(3).length), $random.email.includes("@"),
        String($timestamp > 1.6e9), String(!isNaN(Date.parse($isoTimestamp))), String($randomInt >= 0), String($random.float(1, 2) >= 1))`),
    );
    const [u1, u2, ...rest] = out.logs[0].split(' ');
    assert.match(u1, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.match(u2, /^[0-9a-f]{8}-/);
    assert.deepEqual(rest, ['5', '7', '', '3', 'true', 'true', 'true', 'true', 'true']);
  });

  it('promise callbacks the script queued run before its results are read', async () => {
    const out = ok(await run('Promise.resolve(response.body.id).then((id) => client.global.set("later", id));'));
    assert.equal(out.globals.get('later'), '42');
  });

  it('a script cannot change what the host reads back by replacing the API', async () => {
    const out = ok(await run('client.global.set("kept", "1"); client.global = null; globalThis.client = 5; client.global.set = () => {};'));
    assert.equal(out.globals.get('kept'), '1');
  });
});

describe('scripts: the sandbox ends runaway and hostile scripts, and the next script goes on', function () {
  this.timeout(60000);

  async function endsThenNextRuns(source: string, kind: string, message: RegExp, limits = { timeoutMs: 300 }): Promise<void> {
    const out = await run(source, { limits });
    assert.ok(out.failure, `expected "${source}" to end the script`);
    assert.equal(out.failure.kind, kind, out.failure.message);
    assert.match(out.failure.message, message);
    // What the failed script set is not half-applied: the globals are as before it.
    assert.deepEqual([...out.globals], [['existing', 'old']]);
    const next = ok(await run('client.global.set("next", "ran")'));
    assert.equal(next.globals.get('next'), 'ran');
  }

  it('while(true){} stops at the time limit', async () => {
    const started = Date.now();
    await endsThenNextRuns('client.global.set("x", "1"); while (true) {}', 'limit-time', /longer than its 300 ms limit/);
    assert.ok(Date.now() - started < 20000);
  });

  it('an endless client.test stops at the time limit too', async () => {
    await endsThenNextRuns('client.test("spin", () => { for (;;) {} });', 'limit-time', /300 ms limit/);
  });

  it('a 1 GB string ends the script (engine string limit)', async () => {
    await endsThenNextRuns('const s = "x".repeat(1024 * 1024 * 1024);', 'limit-memory', /string/);
  });

  it('doubling a string past the memory cap ends the script', async () => {
    await endsThenNextRuns('let s = "x"; while (true) s += s;', 'limit-memory', /string|memory/, { timeoutMs: 5000 });
  });

  it('filling an array past the memory cap ends the script', async () => {
    const out = await run('const a = []; while (true) a.push({ i: a.length, s: "y".repeat(100) });', { limits: { timeoutMs: 10000, memoryBytes: 8 * 1024 * 1024 } });
    assert.equal(out.failure?.kind, 'limit-memory', out.failure?.message);
    assert.match(out.failure.message, /8 MiB memory limit/);
    ok(await run('client.global.set("next", "ran")'));
  });

  it('endless recursion ends the script with a stack overflow', async () => {
    await endsThenNextRuns('function f() { return f() + 1; } f();', 'limit-stack', /stack overflow/);
  });

  it('deeply nested JSON in the engine ends the script, not the host', async () => {
    await endsThenNextRuns('JSON.stringify(JSON.parse("[".repeat(200000) + "]".repeat(200000)));', 'limit-stack', /too deeply/);
  });

  it('require, process, module, fetch, import and Node globals do not exist', async () => {
    await endsThenNextRuns('require("fs").readFileSync("/etc/passwd")', 'error', /'require' is not defined/);
    await endsThenNextRuns('process.exit(1)', 'error', /'process' is not defined/);
    const probe = ok(await run('client.log([typeof module, typeof fetch, typeof XMLHttpRequest, typeof Buffer, typeof setTimeout, typeof __reqlintHost, typeof __reqlintInput, typeof std, typeof os].join(","))'));
    assert.deepEqual(probe.logs, ['undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined,undefined']);
    const imp = await run('import("fs").then(() => client.global.set("imported", "yes"))');
    assert.equal(imp.globals.has('imported'), false);
  });

  it('prototype tricks reach only the sandbox: Function constructor, __proto__, polluted prototypes', async () => {
    const out = ok(
      await run(`
        const g = ({}).constructor.constructor("return this")();
        client.log(typeof g.process, typeof g.require);
        Object.prototype.polluted = "yes";
        Array.prototype.push = function () { throw new Error("broken push"); };
        client.global.set("still", "works");
      `),
    );
    assert.deepEqual(out.logs, ['undefined undefined']);
    assert.equal(out.globals.get('still'), 'works');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    const next = ok(await run('client.log(String(({}).polluted))'));
    assert.deepEqual(next.logs, ['undefined']);
  });

  it('a script that breaks JSON inside the sandbox is reported, not trusted', async () => {
    const out = await run('JSON.stringify = () => "{}"; Array.from = null; client.global.set("x", "1");');
    // The API captured what it needs before the script ran, so this still works.
    assert.equal(out.failure, null);
    assert.equal(out.globals.get('x'), '1');
  });

  it('a syntax error points at its line and column', async () => {
    const out = await run('client.log("ok");\nlet x = ;');
    assert.equal(out.failure?.kind, 'syntax');
    assert.match(out.failure.message, /^SyntaxError: /);
    assert.deepEqual(out.failure?.at, { line: 2, column: 9 });
  });

  it('a thrown non-Error value is reported as such', async () => {
    const out = await run('throw 5');
    assert.equal(out.failure?.message, 'the script threw 5, not an Error');
  });
});
