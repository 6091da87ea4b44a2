import { createHash } from 'node:crypto';
import { profile, validate } from '../validation';
import type { FieldError } from '../../core/profiles/validate';
import type { MockApi, MockContext, MockReply, MockRequest } from '../types';
import { badKey, header, hex, isoNow, segments, throttle } from './common';

const ID = 'qrstudio';

/** A 1×1 PNG: the mock's rendered QR code (a real image, so clients saving it get a valid file). */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgAB4iG8MwAAAABJRU5ErkJggg==', 'base64');

/** Requests per minute per key the mock allows on each plan (the page leaves the numbers to the pricing page). */
const PLAN_RPM: Record<string, number> = { free: 10, starter: 60, pro: 300 };

/** The plan a key stands for in the mock: `smk_free_…` → free, `smk_starter_…` → starter, other keys and JWTs → pro. */
export function planOfKey(key: string): string {
  const m = /^smk_(free|starter)_/i.exec(key);
  return m ? m[1].toLowerCase() : 'pro';
}

function fieldMessage(e: FieldError): string | string[] {
  const field = e.missing ?? e.pointer.split('/').filter(Boolean).pop() ?? '';
  if (e.rule === 'body/required') return ['This field is required.'];
  if (e.rule === 'body/range' && e.limit !== undefined) return [`Ensure this value is less than or equal to ${e.limit}.`];
  if (field === 'color') return 'Invalid color. Use \'black\', \'white\', or hex like #RRGGBB.';
  if (e.rule === 'body/ssrf-url') return `refusing to fetch the URL: resolves to private/internal IP (${e.message})`;
  return [e.message];
}

