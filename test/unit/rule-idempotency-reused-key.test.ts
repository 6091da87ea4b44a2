import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'idempotency/reused-key';
const req = (key: string, body: string) => `###\nPOST https://api.qrstudio.agency/api/v1/generate/\nIdempotency-Key: ${key}\nContent-Type: application/json\n\n${body}\n\n`;

describe('rule idempotency/reused-key', () => {
  after(cleanup);

  it('fires on the second request reusing a literal key with a different body, on its header line, pointing at the first', () => {
    const f = lintRule(RULE, req('k-1', '{"data": "a"}') + req('k-1', '{"data": "b"}'));
    assert.deepEqual(lines(f), [10]);
    assert.match(f[0].message, /409/);
    assert.equal(f[0].related![0].range.start.line, 2);
  });

  it('does not fire for the same body (formatting aside), distinct keys, or {{$uuid}} keys', () => {
    assert.deepEqual(lintRule(RULE, req('k-1', '{"data": "a"}') + req('k-1', '{ "data" : "a" }')), []);
    assert.deepEqual(lintRule(RULE, req('k-1', '{"data": "a"}') + req('k-2', '{"data": "b"}')), []);
    assert.deepEqual(lintRule(RULE, req('{{$uuid}}', '{"data": "a"}') + req('{{$uuid}}', '{"data": "b"}')), []);
  });
});
