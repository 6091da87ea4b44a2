import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { HttpFile } from '../../src/core/http/ast';
import { parseHttp, printHttp } from '../../src/core/http/parser';
import { parseDotenv } from '../../src/core/vars/dotenv';
import { buildScope } from '../../src/core/vars/scope';

// Real-world .http files kept beside the repository (../shared/corpus/http), read in place.
const corpus = resolve(__dirname, '../../../shared/corpus/http');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** corpus file (relative path) → `beyond` column of SOURCES.md (`yes`, `semantic`, `no`, `n/a`). */
function beyondColumn(): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of readFileSync(join(corpus, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    // | repo | original path | corpus file | commit | family | beyond | bytes | notes |
    if (cells.length < 9 || !/^`.+`$/.test(cells[3] ?? '') || !/^`[0-9a-f]{12}`$/.test(cells[4] ?? '')) continue;
    map.set(cells[3].slice(1, -1), cells[6]);
  }
  return map;
}

function summary(f: HttpFile): unknown {
  return f.requests.map((r) => ({
    method: r.method.value,
    url: r.url.value,
    version: r.httpVersion?.value ?? null,
    headers: r.headers.map((h) => [h.name.value, h.value.value]),
    body: r.body === null ? null : r.body.kind === 'file' ? ['file', r.body.file.path.value] : [r.body.kind, r.body.text.value],
  }));
}

describe('http parser: real-world corpus (../shared/corpus/http)', function () {
  if (!existsSync(join(corpus, 'SOURCES.md'))) {
    it('is skipped: ../shared/corpus/http is absent next to the repository');
    return;
  }
  const beyond = beyondColumn();
  const files = walk(corpus)
    .filter((f) => /\.(http|rest)$/.test(f))
    .map((f) => relative(corpus, f).split('\\').join('/'))
    .sort();

  it('lists the corpus files in SOURCES.md', () => {
    assert.ok(files.length >= 100, `only ${files.length} request files found`);
    assert.ok(beyond.size >= files.length, 'SOURCES.md lists fewer files than the folder holds');
  });

  for (const rel of files) {
    const kind = beyond.get(rel) ?? 'unlisted';
    const text = readFileSync(join(corpus, rel), 'utf8');
    if (kind === 'yes') {
      it(`${rel} (beyond the spec): parses without crashing`, () => {
        const f = parseHttp(text);
        assert.ok(Array.isArray(f.requests) && Array.isArray(f.problems));
        assert.equal(f.text, text);
      });
      continue;
    }
    it(`${rel} (${kind}): parses with no syntax problem and survives print → parse`, () => {
      const f = parseHttp(text);
      assert.deepEqual(f.problems, [], f.problems.map((p) => `${p.rule} line ${p.range.start.line + 1}: ${p.message}`).join('\n'));
      for (const r of f.requests) {
        assert.ok(r.url.value.length > 0);
        assert.deepEqual(r.url.range.start, f.lines.positionAt(r.url.start));
        for (const h of r.headers) assert.equal(text.slice(h.name.start, h.name.end), h.name.value);
        if (r.body && r.body.kind !== 'file') assert.equal(text.slice(r.body.text.start, r.body.text.end), r.body.text.value);
      }
      const again = parseHttp(printHttp(f));
      assert.deepEqual(again.problems, []);
      assert.deepEqual(summary(again), summary(f));
    });
  }

  it('reads the corpus .env files and resolves variables through them', () => {
    const env = readFileSync(join(corpus, 'AnWeber__httpyac/examples/env/.env'), 'utf8');
    const parsed = parseDotenv(env);
    assert.deepEqual(parsed.problems, []);
    assert.equal(parsed.entries.length, 10);
    assert.equal(parseDotenv(readFileSync(join(corpus, 'AnWeber__httpyac/test/test.env'), 'utf8')).entries[0]?.value, 'https://api.spacexdata.com/v4');
    const file = parseHttp(readFileSync(join(corpus, 'AnWeber__httpyac/examples/auth/oauth2.http'), 'utf8'));
    const scope = buildScope(file, { filePath: join(corpus, 'AnWeber__httpyac/examples/env/oauth2.http') });
    assert.equal(scope.lookup('local_tokenEndpoint').value, 'http://127.0.0.1:8080/auth/realms/local/protocol/openid-connect/token');
    assert.equal(scope.lookup('host').value, 'https://hidden.org');
    assert.equal(scope.lookup('host').source, 'file');
  });

  it('reads the notable forms the way both dialects define them', () => {
    const p = (rel: string): HttpFile => parseHttp(readFileSync(join(corpus, rel), 'utf8'));
    assert.equal(p('jetbrains-spec/24.http').requests[0].url.value, 'http://example.com/api/get');
    const star = p('jetbrains-spec/11.http').requests[0];
    assert.deepEqual([star.method.value, star.url.value, star.httpVersion?.value], ['OPTIONS', '*', 'HTTP/1.1']);
    assert.equal(p('jetbrains-spec/12.http').requests[0].url.value, 'http://[::1]');
    assert.deepEqual(p('jetbrains-spec/03.http').requests, []);
    const handler = p('jetbrains-spec/06.http').requests[0];
    assert.ok(handler.body?.kind === 'file');
    assert.equal(handler.body.file.path.value, 'input.json');
    assert.deepEqual(handler.handlers.map((h) => h.kind), ['script']);
    const multipart = p('jetbrains-spec/20.http').requests[0];
    assert.ok(multipart.body?.kind === 'multipart');
    assert.deepEqual(multipart.body.parts.map((x) => x.file?.path.value ?? x.body?.value), ['Text', './input.txt']);
    const crlf = p('Huachao__vscode-restclient/test/aadToken.http');
    assert.equal(crlf.fileVariables.length, 10);
    assert.ok(crlf.requests.every((r) => !r.url.value.includes('\r')));
    const folded = p('char0n__http-request-in-editor/test/parser/fixtures/http/headers/00001.http').requests[0];
    assert.deepEqual(folded.headers.map((h) => [h.name.value, h.value.value]), [['Header1', 'value1'], ['Header2', 'value2']]);
    const chained = p('1995parham__koochooloo/api.http');
    assert.equal(chained.requests[0].title, 'create');
    assert.deepEqual(chained.requests[1].variables.map((v) => v.expr), ['create.response.body.$']);
  });
});
