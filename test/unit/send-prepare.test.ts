import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHttp } from '../../src/core/http/parser';
import { builtinProfiles } from '../../src/core/profiles/load';
import { planFor } from '../../src/core/send/wire';
import {
  createSendResolver,
  maskSecrets,
  maskValue,
  prepareRequest,
  PrepareError,
  proxyFromEnv,
  resolveExchangeRef,
  toCurl,
  type NamedExchange,
  type PreparedRequest,
} from '../../src/core/send';

describe('send: preparing requests', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-prep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  function prepare(text: string, index = 0, env: Record<string, Record<string, string>> | null = null, privateEnv: Record<string, Record<string, string>> | null = null, exchanges = new Map<string, NamedExchange>()) {
    if (env) writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify(env));
    if (privateEnv) writeFileSync(join(dir, 'http-client.private.env.json'), JSON.stringify(privateEnv));
    const filePath = join(dir, 'api.http');
    writeFileSync(filePath, text);
    const file = parseHttp(text);
    const resolver = createSendResolver({ file, filePath, environment: env || privateEnv ? 'dev' : null, exchanges, workspaceRoot: dir });
    return prepareRequest(file.requests[index], { resolver, filePath, defaults: { timeoutMs: 30000 } });
  }

  it('substitutes file and environment variables and marks secrets', () => {
    const p = prepare('@path = /api/v1\nPOST {{base}}{{path}}/generate/\nX-Api-Key: {{apiKey}}\nX-Trace: {{traceId}}\n\n{"data": "{{traceId}}"}\n', 0, { dev: { base: 'https://api.qrstudio.agency', traceId: 't-1' } }, { dev: { apiKey: 'smk_live_0123456789ab1a2b' } });
    assert.equal(p.url, 'https://api.qrstudio.agency/api/v1/generate/');
    assert.deepEqual(p.headers, [['X-Api-Key', 'smk_live_0123456789ab1a2b'], ['X-Trace', 't-1']]);
    assert.deepEqual(p.body, { kind: 'text', text: '{"data": "t-1"}' });
    assert.deepEqual(p.secrets, ['smk_live_0123456789ab1a2b']);
    assert.equal(p.options.timeoutMs, 30000);
    assert.equal(p.source?.line, 2);
  });

  it('tells fixed variables (file and environment values without holes) from ones that can change', () => {
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { base: 'https://x.test', stamp: '{{$timestamp}}' } }));
    const filePath = join(dir, 'api.http');
    const text = '@plain = /v1\n@derived = {{login.response.body.$.token}}\nGET {{base}}{{plain}}\n';
    const file = parseHttp(text);
    const r = createSendResolver({ file, filePath, environment: 'dev', workspaceRoot: dir });
    assert.equal(r.isStatic('base'), true);
    assert.equal(r.isStatic('plain'), true);
    assert.equal(r.isStatic('derived'), false, 'a file variable built from an answer');
    assert.equal(r.isStatic('stamp'), false, 'an environment value with a dynamic variable');
    assert.equal(r.isStatic('$uuid'), false);
    assert.equal(r.isStatic('login.response.body.$.token'), false);
    assert.equal(r.isStatic('undefinedName'), false);
  });

  it('applies @timeout, @connection-timeout, @no-redirect and @no-cookie-jar', () => {
    const p = prepare('# @timeout 5s\n# @connection-timeout 800\n# @no-redirect\n# @no-cookie-jar\nGET http://127.0.0.1:1/x\n');
    assert.equal(p.options.timeoutMs, 5000);
    assert.equal(p.options.connectTimeoutMs, 800);
    assert.equal(p.options.followRedirects, false);
    assert.equal(p.useCookieJar, false);
  });

  it('rejects a bad @timeout with its line', () => {
    assert.throws(() => prepare('GET http://127.0.0.1:1/\n# @timeout soon\n\n###\n# @timeout soon\nGET http://127.0.0.1:1/\n', 1), (e: unknown) => e instanceof PrepareError && e.line === 5 && /duration/.test(e.message));
  });

  it('refuses a URL with an undefined variable, naming it', () => {
    assert.throws(() => prepare('GET {{host}}/x\n'), (e: unknown) => e instanceof PrepareError && /\{\{host\}\}/.test(e.message) && e.line === 1);
  });

  it('streams `< file` bodies and reads `<@ file` bodies with variables', () => {
    writeFileSync(join(dir, 'raw.json'), '{"a": "{{x}}"}');
    const raw = prepare('@x = 1\nPOST http://127.0.0.1:1/\nContent-Type: application/json\n\n< ./raw.json\n');
    assert.deepEqual(raw.body, { kind: 'file', path: join(dir, 'raw.json') });
    const sub = prepare('@x = 1\nPOST http://127.0.0.1:1/\nContent-Type: application/json\n\n<@ ./raw.json\n');
    assert.deepEqual(sub.body, { kind: 'text', text: '{"a": "1"}' });
  });

  it('turns a multipart body with a file part into CRLF segments', () => {
    writeFileSync(join(dir, 'logo.png'), 'PNG');
    const p = prepare('POST http://127.0.0.1:1/upload\nContent-Type: multipart/form-data; boundary=XX\n\n--XX\nContent-Disposition: form-data; name="name"\n\nlogo\n--XX\nContent-Disposition: form-data; name="f"; filename="logo.png"\n\n< ./logo.png\n--XX--\n');
    assert.equal(p.body.kind, 'segments');
    if (p.body.kind !== 'segments') return;
    assert.deepEqual(p.body.segments, [
      { text: '--XX\r\nContent-Disposition: form-data; name="name"\r\n\r\nlogo\r\n--XX\r\nContent-Disposition: form-data; name="f"; filename="logo.png"\r\n\r\n' },
      { path: join(dir, 'logo.png') },
      { text: '\r\n--XX--' },
    ]);
  });

  it('joins a multi-line urlencoded form into one line', () => {
    const p = prepare('POST http://127.0.0.1:1/\nContent-Type: application/x-www-form-urlencoded\n\nname=a\n&size=2\n');
    assert.deepEqual(p.body, { kind: 'text', text: 'name=a&size=2' });
  });

  it('builds the URL from a Host header for origin-form request lines', () => {
    const p = prepare('GET /status\nHost: 127.0.0.1:8080\n');
    assert.equal(p.url, 'http://127.0.0.1:8080/status');
  });

  it('resolves earlier named requests’ results', () => {
    const ex = new Map<string, NamedExchange>([
      ['create', { request: { headers: [], body: '' }, response: { status: 201, headers: [['Location', '/q/abc/']], body: '{"short_id":"abc","items":[{"id":7}]}' } }],
    ]);
    const p = prepare('GET http://127.0.0.1:1/{{create.response.body.$.short_id}}/{{create.response.body.$.items[0].id}}\nX-Loc: {{create.response.headers.location}}\n', 0, null, null, ex);
    assert.equal(p.url, 'http://127.0.0.1:1/abc/7');
    assert.deepEqual(p.headers, [['X-Loc', '/q/abc/']]);
    assert.equal(resolveExchangeRef('create.response.body.$.missing', ex), null);
    assert.equal(resolveExchangeRef('other.response.body.*', ex), null);
    assert.equal(resolveExchangeRef('create.response.body.*', ex), '{"short_id":"abc","items":[{"id":7}]}');
  });
});

