import * as path from 'node:path';
import { getLocation } from 'jsonc-parser';
import * as vscode from 'vscode';
import { findConfigFile, loadConfigFile, type ProjectConfig } from '../../core/config';
import type { HttpFile, HttpRequest } from '../../core/http/ast';
import { parseHttp } from '../../core/http/parser';
import { endpointFor, schemaInfoAt, type KeyInfo } from '../../core/openapi/editor';
import { requestAt } from '../../core/edit/request-at';
import { requestLabel } from '../../core/edit/request-label';
import { joinPointer } from '../../core/text/json-pointer';
import { maskValue } from '../../core/send/mask';
import { DYNAMIC_HEADS } from '../../core/vars/dynamic';
import { buildScope, type VariableResolver } from '../../core/vars/scope';
import { toRange } from '../convert';
import { HTTP_LANGUAGE_ID } from '../ids';
import { activeEnvironment } from './environment';
import { holeAt, variableNameOf } from './logic';
import type { SecretStore } from './secrets';

const SELECTOR: vscode.DocumentSelector = { language: HTTP_LANGUAGE_ID };

/** Header names offered on header lines (the profile's auth header is added per request). */
const COMMON_HEADERS = ['Accept', 'Accept-Encoding', 'Accept-Language', 'Authorization', 'Cache-Control', 'Content-Type', 'Cookie', 'Idempotency-Key', 'If-Match', 'If-None-Match', 'Origin', 'User-Agent', 'X-API-Key', 'X-Request-Id'];

/** Variable names whose values are credentials wherever they are defined (as the sender treats them). */
const CREDENTIAL_NAME = /(key|token|secret|password|passwd|auth|credential)/i;

const SOURCE_LABEL: Record<string, string> = {
  file: 'file variable',
  env: 'http-client.env.json',
  'private-env': 'http-client.private.env.json',
  dotenv: '.env',
  dynamic: 'dynamic variable',
  'process-env': 'process environment',
  secret: 'secret storage',
  response: 'an earlier response',
  undefined: 'not defined',
};

function configFor(uri: vscode.Uri): ProjectConfig | undefined {
  if (uri.scheme !== 'file') return undefined;
  try {
    const found = findConfigFile(path.dirname(uri.fsPath));
    return found ? loadConfigFile(found) : undefined;
  } catch {
    // A broken config is reported on the config file itself; editor help goes on without it.
    return undefined;
  }
}

function docPath(doc: vscode.TextDocument): string {
  return doc.uri.scheme === 'file' ? doc.uri.fsPath : path.join(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd(), 'untitled.http');
}

/** Parsed file and variable scope of a document, rebuilt only when its version changes. */
class DocCache {
  private last: { key: string; version: number; env: string | null; file: HttpFile; scope: VariableResolver } | null = null;

  constructor(private readonly secrets: SecretStore) {}

  get(doc: vscode.TextDocument): { file: HttpFile; scope: VariableResolver } {
    const key = doc.uri.toString();
    const env = activeEnvironment(doc.uri);
    if (this.last && this.last.key === key && this.last.version === doc.version && this.last.env === env) return this.last;
    const file = parseHttp(doc.getText());
    const root = vscode.workspace.getWorkspaceFolder(doc.uri)?.uri.fsPath;
    const scope = buildScope(file, { filePath: docPath(doc), env, secrets: (n) => this.secrets.get(n), ...(root ? { workspaceRoot: root } : {}) });
    this.last = { key, version: doc.version, env, file, scope };
    return this.last;
  }
}

function keyDetail(k: KeyInfo): string {
  return [k.type, k.required ? 'required' : 'optional', ...k.constraints, k.enum?.length ? `one of ${k.enum.map((v) => JSON.stringify(v)).join(', ')}` : ''].filter(Boolean).join(' · ');
}

