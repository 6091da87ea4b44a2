import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';

// The http grammar, tokenized by the same engine VS Code uses. Embedded JSON and JavaScript come
// from VS Code's own grammars at run time; here minimal stand-ins give them scopes to look for
// (a rule whose included grammar is missing is dropped by the tokenizer, as it would be in VS Code).
const ROOT = join(__dirname, '..', '..');
const JSON_STANDIN = {
  scopeName: 'source.json',
  patterns: [{ begin: '"', end: '"', name: 'string.quoted.double.json' }, { match: '[{}\\[\\],:]', name: 'punctuation.json' }],
};

const JS_STANDIN = { scopeName: 'source.js', patterns: [{ match: '[A-Za-z_$][\\w$]*', name: 'variable.other.js' }] };

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    // eslint-disable-next-line @typescript-eslint/require-await -- vscode-textmate wants a Promise-returning loader
    loadGrammar: async (scope: string) => {
      if (scope === 'source.http') {
        const path = join(ROOT, 'syntaxes', 'http.tmLanguage.json');
        return textmate.parseRawGrammar(readFileSync(path, 'utf8'), path);
      }
      if (scope === 'source.json') return textmate.parseRawGrammar(JSON.stringify(JSON_STANDIN), 'json.json');
      if (scope === 'source.js') return textmate.parseRawGrammar(JSON.stringify(JS_STANDIN), 'js.json');
      return null;
    },
  });
  const g = await registry.loadGrammar('source.http');
  assert.ok(g, 'the grammar did not load');
  grammar = g;
});

/** Tokens of a whole document: [line index, text, innermost scopes joined]. */
function tokenize(text: string): Array<{ line: number; text: string; scopes: string[] }> {
  let state = textmate.INITIAL;
  const out: Array<{ line: number; text: string; scopes: string[] }> = [];
  text.split('\n').forEach((line, i) => {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) out.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    state = r.ruleStack;
  });
  return out;
}

/** The scopes of the first token whose text is exactly `text` (on `line` when given). */
function scopesOf(tokens: ReturnType<typeof tokenize>, text: string, line?: number): string[] {
  const t = tokens.find((x) => x.text === text && (line === undefined || x.line === line));
  assert.ok(t, `no token "${text}"${line === undefined ? '' : ` on line ${line}`}; tokens: ${tokens.map((x) => JSON.stringify(x.text)).join(' ')}`);
  return t.scopes;
}

function has(scopes: string[], name: string): boolean {
  return scopes.some((s) => s === name || s.startsWith(`${name}.`));
}

