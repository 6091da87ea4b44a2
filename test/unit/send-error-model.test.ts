import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/core/config/load';
import { openApiProfilesFor } from '../../src/core/openapi/index';
import { DispatcherPool, sendRequest, type PreparedRequest } from '../../src/core/send';
import { makeClassifier, planFor } from '../../src/core/send/wire';
import { json, listen, readAll, type TestServer } from '../fixtures/send/helpers';

const FIXTURE = join(__dirname, '..', 'fixtures', 'openapi');

describe('send: error model from an OpenAPI profile', function () {
  let pool: DispatcherPool;
  let server: TestServer;

  beforeEach(async () => {
    pool = new DispatcherPool({ env: {} });
    // Answers as the pets spec documents: 422 with its ValidationError body for an empty name, else 201.
    server = await listen(async (req, res) => {
      const body = JSON.parse((await readAll(req)).toString('utf8') || '{}') as { name?: string };
      if (!body.name) json(res, 422, { detail: [{ loc: ['body', 'name'], msg: 'field required', type: 'value_error.missing' }] });
      else json(res, 201, { id: 1, name: body.name });
    });
  });
  afterEach(async () => {
    await pool.destroy();
    await server.close();
  });

  async function send(name: string) {
    const config = loadConfigFile(join(FIXTURE, 'reqlint.config.json'));
    const profiles = openApiProfilesFor(config).profiles;
    const prepared: PreparedRequest = {
      method: 'POST',
      url: `${server.url}/v1/pets`,
      headers: [['Content-Type', 'application/json']],
      body: { kind: 'text', text: JSON.stringify({ name }) },
      options: {},
      secrets: [],
    };
    // The spec names https://pets.test/v1; the loopback server stands in for it.
    const plan = planFor(prepared, profiles, { baseUrls: { pets: [`${server.url}/v1`] } });
    assert.equal(plan.profile?.id, 'pets');
    assert.ok(plan.endpoint, 'POST /pets is a documented endpoint');
    return sendRequest(prepared, { pool, classifier: makeClassifier(plan.classifierProfile, null, plan) });
  }

  it('names the documented model of a 422 and mentions it in the advice', async () => {
    const r = await send('');
    assert.equal(r.status, 422);
    assert.equal(r.classification?.errorModel, 'ValidationError (422 Validation failed)');
    assert.match(r.classification?.advice ?? '', /documents this answer as ValidationError \(422 Validation failed\)/);
  });

  it('has no error model for a success', async () => {
    const r = await send('Rex');
    assert.equal(r.status, 201);
    assert.equal(r.classification?.errorModel, null);
  });

  it('has no error model without an OpenAPI endpoint', async () => {
    const prepared: PreparedRequest = { method: 'GET', url: `${server.url}/other`, headers: [], body: { kind: 'none' }, options: {}, secrets: [] };
    const plan = planFor(prepared, [], null);
    const r = await sendRequest(prepared, { pool, classifier: makeClassifier(plan.classifierProfile, null, plan) });
    assert.equal(r.classification?.errorModel, null);
  });
});
