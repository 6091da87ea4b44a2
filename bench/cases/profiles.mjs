// Profile-rule figures: a 5,000-event batch payload mapped to the tracking batch endpoint, and the
// foundation's 1,000-request file pointed at a documented API with every profile active.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateHttp } from '../lib/gen-http.mjs';

const EVENTS = 5000;

/**
 * 5,000 tracking events; items 0–499 (mod 10 = 0) lack event_name, 1 have a bad UUID, 2 a lower-case
 * currency, 3 a raw e-mail in properties: 500 of each, 2,000 findings, nothing else wrong.
 */
function batchJson() {
  const items = [];
  for (let i = 0; i < EVENTS; i++) {
    const ev = {
      event_name: 'scan',
      site_id: `site-${i % 17}`,
      scan_session_id: '3f0c6a52-8a1e-4d1b-9a51-6f3c1e2b7d4a',
      conversion_value: { amount: 2.5, currency: 'EUR' },
      properties: { campaign: `spring-${i}`, channel: 'poster' },
    };
    switch (i % 10) {
      case 0:
        delete ev.event_name;
        break;
      case 1:
        ev.scan_session_id = `session-${i}`;
        break;
      case 2:
        ev.conversion_value.currency = 'eur';
        break;
      case 3:
        ev.properties.contact = `user${i}@example.com`;
        break;
    }
    items.push(ev);
  }
  return JSON.stringify(items, null, 2);
}

function writeBatchProject(tmp) {
  const dir = join(tmp, 'profiles-batch');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'events.json'), batchJson());
  writeFileSync(
    join(dir, 'reqlint.config.json'),
    JSON.stringify({
      payloads: [{ files: 'events.json', endpoint: 'POST https://track.scanova.io/server-events/batch', headers: { 'Content-Type': 'application/json', 'X-API-Key': '{{key}}' } }],
    }),
  );
  return dir;
}

function writeProfilesProject(tmp) {
  const dir = join(tmp, 'profiles-1000');
  mkdirSync(dir, { recursive: true });
  // Same requests as the foundation figure, but to the tracking API's server-events endpoint, so every
  // request is matched, validated against its schema and checked by every profile rule.
  const text = generateHttp(1000)
    .replace('@host = https://api.example.test', '@host = https://track.scanova.io')
    .replace(/\{\{host\}\}\/v1\/events\?i=\d+/g, '{{host}}/server-events');
  writeFileSync(join(dir, 'bench-1000.http'), text);
  writeFileSync(
    join(dir, 'reqlint.config.json'),
    JSON.stringify({ baseUrls: { 'qbar-scanner': 'https://qbar.bench.test', scantrust: 'https://scantrust.bench.test' }, plans: { qrstudio: 'starter' } }),
  );
  return dir;
}

export default [
  {
    name: 'reqlint lint 5,000-event batch payload, 2,000 findings (whole process, median of 7)',
    target: 500,
    unit: 'ms',
    async run(kit) {
      const dir = writeBatchProject(kit.tmp);
      const first = await kit.runCli(['lint', 'events.json', '--format', 'json'], { cwd: dir });
      if (first.code === 2) throw new Error(`reqlint lint exited 2: ${first.stderr.trim().split('\n')[0]}`);
      const findings = JSON.parse(first.stdout).files.flatMap((f) => f.findings);
      const byRule = {};
      for (const f of findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
      const expected = { 'body/required': 500, 'body/format': 1000, 'body/pii-email': 500 };
      if (findings.length !== 2000 || JSON.stringify(Object.entries(byRule).sort()) !== JSON.stringify(Object.entries(expected).sort())) {
        throw new Error(`expected exactly 2,000 findings ${JSON.stringify(expected)}, got ${findings.length} ${JSON.stringify(byRule)}`);
      }
      return kit.medianMs(async () => {
        const r = await kit.runCli(['lint', 'events.json', '--format', 'json'], { cwd: dir });
        if (r.code === 2) throw new Error(r.stderr);
      }, { warmup: 1, runs: 7 });
    },
  },
  {
    name: 'reqlint lint 1,000 requests to a documented API, all profiles active (whole process, median of 7)',
    target: 600,
    unit: 'ms',
    async run(kit) {
      const dir = writeProfilesProject(kit.tmp);
      const first = await kit.runCli(['lint', 'bench-1000.http', '--format', 'json'], { cwd: dir });
      if (first.code === 2) throw new Error(`reqlint lint exited 2: ${first.stderr.trim().split('\n')[0]}`);
      const doc = JSON.parse(first.stdout);
      if (doc.summary?.requests !== 1000) throw new Error(`lint saw ${doc.summary?.requests} requests, expected 1000`);
      const findings = doc.files.flatMap((f) => f.findings);
      if (findings.length) throw new Error(`expected a clean file, got ${findings.length} findings, first: ${JSON.stringify(findings[0])}`);
      return kit.medianMs(async () => {
        const r = await kit.runCli(['lint', 'bench-1000.http', '--format', 'json'], { cwd: dir });
        if (r.code === 2) throw new Error(r.stderr);
      }, { warmup: 1, runs: 7 });
    },
  },
];
