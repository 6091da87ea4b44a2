// OpenAPI speed targets: deriving a profile from a ~2 MB, 500-operation spec, and linting a
// 1,000-request file against it in one whole `reqlint lint` process (spec load, derivation,
// validator compilation for the operations the file calls, and the lint itself).
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OPERATIONS = 500;
// A request collection calls some of an API's operations, not all: the 1,000 requests go to 20
// operations (10 resources × POST/PUT) spread over the spec. Every distinct operation costs one
// validator compilation (about 10 ms of CPU each here), so a file calling all 500 costs ~2.5 s more.
const DISTINCT_RESOURCES = 10;

/** A generated OpenAPI 3.0 document: 250 resources × (POST collection, PUT item), shared component schemas. */
function generateSpec() {
  const paths = {};
  const schemas = {
    Address: {
      type: 'object',
      required: ['country', 'city'],
      properties: {
        street: { type: 'string', maxLength: 120, description: 'Street and number' },
        city: { type: 'string', minLength: 1, maxLength: 80 },
        zip: { type: 'string', pattern: '^[0-9A-Z -]{3,10}$' },
        country: { type: 'string', minLength: 2, maxLength: 2, description: 'ISO 3166-1 alpha-2 code' },
      },
    },
    Money: { type: 'object', required: ['amount', 'currency'], properties: { amount: { type: 'number', minimum: 0 }, currency: { type: 'string', enum: ['EUR', 'USD', 'GBP', 'JPY'] } } },
    Error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
  };
  for (let r = 0; r < OPERATIONS / 2; r++) {
    const name = `Resource${r}`;
    const props = {};
    for (let f = 0; f < 22; f++) {
      const kind = f % 7;
      props[`field_${f}`] =
        kind === 0 ? { type: 'string', minLength: 1, maxLength: 64, description: `Field ${f} of resource ${r}, a free-text label shown to end users.` }
        : kind === 1 ? { type: 'integer', minimum: 0, maximum: 1000 + r, description: `A count for field ${f}.` }
        : kind === 2 ? { type: 'string', format: 'uuid', description: 'Identifier of a related record.' }
        : kind === 3 ? { type: 'string', enum: ['draft', 'active', 'archived', 'deleted'], description: 'Lifecycle state.' }
        : kind === 4 ? { $ref: '#/components/schemas/Address' }
        : kind === 5 ? { $ref: '#/components/schemas/Money' }
        : { type: 'array', maxItems: 20, items: { type: 'string', maxLength: 32 }, description: 'Tags.' };
    }
    schemas[name] = { type: 'object', required: ['field_0', 'field_3'], properties: props, description: `Resource ${r} as clients create it.` };
    const body = { required: true, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } };
    const responses = {
      201: { description: 'Created', content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } },
      400: { description: 'Invalid request', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      404: { description: 'Not found', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      default: { description: 'Unexpected error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
    };
    const params = [{ name: 'X-Tenant', in: 'header', required: true, schema: { type: 'string' }, description: 'Tenant id' }];
    paths[`/resources-${r}`] = { post: { operationId: `create${name}`, summary: `Create resource ${r}`, parameters: params, requestBody: body, responses } };
    paths[`/resources-${r}/{id}`] = {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      put: { operationId: `update${name}`, summary: `Replace resource ${r}`, parameters: params, requestBody: body, responses },
    };
  }
  return {
    openapi: '3.0.3',
    info: { title: 'Generated API', version: '1.0.0', description: 'x'.repeat(200) },
    servers: [{ url: 'https://gen.example.test/v1' }],
    security: [{ key: [] }],
    paths,
    components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Api-Key' } }, schemas },
  };
}

function writeFixture(dir) {
  mkdirSync(dir, { recursive: true });
  const specPath = join(dir, 'generated.json');
  writeFileSync(specPath, JSON.stringify(generateSpec(), null, 2));
  writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ openapi: [{ spec: 'generated.json' }] }));
  const lines = ['@host = https://gen.example.test/v1', '@key = {{$processEnv GEN_KEY}}', ''];
  for (let i = 0; i < 1000; i++) {
    const r = ((i * 7) % DISTINCT_RESOURCES) * Math.floor(OPERATIONS / 2 / DISTINCT_RESOURCES);
    const put = i % 2 === 1;
    const body = {
      field_0: i % 50 === 0 ? '' : `label ${i}`,
      field_1: i % 40 === 0 ? 99999 : i,
      field_2: '7ad26d4f-3181-4ef8-b6ca-b8f59499dd43',
      field_3: i % 30 === 0 ? 'gone' : 'active',
      field_4: { city: 'Berlin', country: 'DE', zip: '10115' },
      field_5: { amount: 10.5, currency: 'EUR' },
      field_6: ['a', 'b'],
      ...(i % 25 === 0 ? { field_O: 'near miss' } : {}),
    };
    lines.push(`### request ${i + 1}`);
    lines.push(put ? `PUT {{host}}/resources-${r}/7ad26d4f-3181-4ef8-b6ca-b8f59499dd43` : `POST {{host}}/resources-${r}`);
    lines.push('Content-Type: application/json');
    lines.push('X-Api-Key: {{key}}');
    if (i % 20 !== 0) lines.push('X-Tenant: acme');
    lines.push('');
    lines.push(JSON.stringify(body, null, 2));
    lines.push('');
  }
  const httpPath = join(dir, 'requests.http');
  writeFileSync(httpPath, lines.join('\n'));
  return { specPath, httpPath };
}

