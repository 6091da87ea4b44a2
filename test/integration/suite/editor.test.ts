import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { Commands, FIX_ALL_KIND, RESPONSE_DIAGNOSTIC_SOURCE, Settings } from '../../../src/extension/ids';
import { startMockServer, type MockServer } from '../../../src/mock';
import { codeOf, nextResult, open, reqlint, ruleLines, waitForDiagnostics, wsPath } from './helpers';

// The editor features against a folder written at test time: the mock's URLs are only known then.
const DIR = 'editor';
const HTTP = `@label = menu

### Create (good)
# @name create
POST {{qbarBaseUrl}}/qr
X-API-Key: {{qbarApiKey}}
Content-Type: application/json

{ "url": "https://example.com/{{label}}" }

### Broken: no Content-Type, url misspelt
POST {{qbarBaseUrl}}/qr
X-API-Key: {{qbarApiKey}}

{ "uri": "https://example.com/typo" }

### Hard-coded key
POST {{qbarBaseUrl}}/qr
X-API-Key: mock-qbar-key-0001
Content-Type: application/json

{ "url": "https://example.com/x" }

### Body from a file
POST {{qbarBaseUrl}}/qr
X-API-Key: {{qbarApiKey}}
Content-Type: application/json

< ./body.json
`;
const BODY_JSON = '{\n  "label": "no url"\n}\n';

function range(l1: number, c1: number, l2: number, c2: number): vscode.Range {
  return new vscode.Range(l1, c1, l2, c2);
}

async function codeActions(uri: vscode.Uri, r: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, r, kind)) ?? [];
}

async function apply(a: vscode.CodeAction): Promise<void> {
  if (a.edit) assert.ok(await vscode.workspace.applyEdit(a.edit), `edit of "${a.title}" was refused`);
  if (a.command) await vscode.commands.executeCommand(a.command.command, ...(a.command.arguments ?? []));
}

