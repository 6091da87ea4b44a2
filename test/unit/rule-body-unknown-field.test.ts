import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/unknown-field';
const EV = 'POST https://track.scanova.io/server-events\nX-API-Key: {{k}}\nContent-Type: application/json\n\n';

describe('rule body/unknown-field', () => {
  after(cleanup);

  it('hints on eventName and scan_session, on the key, and renames to the documented key', () => {
    const text = `${EV}{\n  "eventName": "scan",\n  "scan_session": "7ad26d4f-3181-4ef8-b6ca-b8f59499dd43"\n}\n`;
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [6, 7]);
    assert.equal(f[0].severity, 'hint');
    assert.equal(textAt(text, f[0]), '"eventName"');
    assert.match(f[1].message, /scan_session_id/);
    assert.match(applyFix(text, f[0].fixes![0]), /"event_name": "scan"/);
  });

  it('does not fire for documented keys, unrelated keys, or when the documented key is also present', () => {
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "site_id": "x", "campaign_ref": "y"}\n`), []);
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "eventName": "dup"}\n`), []);
  });

  it('does not fire for a {{variable}} key', () => {
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "{{eventNameKey}}": 1}\n`), []);
  });
});
