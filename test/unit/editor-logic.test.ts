import * as assert from 'node:assert/strict';
import type { Finding } from '../../src/core/findings';
import { parseHttp } from '../../src/core/http/parser';
import { chooseFixAll, curlToHttp, disableEdits, disableLineEdit, holeAt, isSecretName, parseCurl, secretNameFor, shellWords, variableNameOf } from '../../src/extension/features/logic';

const r = (l1: number, c1: number, l2: number, c2: number) => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const finding = (rule: string, fixes: Finding['fixes']): Finding => ({ rule, severity: 'error', message: rule, file: '/w/a.http', range: r(0, 0, 0, 1), request: 1, fixes });

describe('editor logic', () => {
  it('disables a rule on the line above, with the line\'s indentation and line ending', () => {
    assert.deepEqual(disableLineEdit('    "email": "a@b.c"', 7, 'body/pii-email'), { range: r(7, 0, 7, 0), newText: '    # reqlint-disable-next-line body/pii-email\n' });
    assert.equal(disableLineEdit('\tX: 1', 0, 'a/b', '\r\n').newText, '\t# reqlint-disable-next-line a/b\r\n');
  });

  it('disables for the line above headers and request lines, and for the whole request inside a body', () => {
    const file = parseHttp('### a\nPOST https://a.test\nX-Key: 1\n\n{\n  "email": "a@b.c"\n}\n\n### b\nGET https://a.test\n');
    assert.deepEqual(disableEdits(file, 2, 'auth/x'), { title: 'Disable auth/x for this line', edits: [{ range: r(2, 0, 2, 0), newText: '# reqlint-disable-next-line auth/x\n' }] });
    const body = disableEdits(file, 5, 'body/pii-email');
    assert.equal(body.title, 'Disable body/pii-email for this request');
    assert.deepEqual(body.edits.map((e) => [e.range.start.line, e.newText]), [[1, '# reqlint-disable body/pii-email\n'], [9, '# reqlint-enable body/pii-email\n']]);
  });

  it('fix-all takes the preferred safe fix, never pii or suggestions, and skips overlapping edits', () => {
    const chosen = chooseFixAll([
      finding('a/one', [{ title: 'other', kind: 'safe', edits: [{ range: r(1, 0, 1, 2), newText: 'x' }] }, { title: 'preferred', kind: 'safe', isPreferred: true, edits: [{ range: r(2, 0, 2, 2), newText: 'y' }] }]),
      finding('body/pii-email', [{ title: 'hash', kind: 'pii', edits: [{ range: r(5, 0, 5, 2), newText: 'h' }] }]),
      finding('a/suggest', [{ title: 'maybe', kind: 'suggestion', edits: [{ range: r(6, 0, 6, 2), newText: 's' }] }]),
      finding('a/clash', [{ title: 'overlaps', kind: 'safe', edits: [{ range: r(2, 1, 2, 3), newText: 'z' }] }]),
      finding('a/insert', [{ title: 'insert', kind: 'safe', edits: [{ range: r(2, 2, 2, 2), newText: 'w' }] }]),
      finding('a/same-point', [{ title: 'insert again', kind: 'safe', edits: [{ range: r(2, 2, 2, 2), newText: 'v' }] }]),
      finding('a/other-file', [{ title: 'json', kind: 'safe', edits: [{ file: '/w/b.json', range: r(2, 0, 2, 2), newText: 'j' }] }]),
    ]);
    assert.deepEqual(chosen.map((c) => c.fix.title), ['preferred', 'insert', 'json']);
  });

  it('locates the {{hole}} around the cursor', () => {
    assert.deepEqual(holeAt('GET {{host}}/x', 7), { start: 6, typed: 'h', end: 10 });
    assert.deepEqual(holeAt('X: {{ tok', 9), { start: 5, typed: 'tok', end: null });
    assert.equal(holeAt('GET {{host}}/x', 13), null);
    assert.equal(holeAt('GET /x', 3), null);
  });

  it('reduces expressions to variable names', () => {
    assert.equal(variableNameOf(' host '), 'host');
    assert.equal(variableNameOf('login.response.body.$.token'), 'login');
    assert.equal(variableNameOf('%enc'), 'enc');
    assert.equal(variableNameOf('$uuid'), null);
  });

  it('names secrets after their header, avoiding names in use', () => {
    assert.equal(secretNameFor('X-API-Key'), 'apiKey');
    assert.equal(secretNameFor('Authorization'), 'token');
    assert.equal(secretNameFor('X-Api-Key', new Set(['apiKey', 'apiKey2'])), 'apiKey3');
    assert.ok(isSecretName('qr.studio-key_1'));
    assert.ok(!isSecretName('two words'));
    assert.ok(!isSecretName(''));
  });

  it('splits shell words with quotes, escapes, $\'…\' and continuations', () => {
    assert.deepEqual(shellWords(`curl -H 'A: b c' "x\\"y" a\\ b \\\n  --data $'l1\\nl2'`), ['curl', '-H', 'A: b c', 'x"y', 'a b', '--data', 'l1\nl2']);
    assert.throws(() => shellWords("curl 'open"), /unclosed single quote/);
  });

  it('turns cURL commands into requests', () => {
    const c = parseCurl(`curl -X POST https://api.test/v1/items -H 'Content-Type: application/json' -H "X-API-Key: k" -d '{"a":1}' --compressed`);
    assert.deepEqual(c, { method: 'POST', url: 'https://api.test/v1/items', headers: [['Content-Type', 'application/json'], ['X-API-Key', 'k']], body: '{"a":1}', ignored: ['--compressed'] });
    assert.equal(curlToHttp(c), '###\nPOST https://api.test/v1/items\nContent-Type: application/json\nX-API-Key: k\n\n{\n  "a": 1\n}\n');
    assert.equal(parseCurl('curl https://a.test --data x=1').method, 'POST');
    assert.deepEqual(parseCurl('curl https://a.test --data x=1').headers, [['Content-Type', 'application/x-www-form-urlencoded']]);
    assert.equal(parseCurl('curl -G https://a.test -d q=1').url, 'https://a.test?q=1');
    assert.deepEqual(parseCurl('curl --json \'{"b":2}\' https://a.test').headers, [['Content-Type', 'application/json'], ['Accept', 'application/json']]);
    assert.deepEqual(parseCurl('curl -u user:pw https://a.test').headers, [['Authorization', `Basic ${Buffer.from('user:pw').toString('base64')}`]]);
    assert.equal(parseCurl('curl -I https://a.test').method, 'HEAD');
    assert.throws(() => parseCurl('wget https://a.test'), /does not start with "curl"/);
    assert.throws(() => parseCurl('curl -H nocolon https://a.test'), /no name: value/);
    assert.throws(() => parseCurl('curl -s'), /names no URL/);
  });
});
