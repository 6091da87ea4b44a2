import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseHttp } from '../../src/core/http/parser';
import { lintHttpText } from '../../src/core/lint/engine';
import { createSendResolver, prepareRequest, PrepareError, type ValueResolver } from '../../src/core/send';

// Real-world .http files kept beside the repository (../shared/corpus/http), read in place.
const corpus = resolve(__dirname, '../../../shared/corpus/http');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Corpus files whose SOURCES.md `beyond` column is `no`: plain REST Client / JetBrains syntax. */
function plainFiles(): string[] {
  const out: string[] = [];
  for (const line of readFileSync(join(corpus, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 9 || !/^`.+`$/.test(cells[3] ?? '') || !/^`[0-9a-f]{12}`$/.test(cells[4] ?? '')) continue;
    if (cells[6] === 'no') out.push(cells[3].slice(1, -1));
  }
  return out.sort();
}

/**
 * `OPTIONS * HTTP/1.1` with a Host header (the spec's asterisk-form target): the HTTP client takes
 * only origin-form paths, so these are refused with a message saying so (listed in the README).
 */
const ASTERISK_FORM = new Set(['jetbrains-spec/11.http', 'char0n__http-request-in-editor/test/parser/fixtures/http/request-target/00005.http']);

describe('peer corpus (../shared/corpus/http): plain files lint clean of syntax/* and are prepared for sending', function () {
  if (!existsSync(join(corpus, 'SOURCES.md'))) {
    it('is skipped: ../shared/corpus/http is absent next to the repository, so the peer corpus cannot be checked');
    return;
  }
  const files = plainFiles();
  const all = new Set(walk(corpus).map((f) => relative(corpus, f).split('\\').join('/')));

  it('finds the beyond=no files of SOURCES.md on disk', () => {
    assert.ok(files.length >= 50, `only ${files.length} beyond=no rows`);
    for (const f of files) assert.ok(all.has(f), `${f} is listed but absent`);
  });

  for (const rel of files) {
    it(rel, () => {
      const path = join(corpus, rel);
      const text = readFileSync(path, 'utf8');
      const { findings } = lintHttpText(path, text);
      const syntax = findings.filter((f) => f.rule.startsWith('syntax/') || f.rule === 'internal-error');
      assert.deepEqual(syntax.map((f) => `${f.rule} line ${f.range.start.line + 1}: ${f.message}`), []);
      const file = parseHttp(text);
      // An environment the file's folder defines is selected, as a user would pick one before sending.
      const probe = createSendResolver({ file, filePath: path, environment: null, workspaceRoot: corpus, processEnv: {} });
      const real = createSendResolver({ file, filePath: path, environment: probe.environments[0] ?? null, workspaceRoot: corpus, processEnv: {} });
      // Names the file leaves to the user's environment, to an earlier answer or to a script get a
      // stand-in value, as they would have when sent: what is checked is that nothing else stops it.
      const resolver: ValueResolver = {
        substitute(t) {
          const r = real.substitute(t);
          let out = r.text;
          for (const u of r.unresolved) out = out.split(new RegExp(`\\{\\{\\s*${u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\}\\}`)).join('standin');
          return { text: out, secrets: r.secrets, unresolved: [] };
        },
      };
      for (const req of file.requests) {
        if (ASTERISK_FORM.has(rel)) {
          assert.throws(() => prepareRequest(req, { resolver, filePath: path }), /asterisk-form/);
          continue;
        }
        try {
          const p = prepareRequest(req, { resolver, filePath: path });
          assert.match(p.url, /^https?:\/\//);
        } catch (err) {
          if (err instanceof PrepareError) assert.fail(`line ${err.line}: ${err.message}`);
          throw err;
        }
      }
    });
  }
});
