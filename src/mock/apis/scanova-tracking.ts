import { randomUUID } from 'node:crypto';
import { fieldPath, validate } from '../validation';
import type { MockApi, MockReply, MockRequest } from '../types';
import { badKey, header, throttle } from './common';

const ID = 'scanova-tracking';

const ENDPOINTS: Record<string, { id: string; server: boolean; batch: boolean }> = {
  '/ct': { id: 'browser-event', server: false, batch: false },
  '/collect/batch': { id: 'browser-events-batch', server: false, batch: true },
  '/server-events': { id: 'server-event', server: true, batch: false },
  '/server-events/batch': { id: 'server-events-batch', server: true, batch: true },
};

function fastapiType(rule: string): string {
  if (rule === 'body/required') return 'value_error.missing';
  if (rule === 'body/too-large') return 'value_error.too_large';
  if (rule === 'body/pii-email') return 'value_error.pii';
  return 'value_error';
}

function siteIdOf(json: unknown): string | null {
  const pick = (o: unknown): string | null => (o && typeof o === 'object' && typeof (o as Record<string, unknown>).site_id === 'string' ? ((o as Record<string, unknown>).site_id as string) : null);
  if (Array.isArray(json)) return json.map(pick).find((s) => s !== null) ?? null;
  const events = json && typeof json === 'object' ? (json as Record<string, unknown>).events : undefined;
  return pick(json) ?? (Array.isArray(events) ? (events.map(pick).find((s) => s !== null) ?? null) : null);
}

/**
 * Scanova tracking under `/scanova-tracking`: browser events (`POST /ct`, `/collect/batch`, 100 per
 * minute per IP, no key) and server events (`POST /server-events`, `/server-events/batch`, 1,000 per
 * minute per `X-API-Key`). 401 without the key, 403 for a revoked key, 400 for a `site_id` starting
 * `inactive`, 413 past the body size cap, FastAPI 422 `detail[{loc,msg,type}]` for field problems.
 */
export function scanovaTrackingApi(): MockApi {
  return {
    id: ID,
    title: 'Scanova tracking (scan events)',
    reset() {},
    handle(req: MockRequest, ctx): MockReply {
      const ep = ENDPOINTS[req.path.replace(/\/+$/, '') || '/'];
      if (!ep) return { status: 404, json: { detail: 'Not Found' } };
      if (req.method !== 'POST') return { status: 405, json: { detail: 'Method Not Allowed' } };
      if (ep.server) {
        const key = header(req, 'x-api-key');
        if (!key) return { status: 401, json: { detail: 'Missing X-API-Key header' } };
        if (badKey(key)) return { status: 403, json: { detail: 'Invalid or revoked API key' } };
        const limited = throttle(ID, req, ctx, `${ID}:server`, key, { requests: 1000, windowMs: 60_000 });
        if (limited) return limited;
      } else {
        const limited = throttle(ID, req, ctx, `${ID}:browser`, req.ip, { requests: 100, windowMs: 60_000 });
        if (limited) return limited;
      }
      if (req.jsonError || req.json === undefined) {
        return { status: 422, json: { detail: [{ loc: ['body'], msg: req.jsonError ? `Expecting value: ${req.jsonError}` : 'field required', type: req.jsonError ? 'value_error.jsondecode' : 'value_error.missing' }] } };
      }
      const site = siteIdOf(req.json);
      if (site !== null && /^inactive/i.test(site)) return { status: 400, json: { detail: 'site_id not found or inactive' } };
      const errors = validate(ID, ep.id, req.json);
      if (errors.length) {
        return {
          status: 422,
          json: {
            detail: errors.map((e) => ({
              loc: ['body', ...fieldPath(e).map((t) => (/^\d+$/.test(t) ? Number(t) : t))],
              msg: e.rule === 'body/required' ? 'field required' : e.message,
              type: fastapiType(e.rule),
            })),
          },
        };
      }
      if (ep.batch) {
        const list = Array.isArray(req.json) ? req.json : ((req.json as Record<string, unknown>).events as unknown[] | undefined) ?? [];
        return { status: 200, json: { status: 'accepted', accepted: list.length, event_ids: list.map(() => randomUUID()) } };
      }
      return { status: 200, json: { status: 'accepted', event_id: randomUUID() } };
    },
  };
}