function bodyHash(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * QR Studio under `/qrstudio`: `X-Api-Key` (`smk_…`; plan from the key, see `planOfKey`) or a JWT in
 * `Authorization`; `POST /api/v1/generate/` renders a PNG, `POST /api/v1/generate/bulk/` (mock path;
 * the page does not name it) takes an array and answers 422 `{errors:{index:msg}, rendered_before_failure}`;
 * keys, dynamic QR codes (free plan: one destination edit, then 402) and webhooks under `/api/v1/`;
 * `GET /q/{short_id}/` answers 302 to the destination. Plan gates 403, monthly quota 429 without
 * Retry-After (free: 5 renders), rate limit 429 with Retry-After, Idempotency-Key replay and 409
 * mismatch, 426 for plain HTTP on `/api/*` (`X-Forwarded-Proto: http`, or the server's `plainHttp`).
 */
export function qrstudioApi(): MockApi {
  const idem = new Map<string, { hash: string; reply: MockReply }>();
  const renders = new Map<string, number>();
  const keys = new Map<string, Record<string, unknown>>();
  const dynamic = new Map<string, Record<string, unknown> & { edits: number; destination: string }>();
  const hooks = new Map<string, Record<string, unknown>>();
  return {
    id: ID,
    title: 'QR Studio API',
    reset() {
      idem.clear();
      renders.clear();
      keys.clear();
      dynamic.clear();
      hooks.clear();
    },
    handle(req: MockRequest, ctx: MockContext): MockReply {
      const seg = segments(req.path);
      if (seg[0] === 'q' && seg.length === 2 && (req.method === 'GET' || req.method === 'HEAD')) {
        const d = dynamic.get(seg[1]);
        if (!d) return { status: 404, json: { detail: 'Not found.' } };
        return { status: 302, headers: { location: d.destination } };
      }
      if (seg[0] !== 'api') return { status: 404, json: { detail: 'Not found.' } };
      if (req.plainHttp) return { status: 426, headers: { upgrade: 'TLS/1.2, HTTP/1.1' }, json: { detail: 'Plain HTTP is not allowed on /api/*. Use https://.' } };
      const apiKey = header(req, 'x-api-key');
      const jwt = header(req, 'authorization')?.replace(/^bearer\s+/i, '');
      let key: string;
      if (apiKey !== undefined) {
        if (!apiKey.startsWith('smk_') || badKey(apiKey)) return { status: 401, json: { detail: 'Invalid or revoked API key.' } };
        key = apiKey;
      } else if (jwt && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(jwt) && !badKey(jwt)) {
        key = `jwt:${jwt}`;
      } else {
        return { status: 401, json: { detail: 'Invalid or revoked API key.' } };
      }
      const plan = key.startsWith('jwt:') ? 'pro' : planOfKey(key);
      const limited = throttle(ID, req, ctx, `${ID}:${plan}`, key, { requests: PLAN_RPM[plan] ?? 300, windowMs: 60_000 });
      if (limited) return limited;
      if (req.jsonError) return { status: 400, json: { detail: `JSON parse error - ${req.jsonError}` } };

      const idemKey = req.method === 'POST' ? header(req, 'idempotency-key') : undefined;
      if (idemKey) {
        const seen = idem.get(`${key}|${idemKey}`);
        if (seen) {
          if (seen.hash !== bodyHash(req.raw)) return { status: 409, json: { detail: 'Idempotency-Key was already used with a different request body.' } };
          return { ...seen.reply, headers: { ...seen.reply.headers, 'idempotent-replayed': 'true' } };
        }
      }
      const reply = route(req, seg.slice(2), key, plan);
      if (idemKey && reply.status < 500) idem.set(`${key}|${idemKey}`, { hash: bodyHash(req.raw), reply });
      return reply;
    },
  };

  function quotaLeft(key: string, plan: string): number {
    const quota = profile(ID).plans[plan]?.monthlyQuota;
    if (quota === undefined) return Infinity;
    const month = new Date().toISOString().slice(0, 7);
    return quota - (renders.get(`${key}|${month}`) ?? 0);
  }

  function countRenders(key: string, n: number): void {
    const k = `${key}|${new Date().toISOString().slice(0, 7)}`;
    renders.set(k, (renders.get(k) ?? 0) + n);
  }

  function quotaExceeded(plan: string): MockReply {
    return { status: 429, json: { detail: `Monthly quota of ${profile(ID).plans[plan]?.monthlyQuota} exceeded for plan '${plan}'.` } };
  }

  function planGate(plan: string, errors: FieldError[]): MockReply | null {
    const gate = errors.find((e) => e.keyword === 'planGate' || e.keyword === 'planCap');
    if (!gate) return null;
    const p = profile(ID).plans[plan];
    const cap = p?.caps.find((c) => gate.pointer.endsWith(c.pointer));
    const unavailable = p?.unavailable.find((u) => (u.pointers ?? []).some((ptr) => gate.pointer.endsWith(ptr)) || (gate.pointer === '' && u.endpoints?.length));
    return { status: 403, json: { detail: cap?.message ?? unavailable?.message ?? 'Plan gate.' } };
  }

  function route(req: MockRequest, rest: string[], key: string, plan: string): MockReply {
    const [res, id, sub] = rest;
    const notFound: MockReply = { status: 404, json: { detail: 'Not found.' } };
    if (res === 'generate' && id === undefined && req.method === 'POST') {
      const errors = validate(ID, 'generate', req.json ?? {}, plan);
      const hard = errors.filter((e) => e.keyword !== 'planGate' && e.keyword !== 'planCap');
      if (hard.length) return { status: 400, json: Object.fromEntries(hard.map((e) => [e.missing ?? e.pointer.split('/').filter(Boolean)[0] ?? 'detail', fieldMessage(e)])) };
      const gated = planGate(plan, errors);
      if (gated) return gated;
      if (quotaLeft(key, plan) <= 0) return quotaExceeded(plan);
      countRenders(key, 1);
      return { status: 200, headers: { 'content-type': 'image/png' }, bytes: PNG };
    }
    if (res === 'generate' && id === 'bulk' && sub === undefined && req.method === 'POST') {
      if (!Array.isArray(req.json)) return { status: 400, json: { detail: 'Expected a JSON array of generate requests.' } };
      const items = req.json;
      const errors = validate(ID, 'bulk', items, plan);
      if (errors.some((e) => e.keyword === 'planGate' && e.pointer === '')) return planGate(plan, errors.filter((e) => e.pointer === ''))!;
      const byIndex: Record<string, string> = {};
      for (const e of errors) {
        if (e.index === undefined || byIndex[e.index] !== undefined) continue;
        const field = e.missing ?? e.pointer.split('/').filter(Boolean).slice(1).join('.');
        byIndex[e.index] = e.keyword === 'planCap' && e.limit !== undefined ? `${field} > plan max (${e.limit})` : e.rule === 'body/required' ? `${field} is required.` : e.message;
      }
      const failed = Object.keys(byIndex).map(Number);
      if (failed.length) {
        const last = Math.max(...failed);
        return { status: 422, json: { errors: byIndex, rendered_before_failure: last - failed.filter((i) => i < last).length } };
      }
      if (quotaLeft(key, plan) < items.length) return quotaExceeded(plan);
      countRenders(key, items.length);
      return { status: 200, json: { count: items.length, results: items.map((_, index) => ({ index, id: `r_${hex(10)}`, content_type: 'image/png' })) } };
    }
    if (res === 'keys') return crud(keys, req, id, sub, () => ({ id: hex(8), key: `smk_${hex(32)}`, created: isoNow() }));
    if (res === 'webhooks') {
      return crud(hooks, req, id, sub, (body) => ({ id: hex(8), url: body.url ?? null, events: body.events ?? [], created: isoNow() }));
    }
    if (res === 'dynamic') {
      if (id === undefined && req.method === 'POST') {
        const body = (req.json ?? {}) as Record<string, unknown>;
        const destination = body.destination ?? body.data ?? body.url;
        if (typeof destination !== 'string' || !/^https?:\/\//.test(destination)) return { status: 400, json: { destination: ['Enter a valid URL.'] } };
        const short = hex(8);
        const rec = { short_id: short, destination, scan_url: `${req.base}/q/${short}/`, edits: 0, created: isoNow() };
        dynamic.set(short, rec);
        return { status: 201, json: rec };
      }
      const d = id ? dynamic.get(id) : undefined;
      if (!d || sub !== undefined) return notFound;
      if (req.method === 'GET') return { status: 200, json: d };
      if (req.method === 'DELETE') {
        dynamic.delete(id);
        return { status: 204 };
      }
      if (req.method === 'PATCH' || req.method === 'PUT') {
        const body = (req.json ?? {}) as Record<string, unknown>;
        const destination = body.destination ?? body.data ?? body.url;
        if (typeof destination !== 'string' || !/^https?:\/\//.test(destination)) return { status: 400, json: { destination: ['Enter a valid URL.'] } };
        if (plan === 'free' && d.edits >= 1) {
          return { status: 402, json: { detail: `Plan 'free' allows 1 destination edit per dynamic QR. This QR has been edited ${d.edits} time(s) already. Upgrade to Starter ($7/mo) or higher for unlimited edits, or buy a credit pack.` } };
        }
        d.destination = destination;
        d.edits++;
        return { status: 200, json: d };
      }
    }
    return notFound;
  }
}

function crud(store: Map<string, Record<string, unknown>>, req: MockRequest, id: string | undefined, sub: string | undefined, make: (body: Record<string, unknown>) => Record<string, unknown>): MockReply {
  if (sub !== undefined) return { status: 404, json: { detail: 'Not found.' } };
  if (id === undefined) {
    if (req.method === 'POST') {
      const rec = make((req.json ?? {}) as Record<string, unknown>);
      store.set(String(rec.id), rec);
      return { status: 201, json: rec };
    }
    if (req.method === 'GET') return { status: 200, json: [...store.values()] };
    return { status: 405, json: { detail: `Method "${req.method}" not allowed.` } };
  }
  const rec = store.get(id);
  if (!rec) return { status: 404, json: { detail: 'Not found.' } };
  if (req.method === 'GET') return { status: 200, json: rec };
  if (req.method === 'DELETE') {
    store.delete(id);
    return { status: 204 };
  }
  return { status: 405, json: { detail: `Method "${req.method}" not allowed.` } };
}
