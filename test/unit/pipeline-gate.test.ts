import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultConfig } from '../../src/core/config/types';
import { parseHttp } from '../../src/core/http/parser';
import { createSession, gateRules, openFileRun, runRequests, type LintAnswer, type LintErrorPolicy, type LintQuestion, type NotSentOutcome, type RequestOutcome } from '../../src/core/pipeline';
import { discardBody } from '../../src/core/send';
import { rules as registeredRules } from '../../src/core/lint/rules/index';
import { json, listen, type TestServer } from '../fixtures/send/helpers';

describe('pipeline: the gate before sending', function () {
  this.timeout(20000);
  let server: TestServer;
  let dir: string;
  let hits = 0;

  before(async () => {
    server = await listen((_req, res) => {
      hits++;
      json(res, 200, { ok: true });
    });
    dir = mkdtempSync(join(tmpdir(), 'reqlint-gate-'));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => (hits = 0));

  interface Run {
    outcomes: RequestOutcome[];
    warnings: string[];
    questions: LintQuestion[];
  }

  async function send(text: string, o: { secret?: (n: string) => string | undefined; lintErrors?: LintErrorPolicy; answer?: LintAnswer } = {}): Promise<Run> {
    const filePath = join(dir, 'gate.http');
    writeFileSync(filePath, text);
    const file = parseHttp(text);
    const session = createSession({ config: defaultConfig(dir), profiles: [], environment: null, lintErrors: o.lintErrors ?? 'send' });
    const run = openFileRun(session, { file, text, filePath, ...(o.secret ? { secret: o.secret } : {}) });
    const r: Run = { outcomes: [], warnings: [], questions: [] };
    try {
      await runRequests(session, run, file.requests, {
        report: (x) => void r.outcomes.push(x),
        warn: (m) => void r.warnings.push(m),
        ask: (q) => {
          r.questions.push(q);
          return Promise.resolve(o.answer ?? 'cancel');
        },
      });
    } finally {
      await session.pool.destroy();
    }
    for (const x of r.outcomes) if (x.kind === 'sent') await discardBody(x.result.body);
    return r;
  }

  function refused(r: Run): NotSentOutcome {
    assert.equal(r.outcomes.length, 1);
    const o = r.outcomes[0];
    assert.ok(o.kind === 'not-sent', `expected not sent, got ${o.kind === 'sent' ? o.result.status : ''}`);
    assert.equal(hits, 0, 'nothing may reach the server');
    return o;
  }

  it('refuses an undefined variable in a header, naming it and its line', async () => {
    const o = refused(await send(`GET ${server.url}/x\nAccept: application/json\nAuthorization: Bearer {{token}}\n`));
    assert.equal(o.line, 3);
    assert.match(o.message, /^\{\{token\}\} is not defined/);
  });

  it('refuses an undefined variable in a body, on the body line that uses it', async () => {
    const o = refused(await send(`POST ${server.url}/x\nContent-Type: application/json\n\n{\n  "id": "{{userId}}"\n}\n`));
    assert.equal(o.line, 5);
    assert.match(o.message, /\{\{userId\}\}/);
  });

  it('names the undefined variable behind a file variable and the line that uses it', async () => {
    const o = refused(await send(`@auth = Bearer {{missing}}\n\nGET ${server.url}/x\nAuthorization: {{auth}}\n`));
    assert.equal(o.line, 4);
    assert.match(o.message, /^\{\{missing\}\} \(through \{\{auth\}\}\) is not defined/);
  });

  it('refuses a self-referencing variable and a cycle through two variables', async () => {
    const self = refused(await send(`@a = x{{a}}\n\nGET ${server.url}/x\nX-A: {{a}}\n`));
    assert.equal(self.line, 4);
    assert.match(self.message, /\{\{a\}\} refers to itself/);
    const pair = refused(await send(`@a = {{b}}\n@b = {{a}}\n\nGET ${server.url}/x\nX-A: {{a}}\n`));
    assert.equal(pair.line, 5);
    assert.match(pair.message, /refers to itself/);
  });

  it('refuses text left by the expansion depth cap', async () => {
    const defs = Array.from({ length: 13 }, (_, i) => `@v${i} = ${i === 12 ? 'end' : `{{v${i + 1}}}`}`).join('\n');
    const o = refused(await send(`${defs}\n\nPOST ${server.url}/x\n\n{{v0}}\n`));
    assert.equal(o.line, 17);
    assert.match(o.message, /more than 10 levels deep/);
  });

  it('refuses {{$secret name}} where there is no secret store, and a secret the store does not hold', async () => {
    const none = refused(await send(`GET ${server.url}/x\nX-Key: {{$secret apiKey}}\n`));
    assert.equal(none.line, 2);
    assert.match(none.message, /\{\{\$secret apiKey\}\} needs a secret store/);
    const missing = refused(await send(`GET ${server.url}/x\nX-Key: {{$secret apiKey}}\n`, { secret: () => undefined }));
    assert.match(missing.message, /no secret named 'apiKey' is stored/);
    const found = await send(`GET ${server.url}/x\nX-Key: {{$secret apiKey}}\n`, { secret: () => 'k-123456' });
    assert.equal(found.outcomes[0].kind, 'sent');
  });

  it('sends a request whose every placeholder resolves', async () => {
    const r = await send(`@id = 7\n\nGET ${server.url}/x/{{id}}\nX-Id: {{id}}\n`);
    assert.equal(r.outcomes[0].kind, 'sent');
    assert.equal(hits, 1);
  });

  const INVALID_JSON = (url: string): string => `POST ${url}/x\nContent-Type: application/json\n\n{ "a": }\n`;

  it('error-level findings: refuse, warn and send, ask', async () => {
    const strict = refused(await send(INVALID_JSON(server.url), { lintErrors: 'refuse' }));
    assert.match(strict.message, /error-level finding, first at line 4: .*\(body\/invalid-json\)/);
    const warned = await send(INVALID_JSON(server.url), { lintErrors: 'warn' });
    assert.equal(warned.outcomes[0].kind, 'sent');
    assert.equal(warned.warnings.length, 1);
    assert.match(warned.warnings[0], /gate\.http:4: sending request 1 despite an error-level finding/);
    const quiet = await send(INVALID_JSON(server.url), { lintErrors: 'send' });
    assert.equal(quiet.outcomes[0].kind, 'sent');
    assert.equal(quiet.warnings.length, 0);
    hits = 0;
    const asked = await send(INVALID_JSON(server.url), { lintErrors: 'ask', answer: 'show' });
    assert.equal(asked.questions.length, 1);
    assert.equal(asked.questions[0].findings[0].rule, 'body/invalid-json');
    refused(asked);
    const yes = await send(INVALID_JSON(server.url), { lintErrors: 'ask', answer: 'send' });
    assert.equal(yes.outcomes[0].kind, 'sent');
  });

  it('a clean request passes every policy without a question', async () => {
    const r = await send(`GET ${server.url}/x\n`, { lintErrors: 'ask' });
    assert.equal(r.outcomes[0].kind, 'sent');
    assert.equal(r.questions.length, 0);
  });
});

describe('pipeline: the rules the gate runs', () => {
  it('are the rules that can report an error under the config, and no lower-default rule reports an error variant', () => {
    const all = registeredRules.map((r) => r.id);
    const byDefault = gateRules(defaultConfig('/p')).map((r) => r.id);
    assert.deepEqual(byDefault, registeredRules.filter((r) => r.defaultSeverity === 'error').map((r) => r.id));
    const someWarning = registeredRules.find((r) => r.defaultSeverity !== 'error');
    const someError = registeredRules.find((r) => r.defaultSeverity === 'error');
    assert.ok(someWarning && someError);
    const tuned = gateRules({ ...defaultConfig('/p'), rules: { [someWarning.id]: 'error', [someError.id]: 'warning' } }).map((r) => r.id);
    assert.ok(tuned.includes(someWarning.id) && !tuned.includes(someError.id));
    assert.ok(all.length > byDefault.length);
    // A per-finding severity is a variant of the rule's level; an error variant in a rule whose default
    // is lower would be missed by the gate.
    const dir = join(__dirname, '..', '..', 'src', 'core', 'lint', 'rules');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(join(dir, f), 'utf8');
      if (/defaultSeverity:\s*'error'/.test(src)) continue;
      assert.doesNotMatch(src, /severity:\s*'error'/, `${f} reports an error variant of a lower default`);
    }
  });
});
