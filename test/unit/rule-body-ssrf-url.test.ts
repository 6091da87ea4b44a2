import { strict as assert } from 'node:assert';
import { cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/ssrf-url';
const QR = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\nContent-Type: application/json\n\n';

describe('rule body/ssrf-url', () => {
  after(cleanup);

  it('warns on logo_url pointing at loopback, private, link-local or localhost addresses, on the value', () => {
    for (const url of ['http://127.0.0.1/l.png', 'https://10.1.2.3/l.png', 'http://192.168.0.5/l.png', 'http://172.20.0.1/l.png', 'http://169.254.169.254/latest', 'http://localhost:8080/l.png', 'http://[::1]/l.png', 'http://2130706433/l.png', 'http://[fd00::1]/x']) {
      const text = `${QR}{"data": "x", "logo_url": "${url}"}\n`;
      const f = lintRule(RULE, text);
      assert.deepEqual(lines(f), [5], url);
      assert.equal(f[0].severity, 'warning');
      assert.equal(textAt(text, f[0]), `"${url}"`);
    }
  });

  it('does not fire for public hosts, look-alike public addresses, or a {{variable}} URL', () => {
    for (const url of ['https://cdn.example.com/l.png', 'http://172.32.0.1/l.png', 'http://11.0.0.1/x', 'https://{{cdn}}/logo.png']) {
      assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "logo_url": "${url}"}\n`), [], url);
    }
  });
});