describe('http TextMate grammar', () => {
  const doc = [
    '@host = https://api.example.test',
    '### Create an item',
    '# @name createItem',
    '# reqlint-disable-next-line body/pii-email',
    'POST {{host}}/items?draft=true HTTP/1.1',
    'Content-Type: application/json',
    'X-Api-Key: {{apiKey}}',
    '',
    '{',
    '  "name": "{{$uuid}}"',
    '}',
    '',
    '> {% client.global.set("id", response.body.id); %}',
    '',
    '###',
    'https://api.example.test/items',
    '    ?page=2',
    '// a comment',
    '< ./body.json',
  ].join('\n');
  let tokens: ReturnType<typeof tokenize>;
  before(() => {
    tokens = tokenize(doc);
  });

  it('scopes file variables', () => {
    assert.ok(has(scopesOf(tokens, 'host', 0), 'variable.other.definition'));
  });

  it('scopes ### separators with their title, and # @name metadata', () => {
    assert.ok(has(scopesOf(tokens, '###', 1), 'punctuation.separator.request'));
    assert.ok(has(scopesOf(tokens, ' Create an item', 1), 'entity.name.section'));
    assert.ok(has(scopesOf(tokens, 'name', 2), 'keyword.other.metadata'));
    assert.ok(has(scopesOf(tokens, 'createItem', 2), 'entity.name.function'));
  });

  it('scopes reqlint-disable directives apart from plain comments', () => {
    assert.ok(has(scopesOf(tokens, 'reqlint-disable-next-line', 3), 'keyword.control.directive'));
    assert.ok(has(scopesOf(tokens, ' a comment', 17), 'comment.line.double-slash'));
  });

  it('scopes the request line: method, URL with variables and query, HTTP version', () => {
    assert.ok(has(scopesOf(tokens, 'POST', 4), 'keyword.control.http-method'));
    assert.ok(has(scopesOf(tokens, 'host', 4), 'variable.other'));
    assert.ok(has(scopesOf(tokens, 'host', 4), 'string.unquoted.url'));
    assert.ok(has(scopesOf(tokens, 'draft', 4), 'variable.parameter.query'));
    assert.ok(has(scopesOf(tokens, 'HTTP/1.1', 4), 'constant.other.http-version'));
  });

  it('scopes headers: name, separator and a value with a variable', () => {
    assert.ok(has(scopesOf(tokens, 'Content-Type', 5), 'support.type.header-name'));
    assert.ok(has(scopesOf(tokens, 'application/json', 5), 'string.unquoted.header-value'));
    assert.ok(has(scopesOf(tokens, 'apiKey', 6), 'variable.other'));
  });

  it('embeds the JSON body as meta.embedded.block.json, with {{variables}} inside its strings', () => {
    assert.ok(has(scopesOf(tokens, '{', 8), 'meta.embedded.block.json'));
    const inner = scopesOf(tokens, '$uuid', 9);
    assert.ok(has(inner, 'meta.embedded.block.json'));
    assert.ok(has(inner, 'string.quoted.double.json'), inner.join(' '));
    assert.ok(has(inner, 'variable.other'), inner.join(' '));
  });

  it('embeds a GraphQL query as meta.embedded.block.graphql up to the blank line, then the variables as JSON', () => {
    const t = tokenize(['GRAPHQL https://api.example.test/graphql', '', 'query Hero($id: ID!) {', '  hero(id: $id) { name }', '}', '', '{ "id": "{{heroId}}" }'].join('\n'));
    assert.ok(has(scopesOf(t, 'query', 2), 'meta.embedded.block.graphql'));
    assert.ok(has(scopesOf(t, 'query', 2), 'keyword.operation.graphql'));
    assert.ok(has(scopesOf(t, '$id', 3), 'variable.parameter.graphql'));
    assert.ok(!has(scopesOf(t, '{', 6), 'meta.embedded.block.graphql'));
    assert.ok(has(scopesOf(t, '{', 6), 'meta.embedded.block.json'));
  });

  it('ends the JSON body at a response handler and embeds the handler as JavaScript', () => {
    assert.ok(has(scopesOf(tokens, '>', 12), 'keyword.operator.response-handler'));
    assert.ok(!has(scopesOf(tokens, '>', 12), 'meta.embedded.block.json'));
    assert.ok(has(scopesOf(tokens, 'client', 12), 'meta.embedded.block.javascript'));
  });

  it('scopes a method-less URL line, query continuation lines and < file bodies', () => {
    assert.ok(has(scopesOf(tokens, 'https://api.example.test/items', 15), 'string.unquoted.url'));
    assert.ok(has(scopesOf(tokens, 'page', 16), 'variable.parameter.query'));
    assert.ok(has(scopesOf(tokens, '<', 18), 'keyword.operator.file-reference'));
    assert.ok(has(scopesOf(tokens, './body.json', 18), 'string.unquoted.path'));
  });

  it('does not take a header-looking JSON line for a header, nor carry the body past ###', () => {
    const t = tokenize('POST https://x.test/a\n\n{\n  "Content-Type": "text/plain"\n}\n###\nGET https://x.test/b');
    assert.ok(!has(scopesOf(t, 'Content-Type', 3), 'support.type.header-name'));
    assert.ok(has(scopesOf(t, 'GET', 6), 'keyword.control.http-method'));
    assert.ok(!has(scopesOf(t, 'GET', 6), 'meta.embedded.block.json'));
  });

  it('scopes ?? assertion lines: field, argument with variables, condition, expected; they end a JSON body', () => {
    const t = tokenize('POST https://x.test/a\n\n{"a": 1}\n?? body $.items[0].id == {{want}} x\n?? status not equals 500\n?? header X-A exists\n?? stauts eq 1');
    assert.ok(has(scopesOf(t, '??', 3), 'keyword.operator.assertion'));
    assert.ok(!has(scopesOf(t, '??', 3), 'meta.embedded.block.json'));
    assert.ok(has(scopesOf(t, 'body', 3), 'variable.language.assertion-field'));
    assert.ok(has(scopesOf(t, '$.items[0].id', 3), 'string.unquoted.assertion-argument'));
    assert.ok(has(scopesOf(t, '==', 3), 'keyword.operator.comparison.assertion'));
    assert.ok(has(scopesOf(t, 'want', 3), 'variable.other'));
    assert.ok(has(scopesOf(t, 'not equals', 4), 'keyword.operator.comparison.assertion'));
    assert.ok(has(scopesOf(t, 'exists', 5), 'keyword.operator.comparison.assertion'));
    assert.ok(has(scopesOf(t, 'X-A', 5), 'string.unquoted.assertion-argument'));
    assert.ok(has(scopesOf(t, 'stauts', 6), 'variable.language.assertion-field'));
  });
});
