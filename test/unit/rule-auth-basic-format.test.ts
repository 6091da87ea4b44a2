import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'auth/basic-format';

describe('rule auth/basic-format', () => {
  after(cleanup);

  it('hints on a Basic value that is neither base64 of user:password nor the shorthand, on the value', () => {
    const f = lintRule(RULE, 'GET https://api.example.com/me\nAuthorization: Basic not-base64!\n');
    assert.deepEqual(lines(f), [2]);
    assert.equal(f[0].severity, 'hint');
    assert.equal(f[0].range.start.character, 'Authorization: '.length);
    assert.equal(lintRule(RULE, `GET https://api.example.com/me\nAuthorization: Basic ${Buffer.from('no-colon').toString('base64')}\n`).length, 1);
    assert.equal(lintRule(RULE, 'GET https://api.example.com/me\nAuthorization: Basic\n').length, 1);
  });

  it('stays quiet for a finished token, both shorthands, another scheme and a {{variable}} hole', () => {
    for (const v of [`Basic ${Buffer.from('u:p').toString('base64')}`, 'Basic user pass', 'Basic user:pass', 'Bearer abc!', 'Basic {{creds}}', 'Basic {{user}} {{pass}}']) {
      assert.deepEqual(lintRule(RULE, `GET https://api.example.com/me\nAuthorization: ${v}\n`), [], v);
    }
  });
});
