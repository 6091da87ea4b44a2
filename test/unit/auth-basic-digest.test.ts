import { strict as assert } from 'node:assert';
import { createHash, randomBytes } from 'node:crypto';
import { basicToken, digestAuthorization, encodeBasicAuthorization, pickDigestChallenge, readBasic, readDigestShorthand } from '../../src/core/auth';
import { parseHttp } from '../../src/core/http/parser';
import { DispatcherPool, prepareRequest, sendRequest, type ValueResolver } from '../../src/core/send';
import { listen, json } from '../fixtures/send/helpers';

const noVars: ValueResolver = { substitute: (text) => ({ text, secrets: [], unresolved: [] }) };
const prep = (src: string, resolver: ValueResolver = noVars): ReturnType<typeof prepareRequest> => prepareRequest(parseHttp(src).requests[0], { resolver, filePath: '/tmp/auth.http' });
const header = (p: { headers: [string, string][] }, name: string): string | undefined => p.headers.find(([k]) => k.toLowerCase() === name)?.[1];

describe('auth: Basic as REST Client and httpYac write it', () => {
  it('encodes `Basic user password` and `Basic user:password`; keeps a finished token and other schemes', () => {
    const token = Buffer.from('aladdin:open sesame').toString('base64');
    assert.equal(encodeBasicAuthorization('Basic aladdin open sesame'), `Basic ${token}`);
    assert.equal(encodeBasicAuthorization('basic aladdin:open sesame'), `Basic ${token}`);
    assert.equal(encodeBasicAuthorization(`Basic ${token}`), `Basic ${token}`);
    assert.equal(encodeBasicAuthorization('Bearer abc def'), 'Bearer abc def');
    assert.equal(basicToken('ü', 'p'), Buffer.from('ü:p', 'utf8').toString('base64'));
    assert.deepEqual(readBasic('dXNlcjpwYXNz'), { kind: 'encoded' });
    assert.equal(readBasic('justaword!').kind, 'invalid');
    assert.equal(readBasic('').kind, 'invalid');
  });

  it('prepareRequest sends the encoded header and masks a token built from a secret', () => {
    const p1 = prep('GET https://api.example.com/\nAuthorization: Basic user pa ss\n');
    assert.equal(header(p1, 'authorization'), `Basic ${Buffer.from('user:pa ss').toString('base64')}`);
    const secretResolver: ValueResolver = {
      substitute: (text) => (text.includes('{{pw}}') ? { text: text.replace('{{pw}}', 'hunter2-secret'), secrets: ['hunter2-secret'], unresolved: [] } : { text, secrets: [], unresolved: [] }),
    };
    const p2 = prep('GET https://api.example.com/\nAuthorization: Basic user:{{pw}}\n', secretResolver);
    const tok = Buffer.from('user:hunter2-secret').toString('base64');
    assert.equal(header(p2, 'authorization'), `Basic ${tok}`);
    assert.ok(p2.secrets.includes(tok));
  });
});

describe('auth: Digest challenge-response', () => {
  it('reads the shorthand and picks the strongest supported challenge', () => {
    assert.deepEqual(readDigestShorthand('Digest bob pass word'), { user: 'bob', password: 'pass word' });
    assert.equal(readDigestShorthand('Digest username="bob", realm="r"'), null);
    const c = pickDigestChallenge(['Digest realm="r", nonce="n1", qop="auth,auth-int", algorithm=MD5, Digest realm="r", nonce="n2", qop="auth", algorithm=SHA-256', 'Basic realm="x"']);
    assert.equal(c?.algorithm, 'SHA-256');
    assert.equal(c?.nonce, 'n2');
    assert.equal(pickDigestChallenge(['Digest realm="r", nonce="n", qop="auth-int"']), null);
    assert.equal(pickDigestChallenge(['Basic realm="r"']), null);
  });

  it('matches the RFC 7616 §3.9.1 example response (SHA-256 and MD5)', () => {
    const challenge = { realm: 'http-auth@example.org', nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v', opaque: 'FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS', qop: ['auth'], algorithm: 'SHA-256' };
    const creds = { user: 'Mufasa', password: 'Circle of Life' };
    const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
    assert.match(digestAuthorization(challenge, creds, 'GET', '/dir/index.html', 1, cnonce), /response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"/);
    assert.match(digestAuthorization({ ...challenge, algorithm: 'MD5' }, creds, 'GET', '/dir/index.html', 1, cnonce), /response="8ca523f5e9506fed4657c9700eebdbec"/);
  });

  for (const algorithm of ['MD5', 'SHA-256']) {
    it(`answers a loopback server's ${algorithm} qop=auth challenge; the server checks the hash`, async () => {
      const realm = 'reqlint-test';
      const nonce = randomBytes(12).toString('hex');
      const users: Record<string, string> = { alice: 'wonder land' };
      const hashName = algorithm === 'MD5' ? 'md5' : 'sha256';
      const H = (s: string): string => createHash(hashName).update(s).digest('hex');
      const seen: Array<string | null> = [];
      const server = await listen((req, res) => {
        const auth = req.headers.authorization ?? null;
        seen.push(auth);
        const challenge = (): void => {
          res.writeHead(401, { 'www-authenticate': `Digest realm="${realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="op42"`, 'content-length': '0' });
          res.end();
        };
        if (!auth?.startsWith('Digest ')) return challenge();
        const p = Object.fromEntries([...auth.slice(7).matchAll(/(\w+)=(?:"([^"]*)"|([^\s,]+))/g)].map((m) => [m[1], m[2] ?? m[3]]));
        const pw = users[p.username];
        const expected = pw === undefined ? '' : H(`${H(`${p.username}:${realm}:${pw}`)}:${nonce}:${p.nc}:${p.cnonce}:${p.qop}:${H(`${req.method}:${p.uri}`)}`);
        if (p.response !== expected || p.nonce !== nonce || p.opaque !== 'op42' || p.uri !== req.url || p.algorithm !== algorithm) return challenge();
        json(res, 200, { user: p.username });
      });
      const pool = new DispatcherPool({ env: {} });
      try {
        const good = prep(`POST ${server.url}/things?x=1\nAuthorization: Digest alice wonder land\nContent-Type: application/json\n\n{"a":1}\n`);
        assert.equal(header(good, 'authorization'), undefined, 'the shorthand is not sent as written');
        const r = await sendRequest(good, { pool });
        assert.equal(r.status, 200, `answer ${r.status}: ${JSON.stringify(seen)}`);
        assert.deepEqual(JSON.parse(Buffer.from(r.body?.bytes ?? []).toString()), { user: 'alice' });
        assert.equal(seen[0], null);
        assert.match(r.attempts[0].requestHeaders.find(([k]) => k === 'Authorization')?.[1] ?? '', /^Digest username="alice"/);

        seen.length = 0;
        const bad = await sendRequest(prep(`GET ${server.url}/things\nAuthorization: Digest alice wrong\n`), { pool });
        assert.equal(bad.status, 401);
        assert.equal(seen.length, 2, 'one challenge answered, then the 401 stands');
      } finally {
        await pool.close();
        await server.close();
      }
    });
  }
});
