import { strict as assert } from 'node:assert';
import { emailHash, findEmail, isHttpUrl, isIso4217, isQrColor, privateUrlReason, serializedBytes } from '../../src/core/profiles/formats';
import { builtinProfiles } from '../../src/core/profiles/load';
import { endpointById } from '../../src/core/profiles/match';
import { nearMissOf, ruleForPointer, validateBody } from '../../src/core/profiles/validate';

const profile = (id: string) => builtinProfiles().find((p) => p.id === id)!;
const tracking = profile('scanova-tracking');
const qrstudio = profile('qrstudio');

describe('profiles: validateBody and the checks JSON Schema cannot express', () => {
  it('returns field errors with JSON Pointers and rule ids, item by item on batch endpoints', () => {
    const ep = endpointById(tracking, 'server-events-batch')!;
    const errs = validateBody(tracking, ep, [{ event_name: 'a' }, { scan_session_id: 'x', conversion_value: { currency: 'usd' }, properties: { who: 'a@b.co' } }]);
    assert.deepEqual(
      errs.map((e) => [e.rule, e.pointer, e.index]),
      [
        ['body/required', '/1', 1],
        ['body/format', '/1/scan_session_id', 1],
        ['body/format', '/1/conversion_value/currency', 1],
        ['body/pii-email', '/1/properties/who', 1],
      ],
    );
    assert.equal(errs.find((e) => e.rule === 'body/required')!.missing, 'event_name');
  });

  it('accepts the { "events": [...] } batch shape and refuses any other shape', () => {
    const ep = endpointById(tracking, 'server-events-batch')!;
    assert.deepEqual(validateBody(tracking, ep, { events: [{ event_name: 'a' }] }), []);
    assert.equal(validateBody(tracking, ep, { events: [{}] })[0].pointer, '/events/0');
    const shape = validateBody(tracking, ep, { event_name: 'a' });
    assert.equal(shape.length, 1);
    assert.match(shape[0].message, /JSON array of items or an object \{ "events": \[\.\.\.\] \}/);
  });

  it('applies plan caps and gates only for the given plan', () => {
    const gen = endpointById(qrstudio, 'generate')!;
    const body = { data: 'x', size_inches: 5, logo_url: 'https://cdn.example.com/l.png' };
    assert.deepEqual(validateBody(qrstudio, gen, body), []);
    assert.deepEqual(validateBody(qrstudio, gen, body, { plan: 'free' }).map((e) => e.rule).sort(), ['body/range', 'plan/unavailable']);
    assert.deepEqual(validateBody(qrstudio, gen, body, { plan: 'enterprise-unknown' }), []);
  });

  it('reports one problem once: a blank value is not also a bad format; a plan cap replaces the looser documented bound', () => {
    const qbar = profile('qbar-scanner');
    assert.deepEqual(validateBody(qbar, endpointById(qbar, 'qr-create')!, { url: ' ' }).map((e) => e.rule), ['body/blank']);
    const gen = endpointById(qrstudio, 'generate')!;
    const r = validateBody(qrstudio, gen, { data: 'x', size_inches: 20 }, { plan: 'free' });
    assert.deepEqual(r.map((e) => [e.rule, e.limit]), [['body/range', 3]]);
    assert.deepEqual(validateBody(qrstudio, gen, { data: 'x', size_inches: 20 }).map((e) => [e.rule, e.limit]), [['body/range', 15]]);
  });

  it('returns [] for endpoints that document no body', () => {
    assert.deepEqual(validateBody(qrstudio, endpointById(qrstudio, 'keys-create')!, { anything: 1 }), []);
  });

  it('maps a JSON Pointer from an error answer to the rule that documents the field', () => {
    const ev = endpointById(tracking, 'server-event')!;
    assert.deepEqual(ruleForPointer(ev, '/conversion_value/currency'), { rule: 'body/format', keyword: 'format' });
    assert.deepEqual(ruleForPointer(ev, '/scan_session_id'), { rule: 'body/format', keyword: 'format' });
    assert.deepEqual(ruleForPointer(ev, '/event_name'), { rule: 'body/blank', keyword: 'notBlank' });
    assert.deepEqual(ruleForPointer(ev, '/properties'), { rule: 'body/pii-email', keyword: 'noRawEmail' });
    assert.deepEqual(ruleForPointer(endpointById(tracking, 'server-events-batch')!, '/3/scan_session_id'), { rule: 'body/format', keyword: 'format' });
    assert.deepEqual(ruleForPointer(endpointById(qrstudio, 'generate')!, '/size_inches'), { rule: 'body/range', keyword: 'maximum' });
    assert.equal(ruleForPointer(ev, '/nothing_documented'), null);
  });

  it('format checks: ISO 4217 from the real list, http(s) URLs, QR colours', () => {
    for (const c of ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'XAU', 'VED']) assert.ok(isIso4217(c), c);
    for (const c of ['usd', 'ABC', 'EURO', 'US', 'HRK']) assert.ok(!isIso4217(c), c);
    assert.ok(isHttpUrl('https://a.test/x') && isHttpUrl('HTTP://a.test'));
    assert.ok(!isHttpUrl('ftp://a.test') && !isHttpUrl('https://') && !isHttpUrl('a.test'));
    assert.ok(isQrColor('black') && isQrColor('#00ff00') && !isQrColor('Black') && !isQrColor('#0f0') && !isQrColor('rouge'));
  });

  it('e-mail detection, hashing and serialized size', () => {
    assert.equal(findEmail('contact: Jane.Doe+x@mail.example.co.uk today'), 'Jane.Doe+x@mail.example.co.uk');
    assert.equal(findEmail('@handle'), null);
    assert.equal(findEmail('{{user}}@example.com'), null);
    assert.equal(emailHash('  Jane@Example.COM '), emailHash('jane@example.com'));
    // The FIPS 180-2 test vector: SHA-256 of 'abc' (trimmed and lower-cased first).
    assert.equal(emailHash(' ABC '), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.match(emailHash('a@b.co'), /^[0-9a-f]{64}$/);
    assert.equal(serializedBytes({ a: 'é' }), 10);
  });

  it('private addresses: loopback, private ranges, link-local, IPv6 ULA, mapped IPv4, localhost names', () => {
    for (const u of ['http://127.0.0.1', 'http://10.0.0.1', 'http://172.16.0.1', 'http://192.168.1.1', 'http://169.254.169.254', 'http://0.0.0.0', 'http://[::1]', 'http://[fe80::1]', 'http://[fc00::1]', 'http://[::ffff:10.0.0.1]', 'http://localhost', 'http://a.localhost', 'http://0x7f000001', 'http://printer.local']) {
      assert.ok(privateUrlReason(u), u);
    }
    for (const u of ['https://example.com', 'http://8.8.8.8', 'http://172.15.0.1', 'http://[2001:db8::1]', 'not a url']) assert.equal(privateUrlReason(u), null, u);
  });

  it('near misses: case and separator variants, truncations and small typos, never unrelated keys', () => {
    const keys = ['event_name', 'scan_session_id', 'site_id', 'properties'];
    assert.equal(nearMissOf('eventName', keys), 'event_name');
    assert.equal(nearMissOf('scan_session', keys), 'scan_session_id');
    assert.equal(nearMissOf('propertys', keys), 'properties');
    assert.equal(nearMissOf('campaign', keys), null);
    assert.equal(nearMissOf('id', keys), null);
  });
});
