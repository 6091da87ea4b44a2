import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/core/config/load';
import { ConfigError } from '../../src/core/config/types';
import { DEFAULT_READ_LIMITS, readLimitsFrom } from '../../src/core/io/limits';
import { FileReadError, openRegularFile, readFileCapped, readTextCapped } from '../../src/core/io/read';
import { lintHttpText } from '../../src/core/lint/engine';
import { readProfiles } from '../../src/core/profiles/load';
import { openBody } from '../../src/core/send/body';
import { prepareRequest, PrepareError } from '../../src/core/send/prepare';
import { parseHttp } from '../../src/core/http/parser';
import { loadEnvironmentFiles } from '../../src/core/vars/environments';
import { readSpecFile } from '../../src/core/openapi/source';

// Every file Reqlint reads for a user goes through src/core/io: regular files only, capped, and a
// refusal names the file and the cap. A FIFO must be refused at once (it used to hang forever) and a
// device like /dev/zero must never be read (it used to take gigabytes).

function fifo(dir: string, name: string): string {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
}

describe('io: capped, regular-file-only reads', function () {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'reqlint-io-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a regular file and drops a leading BOM from text', () => {
    const p = join(dir, 'a.json');
    writeFileSync(p, '\uFEFF{"a":1}');
    assert.equal(readTextCapped(p, { limit: 'envBytes', what: 'environment file' }), '{"a":1}');
    assert.equal(readFileCapped(p, { limit: 'envBytes', what: 'environment file' }).length, 10);
  });

  it('refuses a file over its cap, naming the file, the size, the cap and the key that raises it', () => {
    const p = join(dir, 'big.json');
    writeFileSync(p, 'x'.repeat(5000));
    assert.throws(
      () => readFileCapped(p, { limit: 'envBytes', what: 'environment file' }, { envBytes: 4096 }),
      (e: unknown) => e instanceof FileReadError && e.reason === 'too-large' && e.cap === 4096 && e.message.includes(p) && /5000 bytes, over the 4 KiB cap \(limits\.envBytes/.test(e.message),
    );
  });

  it('refuses a named pipe at once instead of waiting for a writer', () => {
    const p = fifo(dir, 'pipe.json');
    assert.throws(() => readFileCapped(p, { limit: 'profileBytes', what: 'profile file' }), (e: unknown) => e instanceof FileReadError && e.reason === 'not-regular' && /named pipe/.test(e.message) && e.message.includes(p));
  });

  it('refuses a device and a folder', () => {
    assert.throws(() => readFileCapped('/dev/zero', { limit: 'profileBytes', what: 'profile file' }), (e: unknown) => e instanceof FileReadError && e.reason === 'not-regular' && /a device/.test(e.message));
    assert.throws(() => readFileCapped(dir, { limit: 'profileBytes', what: 'profile file' }), (e: unknown) => e instanceof FileReadError && e.reason === 'not-regular' && /folder/.test(e.message));
  });

  it('takes caps from the config and keeps the fixed ones fixed', () => {
    const l = readLimitsFrom({ limits: { envBytes: 2048, configBytes: 1, requestFileBytes: 1 } });
    assert.equal(l.envBytes, 2048);
    assert.equal(l.configBytes, DEFAULT_READ_LIMITS.configBytes);
    assert.equal(l.requestFileBytes, DEFAULT_READ_LIMITS.requestFileBytes);
  });

  it('config: "limits" validates, a wrong one is rejected with its key, an oversized or piped config is refused', () => {
    writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ limits: { envBytes: 2048, specBytes: 4096 } }));
    assert.equal(readLimitsFrom(loadConfigFile(join(dir, 'reqlint.config.json')).raw).envBytes, 2048);
    writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ limits: { envBytes: 'big' } }));
    assert.throws(() => loadConfigFile(join(dir, 'reqlint.config.json')), (e: unknown) => e instanceof ConfigError && /envBytes/.test(e.message));
    writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ limits: { cookieJar: 1 } }));
    assert.throws(() => loadConfigFile(join(dir, 'reqlint.config.json')), (e: unknown) => e instanceof ConfigError);
    const p = fifo(dir, 'piped.json');
    assert.throws(() => loadConfigFile(p), (e: unknown) => e instanceof ConfigError && /named pipe/.test(e.message));
    writeFileSync(join(dir, 'huge.json'), `{"rules":{}, "x": "${'a'.repeat(DEFAULT_READ_LIMITS.configBytes)}"}`);
    assert.throws(() => loadConfigFile(join(dir, 'huge.json')), (e: unknown) => e instanceof ConfigError && /over the 1 MiB cap/.test(e.message));
  });

  it('profiles: /dev/zero and a FIFO become problems naming the file; a profile over the cap names the cap', () => {
    const pipe = fifo(dir, 'p.json');
    const big = join(dir, 'big.json');
    writeFileSync(big, ' '.repeat(3000) + '{}');
    const r = readProfiles({ profiles: ['/dev/zero', pipe, big], limits: { profileBytes: 2048 } });
    assert.equal(r.problems.length, 3);
    assert.match(r.problems[0].message, /device, not a regular file/);
    assert.equal(r.problems[1].file, pipe);
    assert.match(r.problems[1].message, /named pipe/);
    assert.match(r.problems[2].message, /3002 bytes, over the 2 KiB cap \(limits\.profileBytes/);
  });

  it('environment files: one over the cap or not a regular file is a problem on that file, never silently "not found"', () => {
    writeFileSync(join(dir, 'http-client.env.json'), JSON.stringify({ dev: { host: 'x'.repeat(3000) } }));
    fifo(dir, '.env');
    const files = loadEnvironmentFiles(dir, undefined, (p) => readTextCapped(p, { limit: 'envBytes', what: 'variables file' }, { envBytes: 2048 }));
    assert.equal(files.public.size, 0);
    const msgs = files.problems.map((p) => p.message).join('\n');
    assert.match(msgs, /http-client\.env\.json: not read: the variables file is \d+ bytes, over the 2 KiB cap/);
    assert.match(msgs, /\.env: not read: the variables file is a named pipe/);
  });

  it('lint: a `< file` body over the cap is reported on the reference with the cap, not read', () => {
    writeFileSync(join(dir, 'reqlint.config.json'), JSON.stringify({ limits: { bodyFileBytes: 2048 } }));
    writeFileSync(join(dir, 'body.json'), `{"a":"${'x'.repeat(4000)}"}`);
    const file = join(dir, 't.http');
    const text = 'POST https://track.scanova.io/server-events\nContent-Type: application/json\n\n< ./body.json\n';
    const config = loadConfigFile(join(dir, 'reqlint.config.json'));
    const internal: string[] = [];
    const r = lintHttpText(file, text, { config, onInternalError: (m) => internal.push(m) });
    assert.deepEqual(internal, []);
    const f = r.findings.find((x) => x.rule === 'body/invalid-json');
    assert.ok(f, JSON.stringify(r.findings));
    assert.match(f.message, /'\.\/body\.json' was not read: it is 4008 bytes, over the 2 KiB cap \(limits\.bodyFileBytes/);
    assert.equal(f.range.start.line, 3);
  });

  it('send: a `<@` body file that is a FIFO or over the cap is refused before sending; a `<` FIFO too', async () => {
    const pipe = fifo(dir, 'pipe.txt');
    writeFileSync(join(dir, 'big.txt'), 'y'.repeat(5000));
    const resolver = { substitute: (t: string) => ({ text: t, secrets: [], unresolved: [] }) };
    const filePath = join(dir, 't.http');
    const req = (body: string) => parseHttp(`POST https://example.com/\nContent-Type: text/plain\n\n${body}\n`).requests[0];
    assert.throws(() => prepareRequest(req('<@ ./pipe.txt'), { resolver, filePath }), (e: unknown) => e instanceof PrepareError && /named pipe/.test(e.message) && e.message.includes(pipe));
    assert.throws(() => prepareRequest(req('<@ ./big.txt'), { resolver, filePath, limits: { bodyFileBytes: 1024 } }), (e: unknown) => e instanceof PrepareError && /over the 1 KiB cap/.test(e.message));
    const streamed = prepareRequest(req('< ./pipe.txt'), { resolver, filePath });
    await assert.rejects(openBody(streamed.body), /named pipe/);
  });

  it('send: a `<` file is streamed with exactly the size seen at open time', async () => {
    const p = join(dir, 'b.bin');
    writeFileSync(p, 'abc');
    const f = await openRegularFile(p, { what: 'body file' });
    assert.equal(f.size, 3);
    const chunks: Buffer[] = [];
    for await (const c of f.stream) chunks.push(c as Buffer);
    assert.equal(Buffer.concat(chunks).toString(), 'abc');
  });

  it('openapi: a spec that is a FIFO or over the cap is a problem naming the cap', () => {
    const pipe = fifo(dir, 'spec.json');
    assert.throws(() => readSpecFile(pipe), /cannot read the spec \(it is a named pipe, not a regular file\)/);
    const big = join(dir, 'big.json');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(big, `{"openapi":"3.0.0","x":"${'a'.repeat(5000)}"}`);
    assert.throws(() => readSpecFile(big, { specBytes: 4096 }), /over the 4 KiB cap \(limits\.specBytes/);
  });
});
