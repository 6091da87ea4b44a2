import { strict as assert } from 'node:assert';
import { applyFix, cleanup, lines, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/format';
const EV = 'POST https://track.scanova.io/server-events\nX-API-Key: {{k}}\nContent-Type: application/json\n\n';
const QR = 'POST https://api.qrstudio.agency/api/v1/generate/\nX-Api-Key: {{k}}\nContent-Type: application/json\n\n';

describe('rule body/format', () => {
  after(cleanup);

  it('fires on a scan_session_id that is not a UUID, on the value, offering a new UUID or {{$uuid}}', () => {
    const text = `${EV}{"event_name": "scan", "scan_session_id": "abc-123"}\n`;
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [5]);
    assert.equal(textAt(text, f[0]), '"abc-123"');
    const [gen, dyn] = f[0].fixes!;
    assert.match(applyFix(text, gen), /"scan_session_id": "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"/);
    assert.match(applyFix(text, dyn), /"scan_session_id": "\{\{\$uuid\}\}"/);
  });

  it('fires on lower-case and unreal currency codes; upper-casing is a safe fix only when it makes a real code', () => {
    const text = `${EV}{"event_name": "buy", "conversion_value": {"amount": 5, "currency": "eur"}}\n`;
    const f = lintRule(RULE, text);
    assert.equal(f.length, 1);
    assert.equal(f[0].fixes![0].kind, 'safe');
    assert.match(applyFix(text, f[0].fixes![0]), /"currency": "EUR"/);
    const fake = lintRule(RULE, `${EV}{"event_name": "buy", "conversion_value": {"currency": "ABC"}}\n`);
    assert.equal(fake.length, 1);
    assert.equal(fake[0].fixes, undefined);
    assert.equal(lintRule(RULE, `${EV}{"event_name": "buy", "conversion_value": {"currency": "xyz"}}\n`)[0].fixes, undefined);
  });

  it('fires on a colour that is not black, white or #RRGGBB, a QBar url without http(s)://, and invalid JSON in Scanova info', () => {
    assert.equal(lintRule(RULE, `${QR}{"data": "x", "color": "rouge"}\n`).length, 1);
    assert.equal(lintRule(RULE, `${QR}{"data": "x", "color": "#12345"}\n`).length, 1);
    assert.equal(lintRule(RULE, 'POST https://q.test/qr\nContent-Type: application/json\n\n{"url": "ftp://x.test"}\n', { config: { baseUrls: { 'qbar-scanner': ['https://q.test'] } } }).length, 1);
    const info = lintRule(RULE, 'POST https://management.scanova.io/qr/\nContent-Type: application/json\n\n{"name": "n", "qr_type": "dy", "category": 2, "info": "{not json", "pattern_info": "{}"}\n');
    assert.equal(info.length, 1);
    assert.match(info[0].message, /valid JSON/);
  });

  it('does not fire for near misses that are valid', () => {
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "scan_session_id": "7AD26D4F-3181-4EF8-B6CA-B8F59499DD43", "conversion_value": {"currency": "GBP"}}\n`), []);
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "color": "#A0b1C2"}\n`), []);
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "color": "white"}\n`), []);
  });

  it('never reports a {{variable}} hole as a format error', () => {
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "scan_session_id": "{{$uuid}}", "conversion_value": {"currency": "{{cur}}"}}\n`), []);
    assert.deepEqual(lintRule(RULE, `${QR}{"data": "x", "color": {{colour}}, "size_inches": {{size}}}\n`), []);
  });
});
