import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, runCli } from './cli-lint-helpers';
import { json, listen, type TestServer } from '../fixtures/send/helpers';

describe('REST Client environments in .vscode/settings.json: lint and send resolve them alike', function () {
  this.timeout(60000);
  let dir: string;
  let server: TestServer;
  const seen: Array<{ url: string; token: string | undefined }> = [];

  before(async () => {
    await buildOnce();
    server = await listen((req, res) => {
      seen.push({ url: req.url ?? '', token: req.headers['x-token'] as string | undefined });
      json(res, 200, { ok: true });
    });
    dir = mkdtempSync(join(tmpdir(), 'reqlint-restclient-env-'));
    mkdirSync(join(dir, '.vscode'));
    mkdirSync(join(dir, 'requests'));
    // As REST Client users write it: comments, $shared and one environment.
    writeFileSync(
      join(dir, '.vscode', 'settings.json'),
      `{\n  // REST Client\n  "rest-client.environmentVariables": {\n    "$shared": { "version": "v2", "token": "shared-token" },\n    "local": { "host": "${server.url}", },\n  },\n}\n`,
    );
    writeFileSync(join(dir, 'requests', 'api.http'), 'GET {{host}}/{{version}}/items\nX-Token: {{token}}\n');
  });

  after(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lint finds no undefined variable and send uses the same values (run from the project folder)', async () => {
    const lint = await runCli(['lint', 'requests/api.http', '--env', 'local', '--format', 'json'], dir);
    assert.equal(lint.code, 0, lint.stdout + lint.stderr);
    const send = await runCli(['send', 'requests/api.http', '--env', 'local', '--format', 'json'], dir, { HTTP_PROXY: '', HTTPS_PROXY: '', http_proxy: '', https_proxy: '' });
    assert.equal(send.code, 0, send.stdout + send.stderr);
    assert.deepEqual(seen, [{ url: '/v2/items', token: 'shared-token' }]);
  });
});
