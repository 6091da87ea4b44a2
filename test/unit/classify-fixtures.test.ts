// Every answer under test/fixtures/responses/ is classified and checked against its expected
// category, retryability, delay, field pointers and item indices.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { classifyResponse } from '../../src/core/classify/classify';
import { profileById } from '../../src/core/classify/known-apis';
import { ERROR_CATEGORIES, type ResponseInput } from '../../src/core/classify/types';

interface Fixture {
  description: string;
  /** Where the API documents this answer's shape (required for the dialect fixtures). */
  source?: string;
  status: number;
  headers: Record<string, string>;
  url?: string;
  profile?: string;
  now?: string;
  body?: unknown;
  bodyText?: string;
  bodyBase64?: string;
  expect: {
    category: string;
    retryable: boolean;
    retryAfterMs: number | null;
    fieldErrors: string[];
    itemErrors: Array<[number, string | null]>;
    code?: string | null;
    requestId?: string | null;
    profile?: string | null;
    shape?: string;
    location?: string | null;
    retryAfterSource?: string | null;
    messageIncludes?: string;
    adviceIncludes?: string;
    notesInclude?: string;
  };
}

const root = join(__dirname, '..', 'fixtures', 'responses');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : name.endsWith('.json') ? [p] : [];
  });
}

/** Builds the classifier input a fixture describes. */
export function fixtureInput(f: Fixture): ResponseInput {
  let body: Uint8Array | string | null = null;
  if (f.bodyBase64 !== undefined) body = new Uint8Array(Buffer.from(f.bodyBase64, 'base64'));
  else if (f.bodyText !== undefined) body = Buffer.from(f.bodyText, 'utf8');
  else if (f.body !== undefined) body = Buffer.from(JSON.stringify(f.body), 'utf8');
  const input: ResponseInput = {
    status: f.status,
    headers: f.headers,
    body,
    request: f.url ? { url: f.url } : null,
    now: f.now ? Date.parse(f.now) : Date.parse('2026-03-01T12:00:00Z'),
  };
  if (f.profile) input.profile = profileById(f.profile);
  return input;
}

const files = walk(root).sort();

describe('classify: response fixtures', () => {
  it('has at least 40 fixtures covering every documented API and the generic shapes', () => {
    assert.ok(files.length >= 40, `only ${files.length} fixtures`);
    const dirs = new Set(files.map((f) => relative(root, f).split(/[\\/]/)[0]));
    for (const d of ['scanova-management', 'qbar', 'tracking', 'scantrust', 'qrstudio', 'generic', 'dialects']) assert.ok(dirs.has(d), `no fixtures for ${d}`);
  });

  it('names the public documentation of every dialect fixture', () => {
    const dialects = files.filter((f) => relative(root, f).startsWith('dialects'));
    assert.ok(dialects.length >= 30, `only ${dialects.length} dialect fixtures`);
    for (const file of dialects) {
      const f = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
      assert.ok(f.source && /^https:\/\//.test(f.source), `${relative(root, file)} has no https source`);
    }
  });

  for (const file of files) {
    const name = relative(root, file).replace(/\\/g, '/');
    const f = JSON.parse(readFileSync(file, 'utf8')) as Fixture;
    it(`${name}: ${f.description}`, () => {
      const e = f.expect;
      assert.ok(ERROR_CATEGORIES.includes(e.category as never), `fixture expects unknown category ${e.category}`);
      const c = classifyResponse(fixtureInput(f));
      const ctx = JSON.stringify(c, null, 1);
      assert.equal(c.category, e.category, ctx);
      assert.equal(c.retryable, e.retryable, ctx);
      assert.equal(c.retryAfterMs, e.retryAfterMs, ctx);
      assert.deepEqual(c.fieldErrors.map((x) => x.pointer), e.fieldErrors, ctx);
      assert.deepEqual(c.itemErrors.map((x) => [x.index, x.pointer]), e.itemErrors, ctx);
      if ('code' in e) assert.equal(c.code, e.code, ctx);
      if ('requestId' in e) assert.equal(c.requestId, e.requestId, ctx);
      if ('profile' in e) assert.equal(c.profile, e.profile, ctx);
      if (e.shape) assert.equal(c.shape, e.shape, ctx);
      if ('location' in e) assert.equal(c.location, e.location, ctx);
      if ('retryAfterSource' in e) assert.equal(c.retryAfterSource, e.retryAfterSource, ctx);
      if (e.messageIncludes) assert.ok(c.message.includes(e.messageIncludes), `message: ${c.message}`);
      if (e.adviceIncludes) assert.ok(c.advice.toLowerCase().includes(e.adviceIncludes.toLowerCase()), `advice: ${c.advice}`);
      if (e.notesInclude) assert.ok(c.notes.some((n) => n.includes(e.notesInclude!)), `notes: ${JSON.stringify(c.notes)}`);
      // Contract invariants for every answer.
      assert.ok(c.message.length > 0 && c.advice.length > 0);
      assert.ok(c.advice.length < 400, `advice too long: ${c.advice}`);
      if (!c.retryable) assert.equal(c.retryAfterMs, null);
      for (const fe of c.fieldErrors) assert.ok(fe.pointer === '' || fe.pointer.startsWith('/'), fe.pointer);
      for (const ie of c.itemErrors) assert.ok(Number.isInteger(ie.index) && ie.index >= 0);
    });
  }
});
