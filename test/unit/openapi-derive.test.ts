import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadConfigFile, parseConfigText } from '../../src/core/config';
import { lintHttpText } from '../../src/core/lint/engine';
import { deriveProfile } from '../../src/core/openapi/derive';
import { endpointFor, schemaInfoAt } from '../../src/core/openapi/editor';
import { clearOpenApiCache, openApiProfilesFor, profileDependencies, type OpenApiEntry, type OpenApiProfile } from '../../src/core/openapi/index';
import { documentedResponse, errorModelName } from '../../src/core/openapi/responses';
import { parseSpecText, SpecError } from '../../src/core/openapi/source';
import { profilesFor } from '../../src/core/profiles/context';
import { compileSchema } from '../../src/core/profiles/validate';

const ROOT = resolve(__dirname, '../fixtures/openapi');
const nextTick = () => new Promise<void>((r) => setImmediate(r));

function fixtureProfiles(): OpenApiProfile[] {
  const r = openApiProfilesFor(loadConfigFile(join(ROOT, 'reqlint.config.json')));
  assert.deepEqual(r.problems, []);
  return r.profiles;
}

function entry(spec: string, extra: Partial<OpenApiEntry> = {}): OpenApiEntry {
  return { index: 0, spec, specWritten: spec, baseUrls: [], ...extra };
}

function derive(text: string, path = '/virtual/api.yaml', extra: Partial<OpenApiEntry> = {}): OpenApiProfile {
  return deriveProfile(entry(path, extra), parseSpecText(path, text)).profile;
}

const ep = (p: OpenApiProfile, id: string) => p.endpoints.find((e) => e.id === id)!;

