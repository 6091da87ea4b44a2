import { strict as assert } from 'node:assert';
import { graphqlOf } from '../../src/core/http/graphql';
import { parseHttp } from '../../src/core/http/parser';
import { prepareRequest, type ValueResolver } from '../../src/core/send';
import { lintAll } from '../fixtures/rules/harness';

const vars: ValueResolver = { substitute: (text) => ({ text: text.replace(/\{\{id\}\}/g, '42'), secrets: [], unresolved: [] }) };

// REST Client's form, as its README documents it.
const REST_CLIENT = `POST https://api.github.com/graphql
Content-Type: application/json
Authorization: Bearer xxx
X-REQUEST-TYPE: GraphQL

query ($name: String!, $owner: String!) {
  repository(name: $name, owner: $owner) {
    name
    fullName: nameWithOwner

    forkCount
  }
}

{
    "name": "vscode-restclient",
    "owner": "Huachao"
}
`;

// JetBrains' GRAPHQL method with a named operation and a {{variable}} in the variables.
const JETBRAINS = `GRAPHQL http://localhost:8080/graphql

query Hero($id: ID!) {
  hero(id: $id) { name }
}

{
  "id": {{id}}
}
`;

describe('GraphQL requests (REST Client header form and JetBrains GRAPHQL method)', () => {
  it('splits the query from the variables at the blank line after a balanced query', () => {
    const g1 = graphqlOf(parseHttp(REST_CLIENT).requests[0]);
    assert.equal(g1?.form, 'header');
    assert.match(g1?.query.text ?? '', /forkCount\n {2}\}\n\}$/);
    assert.deepEqual(JSON.parse(g1?.variables?.text ?? ''), { name: 'vscode-restclient', owner: 'Huachao' });
    assert.equal(g1?.operationName, null);
    const g2 = graphqlOf(parseHttp(JETBRAINS).requests[0]);
    assert.equal(g2?.form, 'method');
    assert.equal(g2?.operationName, 'Hero');
    assert.equal(JETBRAINS.slice(g2?.variables?.start ?? 0).startsWith('{\n  "id"'), true);
    const g3 = graphqlOf(parseHttp('GRAPHQL https://x.example/graphql\n\n{ viewer { login } }\n').requests[0]);
    assert.equal(g3?.query.text, '{ viewer { login } }');
    assert.equal(g3?.variables, null);
  });

  it('prepares a JSON POST of {query, variables, operationName} without the marker header', () => {
    const p1 = prepareRequest(parseHttp(REST_CLIENT).requests[0], { resolver: vars, filePath: '/tmp/g.http' });
    assert.equal(p1.method, 'POST');
    assert.equal(p1.headers.some(([n]) => n.toLowerCase() === 'x-request-type'), false);
    assert.equal(p1.body.kind, 'text');
    const sent1 = JSON.parse(p1.body.kind === 'text' ? p1.body.text : '');
    assert.deepEqual(Object.keys(sent1), ['query', 'variables', 'operationName']);
    assert.deepEqual(sent1.variables, { name: 'vscode-restclient', owner: 'Huachao' });
    assert.match(sent1.query, /^query \(\$name: String!/);
    const p2 = prepareRequest(parseHttp(JETBRAINS).requests[0], { resolver: vars, filePath: '/tmp/g.http' });
    assert.equal(p2.method, 'POST');
    assert.deepEqual(p2.headers, [['Content-Type', 'application/json']]);
    assert.deepEqual(JSON.parse(p2.body.kind === 'text' ? p2.body.text : ''), { query: 'query Hero($id: ID!) {\n  hero(id: $id) { name }\n}', variables: { id: 42 }, operationName: 'Hero' });
  });

  it('lints the variables as JSON (not the query), and no content-type finding', () => {
    const clean = lintAll(REST_CLIENT).findings.filter((f) => f.rule.startsWith('body/') || f.rule.startsWith('transport/content-type') || f.rule.startsWith('syntax/'));
    assert.deepEqual(clean, []);
    assert.deepEqual(lintAll(JETBRAINS).findings.filter((f) => f.rule !== 'variable/undefined'), []);
    const broken = lintAll('GRAPHQL https://x.example/graphql\n\nquery { a }\n\n{ "id": 1, }\n').findings.filter((f) => f.rule === 'body/invalid-json');
    assert.equal(broken.length, 1);
    assert.equal(broken[0].range.start.line, 4);
  });
});
