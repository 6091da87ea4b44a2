import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'transport/content-type';

describe('rule transport/content-type', () => {
  after(cleanup);

  it('warns on a JSON body without Content-Type and adds the header after the last header', () => {
    const text = 'POST https://api.example.com/x\nAccept: application/json\n\n{"a": 1}\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [1]);
    assert.equal(f[0].severity, 'warning');
    assert.equal(applyFix(text, f[0].fixes![0]), 'POST https://api.example.com/x\nAccept: application/json\nContent-Type: application/json\n\n{"a": 1}\n');
  });

  it('flags a non-JSON Content-Type on a JSON body (on the header line) and a < file.json body', () => {
    const text = 'POST https://api.example.com/x\nContent-Type: text/plain\n\n[1]\n';
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [2]);
    assert.equal(applyFix(text, f[0].fixes![0]), text.replace('text/plain', 'application/json'));
    assert.deepEqual(lines(lintRule(RULE, 'POST https://api.example.com/x\n\n< ./body.json\n', { files: { 'body.json': '{}' } })), [1]);
  });

  it('does not fire for JSON types with parameters or +json, a variable type, or a non-JSON body', () => {
    assert.deepEqual(lintRule(RULE, 'POST https://a.test/x\nContent-Type: application/json; charset=utf-8\n\n{}\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST https://a.test/x\ncontent-type: application/problem+json\n\n{}\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST https://a.test/x\nContent-Type: {{ct}}\n\n{}\n'), []);
    assert.deepEqual(lintRule(RULE, 'POST https://a.test/x\n\nname=value\n'), []);
  });
});
