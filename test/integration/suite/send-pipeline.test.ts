import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { Commands, EXTENSION_ID, Settings } from '../../../src/extension/ids';
import { makePki } from '../../fixtures/send/pki';
import { nextResult, open, reqlint, wsPath } from './helpers';

// One request file sent from the command line and from the editor, against a loopback HTTPS server
// that wants a client certificate (named only in the project config) and answers with a redirect.
const DIR = 'pipeline-tls';

/** What the server saw of one request. */
interface Seen {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  client: string | null;
}

describe('one send pipeline: the CLI and the editor send the same request', function () {
  this.timeout(60000);
  let server: Server;
  let seen: Seen[] = [];

  before(async function () {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
    } catch {
      this.skip();
    }
    mkdirSync(wsPath(DIR), { recursive: true });
    const pki = makePki(wsPath(DIR));
    server = createServer({ key: readFileSync(pki.key), cert: readFileSync(pki.cert), ca: readFileSync(pki.ca), requestCert: true, rejectUnauthorized: true }, (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), client: String(peer?.subject?.CN ?? '') || null });
        if (req.url === '/start') {
          res.writeHead(302, { location: '/final', 'set-cookie': 'sid=s1; Path=/', 'content-length': '0' });
          res.end();
          return;
        }
        // Larger than the config's maxBodyBytes, so both front ends must spill it to a file.
        const body = JSON.stringify({ detail: 'Invalid input.', name: ['This field is required.'], pad: 'x'.repeat(4000) });
        res.writeHead(400, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
        res.end(body);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const config = { send: { maxBodyBytes: 1024, tls: { [`127.0.0.1:${port}`]: { ca: 'ca.pem', cert: 'client.pem', key: 'client.key' } } } };
    writeFileSync(wsPath(DIR, 'reqlint.config.json'), JSON.stringify(config, null, 2));
    writeFileSync(wsPath(DIR, 'same.http'), `POST https://127.0.0.1:${port}/start\nContent-Type: application/json\nX-Trace: same-request\n\n{ "name": "" }\n`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    if (server) await new Promise<void>((r) => server.close(() => r()));
  });

  it('same wire requests (client certificate, redirect, cookie) and the same classification', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    seen = [];
    const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [join(ext.extensionPath, 'dist', 'cli.js'), 'send', wsPath(DIR, 'same.http'), '--format', 'json'], { cwd: wsPath(DIR) }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
    const fromCli = seen;
    assert.equal(cli.code, 1, `the CLI should exit 1 for a 400 answer: ${cli.stderr}`);
    const doc = JSON.parse(cli.stdout) as { results: Array<{ status: number; classification: { category: string } | null; attemptLog: Array<{ redirects: unknown[] }>; body: { text: string | null; size: number } | null; error: unknown }> };
    const c = doc.results[0];
    assert.equal(c.error, null);

    seen = [];
    const api = await reqlint();
    const httpDoc = await open(DIR, 'same.http');
    const answer = nextResult(api);
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, httpDoc.uri.toString(), 0), true);
    const e = (await answer).result;
    const fromEditor = seen;

    // The wire: both went through the redirect with the client certificate, the cookie set on the way and the same headers.
    assert.equal(fromCli.length, 2, JSON.stringify(fromCli));
    assert.deepEqual(fromEditor, fromCli);
    assert.deepEqual(fromCli.map((s) => `${s.method} ${s.url} ${s.client}`), ['POST /start reqlint-client', 'GET /final reqlint-client']);
    assert.equal(fromCli[1].headers.cookie, 'sid=s1');
    // The answer and what was made of it.
    assert.equal(e.status, 400);
    assert.equal(c.status, 400);
    assert.equal(e.classification?.category, c.classification?.category);
    assert.equal(c.classification?.category, 'validation');
    assert.equal(e.attempts[0].redirects.length, 1);
    assert.equal(c.attemptLog[0].redirects.length, 1);
    // maxBodyBytes from the config: the body went to a file in both.
    assert.equal(e.body?.bytes, null);
    assert.equal(c.body?.text, null);
    assert.equal(e.body?.size, c.body?.size);
  });
});

describe('the gate before sending from the editor', function () {
  this.timeout(30000);
  const GATE = 'gate';
  let server: import('node:http').Server;
  let hits = 0;

  before(async () => {
    const http = await import('node:http');
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        hits++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    mkdirSync(wsPath(GATE), { recursive: true });
    writeFileSync(
      wsPath(GATE, 'gate.http'),
      `### broken JSON\nPOST http://127.0.0.1:${port}/x\nContent-Type: application/json\n\n{ "a": }\n\n### undefined variable\nGET http://127.0.0.1:${port}/y\nAuthorization: Bearer {{neverDefined}}\n`,
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration(Settings.section).update(Settings.sendOnLintErrors, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise<void>((r) => server.close(() => r()));
  });

  async function setPolicy(v: 'send' | 'refuse'): Promise<void> {
    await vscode.workspace.getConfiguration(Settings.section).update(Settings.sendOnLintErrors, v, vscode.ConfigurationTarget.Workspace);
    assert.equal(vscode.workspace.getConfiguration(Settings.section).get(Settings.sendOnLintErrors), v);
  }

  it('reqlint.send.onLintErrors: refuse keeps a request with an error-level finding off the wire; send sends it', async () => {
    await reqlint();
    const doc = await open(GATE, 'gate.http');
    await setPolicy('refuse');
    hits = 0;
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 0), false);
    assert.equal(hits, 0);
    await setPolicy('send');
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 0), true);
    assert.equal(hits, 1);
  });

  it('never sends an unresolved placeholder, whatever the setting', async () => {
    await reqlint();
    const doc = await open(GATE, 'gate.http');
    await setPolicy('send');
    hits = 0;
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 1), false);
    assert.equal(hits, 0);
  });
});
