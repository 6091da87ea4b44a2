import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Ajv from 'ajv';
import { ConfigError, ConfigResolver, findConfigFile, loadConfigFile, parseConfigText, payloadMappingFor, CONFIG_SCHEMA } from '../../src/core/config';
import { knownRuleIds } from '../../src/core/lint/known';

const FILE = '/project/reqlint.config.json';
const opts = { knownRuleIds: knownRuleIds(), displayPath: 'reqlint.config.json' };

function problemsOf(text: string): ConfigError {
  try {
    parseConfigText(FILE, text, opts);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the config to be rejected');
}

const fixtures = resolve(__dirname, '../fixtures/config');

describe('config: reqlint.config.json validation', () => {
  it('accepts a full config with comments and trailing commas, resolving paths against its folder', () => {
    const cfg = parseConfigText(
      FILE,
      `{
        // which plan we pay for
        "plans": { "qrstudio": "starter" },
        "environment": "dev",
        "rules": { "body/pii-email": "warning", "variable/undefined": "off" },
        "profiles": ["profiles/extra.json"],
        "baseUrls": { "qbar": "https://qbar.example.com/api", "scantrust": ["https://a.example", "https://b.example"] },
        "payloads": [{ "files": "payloads/**/*.json", "endpoint": "POST https://track.scanova.io/v1/events", "headers": { "X-API-Key": "{{key}}" } }],
        /* reserved for later */
        "openapi": [{ "spec": "api.yaml" }],
      }`,
      opts,
    );
    assert.equal(cfg.path, FILE);
    assert.equal(cfg.dir, '/project');
    assert.deepEqual(cfg.plans, { qrstudio: 'starter' });
    assert.equal(cfg.environment, 'dev');
    assert.deepEqual(cfg.rules, { 'body/pii-email': 'warning', 'variable/undefined': 'off' });
    assert.deepEqual(cfg.profiles, [resolve('/project/profiles/extra.json')]);
    assert.deepEqual(cfg.baseUrls, { qbar: ['https://qbar.example.com/api'], scantrust: ['https://a.example', 'https://b.example'] });
    assert.equal(cfg.payloads.length, 1);
    assert.equal(cfg.payloads[0].method, 'POST');
    assert.equal(cfg.payloads[0].url, 'https://track.scanova.io/v1/events');
    assert.deepEqual(cfg.payloads[0].files, ['payloads/**/*.json']);
    assert.deepEqual(cfg.payloads[0].headers, { 'X-API-Key': '{{key}}' });
    assert.deepEqual(cfg.raw.openapi, [{ spec: 'api.yaml' }]);
  });

  it('rejects a wrong rule level with the JSON pointer, the allowed values and the line', () => {
    const err = problemsOf('{\n  "rules": {\n    "body/pii-email": "warn"\n  }\n}');
    assert.equal(err.problems.length, 1);
    assert.equal(err.problems[0].pointer, '/rules/body~1pii-email');
    assert.equal(err.problems[0].line, 3);
    assert.match(err.message, /^reqlint\.config\.json:3:\d+: \/rules\/body~1pii-email: must be one of off, hint, info, warning, error$/);
  });

  it('rejects an unknown top-level key, suggesting the nearest one', () => {
    const err = problemsOf('{\n  "rule": { }\n}');
    assert.equal(err.problems[0].pointer, '/rule');
    assert.equal(err.problems[0].line, 2);
    assert.equal(err.problems[0].column, 3);
    assert.match(err.message, /unknown key 'rule'; did you mean 'rules'\?/);
  });

  it('rejects an unknown rule id, listing the nearest known ids', () => {
    const err = problemsOf('{ "rules": {\n "body/pii-emial": "off" } }');
    assert.equal(err.problems[0].pointer, '/rules/body~1pii-emial');
    assert.equal(err.problems[0].line, 2);
    assert.match(err.message, /unknown rule id 'body\/pii-emial'; nearest known ids: body\/pii-email/);
  });

  it('rejects wrong shapes in nested entries, one problem per place, sorted by line', () => {
    const err = problemsOf(
      '{\n "payloads": [\n  { "files": "a/*.json", "endpoint": "SEND https://x" },\n  { "files": 3 }\n ],\n "baseUrls": { "qbar": "ftp://x" },\n "environment": ""\n}',
    );
    const got = err.problems.map((p) => `${p.line} ${p.pointer}`);
    assert.deepEqual(got, ['3 /payloads/0/endpoint', '4 /payloads/1', '4 /payloads/1/files', '6 /baseUrls/qbar', '7 /environment']);
    assert.match(err.message, /\/payloads\/0\/endpoint: must be "METHOD URL"/);
    assert.match(err.message, /\/payloads\/1: missing required key 'endpoint'/);
    assert.match(err.message, /\/payloads\/1\/files: must be a string or an array/);
    assert.match(err.message, /\/baseUrls\/qbar: must be an http:\/\/ or https:\/\/ URL/);
    assert.match(err.message, /\/environment: must not be empty/);
  });

  it('reports text that is not JSON with line and column', () => {
    const err = problemsOf('{\n  "rules": {\n    "body/pii-email" "off"\n  }\n}');
    assert.equal(err.problems[0].line, 3);
    assert.equal(err.problems[0].column, 22);
    assert.match(err.message, /^reqlint\.config\.json:3:22: not valid JSON: expected ':'/);
  });

  it('rejects a document that is not an object, and an empty file', () => {
    assert.match(problemsOf('[1, 2]').message, /must be a JSON object/);
    assert.match(problemsOf('').message, /reqlint\.config\.json:1:1: /);
  });

  it('keeps a "__proto__" key a plain (rejected) key', () => {
    const err = problemsOf('{ "__proto__": { "rules": 1 } }');
    assert.equal(err.problems[0].pointer, '/__proto__');
  });

  it('ships a schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true });
    ajv.addKeyword({ keyword: 'x-reqlint-message', schemaType: 'string' });
    assert.equal(typeof ajv.compile(CONFIG_SCHEMA as object), 'function');
  });
});