describe('send: masking, curl and proxies', () => {
  it('masks long secrets to ••••suffix (never more than four characters) and short ones entirely', () => {
    assert.equal(maskValue('smk_live_abcdefgh1a2b'), '••••1a2b');
    assert.equal(maskValue('short'), '••••');
    assert.equal(maskSecrets('Authorization: smk_live_abcdefgh1a2b', ['smk_live_abcdefgh1a2b']), 'Authorization: ••••1a2b');
  });

  const prepared: PreparedRequest = {
    method: 'POST',
    url: 'https://api.qrstudio.agency/api/v1/generate/',
    headers: [['X-Api-Key', 'smk_live_abcdefgh1a2b'], ['Content-Type', 'application/json']],
    body: { kind: 'text', text: `{"data": "it's"}` },
    options: { timeoutMs: 5000, followRedirects: false },
    secrets: ['smk_live_abcdefgh1a2b'],
  };

  it('writes a curl command that masks secrets on request', () => {
    const masked = toCurl(prepared, { maskSecrets: true });
    assert.ok(!masked.includes('smk_live_abcdefgh1a2b'));
    assert.match(masked, /••••1a2b/);
    assert.match(masked, /--max-time 5/);
    assert.ok(!/ -L( |$)/.test(masked));
    assert.match(toCurl(prepared, { maskSecrets: false }), /X-Api-Key: smk_live_abcdefgh1a2b/);
  });

  it('produces a curl command the shell parses back to the same arguments', function () {
    try {
      execFileSync('sh', ['-c', 'true']);
    } catch {
      this.skip();
    }
    const cmd = toCurl(prepared, { maskSecrets: false }).replace(/^curl /, 'printf "%s\\n" ');
    const args = execFileSync('sh', ['-c', cmd], { encoding: 'utf8' }).split('\n');
    assert.ok(args.includes(`{"data": "it's"}`));
    assert.ok(args.includes('X-Api-Key: smk_live_abcdefgh1a2b'));
  });

  it('reads proxies from the environment and honours NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'proxy.corp:3128', http_proxy: 'http://p:1', NO_PROXY: 'localhost,.internal.example,10.0.0.1:8080' };
    assert.equal(proxyFromEnv(new URL('https://api.qrstudio.agency/'), env), 'http://proxy.corp:3128');
    assert.equal(proxyFromEnv(new URL('http://x.org/'), env), 'http://p:1');
    assert.equal(proxyFromEnv(new URL('http://localhost:4010/'), env), null);
    assert.equal(proxyFromEnv(new URL('https://a.internal.example/'), env), null);
    assert.equal(proxyFromEnv(new URL('http://10.0.0.1:8080/'), env), null);
    assert.equal(proxyFromEnv(new URL('http://10.0.0.1:9090/'), env), 'http://p:1');
    assert.equal(proxyFromEnv(new URL('http://x.org/'), {}), null);
  });
});

