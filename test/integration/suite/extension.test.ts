import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { DiagnosticsProvider, LintOutput, Linter } from '../../../src/extension/diagnostics';
import { Commands, DIAGNOSTIC_SOURCE, EXTENSION_ID } from '../../../src/extension/ids';
import { codeOf, open, reqlint, ruleLines, sleep, waitForDiagnostics, wsPath } from './helpers';

describe('extension shell', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates on an .http document and reports its activation time', async () => {
    await open('syntax-errors.http');
    const api = await reqlint();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.ok(Number.isFinite(api.activationMs) && api.activationMs > 0, `activationMs = ${api.activationMs}`);
    // The figure itself is read from the host console log, never asserted (speed belongs to benchmarks).
    console.log(`reqlint activation: ${api.activationMs.toFixed(2)} ms`);
  });

  it('registers every command id from ids.ts', async () => {
    await reqlint();
    const all = new Set(await vscode.commands.getCommands(true));
    for (const id of Object.values(Commands)) assert.ok(all.has(id), `command ${id} is not registered`);
  });

  it('gives .http and .rest files the http language', async () => {
    assert.equal((await open('syntax-errors.http')).languageId, 'http');
    assert.equal((await open('clean.rest')).languageId, 'http');
  });

  it('publishes findings with source reqlint, the rule id as code and a docs link', async () => {
    const doc = await open('syntax-errors.http');
    const ds = await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('syntax/header@2') && ruleLines(d).includes('syntax/request-line@7'));
    // Other rules may also speak about this file as they land; the syntax findings are fixed points.
    const syntax = ds.filter((d) => codeOf(d).startsWith('syntax/'));
    assert.deepEqual(ruleLines(syntax), ['syntax/header@2', 'syntax/request-line@7']);
    for (const d of syntax) assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    for (const d of ds) {
      assert.equal(d.source, DIAGNOSTIC_SOURCE);
      assert.ok(typeof d.code === 'object' && d.code.target instanceof vscode.Uri, `code of ${codeOf(d)} has no docs target`);
      assert.match(d.code.target.scheme, /^https?$/);
    }
    // Syntax rules have no API page: they link to their heading in docs/rules.md (GitHub anchor: punctuation dropped).
    const header = syntax.find((d) => codeOf(d) === 'syntax/header')!;
    const target = (header.code as { target: vscode.Uri }).target;
    assert.equal(target.path.endsWith('/docs/rules.md'), true, target.toString());
    assert.equal(target.fragment, 'syntaxheader');
  });

  it('lints again after an edit, without the fixed finding', async () => {
    const doc = await open('syntax-errors.http');
    await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('syntax/header@2'));
    const editor = vscode.window.activeTextEditor!;
    const line = doc.lineAt(2);
    assert.ok(await editor.edit((b) => b.replace(line.range, 'Content-Type: application/json')));
    const after = await waitForDiagnostics(doc.uri, (d) => !ruleLines(d).includes('syntax/header@2'));
    assert.deepEqual(ruleLines(after.filter((d) => codeOf(d).startsWith('syntax/'))), ['syntax/request-line@7']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('drops a result computed for an older document version', async () => {
    const api = await reqlint();
    const doc = await open('clean.rest');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const seen: number[] = [];
    const slow: Linter = async (input): Promise<LintOutput> => {
      seen.push(input.version);
      await gate;
      return { requests: 1, findings: [{ rule: 'test/stale', severity: 'error', message: 'stale', file: input.path, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } }, request: 1 }] };
    };
    const Provider = api.diagnostics.constructor as new (l: Linter, log: vscode.LogOutputChannel) => DiagnosticsProvider;
    const provider = new Provider(slow, api.log);
    try {
      const pending = provider.lintNow(doc);
      assert.ok(await vscode.window.activeTextEditor!.edit((b) => b.insert(new vscode.Position(0, 0), '# edited\n')));
      release();
      assert.equal(await pending, null, 'a result for an older version must be dropped');
      assert.equal(seen[0], doc.version - 1);
      assert.equal(provider.findings(doc.uri), undefined);
      assert.equal(provider.collection.get(doc.uri)?.length ?? 0, 0);
    } finally {
      provider.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('lints a JSON file mapped in reqlint.config.json and leaves other JSON files alone', async () => {
    const api = await reqlint();
    const mapped = await open('payloads', 'item.json');
    assert.notEqual(await api.diagnostics.lintNow(mapped), null);
    assert.ok(api.diagnostics.findings(mapped.uri), 'the mapped payload was not linted');
    const other = await open('unrelated.json');
    assert.deepEqual(await api.diagnostics.lintNow(other), []);
    assert.equal(api.diagnostics.findings(other.uri), undefined, 'an unmapped JSON file got lint results');
  });

  it('reports an invalid reqlint.config.json on the config file, at the offending line', async () => {
    await open('bad-config', 'request.http');
    const config = vscode.Uri.file(wsPath('bad-config', 'reqlint.config.json'));
    const ds = await waitForDiagnostics(config, (d) => d.length > 0);
    assert.ok(ds.every((d) => codeOf(d) === 'config/invalid'), ruleLines(ds).join(', '));
    assert.equal(ds[0].range.start.line, 2, ds[0].message);
    assert.match(ds[0].message, /^\/rules\/body~1pii-email: must be one of off, hint, info, warning, error/);
  });

  it('clears its diagnostics when reqlint.enable is false and restores them when true', async () => {
    const doc = await open('syntax-errors.http');
    await waitForDiagnostics(doc.uri, (d) => d.length >= 2);
    const cfg = vscode.workspace.getConfiguration('reqlint');
    try {
      await cfg.update('enable', false, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(doc.uri, (d) => d.length === 0);
    } finally {
      await cfg.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(doc.uri, (d) => d.length >= 2);
  });

  it('lints on typing only after the debounce pause', async () => {
    const api = await reqlint();
    const doc = await open('clean.rest');
    await api.diagnostics.lintNow(doc);
    const editor = vscode.window.activeTextEditor!;
    const hasNewFinding = (): boolean => ruleLines(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE)).includes('syntax/request-line@4');
    try {
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(2, 0), '\n###\nNOT A REQUEST LINE AT ALL\n')));
      await sleep(50);
      assert.equal(hasNewFinding(), false, 'linted before the debounce pause');
      await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('syntax/request-line@4'));
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('with reqlint.lint.run = onSave, lints an edit only once the file is saved', async () => {
    const api = await reqlint();
    const doc = await open('clean.rest');
    await api.diagnostics.lintNow(doc);
    const cfg = vscode.workspace.getConfiguration('reqlint');
    const editor = vscode.window.activeTextEditor!;
    const original = doc.getText();
    const hasNewFinding = (): boolean => ruleLines(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE)).includes('syntax/request-line@4');
    try {
      await cfg.update('lint.run', 'onSave', vscode.ConfigurationTarget.Workspace);
      await cfg.update('lint.debounceMs', 0, vscode.ConfigurationTarget.Workspace);
      await sleep(200);
      assert.ok(await editor.edit((b) => b.insert(new vscode.Position(2, 0), '\n###\nNOT A REQUEST LINE AT ALL\n')));
      await sleep(400);
      assert.equal(hasNewFinding(), false, 'linted an unsaved edit with lint.run = onSave');
      assert.ok(await doc.save());
      await waitForDiagnostics(doc.uri, (d) => ruleLines(d).includes('syntax/request-line@4'));
    } finally {
      await cfg.update('lint.run', undefined, vscode.ConfigurationTarget.Workspace);
      await cfg.update('lint.debounceMs', undefined, vscode.ConfigurationTarget.Workspace);
      const whole = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
      await editor.edit((b) => b.replace(whole, original));
      await doc.save();
    }
  });

  it('Reqlint: Lint Current File lints the active editor on demand', async () => {
    const api = await reqlint();
    const doc = await open('syntax-errors.http');
    api.diagnostics.clear(doc.uri);
    assert.equal(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === DIAGNOSTIC_SOURCE).length, 0);
    await vscode.commands.executeCommand(Commands.lintFile);
    assert.ok(ruleLines(vscode.languages.getDiagnostics(doc.uri)).includes('syntax/header@2'), 'the command did not publish the findings');
  });
});
