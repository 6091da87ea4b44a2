// Generates the benchmark's large .http file: POST requests with 4 headers and a ~320-byte JSON body,
// using `{{host}}` / `{{apiKey}}` file variables, so every rule and the variable lookup have work to do.
import { writeFileSync } from 'node:fs';

/** Text of an .http file with `count` requests (each ~320-byte JSON body). */
export function generateHttp(count) {
  const out = ['@host = https://api.example.test', '@apiKey = test-key-0000', ''];
  for (let i = 0; i < count; i++) {
    const body = {
      event_name: 'scan',
      site_id: `site-${i % 17}`,
      scan_session_id: '3f0c6a52-8a1e-4d1b-9a51-6f3c1e2b7d4a',
      occurred_at: '2026-01-01T12:00:00Z',
      conversion_value: { amount: (i % 100) + 0.5, currency: 'EUR' },
      properties: { campaign: `spring-${i}`, channel: 'poster', locale: 'en-GB', note: 'benchmark payload filler text' },
      user_identifiers: { email_hash: 'b4c9a289323b21a01c3e940f150eb9b8c542587f1abfd8f0e1cc1ffc5e475514' },
    };
    out.push(`### request ${i + 1}`);
    out.push(`# @name req${i + 1}`);
    out.push(`POST {{host}}/v1/events?i=${i} HTTP/1.1`);
    out.push('Content-Type: application/json');
    out.push('Accept: application/json');
    out.push('X-API-Key: {{apiKey}}');
    out.push(`X-Request-Id: bench-${i}`);
    out.push('');
    out.push(JSON.stringify(body, null, 2));
    out.push('');
  }
  return out.join('\n');
}

/** Writes the generated file to `path` and returns the path. */
export function writeHttp(path, count) {
  writeFileSync(path, generateHttp(count));
  return path;
}
