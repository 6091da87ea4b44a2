import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule } from '../fixtures/rules/harness';

const RULE = 'body/too-large';
const EV = 'POST https://track.scanova.io/server-events\nX-API-Key: {{k}}\nContent-Type: application/json\n\n';

function eventWithProperties(bytes: number): string {
  // {"blob":"…"} serializes to bytes + 11.
  return `${EV}{"event_name": "s", "properties": {"blob": "${'a'.repeat(bytes - 11)}"}}\n`;
}

describe('rule body/too-large', () => {
  after(cleanup);

  it('fires when properties serialize to 10 KB (10,240 bytes) or more, and not one byte under', () => {
    assert.deepEqual(lines(lintRule(RULE, eventWithProperties(10240))), [5]);
    assert.deepEqual(lintRule(RULE, eventWithProperties(10239)), []);
  });

  it('checks a QR Studio multipart logo_file size on disk', () => {
    const text = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\nContent-Type: multipart/form-data; boundary=B\n\n--B\nContent-Disposition: form-data; name="data"\n\nhttps://x.test\n--B\nContent-Disposition: form-data; name="logo_file"; filename="logo.png"\nContent-Type: image/png\n\n< ./logo.png\n--B--\n';
    const big = lintRule(RULE, text, { files: { 'logo.png': Buffer.alloc(2097153).toString('latin1') } });
    assert.deepEqual(lines(big), [13]);
    assert.match(big[0].message, /2,097,153 bytes/);
    assert.deepEqual(lintRule(RULE, text, { files: { 'logo.png': 'x'.repeat(2097152) } }), []);
  });

  it('does not fire for properties holding a {{variable}}', () => {
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "properties": {"blob": "${'a'.repeat(11000)}", "x": {{more}}}}\n`), []);
  });
});