async function revertAll(): Promise<void> {
  for (const d of vscode.workspace.textDocuments) {
    if (!d.isDirty) continue;
    await vscode.window.showTextDocument(d);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
}

describe('editor features', () => {
  let mock: MockServer;

  before(async () => {
    mock = await startMockServer({ port: 0 });
    const base = mock.baseUrls['qbar-scanner'];
    mkdirSync(wsPath(DIR), { recursive: true });
    writeFileSync(wsPath(DIR, 'reqlint.config.json'), JSON.stringify({ baseUrls: { 'qbar-scanner': [base] } }, null, 2));
    writeFileSync(wsPath(DIR, 'http-client.env.json'), JSON.stringify({ mock: { qbarBaseUrl: base, qbarApiKey: 'mock-qbar-key-0001' }, staging: { qbarBaseUrl: base } }, null, 2));
    writeFileSync(wsPath(DIR, 'features.http'), HTTP);
    writeFileSync(wsPath(DIR, 'body.json'), BODY_JSON);
    await (await reqlint()).features;
    assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'mock'), 'mock');
  });

  after(async () => {
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration(Settings.section).update(Settings.environment, undefined, vscode.ConfigurationTarget.Workspace);
    await mock.close();
  });

  afterEach(async () => {
    await revertAll();
    // An auto-save may have written a test's edits to disk: put the original files back.
    for (const [name, text] of [['features.http', HTTP], ['body.json', BODY_JSON]] as const) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === wsPath(DIR, name));
      if (doc && doc.getText() !== text) {
        // Put the text back through the editor and save it, so the document and the disk agree at once.
        const edit = new vscode.WorkspaceEdit();
        edit.replace(doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), text);
        assert.ok(await vscode.workspace.applyEdit(edit));
        assert.ok(await doc.save());
      }
      if (readFileSync(wsPath(DIR, name), 'utf8') !== text) writeFileSync(wsPath(DIR, name), text);
    }
  });

  it('underlines the documented mistakes with exact rule ids and ranges, and the body file\'s own in the JSON file', async () => {
    const doc = await open(DIR, 'features.http');
    const ds = await waitForDiagnostics(doc.uri, (d) => d.length >= 3);
    assert.deepEqual(
      ds.map((d) => `${codeOf(d)} ${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`).sort(),
      ['auth/hardcoded-secret 18:11-18:29', 'body/required 14:0-14:1', 'transport/content-type 11:0-11:23'],
    );
    for (const d of ds) assert.equal(d.source, 'reqlint');
    const body = await waitForDiagnostics(vscode.Uri.file(wsPath(DIR, 'body.json')), (d) => d.length > 0);
    assert.deepEqual(ruleLines(body), ['body/required@0']);
  });

  it('applies the content-type quick-fix through the code action provider', async () => {
    const doc = await open(DIR, 'features.http');
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('transport/content-type@11'));
    const actions = await codeActions(doc.uri, range(11, 0, 11, 23));
    const fix = actions.find((a) => a.title === "Add 'Content-Type: application/json'");
    assert.ok(fix, `offered: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    await apply(fix);
    assert.deepEqual(doc.getText().split('\n').slice(11, 14), ['POST {{qbarBaseUrl}}/qr', 'X-API-Key: {{qbarApiKey}}', 'Content-Type: application/json']);
    await waitForDiagnostics(doc.uri, (d) => !ruleLines(d).includes('transport/content-type@11') && ruleLines(d).includes('body/required@15'));
  });

  it('applies the body/required suggestion and offers "Disable for this request" inside a body', async () => {
    const doc = await open(DIR, 'features.http');
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('body/required@14'));
    const actions = await codeActions(doc.uri, range(14, 0, 14, 1));
    const titles = actions.map((a) => a.title);
    const add = actions.find((a) => a.title.startsWith("Add 'url'"));
    assert.ok(add, titles.join(' | '));
    await apply(add);
    assert.match(doc.lineAt(14).text + doc.getText(range(14, 0, 16, 0)), /"url"/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // The actions come from the diagnostics of the reverted text: wait for its lint.
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('body/required@14') && !doc.isDirty);
    const disable = (await codeActions(doc.uri, range(14, 0, 14, 1))).find((a) => a.title === 'Disable body/required for this request');
    assert.ok(disable, titles.join(' | '));
    await apply(disable);
    assert.equal(doc.lineAt(11).text, '# reqlint-disable body/required');
    assert.equal(doc.lineAt(18).text, '# reqlint-enable body/required');
    await waitForDiagnostics(doc.uri, (d) => !ruleLines(d).some((x) => x.startsWith('body/required')) && ruleLines(d).includes('transport/content-type@12'));
  });

  it('"Disable <rule> for this line" inserts the comment above with the indentation and silences the rule', async () => {
    const doc = await open(DIR, 'features.http');
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('auth/hardcoded-secret@18'));
    const a = (await codeActions(doc.uri, range(18, 11, 18, 29))).find((x) => x.title === 'Disable auth/hardcoded-secret for this line');
    assert.ok(a);
    await apply(a);
    assert.equal(doc.lineAt(18).text, '# reqlint-disable-next-line auth/hardcoded-secret');
    await waitForDiagnostics(doc.uri, (d) => !ruleLines(d).some((x) => x.startsWith('auth/hardcoded-secret')));
  });

  it('fix-all (source.fixAll.reqlint) applies the safe fixes only', async () => {
    const doc = await open(DIR, 'features.http');
    await waitForDiagnostics(doc.uri, (d) => d.length >= 3);
    const all = await codeActions(doc.uri, range(0, 0, 0, 0), FIX_ALL_KIND);
    assert.equal(all.length, 1, all.map((a) => a.title).join(' | '));
    await apply(all[0]);
    const text = doc.getText();
    assert.equal(text, HTTP.replace('X-API-Key: {{qbarApiKey}}\n\n{ "uri"', 'X-API-Key: {{qbarApiKey}}\nContent-Type: application/json\n\n{ "uri"'));
  });

  it('runs fix-all on save when editor.codeActionsOnSave asks for source.fixAll.reqlint', async () => {
    const doc = await open(DIR, 'features.http');
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('transport/content-type@11'));
    const editorConfig = vscode.workspace.getConfiguration('editor', { languageId: 'http' });
    await editorConfig.update('codeActionsOnSave', { [FIX_ALL_KIND]: 'explicit' }, vscode.ConfigurationTarget.Workspace, true);
    try {
      const editor = await vscode.window.showTextDocument(doc);
      // A change makes the save a real one; the fix comes from the save, not from this edit.
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(1, 0), '\n')));
      await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('transport/content-type@12'));
      await vscode.commands.executeCommand('workbench.action.files.save');
      assert.equal(doc.lineAt(14).text, 'Content-Type: application/json');
      assert.equal(doc.isDirty, false);
    } finally {
      await editorConfig.update('codeActionsOnSave', undefined, vscode.ConfigurationTarget.Workspace, true);
      writeFileSync(wsPath(DIR, 'features.http'), HTTP);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
    assert.equal(doc.getText(), HTTP);
  });

  it('moves a hard-coded key to secret storage and sends it as {{$secret …}}', async () => {
    const api = await reqlint();
    const doc = await open(DIR, 'features.http');
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('auth/hardcoded-secret@18'));
    const move = (await codeActions(doc.uri, range(18, 11, 18, 29))).find((a) => a.title.startsWith('Move to secret storage'));
    assert.ok(move?.command, 'no Move to secret storage action');
    const args = [...(move.command.arguments ?? [])];
    assert.equal(await vscode.commands.executeCommand(move.command.command, ...args, 'qbarKeyTest'), true);
    assert.equal(doc.lineAt(18).text, 'X-API-Key: {{$secret qbarKeyTest}}');
    const features = await api.features;
    assert.equal(features.secrets.get('qbarKeyTest'), 'mock-qbar-key-0001');
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration(Settings.section)).includes('mock-qbar-key-0001'), 'the key reached the settings');
    await waitForDiagnostics(doc.uri, (d) => !ruleLines(d).some((x) => x.startsWith('auth/')));
    const answer = nextResult(api);
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 2), true);
    const r = await answer;
    assert.equal(r.result.status, 201, `status ${r.result.status}: ${r.result.classification?.message}`);
    assert.ok(!JSON.stringify(r.prepared?.headers ?? {}).includes('{{$secret'), 'the secret reference was sent unresolved');
    await vscode.commands.executeCommand(Commands.clearSecret, 'qbarKeyTest');
    assert.equal(features.secrets.get('qbarKeyTest'), undefined);
  });

  it('shows an error answer\'s field errors on the request and clears them when it is edited', async () => {
    const api = await reqlint();
    const doc = await open(DIR, 'features.http');
    const answer = nextResult(api);
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 1), true);
    const r = await answer;
    assert.ok((r.result.status ?? 0) >= 400, `status ${r.result.status}`);
    const got = await new Promise<vscode.Diagnostic[]>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('no response diagnostics')), 10000);
      const check = (): boolean => {
        const d = vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === RESPONSE_DIAGNOSTIC_SOURCE);
        if (!d.length) return false;
        clearTimeout(t);
        sub.dispose();
        resolve(d);
        return true;
      };
      const sub = vscode.languages.onDidChangeDiagnostics(() => check());
      check();
    });
    for (const d of got) {
      assert.ok(d.range.start.line >= 10 && d.range.end.line <= 14, `response diagnostic at line ${d.range.start.line}`);
      assert.match(codeOf(d), /^response\//);
      assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri);
    }
    const editor = await vscode.window.showTextDocument(doc);
    assert.ok(await editor.edit((b) => b.insert(new vscode.Position(14, 0), ' ')));
    assert.equal(vscode.languages.getDiagnostics(doc.uri).filter((x) => x.source === RESPONSE_DIAGNOSTIC_SOURCE).length, 0);
  });

  it('switches environments from the command and re-lints with the new one', async () => {
    const api = await reqlint();
    const features = await api.features;
    const doc = await open(DIR, 'features.http');
    assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'staging'), 'staging');
    assert.match(features.environment.item.text, /staging/);
    const ds = await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('variable/undefined@5'));
    assert.deepEqual(ruleLines(ds).filter((x) => x.startsWith('variable/')), ['variable/undefined@12', 'variable/undefined@25', 'variable/undefined@5']);
    assert.equal(await vscode.commands.executeCommand(Commands.selectEnvironment, 'mock'), 'mock');
    await waitForDiagnostics(doc.uri, (d) => !ruleLines(d).some((x) => x.startsWith('variable/')));
  });

  it('completes, hovers and jumps to variables; outlines and lenses the requests', async () => {
    const doc = await open(DIR, 'features.http');
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(4, 7));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const want of ['qbarBaseUrl', 'qbarApiKey', 'label', '$uuid']) assert.ok(labels.includes(want), `completion lacks ${want}: ${labels.slice(0, 30).join(', ')}`);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(5, 15));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /qbarApiKey/);
    assert.match(text, /http-client\.env\.json/);
    assert.ok(!text.includes('mock-qbar-key-0001'), `the hover shows the key: ${text}`);
    // Body keys of the matched endpoint (QBar POST /qr), with the documented constraints.
    const keys = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(14, 3));
    const url = keys.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'url');
    assert.ok(url, `no 'url' key offered: ${keys.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label)).join(', ')}`);
    assert.match(String(url.detail), /required/);
    const keyHover = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(8, 4));
    const keyText = keyHover.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(keyText, /\*\*url\*\*.*required/);
    const defs = await vscode.commands.executeCommand<Array<vscode.Location | vscode.LocationLink>>('vscode.executeDefinitionProvider', doc.uri, new vscode.Position(8, 35));
    const def = defs[0];
    const target = def instanceof vscode.Location ? def : { uri: def.targetUri, range: def.targetRange };
    assert.equal(target.uri.fsPath, doc.uri.fsPath);
    assert.equal(target.range.start.line, 0);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
    assert.deepEqual(symbols.map((s) => s.name), ['@label', 'create', 'Broken: no Content-Type, url misspelt', 'Hard-coded key', 'Body from a file']);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.deepEqual(lenses.map((l) => `${l.range.start.line}:${l.command?.command}`), [
      `4:${Commands.sendAll}`, `4:${Commands.sendRequest}`, `11:${Commands.sendRequest}`, `17:${Commands.sendRequest}`, `24:${Commands.sendRequest}`,
    ]);
  });

  it('re-lints a .http file when the JSON body file it reads changes on disk', async () => {
    await open(DIR, 'features.http');
    const jsonUri = vscode.Uri.file(wsPath(DIR, 'body.json'));
    await waitForDiagnostics(jsonUri, (d) => ruleLines(d).includes('body/required@0'));
    writeFileSync(wsPath(DIR, 'body.json'), '{\n  "url": "https://example.com/ok"\n}\n');
    try {
      await waitForDiagnostics(jsonUri, (d) => d.length === 0);
    } finally {
      writeFileSync(wsPath(DIR, 'body.json'), BODY_JSON);
    }
    await waitForDiagnostics(jsonUri, (d) => ruleLines(d).includes('body/required@0'));
    assert.equal(readFileSync(wsPath(DIR, 'features.http'), 'utf8'), HTTP);
  });

  it('pastes a cURL command as a request and copies a request as cURL with the key masked', async () => {
    const doc = await open(DIR, 'features.http');
    const editor = vscode.window.activeTextEditor!;
    editor.selection = new vscode.Selection(doc.lineCount - 1, 0, doc.lineCount - 1, 0);
    assert.equal(await vscode.commands.executeCommand(Commands.pasteCurl, `curl -X POST https://example.test/v1/a -H 'X-Trace: 1' --data '{"a":1}'`), true);
    assert.ok(doc.getText().endsWith('###\nPOST https://example.test/v1/a\nX-Trace: 1\nContent-Type: application/x-www-form-urlencoded\n\n{\n  "a": 1\n}\n'), doc.getText().slice(-200));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const curl = await vscode.commands.executeCommand<string>(Commands.copyAsCurl, doc.uri.toString(), 0);
    assert.match(curl, /^curl /);
    assert.match(curl, /\/qr/);
    assert.ok(!curl.includes('mock-qbar-key-0001'), curl);
  });
});

