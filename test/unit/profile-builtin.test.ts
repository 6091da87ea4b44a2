import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import profileSchema from '../../schemas/profile.schema.json';
import { BUILTIN_PROFILE_IDS, builtinProfiles } from '../../src/core/profiles/load';
import { matchPathTemplate } from '../../src/core/profiles/match';
import { compileSchema, getAjv } from '../../src/core/profiles/validate';

const root = join(__dirname, '..', '..');
const seeds = join(root, '..', 'shared', 'seeds');

describe('profiles: the five built-ins', () => {
  it('are exactly the five documented ids, one JSON file each under profiles/', () => {
    assert.deepEqual([...BUILTIN_PROFILE_IDS], ['scanova-management', 'qbar-scanner', 'scanova-tracking', 'scantrust', 'qrstudio']);
    assert.deepEqual(readdirSync(join(root, 'profiles')).sort(), BUILTIN_PROFILE_IDS.map((id) => `${id}.json`).sort());
    assert.deepEqual(builtinProfiles().map((p) => p.id), [...BUILTIN_PROFILE_IDS]);
  });

  it('validate against schemas/profile.schema.json', () => {
    const validate = getAjv().compile(profileSchema);
    for (const id of BUILTIN_PROFILE_IDS) {
      const json = JSON.parse(readFileSync(join(root, 'profiles', `${id}.json`), 'utf8'));
      assert.ok(validate(json), `${id}: ${JSON.stringify(validate.errors)}`);
    }
  });

  it('have body schemas that are valid draft 2020-12 and compile with the custom keywords', () => {
    const ajv = getAjv();
    for (const p of builtinProfiles()) {
      for (const e of p.endpoints) {
        if (!e.body) continue;
        assert.ok(ajv.validateSchema(e.body.schema), `${p.id}/${e.id}: ${ajv.errorsText(ajv.errors)}`);
        assert.equal(typeof compileSchema(e.body.schema), 'function');
      }
    }
  });

  it('have unique endpoint ids, paths that match themselves, and notes where the page is silent', () => {
    for (const p of builtinProfiles()) {
      const ids = p.endpoints.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, p.id);
      for (const e of p.endpoints) {
        if (e.path && !e.path.includes('**')) assert.ok(matchPathTemplate(e.path, e.path.replace(/\{[^}]+\}/g, 'x1')), `${p.id}/${e.id}`);
      }
      assert.ok(p.notes.length > 0, `${p.id} has notes`);
      if (p.match.baseUrlRequired) assert.equal(p.match.hosts.length, 0);
      if (p.auth.header === null) assert.ok(p.notes.some((n) => /auth header|names no auth/i.test(n)), `${p.id} says its header is configurable`);
    }
  });

  it('expose each retry policy and rate limits in a typed shape', () => {
    const byId = Object.fromEntries(builtinProfiles().map((p) => [p.id, p]));
    assert.deepEqual(byId['scanova-tracking'].retry.retryOn, [429, 500, 502, 503, 504]);
    assert.deepEqual(byId['scanova-tracking'].retry.doNotRetryOn, [400, 401, 403, 413, 422]);
    assert.deepEqual(byId['scanova-tracking'].rateLimits.map((r) => [r.endpoints[0], r.limit, r.windowSeconds, r.scope]), [
      ['browser-event', 100, 60, 'ip'],
      ['browser-events-batch', 100, 60, 'ip'],
      ['server-event', 1000, 60, 'api-key'],
      ['server-events-batch', 1000, 60, 'api-key'],
    ]);
    assert.deepEqual(byId.qrstudio.retry.backoff, { kind: 'exponential', baseMs: 1000, maxRetries: 3, jitter: true });
    assert.equal(byId.qrstudio.retry.maxRetriesByStatus?.['500'], 1);
    assert.equal(byId['scanova-management'].retry.defaultRetryAfterSeconds, 60);
    assert.deepEqual(byId.qrstudio.idempotency, { header: 'Idempotency-Key', conflictStatus: 409, docs: 'Status code reference' });
  });

  describe('facts against the documentation pages (../shared/seeds)', function () {
    before(function () {
      if (!existsSync(seeds)) {
        console.log(`    (skipped: ${seeds} is absent; the API pages live in ../shared/seeds beside the repository)`);
        this.skip();
      }
    });
    const page = (file: string) => readFileSync(join(seeds, file), 'utf8');
    const files: Record<string, string> = {
      'scanova-management': '000_af4a294101fef6d9.txt',
      'qbar-scanner': '001_a9026c9e486e6e6f.txt',
      'scanova-tracking': '002_c43e5365ff2a8f87.txt',
      scantrust: '003_ef34f2219f7961d8.txt',
      qrstudio: '004_2318ddafee1a6ad6.txt',
    };

    it('every host, auth header, key prefix, error code and status a profile states appears on its page', () => {
      for (const p of builtinProfiles()) {
        const text = page(files[p.id]);
        for (const h of p.match.hosts) assert.ok(text.includes(h), `${p.id}: host ${h}`);
        if (p.auth.header) assert.ok(text.includes(p.auth.header), `${p.id}: header ${p.auth.header}`);
        if (p.auth.keyPrefix) assert.ok(text.includes(p.auth.keyPrefix), `${p.id}: prefix`);
        for (const c of p.errors.codes ?? []) assert.ok(text.includes(c.code), `${p.id}: code ${c.code}`);
        for (const s of Object.keys(p.errors.statuses)) assert.ok(text.includes(s), `${p.id}: status ${s}`);
        // A page that says "5xx: retry with backoff" covers every 5xx status.
        for (const r of p.retry.retryOn) assert.ok(text.includes(String(r)) || (r >= 500 && text.includes('5xx')), `${p.id}: retry on ${r}`);
      }
    });

    it('every section a profile cites is a heading on its page', () => {
      for (const p of builtinProfiles()) {
        const text = page(files[p.id]);
        const sections = [p.auth.docs, p.transport.docs, p.retry.docs, p.errors.docs, p.idempotency?.docs, ...p.endpoints.map((e) => e.docs)].filter((s): s is string => !!s);
        for (const s of sections) assert.ok(text.includes(s), `${p.id}: section '${s}'`);
      }
    });

    it('every endpoint path with a literal segment is named on its page (or said to be undocumented in notes)', () => {
      for (const p of builtinProfiles()) {
        const text = page(files[p.id]);
        for (const e of p.endpoints) {
          if (!e.path || e.path.includes('**')) continue;
          const lastLiteral = e.path.split('/').filter((s) => s && !s.startsWith('{')).pop()!;
          assert.ok(text.includes(`/${lastLiteral}`), `${p.id}/${e.id}: ${e.path}`);
        }
      }
    });
  });
});