export default [
  {
    name: 'OpenAPI: derive a profile from a ~2 MB, 500-operation spec (in-process, median of 7)',
    target: 300,
    unit: 'ms',
    async run(kit) {
      const { specPath } = writeFixture(join(kit.tmp, 'openapi'));
      const bytes = statSync(specPath).size;
      if (bytes < 1.8e6 || bytes > 2.6e6) throw new Error(`generated spec is ${bytes} bytes, expected about 2 MB`);
      const source = await kit.importTs('src/core/openapi/source.ts');
      const derive = await kit.importTs('src/core/openapi/derive.ts');
      const entry = { index: 0, spec: specPath, specWritten: 'generated.json', baseUrls: [] };
      const { profile } = derive.deriveProfile(entry, source.readSpecFile(specPath));
      if (profile.endpoints.length !== OPERATIONS) throw new Error(`derived ${profile.endpoints.length} endpoints, expected ${OPERATIONS}`);
      return kit.medianMs(() => derive.deriveProfile(entry, source.readSpecFile(specPath)), { warmup: 1, runs: 7 });
    },
  },
  {
    name: 'OpenAPI: reqlint lint 1,000 requests against the 2 MB spec (whole process, median of 5)',
    target: 1000,
    unit: 'ms',
    async run(kit) {
      const { httpPath } = writeFixture(join(kit.tmp, 'openapi'));
      const first = await kit.runCli(['lint', httpPath, '--format', 'json']);
      if (first.code === 2) throw new Error(`reqlint lint exited 2: ${first.stderr.trim().split('\n')[0]}`);
      const doc = JSON.parse(first.stdout);
      if (doc.summary?.requests !== 1000) throw new Error(`lint saw ${doc.summary?.requests} requests, expected 1000`);
      const rules = new Set((doc.files ?? doc.results ?? []).flatMap((f) => (f.findings ?? []).map((x) => x.rule)));
      for (const want of ['body/length', 'body/range', 'body/format', 'openapi/missing-parameter']) {
        if (!rules.has(want)) throw new Error(`expected ${want} findings from the generated requests; got ${[...rules].join(', ')}`);
      }
      return kit.medianMs(async () => {
        const r = await kit.runCli(['lint', httpPath, '--format', 'json']);
        if (r.code === 2) throw new Error(r.stderr);
      }, { warmup: 1, runs: 5 });
    },
  },
];
