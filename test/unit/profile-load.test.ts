import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProfiles, ProfileError, readProfiles } from '../../src/core/profiles/load';
import { cleanup, lintRule } from '../fixtures/rules/harness';

const fixtures = join(__dirname, '..', 'fixtures', 'profiles');
const fx = (name: string) => join(fixtures, name);

describe('profiles: loading user profile files', () => {
  after(cleanup);

  it('adds a whole profile next to the five built-ins', () => {
    const ps = loadProfiles({ profiles: [fx('acme.json')] });
    assert.deepEqual(ps.map((p) => p.id), ['scanova-management', 'qbar-scanner', 'scanova-tracking', 'scantrust', 'qrstudio', 'acme']);
    const acme = ps.find((p) => p.id === 'acme')!;
    assert.equal(acme.source, fx('acme.json'));
    assert.equal(acme.auth.variable, 'acmeKey');
  });

  it('lints requests against a user profile like a built-in one, linking its documentation section', () => {
    const f = lintRule('body/range', 'POST https://api.acme.test/v2/orders\nX-Key: {{k}}\nContent-Type: application/json\n\n{"sku": "a", "quantity": 500}\n', { config: { profiles: [fx('acme.json')] } });
    assert.equal(f.length, 1);
    assert.equal(f[0].docs, 'https://docs.acme.test/errors#orders');
    assert.match(f[0].message, /Acme orders API, 'Orders'/);
  });

  it('merges an extending profile into its built-in: header and endpoint path set, the rest kept', () => {
    const ps = loadProfiles({ profiles: [fx('qbar-extended.json')] });
    const q = ps.find((p) => p.id === 'qbar-scanner')!;
    assert.equal(q.auth.header, 'X-QBar-Key');
    assert.equal(q.auth.required, true);
    assert.equal(q.endpoints.find((e) => e.id === 'qr-create')!.path, '/v1/qr');
    assert.ok(q.endpoints.find((e) => e.id === 'qr-create')!.body, 'body schema kept');
    assert.ok(q.notes.at(-1)!.startsWith('Our QBar account'));
    const config = { profiles: [fx('qbar-extended.json')], baseUrls: { 'qbar-scanner': ['https://qbar.test'] } };
    const missing = lintRule('auth/missing', 'POST https://qbar.test/v1/qr\nContent-Type: application/json\n\n{"url": "https://a.test"}\n', { config });
    assert.equal(missing.length, 1);
    assert.match(missing[0].fixes![0].title, /X-QBar-Key/);
    assert.deepEqual(lintRule('body/required', 'POST https://qbar.test/v1/keys\nContent-Type: application/json\n\n{"name": "k"}\n', { config }), [], 'other paths are no longer QR creates');
  });

  it('reports a file that is not JSON with its line and column', () => {
    const r = readProfiles({ profiles: [fx('not-json.json')] });
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].file, fx('not-json.json'));
    assert.equal(r.problems[0].line, 4);
    assert.match(r.problems[0].message, /not valid JSON/);
    assert.equal(r.profiles.length, 5, 'the built-ins still load');
  });

  it('reports a schema violation with its JSON Pointer and line', () => {
    const r = readProfiles({ profiles: [fx('broken-schema.json')] });
    const p = r.problems.find((x) => x.pointer === '/auth/required');
    assert.ok(p, JSON.stringify(r.problems));
    assert.equal(p.line, 5);
    assert.match(p.message, /boolean/);
  });

  it('reports an unusable body schema (unknown keyword) at the endpoint schema', () => {
    const r = readProfiles({ profiles: [fx('bad-body-schema.json')] });
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].pointer, '/endpoints/0/body/schema');
    assert.equal(r.problems[0].line, 7);
    assert.match(r.problems[0].message, /requird/);
  });

  it('reports an unreadable file, an unknown extends and a duplicate id; loadProfiles throws ProfileError naming every file', () => {
    const r = readProfiles(
      { profiles: [fx('nope.json'), fx('acme.json'), fx('acme.json'), 'virtual.json'] },
      (p) => (p === 'virtual.json' ? '{"extends": "acme-cloud"}' : readFileSync(p, 'utf8')),
    );
    const msgs = r.problems.map((p) => `${p.file}: ${p.message}`).join('\n');
    assert.match(msgs, /nope\.json: cannot read the profile file \(ENOENT\)/);
    assert.match(msgs, /already defined by/);
    assert.match(msgs, /virtual\.json: extends 'acme-cloud', which is not a built-in profile/);
    assert.throws(() => loadProfiles({ profiles: [fx('broken-schema.json')] }), (e: unknown) => e instanceof ProfileError && /broken-schema\.json:5:\d+: /.test(e.message));
  });
});