describe('OpenAPI → profile derivation', () => {
  it('derives one profile per entry with ids, base URLs, auth and endpoints', () => {
    const [pets, events, legacy] = fixtureProfiles();
    assert.deepEqual([pets.id, events.id, legacy.id], ['pets', 'events-31', 'legacy-20']);
    assert.deepEqual(pets.match.baseUrls, ['https://pets.test/v1']);
    assert.deepEqual(events.match.baseUrls, ['http://localhost:8080/api'], 'config base URL joined with the relative server');
    assert.deepEqual(legacy.match.baseUrls, ['https://legacy.test/v2']);
    assert.deepEqual(pets.auth, { header: 'X-Api-Key', required: true, variable: 'apiKey' });
    assert.equal(events.auth.scheme, 'bearer');
    assert.equal(events.auth.header, 'Authorization');
    assert.deepEqual(events.auth.alternatives, [{ header: 'api_key', description: "the 'queryKey' API key", in: 'query' }]);
    assert.equal(legacy.auth.in, 'query');
    assert.deepEqual(pets.endpoints.map((e) => `${e.method} ${e.path} ${e.id}`), [
      'GET /pets listPets',
      'POST /pets createPet',
      'GET /pets/{petId} getPet',
      'PUT /pets/{petId} updatePet',
      'POST /pets/{petId}/photo uploadPhotoLegacy',
      'POST /categories createCategory',
      'GET /health health',
    ]);
    assert.equal(ep(pets, 'health').auth, false, 'security: [] makes an operation public');
    assert.equal(ep(pets, 'getPet').auth, false, 'the config override wins over the spec');
    assert.equal(ep(pets, 'createPet').idempotency, true);
    assert.deepEqual(pets.idempotency, { header: 'Idempotency-Key', conflictStatus: 409 });
  });

  it('turns 3.0 nullable, boolean exclusive bounds, date formats and readOnly into the validator schema', () => {
    const [pets] = fixtureProfiles();
    const schema = ep(pets, 'createPet').body!.schema as { $defs: Record<string, Record<string, unknown>> };
    const newPet = schema.$defs.NewPet as { properties: Record<string, Record<string, unknown>>; nearMissKeys: boolean };
    assert.deepEqual(newPet.properties.owner_email, { type: ['string', 'null'], format: 'email' });
    assert.deepEqual(newPet.properties.weight_kg, { type: 'number', minimum: 0, exclusiveMaximum: 500 });
    assert.equal(newPet.properties.birth_date.pattern, '^\\d{4}-\\d{2}-\\d{2}$');
    assert.equal(newPet.nearMissKeys, true);
    const pet = (ep(pets, 'updatePet').body!.schema as { $defs: Record<string, Record<string, unknown>> }).$defs.Pet;
    assert.equal((pet.allOf as Array<Record<string, unknown>>)[1].required, undefined, 'readOnly id is not required of a request');
    const validate = compileSchema(ep(pets, 'createPet').body!.schema);
    assert.equal(validate({ name: 'Rex', species: 'dog', owner_email: null }), true);
    assert.equal(validate({ name: 'Rex', species: 'dog', weight_kg: 500 }), false);
  });

  it('compiles recursive schemas through $defs and checks them at depth', () => {
    const [pets] = fixtureProfiles();
    const validate = compileSchema(ep(pets, 'createCategory').body!.schema);
    assert.equal(validate({ title: 'Animals', children: [{ title: 'Dogs', children: [{ title: 'Pups' }] }] }), true);
    assert.equal(validate({ title: 'Animals', children: [{ title: 'Dogs', children: [{ title: 'P' }] }] }), false);
    assert.equal(validate.errors?.[0].instancePath, '/children/0/children/0/title');
  });

  it('3.1: type arrays with null, const, and a discriminated oneOf reporting only the chosen branch', () => {
    const [, events] = fixtureProfiles();
    const validate = compileSchema(ep(events, 'sendEvent').body!.schema);
    assert.equal(validate({ type: 'page_view', url: 'https://a.test/', referrer: null }), true);
    assert.equal(validate({ type: 'page_view' }), false);
    assert.deepEqual(
      validate.errors!.filter((e) => e.keyword === 'required').map((e) => e.params.missingProperty),
      ['url'],
    );
    assert.equal(validate({ type: 'purchase', total: { amount: 1, currency: 'EUR' }, session_id: '7ad26d4f-3181-4ef8-b6ca-b8f59499dd43' }), true);
  });

  it('reads servers with variables (defaults and enum values)', () => {
    const p = derive(`openapi: 3.0.0
info: { title: Regions, version: '1' }
servers:
  - url: 'https://{region}.api.test/{version}'
    variables:
      region: { default: eu, enum: [eu, us] }
      version: { default: v2 }
paths: {}
`);
    assert.deepEqual(p.match.baseUrls, ['https://eu.api.test/v2', 'https://us.api.test/v2']);
    assert.equal(p.title, 'Regions');
    assert.equal(p.id, 'api');
  });

  it('notes a spec without an absolute server, and matches nothing until a base URL is configured', () => {
    const p = derive(`openapi: 3.1.0
info: { title: Relative, version: '1' }
servers: [{ url: /v1 }]
paths: {}
`);
    assert.deepEqual(p.match.baseUrls, []);
    assert.match(p.notes.join('\n'), /add "baseUrl" to its openapi entry/);
  });

  it('drops keyword values the validator would refuse, with a note, so the schema still compiles', () => {
    const p = derive(`openapi: 3.1.0
info: { title: W, version: '1' }
servers: [{ url: 'https://w.test' }]
paths:
  /w:
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: [object, file]
              required: name
              minContains: 2
              then: { required: [a] }
              properties:
                a: { type: string, minLength: '3', enum: [], pattern: '(?<', format: int64, example: 3, x-foo: 1, xml: {} }
                b: { type: integer, format: int32, multipleOf: 0 }
      responses: {}
`);
    const schema = p.endpoints[0].body!.schema;
    assert.deepEqual(schema, { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } }, nearMissKeys: true });
    const validate = compileSchema(schema);
    assert.equal(validate({ a: 'x', b: 2 }), true);
    assert.equal(validate({ a: 1 }), false);
    assert.equal(p.notes.filter((n) => /wrong type|not a valid regular expression/.test(n)).length, 5);
  });

  it('names error models: documented responses, ranges, defaults, shapes and statuses', () => {
    const [pets, events, legacy] = fixtureProfiles();
    assert.deepEqual([...pets.errors.shapes].sort(), ['error-code-message', 'fastapi-detail-list']);
    assert.deepEqual(legacy.errors.shapes, ['error-envelope']);
    assert.equal(pets.errors.statuses['404'], 'No such pet');
    assert.equal(documentedResponse(ep(events, 'sendEvent'), 400)?.model, 'Problem');
    assert.equal(documentedResponse(ep(events, 'sendEvent'), 404)?.matchedBy, 'range');
    assert.equal(errorModelName(pets, ep(pets, 'createPet'), 500), 'Error (default Unexpected error)');
    assert.equal(errorModelName(pets, ep(pets, 'createPet'), 422), 'ValidationError (422 Validation failed)');
    assert.equal(errorModelName(pets, null, 404), '404 No such pet');
    assert.equal(documentedResponse(null, 404), null);
  });

  it('refuses what it cannot read with the spec file, line and reason', () => {
    const attempt = (text: string, path = '/virtual/x.yaml') => {
      try {
        derive(text, path);
        return null;
      } catch (e) {
        assert.ok(e instanceof SpecError, String(e));
        return e.problem;
      }
    };
    assert.deepEqual(attempt('openapi: 2.5.0\ninfo: { title: X, version: "1" }\n'), { file: '/virtual/x.yaml', line: 1, column: 1, message: 'unsupported version "2.5.0": Reqlint reads OpenAPI 3.0, 3.1 and Swagger 2.0' });
    assert.match(attempt('info: { title: X }\n')!.message, /neither an "openapi" nor a "swagger" key/);
    const dangling = attempt('{\n  "openapi": "3.0.3",\n  "info": { "title": "X", "version": "1" },\n  "paths": { "/a": { "post": { "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Nope" } } } }, "responses": {} } } }\n}\n', '/virtual/x.json');
    assert.equal(dangling!.line, 4);
    assert.match(dangling!.message, /points at nothing: '\/components\/schemas\/Nope' does not exist in this file/);
    assert.throws(() => parseSpecText('/virtual/bad.json', '{\n  "openapi": "3.0.3",\n  "info": {\n}'), (e: unknown) => e instanceof SpecError && e.problem.line === 4 && /ends early.*cut short/.test(e.problem.message));
  });
});