/** Where the cursor is in a request's inline JSON body: the pointer of the object being written and whether a key is being typed. */
function bodyLocation(doc: vscode.TextDocument, req: HttpRequest, pos: vscode.Position): { pointer: string; atKey: boolean; key: string | null } | null {
  const b = req.body;
  if (!b || b.kind !== 'inline') return null;
  const offset = doc.offsetAt(pos);
  if (offset < b.text.start || offset > b.text.end) return null;
  const loc = getLocation(b.text.value, offset - b.text.start);
  const segs = loc.path.map(String);
  const last = loc.path[loc.path.length - 1];
  // The last segment is the key being written (or whose value the cursor is in); its object is the parent.
  const parent = segs.slice(0, -1);
  return { pointer: joinPointer(parent), atKey: loc.isAtPropertyKey, key: typeof last === 'string' && last !== '' ? last : null };
}

function endpointOf(doc: vscode.TextDocument, req: HttpRequest, scope: VariableResolver) {
  const url = scope.resolve(req.url.value, false).text;
  return endpointFor(configFor(doc.uri), req.method.value, url);
}

/** Registers completion, hover, go to definition and the outline for .http documents. */
export function registerLanguageFeatures(secrets: SecretStore): vscode.Disposable[] {
  const cache = new DocCache(secrets);

  const completion: vscode.CompletionItemProvider = {
    provideCompletionItems(doc, pos) {
      const { file, scope } = cache.get(doc);
      const lineText = doc.lineAt(pos.line).text;
      const hole = holeAt(lineText, pos.character);
      if (hole) {
        const range = new vscode.Range(pos.line, hole.start + (lineText.slice(hole.start, pos.character).length - lineText.slice(hole.start, pos.character).trimStart().length), pos.line, pos.character);
        const items: vscode.CompletionItem[] = [];
        for (const v of scope.variables()) {
          const it = new vscode.CompletionItem(v.name, vscode.CompletionItemKind.Variable);
          it.detail = SOURCE_LABEL[v.source] ?? v.source;
          it.range = range;
          items.push(it);
        }
        for (const head of DYNAMIC_HEADS) {
          const it = new vscode.CompletionItem(`$${head}`, vscode.CompletionItemKind.Function);
          it.detail = 'dynamic variable';
          it.range = range;
          items.push(it);
        }
        for (const name of secrets.names()) {
          const it = new vscode.CompletionItem(`$secret ${name}`, vscode.CompletionItemKind.Constant);
          it.detail = 'secret storage (value never shown)';
          it.range = range;
          items.push(it);
        }
        return items;
      }
      const req = requestAt(file, pos.line);
      if (!req) return [];
      const firstBodyLine = req.body && req.body.kind !== 'file' ? req.body.text.range.start.line : Number.MAX_SAFE_INTEGER;
      const headerEnd = req.headers.length ? req.headers[req.headers.length - 1].range.end.line + 1 : req.url.range.end.line + 1;
      const inHeaders = pos.line > req.url.range.end.line && pos.line <= headerEnd && pos.line < firstBodyLine && !lineText.slice(0, pos.character).includes(':');
      if (inHeaders) {
        const match = endpointOf(doc, req, scope);
        const names = new Set(COMMON_HEADERS);
        const auth = match?.profile.auth.header;
        const items: vscode.CompletionItem[] = [];
        if (auth) {
          const it = new vscode.CompletionItem(auth, vscode.CompletionItemKind.Field);
          it.detail = `${match.profile.title}: the API's credential header`;
          it.insertText = `${auth}: {{${match.profile.auth.variable ?? 'apiKey'}}}`;
          it.sortText = '0';
          items.push(it);
          names.delete(auth);
        }
        for (const n of names) {
          const it = new vscode.CompletionItem(n, vscode.CompletionItemKind.Field);
          it.insertText = `${n}: `;
          items.push(it);
        }
        return items;
      }
      const loc = bodyLocation(doc, req, pos);
      if (!loc?.atKey) return [];
      const match = endpointOf(doc, req, scope);
      if (!match?.endpoint) return [];
      const info = schemaInfoAt(match.endpoint, loc.pointer);
      return (info?.keys ?? []).map((k) => {
        const it = new vscode.CompletionItem(k.name, vscode.CompletionItemKind.Property);
        it.detail = keyDetail(k);
        if (k.description) it.documentation = new vscode.MarkdownString(k.description);
        if (k.deprecated) it.tags = [vscode.CompletionItemTag.Deprecated];
        it.sortText = `${k.required ? 0 : 1}${k.name}`;
        return it;
      });
    },
  };

  const hover: vscode.HoverProvider = {
    provideHover(doc, pos) {
      const { file, scope } = cache.get(doc);
      const lineText = doc.lineAt(pos.line).text;
      const hole = holeAt(lineText, pos.character);
      if (hole && hole.end !== null) {
        const expr = lineText.slice(hole.start, hole.end).trim();
        const v = scope.lookup(expr, false);
        const md = new vscode.MarkdownString();
        // Credential-like names are masked even from a public file, as the sender masks them in its output.
        const masked = v.secret || v.source === 'secret' || expr.startsWith('$secret') || CREDENTIAL_NAME.test(expr);
        const shown = v.value === undefined ? null : masked ? maskValue(v.value) : v.value;
        md.appendMarkdown(`**{{${expr}}}**`);
        md.appendMarkdown(shown !== null ? ` = \`${shown.replace(/`/g, "'")}\`` : ' — no value');
        md.appendMarkdown(`\n\nFrom: ${SOURCE_LABEL[v.source] ?? v.source}`);
        if (v.location) md.appendMarkdown(` (${vscode.workspace.asRelativePath(v.location.file)}:${v.location.range.start.line + 1})`);
        if (v.problem) md.appendMarkdown(`\n\n${v.problem}`);
        return new vscode.Hover(md, new vscode.Range(pos.line, hole.start - 2, pos.line, hole.end + 2));
      }
      const req = requestAt(file, pos.line);
      if (!req) return undefined;
      const loc = bodyLocation(doc, req, pos);
      if (!loc?.key) return undefined;
      const match = endpointOf(doc, req, scope);
      if (!match?.endpoint) return undefined;
      const k = schemaInfoAt(match.endpoint, loc.pointer)?.keys.find((x) => x.name === loc.key);
      if (!k) return undefined;
      const md = new vscode.MarkdownString(`**${k.name}** — ${keyDetail(k)}`);
      if (k.description) md.appendMarkdown(`\n\n${k.description}`);
      md.appendMarkdown(`\n\n${match.profile.id}: \`${match.endpoint.method} ${match.endpoint.path}\``);
      return new vscode.Hover(md);
    },
  };

  const definition: vscode.DefinitionProvider = {
    provideDefinition(doc, pos) {
      const { scope } = cache.get(doc);
      const lineText = doc.lineAt(pos.line).text;
      const hole = holeAt(lineText, pos.character);
      if (!hole || hole.end === null) return undefined;
      const expr = lineText.slice(hole.start, hole.end).trim();
      const v = scope.lookup(expr, false);
      if (v.location) return new vscode.Location(vscode.Uri.file(v.location.file), toRange(v.location.range));
      const name = variableNameOf(expr);
      const again = name && name !== expr ? scope.lookup(name, false) : null;
      return again?.location ? new vscode.Location(vscode.Uri.file(again.location.file), toRange(again.location.range)) : undefined;
    },
  };

  const symbols: vscode.DocumentSymbolProvider = {
    provideDocumentSymbols(doc) {
      const { file } = cache.get(doc);
      const out: vscode.DocumentSymbol[] = [];
      for (const v of file.fileVariables) out.push(new vscode.DocumentSymbol(`@${v.name.value}`, v.value.value, vscode.SymbolKind.Variable, toRange(v.range), toRange(v.name.range)));
      for (const r of file.requests) {
        const sym = new vscode.DocumentSymbol(requestLabel(r), `${r.method.value} ${r.url.value}`, vscode.SymbolKind.Function, toRange(r.range), toRange(r.requestLine));
        out.push(sym);
      }
      return out;
    },
  };

  return [
    vscode.languages.registerCompletionItemProvider(SELECTOR, completion, '{', '$', '"', ':'),
    vscode.languages.registerHoverProvider(SELECTOR, hover),
    vscode.languages.registerDefinitionProvider(SELECTOR, definition),
    vscode.languages.registerDocumentSymbolProvider(SELECTOR, symbols, { label: 'Reqlint requests' }),
  ];
}
