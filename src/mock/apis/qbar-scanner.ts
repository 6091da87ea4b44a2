import { qbarError } from '../faults';
import { fieldPath, validate } from '../validation';
import type { MockApi, MockReply } from '../types';
import { badKey, header, hex, isoNow, segments, throttle } from './common';

const ID = 'qbar-scanner';

/** The key of a QBar request: its page names no header, so the mock takes `X-API-Key` or `Authorization`. */
function keyOf(req: Parameters<MockApi['handle']>[0]): string | undefined {
  return header(req, 'x-api-key') ?? header(req, 'authorization')?.replace(/^bearer\s+/i, '');
}

function fieldMessage(field: string, rule: string, message: string): string {
  if (rule === 'body/required') return `${field === 'url' ? 'URL' : field} is required`;
  if (field === 'url' && rule === 'body/format') return 'URL must start with http:// or https://';
  return message;
}

/**
 * QBar Scanner API under `/qbar-scanner`: `{ error: { code, message, fields }, request_id }` errors;
 * any POST creates QR codes (a JSON array is a bulk create with `created` / `errors[index]` /
 * `summary`). Paths are not documented, so the mock answers `POST /qr` (and any POST), `GET /qr`,
 * `GET|DELETE /qr/{id}`. Mock budget: 120 requests per minute per key.
 */
export function qbarScannerApi(): MockApi {
  const items = new Map<string, Record<string, unknown>>();
  return {
    id: ID,
    title: 'QBar Scanner Developer API',
    reset() {
      items.clear();
    },
    handle(req, ctx): MockReply {
      const key = keyOf(req);
      if (!key || badKey(key)) return qbarError(401, req);
      const limited = throttle(ID, req, ctx, ID, key, { requests: 120, windowMs: 60_000 });
      if (limited) return limited;
      if (req.jsonError) return qbarError(400, req, undefined, 'INVALID_JSON', `Request body is not valid JSON: ${req.jsonError}`);
      const seg = segments(req.path);
      if (req.method === 'POST') {
        const body = req.json ?? {};
        const errors = validate(ID, 'qr-create', body);
        const toFields = (list: typeof errors) => list.map((e) => {
          const path = fieldPath(e);
          const field = (Array.isArray(body) ? path.slice(1) : path).join('.') || 'body';
          return { field, message: fieldMessage(field, e.rule, e.message) };
        });
        if (Array.isArray(body)) {
          const created: unknown[] = [];
          const failed: Array<{ index: number; errors: Array<{ field: string; message: string }> }> = [];
          body.forEach((item, index) => {
            const own = errors.filter((e) => e.index === index);
            if (own.length) failed.push({ index, errors: toFields(own) });
            else created.push(store(item));
          });
          return {
            status: created.length ? 201 : 400,
            json: { created, errors: failed, summary: { total_submitted: body.length, total_created: created.length, total_failed: failed.length }, request_id: req.requestId },
          };
        }
        if (errors.length) return qbarError(400, req, toFields(errors));
        return { status: 201, json: { ...store(body), request_id: req.requestId } };
      }
      if (req.method === 'GET' && seg.length <= 1) return { status: 200, json: { items: [...items.values()], request_id: req.requestId } };
      const item = items.get(seg[seg.length - 1]);
      if (!item) return qbarError(404, req);
      if (req.method === 'GET') return { status: 200, json: { ...item, request_id: req.requestId } };
      if (req.method === 'DELETE') {
        items.delete(String(item.id));
        return { status: 204 };
      }
      return qbarError(404, req);
    },
  };

  function store(item: unknown): Record<string, unknown> {
    const rec = { ...(item as Record<string, unknown>), id: `qr_${hex(12)}`, created_at: isoNow() };
    items.set(rec.id, rec);
    return rec;
  }
}
