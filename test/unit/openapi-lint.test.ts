import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfigFile } from '../../src/core/config';
import type { Finding } from '../../src/core/findings';
import { applyTextEdits } from '../../src/core/fix/apply';
import { lintHttpText, lintJsonPayload } from '../../src/core/lint/engine';
import { knownRuleIds } from '../../src/core/lint/known';
import { PUBLIC_RULE_IDS } from '../../src/core/lint/catalogue';
import { rules } from '../../src/core/lint/rules/index';

// End to end through the real engine and the registered rules: the specs in
// test/fixtures/openapi become profiles through reqlint.config.json, exactly as the CLI loads them.
const ROOT = resolve(__dirname, '../fixtures/openapi');

function lint(rel: string, configDir = ROOT): { findings: Finding[]; text: string; path: string } {
  const path = join(ROOT, rel);
  const text = readFileSync(path, 'utf8');
  const config = loadConfigFile(join(configDir, 'reqlint.config.json'), { knownRuleIds: knownRuleIds() });
  return { findings: lintHttpText(path, text, { config, environment: null }).findings, text, path };
}

const pairs = (fs: Finding[]) => fs.map((f) => `${f.range.start.line + 1} ${f.rule}`);

describe('OpenAPI-derived profiles, linted end to end', () => {
  it('registers the OpenAPI rule ids in the catalogue and the engine', () => {
    for (const id of ['openapi/unknown-path', 'openapi/missing-parameter', 'openapi/deprecated', 'openapi/invalid-spec']) {
      assert.ok(PUBLIC_RULE_IDS.includes(id), id);
      assert.ok(rules.some((r) => r.id === id), id);
    }
  });

  it('3.0 YAML spec: body rules with the built-in ids, auth, parameters, allOf, recursion, deprecation, paths', () => {
    const { findings } = lint('http/pets.http');
    assert.deepEqual(pairs(findings), [
      '26 body/length',
      '27 body/format',
      '28 body/format',
      '29 body/range',
      '30 body/format',
      '31 body/unknown-field',
      '35 auth/missing',
      '35 idempotency/missing-key',
      '35 openapi/missing-parameter',
      '38 body/required',
      '41 openapi/missing-parameter',
      '56 body/unknown-field',
      '63 body/length',
      '66 openapi/deprecated',
      '73 openapi/unknown-path',
      '77 openapi/unknown-path',
    ]);
    const by = (line: number, rule: string) => findings.find((f) => f.range.start.line + 1 === line && f.rule === rule)!;
    assert.match(by(29, 'body/range').message, /'weight_kg' must be < 500/);
    assert.match(by(31, 'body/unknown-field').message, /did you mean 'tags'/);
    assert.match(by(56, 'body/unknown-field').message, /'vacinated'.*'vaccinated'/, 'a key documented in an allOf part counts');
    assert.match(by(63, 'body/length').message, /children\[\d+\]\.children\[\d+\]\.title/, 'the recursive schema is followed to depth, array indexes kept');
    assert.match(by(73, 'openapi/unknown-path').message, /nearest documented path is '\/pets\/\{petId\}' \(GET, PUT\)/);
    assert.match(by(77, 'openapi/unknown-path').message, /does not document DELETE on '\/pets\/\{petId\}'; it takes GET, PUT/);
    assert.match(by(35, 'openapi/missing-parameter').message, /header 'X-Tenant' \(Tenant the pet belongs to\)/);
    assert.equal(by(73, 'openapi/unknown-path').severity, 'hint');
    assert.equal(by(66, 'openapi/deprecated').severity, 'hint');
    // The readOnly `id` of Pet is not demanded of the PUT body; `owner_email: null` (nullable) is accepted.
    assert.ok(!findings.some((f) => f.range.start.line + 1 === 56 && f.rule === 'body/required'));
    assert.ok(!findings.some((f) => f.range.start.line + 1 < 20));
  });

  it('3.1 JSON spec: discriminator picks one branch, null types, relative-file refs, bearer or query key, cookie parameter', () => {
    const { findings } = lint('http/events.http');
    // Same-line findings are ordered by column; compare as sets per line.
    assert.deepEqual(pairs(findings).sort(byLineThenRule), [
      '18 body/range',
      '18 body/format',
      '18 body/format',
      '18 body/length',
      '25 body/required',
      '32 body/format',
      '35 auth/missing',
      '47 openapi/missing-parameter',
    ].sort(byLineThenRule));
    const msgs = findings.map((f) => f.message).join('\n');
    assert.match(msgs, /'total\.amount' must be >= 0/, 'Money comes from shared/common.yaml');
    assert.match(msgs, /'session_id' must be a UUID/, 'Session comes from shared/common.yaml');
    assert.match(msgs, /'url' is required/);
    assert.ok(!/'total' is required|'session_id' is required/.test(msgs.split('\n').filter((m) => /url/.test(m)).join('\n')), 'the page-view body gets no purchase-branch errors');
    assert.match(findings.find((f) => f.rule === 'auth/missing')!.message, /'Authorization' header \('Bearer …'\) \(or the 'api_key' query parameter/);
    assert.match(findings.find((f) => f.rule === 'openapi/missing-parameter')!.message, /cookie 'session_token'/);
  });

  it('Swagger 2.0: converted body parameter, query key, $ref parameter, nested required, pattern and range', () => {
    const { findings } = lint('http/legacy.http');
    assert.deepEqual(pairs(findings), ['10 auth/missing', '10 openapi/missing-parameter', '13 body/format', '13 body/range', '13 body/required']);
    assert.match(findings[0].message, /'apikey' query parameter/);
    assert.match(findings[1].message, /query parameter 'channel'/);
    assert.match(findings.find((f) => f.rule === 'body/required')!.message, /'country' is required in 'ship_to'/);
  });

  it('a spec that cannot be used is one finding on its config entry, naming the spec line and reason', () => {
    const broken = resolve(ROOT, 'broken');
    const { findings } = lint('broken/calls.http', broken);
    assert.deepEqual(findings.map((f) => `${f.file.endsWith('reqlint.config.json')} ${f.range.start.line + 1}:${f.range.start.character + 1} ${f.rule}`), [
      'true 3:15 openapi/invalid-spec',
      'true 4:15 openapi/invalid-spec',
    ]);
    assert.match(findings[0].message, /bad\.yaml:9:1: the spec is not valid YAML/);
    assert.match(findings[1].message, /remote-ref\.yaml:10:15: the \$ref 'https:\/\/schemas\.example\.com\/thing\.json' points at another server; Reqlint never fetches/);
  });

  it('quick-fixes: bearer header with the scheme, the nearest path, the missing query parameter', () => {
    const ev = lint('http/events.http');
    const auth = ev.findings.find((f) => f.rule === 'auth/missing')!;
    const fixed = applyTextEdits(ev.text, auth.fixes![0].edits).text;
    assert.match(fixed, /Content-Type: application\/json\nAuthorization: Bearer \{\{token\}\}\n\n\{ "type": "page_view", "url": "https:\/\/shop\.test\/" \}\n\n### the query-string key/);

    const pets = lint('http/pets.http');
    const unknown = pets.findings.find((f) => f.rule === 'openapi/unknown-path' && f.range.start.line + 1 === 73)!;
    assert.equal(unknown.fixes, undefined, 'a templated nearest path is not written for the user');
    const missing = pets.findings.find((f) => f.rule === 'openapi/missing-parameter' && f.range.start.line + 1 === 41)!;
    const withLimit = applyTextEdits(pets.text, missing.fixes![0].edits).text;
    assert.match(withLimit, /GET \{\{base\}\}\/pets\?limit=20\nX-Api-Key/);
    const tenant = pets.findings.find((f) => f.rule === 'openapi/missing-parameter' && f.range.start.line + 1 === 35)!;
    assert.match(applyTextEdits(pets.text, tenant.fixes![0].edits).text, /\{ "species": "cat" \}/);
    assert.match(applyTextEdits(pets.text, tenant.fixes![0].edits).text, /POST \{\{base\}\}\/pets\nContent-Type: application\/json\nX-Tenant: acme\n/);
  });

  it('a mapped JSON payload file is linted against the operation its mapping names', () => {
    const config = loadConfigFile(join(ROOT, 'reqlint.config.json'));
    const mapping = { files: ['pet.json'], method: 'POST', url: 'https://pets.test/v1/pets', endpoint: 'POST https://pets.test/v1/pets', headers: {}, index: 0 };
    const text = '{\n  "species": "fish",\n  "name": "Nemo"\n}\n';
    const fs = lintJsonPayload(join(ROOT, 'pet.json'), text, mapping, { config, environment: null }).findings;
    assert.deepEqual(pairs(fs), ['2 body/format']);
    assert.match(fs[0].message, /'species' must be one of 'cat', 'dog' or 'bird'; got 'fish'/);
  });

  it('rule levels and disable comments apply to the OpenAPI rules like any other', () => {
    const path = join(ROOT, 'http/pets.http');
    const text = readFileSync(path, 'utf8').replace('### Deprecated operation\n', '### Deprecated operation\n# reqlint-disable-next-line openapi/deprecated\n');
    const config = { ...loadConfigFile(join(ROOT, 'reqlint.config.json')), rules: { 'openapi/unknown-path': 'off' as const, 'openapi/missing-parameter': 'warning' as const } };
    const fs = lintHttpText(path, text, { config, environment: null }).findings;
    assert.ok(!fs.some((f) => f.rule === 'openapi/unknown-path'));
    assert.ok(!fs.some((f) => f.rule === 'openapi/deprecated'));
    assert.ok(fs.filter((f) => f.rule === 'openapi/missing-parameter').every((f) => f.severity === 'warning'));
  });
});

function byLineThenRule(a: string, b: string): number {
  const [la, ra] = a.split(' ');
  const [lb, rb] = b.split(' ');
  return Number(la) - Number(lb) || (ra < rb ? -1 : ra > rb ? 1 : 0);
}
