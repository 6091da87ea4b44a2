// OpenAPI fidelity: whole-operation $refs, discriminators as hints, the best oneOf/anyOf branch,
// enum messages, and field labels that keep array indexes.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deriveProfile } from '../../src/core/openapi/derive';
import { parseSpecText, readSpecFile, SpecError } from '../../src/core/openapi/source';
import type { OpenApiEndpoint, OpenApiProfile } from '../../src/core/openapi/types';
import { validateBody } from '../../src/core/profiles/validate';

function derive(text: string, path = '/virtual/api.yaml'): OpenApiProfile {
  return deriveProfile({ index: 0, spec: path, specWritten: path, baseUrls: [] }, parseSpecText(path, text)).profile;
}

const spec = (schemas: string, body: string) => `openapi: 3.0.3
info: { title: T, version: '1' }
servers: [{ url: 'https://api.test' }]
paths:
  /things:
    post:
      operationId: create
      requestBody:
        content:
          application/json:
            schema: ${body}
      responses: { '201': { description: ok } }
components:
  schemas:
${schemas}
`;

function check(p: OpenApiProfile, body: unknown) {
  const ep = p.endpoints.find((e) => e.id === 'create')!;
  return validateBody(p, ep, body).map((f) => `${f.rule} ${f.pointer} ${f.message}`);
}

const PETS = `    Cat:
      type: object
      required: [petType, name]
      properties: { petType: { type: string }, name: { type: string }, lives: { type: integer, maximum: 9 } }
    Dog:
      type: object
      required: [petType, bark]
      properties: { petType: { type: string }, bark: { type: boolean } }`;

describe('OpenAPI fidelity', () => {
  it('a discriminator without mapping is a hint: the implicit names pick a branch, other values still validate', () => {
    const p = derive(spec(PETS, `{ oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: petType } }`));
    assert.deepEqual(check(p, { petType: 'Cat', name: 'Tom' }), []);
    assert.deepEqual(check(p, { petType: 'Dog', bark: true }), []);
    // Not a schema name, but the body fits one branch: valid (the discriminator must not change validity).
    assert.deepEqual(check(p, { petType: 'tabby', name: 'Tom' }), []);
    // The chosen branch only: a Cat is not told it lacks `bark`.
    assert.deepEqual(check(p, { petType: 'Cat', name: 'Tom', lives: 12 }), ["body/range /lives 'lives' must be <= 9"]);
  });

  it('an explicit mapping picks its branch; mapped values are offered, not enforced', () => {
    const p = derive(spec(PETS, `{ oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }], discriminator: { propertyName: petType, mapping: { cat: '#/components/schemas/Cat', dog: '#/components/schemas/Dog' } } }`));
    assert.deepEqual(check(p, { petType: 'dog', bark: true }), []);
    assert.deepEqual(check(p, { petType: 'dog' }), ["body/required  'bark' is required"]);
  });

  it('oneOf/anyOf report the best-matching branch only', () => {
    const p = derive(spec('    X: { type: object }', `{ type: object, properties: { n: { oneOf: [{ type: string, nullable: false }, { type: integer, maximum: 2 }] }, m: { anyOf: [{ type: boolean }, { type: number, minimum: 1 }] } } }`));
    assert.deepEqual(check(p, { n: 5 }), ["body/range /n 'n' must be <= 2"]);
    assert.deepEqual(check(p, { m: 0 }), ["body/range /m 'm' must be >= 1"]);
    assert.deepEqual(check(p, { n: 1, m: true }), []);
  });

  it('enum errors list the allowed values, or name the nearest for a near miss; labels keep array indexes', () => {
    const p = derive(spec('    X: { type: object }', `{ type: object, properties: { messages: { type: array, items: { type: object, properties: { role: { type: string, enum: [system, user, assistant] } } } } } }`));
    assert.deepEqual(check(p, { messages: [{ role: 'user' }, { role: 'robot' }] }), ["body/format /messages/1/role 'messages[1].role' must be one of 'system', 'user' or 'assistant'; got 'robot'"]);
    assert.deepEqual(check(p, { messages: [{ role: 'User' }] }), ["body/format /messages/0/role 'messages[0].role' must be one of 'system', 'user' or 'assistant'; did you mean 'user'?"]);
  });

  it('a JSON spec cut short is called cut short, never told to become YAML', () => {
    const full = JSON.stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths: { '/a': { get: { responses: { 200: { description: 'ok' } } } } } }, null, 2);
    const cut = (text: string) => {
      try {
        parseSpecText('/virtual/big.json', text);
        return 'parsed';
      } catch (err) {
        assert.ok(err instanceof SpecError);
        return err.problem.message;
      }
    };
    assert.match(cut(full.slice(0, full.length - 40)), /ends early .*cut short/);
    assert.doesNotMatch(cut(full.slice(0, full.length - 40)), /YAML/);
    assert.match(cut(full.replace('"info"', '"info" "x"')), /not valid JSON .*fix the file at this place/);
  });

  it('follows a $ref on a whole operation into another file, and names an unresolvable one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reqlint-opref-'));
    try {
      writeFileSync(join(dir, 'create.yaml'), `operationId: createThing
requestBody:
  content:
    application/json:
      schema: { type: object, required: [name], properties: { name: { type: string } } }
responses: { '201': { description: created } }
`);
      const main = join(dir, 'api.yaml');
      writeFileSync(main, `openapi: 3.0.3
info: { title: T, version: '1' }
servers: [{ url: 'https://api.test' }]
paths:
  /things:
    post: { $ref: 'create.yaml' }
`);
      const { profile, files } = deriveProfile({ index: 0, spec: main, specWritten: 'api.yaml', baseUrls: [] }, readSpecFile(main));
      const ep = profile.endpoints.find((e) => e.id === 'createThing');
      assert.ok(ep, 'the referenced operation is an endpoint');
      assert.ok(files.includes(join(dir, 'create.yaml')));
      assert.equal((ep as OpenApiEndpoint).openapi.file, join(dir, 'create.yaml'));
      assert.deepEqual(validateBody(profile, ep, {}).map((f) => f.message), ["'name' is required"]);

      writeFileSync(main, `openapi: 3.0.3
info: { title: T, version: '1' }
paths:
  /things:
    post: { $ref: 'missing.yaml' }
`);
      assert.throws(
        () => deriveProfile({ index: 0, spec: main, specWritten: 'api.yaml', baseUrls: [] }, readSpecFile(main)),
        (err: unknown) => err instanceof SpecError && /missing\.yaml/.test(err.message) && err.problem.line === 5,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
