import { strict as assert } from 'node:assert';
import { topLevelItemSpans } from '../../src/core/profiles/context';
import { builtinProfiles } from '../../src/core/profiles/load';
import { matchPathTemplate, matchProfile } from '../../src/core/profiles/match';

const ps = builtinProfiles();
const m = (url: string, method = 'POST', baseUrls: Record<string, string[]> = {}) => {
  const r = matchProfile(url, ps, { baseUrls }, method);
  return r ? `${r.profile.id}:${r.endpoint?.id ?? '-'}` : null;
};

describe('profiles: matching a URL to a profile and endpoint', () => {
  it('matches documented hosts, methods and path templates (trailing slash and query ignored)', () => {
    assert.equal(m('https://track.scanova.io/server-events'), 'scanova-tracking:server-event');
    assert.equal(m('https://track.scanova.io/server-events/batch?x=1'), 'scanova-tracking:server-events-batch');
    assert.equal(m('https://management.scanova.io/qr/Qf94b25d768294148/', 'PATCH'), 'scanova-management:qr-patch');
    assert.equal(m('https://management.scanova.io/qr', 'POST'), 'scanova-management:qr-create');
    assert.equal(m('https://api.qrstudio.agency/q/abc/', 'GET'), 'qrstudio:public-scan');
    assert.equal(m('http://API.QRSTUDIO.AGENCY:443/api/v1/generate/'), 'qrstudio:generate');
  });

  it('returns the profile with a null endpoint for an undocumented path, and null for other hosts or a {{host}}', () => {
    assert.equal(m('https://management.scanova.io/unknown/'), 'scanova-management:-');
    assert.equal(m('https://scanova.io/qr/Qf94'), null);
    assert.equal(m('{{host}}/server-events'), null);
    assert.equal(m('https://evil-track.scanova.io.example/server-events'), null);
  });

  it('matches APIs with no documented host only through config base URLs, on a segment boundary', () => {
    assert.equal(m('https://st.example/api/v2/products/'), null);
    const base = { scantrust: ['https://st.example/api/v2/'] };
    assert.equal(m('https://st.example/api/v2/products/', 'POST', base), 'scantrust:product-create');
    assert.equal(m('https://st.example/api/v2/products/7/', 'PATCH', base), 'scantrust:product-patch');
    assert.equal(m('https://st.example/api/v20/products/', 'POST', base), null);
    const r = matchProfile('https://st.example/api/v2/products/7/', ps, { baseUrls: base }, 'PUT')!;
    assert.deepEqual(r.pathParams, { id: '7' });
    assert.equal(r.base, 'https://st.example/api/v2');
    assert.equal(r.path, '/products/7/');
  });

  it('prefers the longest base and a config base over a documented host', () => {
    const r = matchProfile('https://track.scanova.io/qbar/qr', ps, { baseUrls: { 'qbar-scanner': ['https://track.scanova.io/qbar'] } }, 'POST')!;
    assert.equal(r.profile.id, 'qbar-scanner');
  });

  it('path templates: {name} is one segment, ** any number, literals score higher', () => {
    assert.deepEqual(matchPathTemplate('/a/{id}/b', '/a/x%20y/b')!.params, { id: 'x y' });
    assert.equal(matchPathTemplate('/a/{id}/b', '/a/x/y/b'), null);
    assert.ok(matchPathTemplate('/**/products', '/products'));
    assert.ok(matchPathTemplate('/**/products', '/x/y/products/'));
    assert.ok(matchPathTemplate('/a/b', '/a/b')!.score > matchPathTemplate('/a/{x}', '/a/b')!.score);
  });
});

describe('profiles: locating batch items without a full tree', () => {
  it('finds the [start, end) of each top-level array item, skipping strings with brackets, escapes and holes', () => {
    const text = ' [ {"a": "x]}\\"," }, [1, {"b": 2}] ,"s,]" , {{item}} , 3 ]';
    const spans = topLevelItemSpans(text)!;
    assert.deepEqual(spans.map(([s, e]) => text.slice(s, e)), ['{"a": "x]}\\"," }', '[1, {"b": 2}]', '"s,]"', '{{item}}', '3']);
    assert.deepEqual(topLevelItemSpans('[]'), []);
    assert.equal(topLevelItemSpans('{"events": []}'), null);
    assert.equal(topLevelItemSpans('[1, 2'), null);
  });
});
