// Classification speed: 10,000 answers cycled from test/fixtures/responses (bodies under 4 KiB),
// classified in-process one at a time; the figure is the median time per answer. The second figure
// uses only the public APIs' error dialects (XML documents, ok:false envelopes, bulk items, OData).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

function walk(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : n.endsWith('.json') ? [p] : [];
  });
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

async function medianPerAnswer(kit, sub, minimum) {
  const mod = await kit.importTs('src/core/classify/index.ts');
  if (typeof mod.classifyResponse !== 'function') kit.skip('classifyResponse is not exported yet');
  const dir = join(kit.root, 'test', 'fixtures', 'responses', sub);
  const inputs = [];
  for (const file of walk(dir).sort()) {
    const f = JSON.parse(readFileSync(file, 'utf8'));
    let body = null;
    if (f.bodyBase64 !== undefined) body = new Uint8Array(Buffer.from(f.bodyBase64, 'base64'));
    else if (f.bodyText !== undefined) body = new Uint8Array(Buffer.from(f.bodyText, 'utf8'));
    else if (f.body !== undefined) body = new Uint8Array(Buffer.from(JSON.stringify(f.body), 'utf8'));
    if (body && body.byteLength >= 4096) continue;
    const input = { status: f.status, headers: f.headers, body, request: f.url ? { url: f.url } : null, now: Date.parse('2026-03-01T12:00:00Z') };
    if (f.profile) input.profile = mod.profileById(f.profile);
    inputs.push(input);
  }
  if (inputs.length < minimum) kit.skip(`only ${inputs.length} fixtures under test/fixtures/responses/${sub}`);
  const N = 10_000;
  // Warm up the JIT on the same mix first.
  for (let i = 0; i < N; i++) mod.classifyResponse(inputs[i % inputs.length]);
  const times = new Float64Array(N);
  let sink = 0;
  for (let i = 0; i < N; i++) {
    const input = inputs[i % inputs.length];
    const t0 = performance.now();
    const c = mod.classifyResponse(input);
    times[i] = performance.now() - t0;
    sink += c.fieldErrors.length;
  }
  if (sink < 0) throw new Error('unreachable');
  return median(times) * 1000;
}

export default [
  {
    name: 'classify 10,000 mixed answers < 4 KiB (in-process, median per answer)',
    target: 50,
    unit: 'µs',
    run: (kit) => medianPerAnswer(kit, '', 40),
  },
  {
    name: 'classify 10,000 answers of public APIs\' error dialects (XML, ok:false, bulk, OData; median per answer)',
    target: 50,
    unit: 'µs',
    run: (kit) => medianPerAnswer(kit, 'dialects', 30),
  },
];
