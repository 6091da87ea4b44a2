import { strict as assert } from 'node:assert';
import { parseHttp } from '../../src/core/http/parser';
import { createSendResolver } from '../../src/core/send/scope';
import type { NamedExchange } from '../../src/core/send/response-refs';
import { buildScope } from '../../src/core/vars/scope';
import { parseChainRef, readChainRef } from '../../src/core/vars/chain';
import { applyFix, cleanup, lintAll, textAt } from '../fixtures/rules/harness';

const LOGIN: NamedExchange = {
  request: { headers: [['X-Req', 'r1']], body: '{"user":"ann"}' },
  response: { status: 200, headers: [['X-Request-Id', 'abc'], ['Content-Type', 'application/json']], body: '{"token":"t0k","items":[{"id":7}],"n":3}' },
};

describe('chain references: one reader for the linter, the sender and the test runner', () => {
  after(cleanup);

  const forms: Array<[string, string]> = [
    ['login.response.body.$.token', 't0k'],
    ['login.response.body.token', 't0k'],
    ['login.response.body.$.items[0].id', '7'],
    ['login.response.body.items[0].id', '7'],
    ['login.response.body.items', '[{"id":7}]'],
    ['login.response.headers.x-request-id', 'abc'],
    ['login.request.body.$.user', 'ann'],
    ['login.response.body.*', LOGIN.response.body],
  ];

  it('the sender resolves every form the linter accepts', () => {
    const text = `# @name login\nPOST https://api.test/login\n\n###\nGET https://api.test/me\n`;
    const file = parseHttp(text);
    const send = createSendResolver({ file, filePath: '/tmp/x.http', environment: null, exchanges: new Map([['login', LOGIN]]), envFiles: { public: new Map(), private: new Map(), dotenv: new Map(), files: [], problems: [] } });
    const lint = buildScope(file, { responses: (n) => (n === 'login' ? { request: LOGIN.request, response: { ...LOGIN.response, status: 200 } } : undefined) });
    for (const [expr, want] of forms) {
      assert.ok(lint.isDefined(expr), `linter accepts ${expr}`);
      const s = send.substitute(`{{${expr}}}`);
      assert.deepEqual(s.unresolved, [], expr);
      assert.equal(s.text, want, expr);
      assert.equal(lint.lookup(expr).value, want, `lint-side value of ${expr}`);
    }
  });

  it('a reference the sender cannot resolve says why', () => {
    const ref = parseChainRef('login.response.body.$.nope')!;
    const r = readChainRef(ref, LOGIN);
    assert.ok('problem' in r && /\$\.nope is not in the response body of "login"/.test(r.problem));
    assert.ok('problem' in readChainRef(parseChainRef('login.response.body.x')!, undefined));
  });

  it('chain/defined-later: a reference to a request written below, or to itself', () => {
    const text = 'GET https://api.test/a?t={{later.response.body.token}}\n\n###\n# @name later\nGET https://api.test/b?self={{later.response.body.x}}\n';
    const { findings } = lintAll(text);
    const f = findings.filter((x) => x.rule === 'chain/defined-later');
    assert.equal(f.length, 2);
    assert.equal(textAt(text, f[0]), '{{later.response.body.token}}');
    assert.match(f[0].message, /written below this one \(line 5\)/);
    assert.match(f[1].message, /is this request/);
    assert.deepEqual(findings.filter((x) => x.rule === 'variable/undefined'), []);
  });

  it('chain/separator-name: `### @name x` gets its own finding and a fix instead of "not defined"', () => {
    const text = '### @name login\nPOST https://api.test/login\n\n###\nGET https://api.test/me?t={{login.response.body.token}}\n';
    const { findings } = lintAll(text);
    assert.deepEqual(findings.filter((x) => x.rule === 'variable/undefined'), []);
    const f = findings.filter((x) => x.rule === 'chain/separator-name');
    assert.equal(f.length, 1);
    const fixed = applyFix(text, f[0].fixes![0]);
    assert.ok(fixed.startsWith('###\n# @name login\nPOST'));
    assert.deepEqual(lintAll(fixed).findings.filter((x) => x.rule.startsWith('chain/') || x.rule === 'variable/undefined'), []);
  });

  it('an earlier named request stays clean', () => {
    const text = '# @name login\nPOST https://api.test/login\n\n###\nGET https://api.test/me?t={{login.response.body.token}}\n\n?? body $.id == {{login.response.body.$.id}}\n';
    assert.deepEqual(lintAll(text).findings.filter((x) => x.rule.startsWith('chain/') || x.rule === 'variable/undefined'), []);
  });
});