describe('sending from the editor with an OpenAPI profile', () => {
  const OA = 'openapi-send';
  let server: import('node:http').Server;

  before(async () => {
    const http = await import('node:http');
    // Answers as the spec below documents: 422 with its validation body.
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(422, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ detail: [{ loc: ['body', 'name'], msg: 'field required', type: 'value_error.missing' }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const spec = {
      openapi: '3.0.3',
      info: { title: 'Pets', version: '1' },
      servers: [{ url: 'https://pets.test/v1' }],
      paths: {
        '/pets': {
          post: {
            operationId: 'createPet',
            requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { name: { type: 'string' } } } } } },
            responses: {
              '201': { description: 'Created' },
              '422': { description: 'Validation failed', content: { 'application/json': { schema: { $ref: '#/components/schemas/ValidationError' } } } },
            },
          },
        },
      },
      components: { schemas: { ValidationError: { type: 'object', properties: { detail: { type: 'array' } } } } },
    };
    mkdirSync(wsPath(OA), { recursive: true });
    writeFileSync(wsPath(OA, 'pets.json'), JSON.stringify(spec, null, 2));
    writeFileSync(wsPath(OA, 'reqlint.config.json'), JSON.stringify({ openapi: [{ spec: 'pets.json', id: 'pets', baseUrl: `http://127.0.0.1:${port}/v1` }] }, null, 2));
    writeFileSync(wsPath(OA, 'pets.http'), `POST http://127.0.0.1:${port}/v1/pets\nContent-Type: application/json\n\n{ "name": "Rex" }\n`);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('names the documented error model of the answer, as the CLI does', async () => {
    const api = await reqlint();
    const doc = await open(OA, 'pets.http');
    const answer = nextResult(api);
    assert.equal(await vscode.commands.executeCommand(Commands.sendRequest, doc.uri.toString(), 0), true);
    const r = await answer;
    assert.equal(r.result.status, 422);
    const c: (NonNullable<typeof r.result.classification> & { errorModel?: string | null }) | null = r.result.classification;
    assert.match(c?.errorModel ?? '', /^ValidationError/);
    assert.match(c?.advice ?? '', /documents this answer as ValidationError/);
  });
});