describe('OpenAPI profiles in the project', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-openapi-'));
    clearOpenApiCache();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const spec = () => `openapi: 3.0.3
info: { title: Notes, version: '1' }
servers: [{ url: 'https://notes.test' }]
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        content:
          application/json:
            schema: { $ref: 'schemas.yaml#/Note' }
      responses: { '201': { description: Created } }
`;
  const schemas = (maxLength: number) => `Note:
  type: object
  required: [text]
  properties:
    text: { type: string, maxLength: ${maxLength}, description: The note }
    color: { type: string, enum: [red, blue] }
`;

  function setup(overrides?: string, profileFiles: string[] = []): ReturnType<typeof parseConfigText> {
    writeFileSync(join(dir, 'notes.yaml'), spec());
    writeFileSync(join(dir, 'schemas.yaml'), schemas(5));
    const text = `{ "profiles": ${JSON.stringify(profileFiles)}, "openapi": [ { "spec": "notes.yaml"${overrides ? `, "overrides": ${overrides}` : ''} } ] }`;
    writeFileSync(join(dir, 'reqlint.config.json'), text);
    return loadConfigFile(join(dir, 'reqlint.config.json'));
  }

  it('caches the derived profile (and its compiled validators) until a spec file changes', async () => {
    const config = setup();
    const first = openApiProfilesFor(config).profiles[0];
    const v1 = compileSchema(first.endpoints[0].body!.schema);
    await nextTick();
    const again = openApiProfilesFor(config).profiles[0];
    assert.equal(again, first, 'unchanged files give the same profile object');
    assert.equal(compileSchema(again.endpoints[0].body!.schema), v1);
    assert.equal(profilesFor(config).find((p) => p.id === 'notes'), first);

    // A change in the referenced file (not the spec itself) is noticed on the next run.
    writeFileSync(join(dir, 'schemas.yaml'), schemas(500));
    await nextTick();
    const changed = openApiProfilesFor(config).profiles[0];
    assert.notEqual(changed, first);
    const http = join(dir, 'a.http');
    const text = 'POST https://notes.test/notes\nContent-Type: application/json\n\n{ "text": "longer than five" }\n';
    assert.deepEqual(lintHttpText(http, text, { config }).findings.map((f) => f.rule), []);
    writeFileSync(join(dir, 'schemas.yaml'), schemas(5));
    await nextTick();
    assert.deepEqual(lintHttpText(http, text, { config }).findings.map((f) => f.rule), ['body/length']);
  });

  it('auth from security schemes: a cookie key, and HTTP Basic with its scheme in the fix', () => {
    const write = (name: string, scheme: string) =>
      writeFileSync(join(dir, name), `openapi: 3.0.3
info: { title: ${name}, version: '1' }
servers: [{ url: 'https://${name.replace('.yaml', '')}.test' }]
security: [{ s: [] }]
components: { securitySchemes: { s: ${scheme} } }
paths: { /x: { get: { responses: { '200': { description: OK } } } } }
`);
    write('cookie.yaml', '{ type: apiKey, in: cookie, name: sid }');
    write('basic.yaml', '{ type: http, scheme: basic }');
    writeFileSync(join(dir, 'reqlint.config.json'), '{ "openapi": [ { "spec": "cookie.yaml" }, { "spec": "basic.yaml" } ] }');
    const config = loadConfigFile(join(dir, 'reqlint.config.json'));
    const lint = (text: string) => lintHttpText(join(dir, 'a.http'), text, { config, environment: null }).findings;
    const noCookie = lint('GET https://cookie.test/x\n');
    assert.deepEqual(noCookie.map((f) => f.rule), ['auth/missing']);
    assert.match(noCookie[0].message, /needs the 'sid' cookie/);
    assert.deepEqual(lint('@sid = {{$processEnv SID}}\n\nGET https://cookie.test/x\nCookie: theme=dark; sid={{sid}}\n').map((f) => f.rule), []);
    const basic = lint('GET https://basic.test/x\n');
    assert.match(basic[0].message, /needs the 'Authorization' header \('Basic …'\)/);
    assert.equal(basic[0].fixes?.[0].edits.find((e) => e.newText.includes('Authorization'))?.newText, '\nAuthorization: Basic {{s}}');
  });

  it('lists the files a profile depends on, for re-linting when one changes', () => {
    const config = setup();
    assert.deepEqual(profileDependencies(config).sort(), [join(dir, 'notes.yaml'), join(dir, 'reqlint.config.json'), join(dir, 'schemas.yaml')].sort());
    const fixture = loadConfigFile(join(ROOT, 'reqlint.config.json'));
    assert.ok(profileDependencies(fixture).includes(join(ROOT, 'specs/shared/common.yaml')));
  });

  it('merges overrides and hand-written profiles that extend the derived one; the user wins', () => {
    writeFileSync(join(dir, 'notes.profile.json'), JSON.stringify({ extends: 'notes', title: 'Notes (staging)', auth: { header: 'X-Key', required: true, variable: 'notesKey' } }));
    const config = setup('{ "title": "Notes API", "endpoints": [{ "id": "createNote", "idempotency": true }] }', [join(dir, 'notes.profile.json')]);
    const derived = openApiProfilesFor(config).profiles[0];
    assert.equal(derived.title, 'Notes API');
    assert.equal(derived.endpoints[0].idempotency, true);
    const merged = profilesFor(config).find((p) => p.id === 'notes')!;
    assert.equal(merged.title, 'Notes (staging)');
    assert.equal(merged.auth.header, 'X-Key');
    const fs = lintHttpText(join(dir, 'a.http'), 'POST https://notes.test/notes\nContent-Type: application/json\n\n{ "text": "toolongtext" }\n', { config }).findings;
    assert.deepEqual(fs.map((f) => f.rule).sort(), ['auth/missing', 'body/length']);
    assert.match(fs.find((f) => f.rule === 'auth/missing')!.message, /Notes \(staging\) needs the 'X-Key' header/);
  });

  it('gives the editor keys with descriptions and constraints, and enum values, at a pointer', () => {
    const config = setup();
    const m = endpointFor(config, 'POST', 'https://notes.test/notes')!;
    assert.equal(m.endpoint?.id, 'createNote');
    const top = schemaInfoAt(m.endpoint, '')!;
    assert.deepEqual(top.keys.map((k) => [k.name, k.required, k.description ?? null, k.constraints]), [
      ['text', true, 'The note', ['at most 5 characters']],
      ['color', false, null, []],
    ]);
    assert.deepEqual(top.keys[1].enum, ['red', 'blue']);
    assert.deepEqual(schemaInfoAt(m.endpoint, '/color')!.enumValues, ['red', 'blue']);
    assert.equal(schemaInfoAt(m.endpoint, '/nope'), null);

    const [pets, events] = fixtureProfiles();
    const petKeys = schemaInfoAt(ep(pets, 'updatePet'), '')!.keys.map((k) => k.name);
    assert.deepEqual(petKeys, ['name', 'species', 'birth_date', 'weight_kg', 'owner_email', 'tags', 'id', 'vaccinated'], 'allOf parts contribute their keys');
    const purchase = schemaInfoAt(ep(events, 'sendEvent'), '', { type: 'purchase' })!.keys.map((k) => k.name);
    assert.deepEqual(purchase, ['type', 'total', 'session_id', 'coupon']);
    const pageView = schemaInfoAt(ep(events, 'sendEvent'), '', { type: 'page_view' })!.keys.map((k) => k.name);
    assert.deepEqual(pageView, ['type', 'url', 'referrer']);
    assert.deepEqual(schemaInfoAt(ep(events, 'sendEvent'), '/type', {})!.enumValues, ['page_view', 'purchase']);
    const money = schemaInfoAt(ep(events, 'sendEvent'), '/total', { type: 'purchase' })!;
    assert.deepEqual(money.keys.map((k) => [k.name, k.description ?? null]), [['amount', null], ['currency', 'ISO 4217 code']]);
    const child = schemaInfoAt(ep(pets, 'createCategory'), '/children/0/children/3')!;
    assert.deepEqual(child.keys.map((k) => k.name), ['title', 'children'], 'recursive schemas resolve at any depth');
  });

  it('reports a missing spec file on the config entry line, and lints the rest', () => {
    writeFileSync(join(dir, 'reqlint.config.json'), '{\n  "openapi": [\n    { "spec": "missing.yaml", "baseUrl": "https://gone.test" }\n  ]\n}\n');
    const config = loadConfigFile(join(dir, 'reqlint.config.json'));
    const r = openApiProfilesFor(config);
    assert.equal(r.profiles.length, 0);
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0].line, 3);
    assert.match(r.problems[0].message, /cannot read the spec \(file not found\)\. Fix the "spec" path/);
    const fs = lintHttpText(join(dir, 'a.http'), 'GET https://gone.test/x\n\n###\nGET https://other.test/\n', { config }).findings;
    assert.deepEqual(fs.map((f) => `${f.rule} ${f.file === join(dir, 'reqlint.config.json')} ${f.range.start.line}`), ['openapi/invalid-spec true 2']);
    const unrelated = lintHttpText(join(dir, 'b.http'), 'GET https://other.test/\n', { config }).findings;
    assert.deepEqual(unrelated, [], 'files that do not call the API do not repeat the problem');
  });
});