describe('config: discovery and loading', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-config-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the nearest reqlint.config.json upward, and null when none exists up to the root', () => {
    assert.equal(findConfigFile(join(fixtures, 'nested', 'a', 'b')), join(fixtures, 'nested', 'reqlint.config.json'));
    assert.equal(findConfigFile(join(fixtures, 'nested')), join(fixtures, 'nested', 'reqlint.config.json'));
    const bare = join(dir, 'x', 'y');
    mkdirSync(bare, { recursive: true });
    // The temp folder has no config up to the root (unless the machine has one at /, which would be odd).
    assert.equal(findConfigFile(bare), findConfigFile(tmpdir()));
  });

  it('resolves per file with caching and maps JSON payload files through globs', () => {
    const resolver = new ConfigResolver({ knownRuleIds: knownRuleIds() });
    const cfg = resolver.forFile(join(fixtures, 'nested', 'a', 'b', 'x.http'));
    assert.equal(cfg.path, join(fixtures, 'nested', 'reqlint.config.json'));
    assert.equal(resolver.forFile(join(fixtures, 'nested', 'other.http')), cfg);
    const mapping = payloadMappingFor(cfg, join(fixtures, 'nested', 'payloads', 'event.json'));
    assert.ok(mapping);
    assert.equal(mapping.endpoint, 'POST https://track.scanova.io/v1/events');
    assert.equal(payloadMappingFor(cfg, join(fixtures, 'nested', 'a', 'event.json')), null);
  });

  it('uses the defaults when no config exists and the explicit one when given', () => {
    const plain = join(dir, 'plain');
    mkdirSync(plain, { recursive: true });
    const found = findConfigFile(plain);
    if (found === null) assert.equal(new ConfigResolver().forDir(plain).path, null);
    const explicit = new ConfigResolver({ explicitPath: join(fixtures, 'nested', 'reqlint.config.json') });
    assert.equal(explicit.forDir(plain).path, join(fixtures, 'nested', 'reqlint.config.json'));
  });

  it('names a missing profile file by its index and line', () => {
    const p = join(dir, 'reqlint.config.json');
    writeFileSync(p, '{\n  "profiles": [\n    "nope/profile.json"\n  ]\n}\n');
    assert.throws(
      () => loadConfigFile(p, { displayPath: 'reqlint.config.json' }),
      (err: unknown) => err instanceof ConfigError && /^reqlint\.config\.json:3:5: \/profiles\/0: profile file not found: nope\/profile\.json/.test(err.message),
    );
  });

  it('reports an unreadable or missing config file clearly', () => {
    assert.throws(
      () => loadConfigFile(join(dir, 'missing.json'), { displayPath: 'missing.json' }),
      (err: unknown) => err instanceof ConfigError && err.message === 'missing.json: cannot read the config: file not found',
    );
    assert.throws(() => loadConfigFile(dir), (err: unknown) => err instanceof ConfigError && /it is a folder/.test(err.message));
  });

  it('throws an invalid config with its key for every file under it', () => {
    // Written at run time: a committed invalid config would break `reqlint lint` over the repository.
    const bad = join(dir, 'invalid');
    mkdirSync(join(bad, 'deep'), { recursive: true });
    writeFileSync(join(bad, 'reqlint.config.json'), '{\n  "rules": {\n    "body/pii-email": "warn"\n  }\n}\n');
    const resolver = new ConfigResolver({ knownRuleIds: knownRuleIds() });
    assert.throws(
      () => resolver.forFile(join(bad, 'deep', 'x.http')),
      (err: unknown) => err instanceof ConfigError && /\/rules\/body~1pii-email: must be one of off, hint, info, warning, error/.test(err.message),
    );
  });
});
