import { strict as assert } from 'node:assert';
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import { AwsSignError, parseAwsAuthorization, resolveAwsCredentials, signAwsRequest } from '../../src/core/auth/aws-sigv4';
import type { PreparedRequest } from '../../src/core/send/types';

const ID = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const VECTOR_DATE = new Date('2015-08-30T12:36:00Z');

function prepared(url: string, headers: Array<[string, string]>, body: PreparedRequest['body'] = { kind: 'none' }, method = 'GET'): PreparedRequest {
  return { method, url, headers, body, options: {}, secrets: [] };
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();
const sha = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
const enc = (s: string): string => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * A server-side SigV4 check written from the specification (canonical request, string to sign,
 * derived key), independent of the signer under test: it answers 200 when the signature is right
 * and 403 with the reason otherwise.
 */
function verify(req: IncomingMessage, body: Buffer, secrets: Record<string, string>): string | null {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return `malformed Authorization: ${auth}`;
  const [, id, day, region, service, signedHeaders, signature] = m;
  const secret = secrets[id];
  if (!secret) return 'unknown access key';
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day)) return 'date mismatch';
  const u = new URL(req.url ?? '/', 'http://x');
  const query = [...u.searchParams].map(([k, v]) => [enc(k), enc(v)]).sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1)).map(([k, v]) => `${k}=${v}`).join('&');
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const canonHeaders = names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const payload = sha(body);
  if (req.headers['x-amz-content-sha256'] && req.headers['x-amz-content-sha256'] !== payload) return 'payload hash mismatch';
  const canonical = [req.method, u.pathname.split('/').map((s) => enc(decodeURIComponent(s))).join('/'), query, canonHeaders, signedHeaders, payload].join('\n');
  const scope = `${day}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), 'aws4_request');
  const expect = createHmac('sha256', key).update(toSign).digest('hex');
  return expect === signature ? null : 'signature mismatch';
}

describe('auth: AWS Signature Version 4', () => {
  let server: Server;
  let origin: string;
  const seen: Array<{ auth: string; token: string | undefined }> = [];
  before(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ auth: String(req.headers.authorization), token: req.headers['x-amz-security-token'] as string | undefined });
        const why = verify(req, Buffer.concat(chunks), { [ID]: SECRET, AKIDSESSION: 'session-secret' });
        res.writeHead(why ? 403 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(why ? { __type: 'SignatureDoesNotMatch', message: why } : { ok: true }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  async function send(p: PreparedRequest): Promise<{ status: number; body: unknown }> {
    const body = p.body.kind === 'text' ? p.body.text : undefined;
    const res = await request(p.url, { method: p.method as 'GET', headers: Object.fromEntries(p.headers), body });
    return { status: res.statusCode, body: await res.body.json() };
  }

  it('matches the published test vectors get-vanilla and get-vanilla-query-order-key-case', async () => {
    const a = prepared('https://example.amazonaws.com/', [['Authorization', `AWS ${ID} ${SECRET} region:us-east-1 service:service`]]);
    assert.ok(await signAwsRequest(a, { now: VECTOR_DATE }));
    assert.deepEqual(a.headers, [
      ['X-Amz-Date', '20150830T123600Z'],
      ['Authorization', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ]);
    const q = prepared('https://example.amazonaws.com/?Param2=value2&Param1=value1', [['Authorization', `AWS ${ID} ${SECRET} region:us-east-1 service:service`]]);
    await signAwsRequest(q, { now: VECTOR_DATE });
    assert.match(q.headers.find(([n]) => n === 'Authorization')![1], /Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500$/);
  });

  it('a loopback server that checks signatures accepts signed GET and POST requests, query and body included', async () => {
    const g = prepared(`${origin}/items?b=2&a=1&space=a%20b`, [['Authorization', `AWS ${ID} ${SECRET} region:eu-west-1 service:execute-api`], ['Accept', 'application/json']]);
    await signAwsRequest(g);
    assert.deepEqual(await send(g), { status: 200, body: { ok: true } });
    const p = prepared(`${origin}/items`, [['Authorization', `AWS ${ID} ${SECRET} region:eu-west-1 service:execute-api`], ['Content-Type', 'application/json']], { kind: 'text', text: '{"name":"ü"}' }, 'POST');
    await signAwsRequest(p);
    assert.deepEqual(await send(p), { status: 200, body: { ok: true } });
    assert.ok(p.secrets.includes(SECRET), 'the secret key is masked in output');
    // The check can fail: a body changed after signing is refused.
    const t = prepared(`${origin}/items`, [['Authorization', `AWS ${ID} ${SECRET} region:eu-west-1 service:execute-api`]], { kind: 'text', text: 'one' }, 'POST');
    await signAwsRequest(t);
    t.body = { kind: 'text', text: 'two' };
    assert.equal((await send(t)).status, 403);
  });

  it('session tokens go out as X-Amz-Security-Token; credentials come from the environment or the shared credentials file', async () => {
    const s = prepared(`${origin}/x`, [['Authorization', 'AWS AKIDSESSION session-secret token:tok123 region:us-east-1 service:sts']]);
    await signAwsRequest(s);
    assert.equal((await send(s)).status, 200);
    assert.equal(seen.at(-1)?.token, 'tok123');
    const e = prepared(`${origin}/x`, [['Authorization', 'AWS region:us-east-1 service:sts']]);
    await signAwsRequest(e, { env: { AWS_ACCESS_KEY_ID: ID, AWS_SECRET_ACCESS_KEY: SECRET } });
    assert.equal((await send(e)).status, 200);
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-aws-'));
    try {
      const file = join(dir, 'credentials');
      writeFileSync(file, `# comment\n[default]\naws_access_key_id = nope\naws_secret_access_key = nope\n\n[work]\naws_access_key_id = ${ID}\naws_secret_access_key = ${SECRET}\n`);
      const f = prepared(`${origin}/x`, [['Authorization', 'AWS region:us-east-1 service:sts']]);
      await signAwsRequest(f, { env: { AWS_PROFILE: 'work', AWS_SHARED_CREDENTIALS_FILE: file } });
      assert.equal((await send(f)).status, 200);
      assert.throws(() => resolveAwsCredentials({}, { AWS_PROFILE: 'missing', AWS_SHARED_CREDENTIALS_FILE: file }), (err: AwsSignError) => /add profile \[missing\]/.test(err.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses the header forms and leaves other Authorization values alone', async () => {
    assert.deepEqual(parseAwsAuthorization('AWS id secret token:t region:r service:s'), { accessKeyId: 'id', secretAccessKey: 'secret', sessionToken: 't', region: 'r', service: 's' });
    assert.deepEqual(parseAwsAuthorization('AWS profile:work'), { profile: 'work' });
    assert.equal(parseAwsAuthorization('AWS4-HMAC-SHA256 Credential=x'), null);
    assert.equal(parseAwsAuthorization('Bearer abc'), null);
    assert.throws(() => parseAwsAuthorization('AWS onlyone'), /two words/);
    const other = prepared(`${origin}/x`, [['Authorization', 'Bearer abc']]);
    assert.equal(await signAwsRequest(other), false);
    assert.deepEqual(other.headers, [['Authorization', 'Bearer abc']]);
  });
});