describe('send: what the matched profile means for sending', () => {
  const base = 'http://127.0.0.1:4010';
  const config = { baseUrls: { qrstudio: [`${base}/qrstudio`], 'scanova-tracking': [`${base}/scanova-tracking`] } };
  const req = (method: string, url: string, headers: Array<[string, string]> = []): PreparedRequest => ({ method, url, headers, body: { kind: 'none' }, options: {}, secrets: [] });

  it('adds an Idempotency-Key on QR Studio POSTs and uses its retry policy (500 once)', () => {
    const plan = planFor(req('POST', `${base}/qrstudio/api/v1/generate/`), builtinProfiles(), config);
    assert.equal(plan.profile?.id, 'qrstudio');
    assert.equal(plan.idempotencyKeyHeader, 'Idempotency-Key');
    assert.equal(plan.retryPolicy.maxRetriesByStatus?.['500'], 1);
    assert.equal(planFor(req('GET', `${base}/qrstudio/q/abc/`), builtinProfiles(), config).idempotencyKeyHeader, null);
  });

  it('budgets tracking server events per API key and browser events per IP, as documented', () => {
    const a = planFor(req('POST', `${base}/scanova-tracking/server-events`, [['X-API-Key', 'k1']]), builtinProfiles(), config);
    const b = planFor(req('POST', `${base}/scanova-tracking/server-events`, [['X-API-Key', 'k2']]), builtinProfiles(), config);
    assert.deepEqual(a.rateLimit?.limit, { requests: 1000, windowMs: 60_000 });
    assert.notEqual(a.rateLimit?.key, b.rateLimit?.key);
    const ct = planFor(req('POST', `${base}/scanova-tracking/ct`), builtinProfiles(), config);
    assert.deepEqual(ct.rateLimit?.limit, { requests: 100, windowMs: 60_000 });
    assert.match(ct.rateLimit.label, /per IP address/);
  });

  it('falls back to the default policy for unknown hosts', () => {
    const plan = planFor(req('GET', 'http://127.0.0.1:9/x'), builtinProfiles(), config);
    assert.equal(plan.profile, null);
    assert.equal(plan.rateLimit, null);
    assert.ok(plan.retryPolicy.retryStatuses.includes(503));
  });
});
