import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { applyFix, cleanup, lines, lintPayload, lintRule, textAt } from '../fixtures/rules/harness';

const RULE = 'body/pii-email';
const EV = 'POST https://track.scanova.io/server-events\nX-API-Key: {{k}}\nContent-Type: application/json\n\n';
const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('rule body/pii-email', () => {
  after(cleanup);

  it('fires on a raw e-mail anywhere in properties, on the value; the pii fix writes user_identifiers.email_hash and keeps JSON and indentation', () => {
    const text = `${EV}{\n  "event_name": "signup",\n  "properties": {\n    "plan": "pro",\n    "contact": " Jane.Doe@Example.com "\n  }\n}\n`;
    const f = lintRule(RULE, text);
    assert.deepEqual(lines(f), [9]);
    assert.equal(textAt(text, f[0]), '" Jane.Doe@Example.com "');
    const fix = f[0].fixes![0];
    assert.equal(fix.kind, 'pii');
    const fixed = applyFix(text, fix);
    const body = fixed.slice(EV.length);
    assert.deepEqual(JSON.parse(body), { event_name: 'signup', properties: { plan: 'pro' }, user_identifiers: { email_hash: sha('jane.doe@example.com') } });
    assert.equal(body, `{\n  "event_name": "signup",\n  "properties": {\n    "plan": "pro"\n  },\n  "user_identifiers": {\n    "email_hash": "${sha('jane.doe@example.com')}"\n  }\n}\n`);
    assert.deepEqual(lintRule(RULE, fixed), []);
  });

  it('merges into an existing user_identifiers and turns a plain email key into the hash', () => {
    const text = `${EV}{"event_name": "s", "properties": {"e": "a@b.co"}, "user_identifiers": {"id": "u1"}}\n`;
    const fixed = applyFix(text, lintRule(RULE, text)[0].fixes![0]);
    assert.deepEqual(JSON.parse(fixed.slice(EV.length)), { event_name: 's', properties: {}, user_identifiers: { id: 'u1', email_hash: sha('a@b.co') } });
    const plain = `${EV}{"event_name": "s", "email": "A@B.co"}\n`;
    const f2 = lintRule(RULE, plain);
    assert.equal(f2.length, 1);
    assert.deepEqual(JSON.parse(applyFix(plain, f2[0].fixes![0]).slice(EV.length)), { event_name: 's', user_identifiers: { email_hash: sha('a@b.co') } });
    const inUi = `${EV}{"event_name": "s", "user_identifiers": {"email": "a@b.co"}}\n`;
    assert.deepEqual(JSON.parse(applyFix(inUi, lintRule(RULE, inUi)[0].fixes![0]).slice(EV.length)), { event_name: 's', user_identifiers: { email_hash: sha('a@b.co') } });
  });

  it('finds addresses inside text and arrays (no fix there: the text around it would be lost)', () => {
    const f = lintRule(RULE, `${EV}{"event_name": "s", "properties": {"note": "write to bob@corp.example", "list": ["x@y.io"]}}\n`);
    assert.equal(f.length, 2);
    assert.equal(f[0].fixes, undefined);
  });

  it('lints a mapped batch item by item', () => {
    const f = lintPayload('[\n{"event_name": "a", "properties": {"m": "a@b.co"}},\n{"event_name": "b"}\n]', 'POST https://track.scanova.io/server-events/batch', RULE);
    assert.deepEqual(lines(f), [2]);
  });

  it('does not fire for hashes, handles, other APIs, or a {{variable}}', () => {
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "properties": {"handle": "@jane", "h": "${sha('x')}"}, "user_identifiers": {"email_hash": "${sha('x')}"}}\n`), []);
    assert.deepEqual(lintRule(RULE, 'POST https://api.example.com/users\nContent-Type: application/json\n\n{"email": "a@b.co"}\n'), []);
    assert.deepEqual(lintRule(RULE, `${EV}{"event_name": "s", "email": "{{email}}", "properties": {"e": "{{user.email}}"}}\n`), []);
  });
});
