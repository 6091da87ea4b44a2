import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { defaultConfig } from '../../src/core/config/types';
import { parseHttp } from '../../src/core/http/parser';
import { createSession, openFileRun, runRequests, scriptSteps, type RequestOutcome } from '../../src/core/pipeline';
import { referencedName } from '../../src/core/lint/rules/variable-undefined';
import type { EnvironmentFiles, SourcedValue } from '../../src/core/vars/environments';

// Real .http files beside the repository (../shared/corpus/http), read in place: every request of a
// file with scripts is sent, its URL pointed at a loopback server just before it goes on the wire,
// and its pre-request scripts and response handlers run in the sandbox.
const corpus = resolve(__dirname, '../../../shared/corpus/http');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

interface Seen {
  path: string;
  auth: string | null;
}

/** Answers as the corpus's APIs would for what their handlers read: a token, a uuid, a form echo; a login answers a bare token as text. */
function startServer(seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push({ path: req.url ?? '', auth: req.headers.authorization ?? null });
      if (/\/login$/.test(req.url ?? '')) {
        res.setHeader('Content-Type', 'text/plain');
        res.end('  jwt-corpus-token\n');
        return;
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ token: 'tok-corpus', uuid: 'uuid-corpus', form: { email: 'user@domain.loc' }, id: 1 }));
    });
  });
  return new Promise((res) => server.listen(0, '127.0.0.1', () => res(server)));
}

/** An environment that gives every `{{name}}` the file leaves undefined a value, so the gate lets the request go. */
function envFor(text: string, defined: Set<string>): EnvironmentFiles {
  const shared = new Map<string, SourcedValue>();
  for (const m of text.matchAll(/\{\{([^{}]*)\}\}/g)) {
    const name = referencedName(m[1].trim());
    if (!name || defined.has(name) || name.startsWith('$')) continue;
    shared.set(name, { value: `corpus-${name}`, source: 'env', file: '', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, secret: false });
  }
  return { public: new Map([['$shared', shared]]), private: new Map(), dotenv: new Map(), files: [], problems: [] };
}

describe('scripts: corpus files with handlers run against a loopback server (../shared/corpus/http)', function () {
  this.timeout(120000);
  if (!existsSync(corpus)) {
    it('is skipped: ../shared/corpus/http is absent next to the repository');
    return;
  }
  const files = walk(corpus)
    .filter((f) => /\.(http|rest)$/.test(f))
    .filter((f) => parseHttp(readFileSync(f, 'utf8')).requests.some((r) => r.handlers.some((h) => h.kind === 'script' || h.kind === 'script-file' || h.kind === 'pre-script' || h.kind === 'pre-script-file')))
    .sort();
  let server: Server;
  let origin = '';
  const seen: Seen[] = [];
  before(async () => {
    server = await startServer(seen);
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server?.close());

  it('finds the corpus files that carry handlers', () => {
    assert.ok(files.length >= 5, `only ${files.length} corpus files with handlers`);
  });

  async function sendAll(abs: string): Promise<{ outcomes: RequestOutcome[]; globals: Map<string, string> }> {
    const text = readFileSync(abs, 'utf8');
    const file = parseHttp(text);
    const scripts = scriptSteps({ policy: { enabled: true, disabledReason: '', limits: { timeoutMs: 2000, memoryBytes: 32 * 1024 * 1024 } } });
    const session = createSession({
      config: defaultConfig(corpus),
      profiles: [],
      environment: null,
      steps: {
        ...scripts.steps,
        // The corpus's hosts are real services: each request goes to the loopback server instead, path and query kept.
        beforeSend(prepared) {
          const u = new URL(prepared.url);
          prepared.url = `${origin}${u.pathname}${u.search}`;
          prepared.headers = prepared.headers.filter(([k]) => k.toLowerCase() !== 'host');
        },
      },
    });
    const defined = new Set(file.fileVariables.map((v) => v.name.value));
    const run = openFileRun(session, { file, filePath: abs, envFiles: envFor(text, defined), scriptValues: (n) => scripts.state.valueOf(n) });
    const outcomes: RequestOutcome[] = [];
    try {
      await runRequests(session, run, file.requests, { report: (o) => void outcomes.push(o) });
    } finally {
      await session.pool.destroy();
    }
    return { outcomes, globals: scripts.state.globals };
  }

  for (const abs of files) {
    const rel = relative(corpus, abs).split('\\').join('/');
    it(`${rel}: every sent request's handlers run in the sandbox, within its limits`, async () => {
      seen.length = 0;
      const { outcomes, globals } = await sendAll(abs);
      let ran = 0;
      for (const o of outcomes) {
        const label = `${rel} request ${o.index + 1}`;
        for (const r of o.scripts ?? []) {
          if (r.skipped && !r.failure) {
            // A body file the corpus does not ship (`< input.json`) means no answer, and so nothing to handle.
            assert.match(r.skipped, /got no answer/, label);
            assert.ok(o.kind === 'sent' && o.result.status === null && /\.(json|xml)\b/.test(o.result.error?.message ?? ''), `${label}: ${o.kind === 'sent' ? o.result.error?.message : o.message}`);
            continue;
          }
          if (!r.failure) {
            ran++;
            for (const t of r.tests) assert.ok(t.passed, `${label}: test ${t.name}: ${t.message}`);
            continue;
          }
          // What the corpus cannot run is named precisely: a handler file that is not in the corpus, or
          // the spec's fixtures whose whole script is the word `script`.
          if (r.failure.kind === 'file') assert.match(r.failure.message, /does not exist/, label);
          else assert.match(r.failure.message, /ReferenceError: 'script' is not defined/, `${label}: ${r.failure.message}`);
          assert.ok(!r.failure.kind.startsWith('limit-') && r.failure.kind !== 'engine', `${label}: ${r.failure.message}`);
        }
      }
      if (rel.startsWith('jetbrains-spec/21')) assert.equal(globals.get('auth'), 'tok-corpus');
      if (rel.startsWith('DependencyTrack')) {
        // The login handler trims a text answer into bearerToken; later requests carry it.
        assert.equal(globals.get('bearerToken'), 'jwt-corpus-token');
        assert.equal(globals.get('projectUUID'), 'uuid-corpus');
        assert.ok(seen.some((s) => s.auth === 'Bearer jwt-corpus-token'), JSON.stringify(seen));
        // The value a handler set wins over the environment's from then on.
        assert.equal(seen[seen.length - 1].path, '/api/v1/finding/project/uuid-corpus');
      }
      if (rel.endsWith('intellij/intellij.http')) assert.equal(globals.get('email'), 'user@domain.loc');
      assert.ok(ran > 0 || outcomes.some((o) => o.kind === 'not-sent' || o.result.status === null || (o.scripts ?? []).some((r) => r.failure)), `${rel}: no handler ran`);
    });
  }
});
