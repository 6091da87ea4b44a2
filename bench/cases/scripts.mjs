// Script sandbox cost per request: a fresh QuickJS context, the script API, and a typical response
// handler (a client.test on the status and a client.global.set from the JSON body), after the
// first run in the process (which loads and compiles the engine). The figure is the median per handler.
export default {
  name: 'script sandbox start-up + typical handler, per request after the first',
  unit: 'ms',
  target: 2,
  async run(kit) {
    const mod = await kit.importTs('src/core/scripts/sandbox.ts');
    if (typeof mod.runScript !== 'function') kit.skip('runScript is not exported');
    const input = {
      source: 'client.test("created", () => client.assert(response.status === 201, "expected 201"));\nclient.global.set("id", response.body.id);',
      fileName: '/bench/api.http',
      globals: new Map([['token', 'abc']]),
      requestVariables: new Map(),
      environment: () => undefined,
      fileVariable: () => undefined,
      request: { method: 'POST', rawUrl: '{{host}}/items', url: 'http://127.0.0.1/items', headers: [['Content-Type', 'application/json', 'application/json']], rawBody: '{"name":"a"}', body: '{"name":"a"}' },
      response: { status: 201, headers: [['Content-Type', 'application/json']], body: JSON.stringify({ id: 42, name: 'a', tags: ['x', 'y'] }), mimeType: 'application/json', charset: 'UTF-8' },
    };
    const first = await mod.runScript(input);
    if (first.failure || first.globals.get('id') !== '42') throw new Error(`the handler did not run: ${first.failure?.message ?? 'no id set'}`);
    const N = 200;
    const times = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      await mod.runScript(input);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[N >> 1];
  },
};
