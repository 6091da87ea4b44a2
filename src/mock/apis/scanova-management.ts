import { drfErrors, validate } from '../validation';
import type { MockApi, MockReply, MockRequest } from '../types';
import { badKey, header, hex, isoNow, segments, throttle } from './common';

const ID = 'scanova-management';

/**
 * Scanova management API under `/scanova-management`: raw key in `Authorization` (a `Bearer ` prefix
 * is refused), QR codes and lead lists, DRF field errors on 400, `detail` strings otherwise.
 * Mock budget: 120 requests per minute per key (the page documents a limit without its size).
 */
export function scanovaManagementApi(): MockApi {
  let nextId = 100;
  const qrs = new Map<string, Record<string, unknown>>();
  const leads = new Map<string, Record<string, unknown>>();
  return {
    id: ID,
    title: 'Scanova management API',
    reset() {
      qrs.clear();
      leads.clear();
      nextId = 100;
    },
    handle(req, ctx): MockReply {
      const key = header(req, 'authorization');
      if (!key) return { status: 401, json: { detail: 'Authentication credentials were not provided.' } };
      if (/^bearer\s/i.test(key) || badKey(key)) return { status: 401, json: { detail: 'Invalid API key.' } };
      const limited = throttle(ID, req, ctx, 'scanova-management', key, { requests: 120, windowMs: 60_000 });
      if (limited) return limited;
      if (req.jsonError) return { status: 400, json: { detail: `JSON parse error - ${req.jsonError}` } };
      const seg = segments(req.path);
      const notFound: MockReply = { status: 404, json: { detail: 'Not found.' } };
      if (seg[0] === 'qr' && seg.length === 1) {
        if (req.method === 'GET') return { status: 200, json: { count: qrs.size, next: null, previous: null, results: [...qrs.values()] } };
        if (req.method === 'POST') return createQr(req);
        return methodNotAllowed(req);
      }
      if (seg[0] === 'qr' && seg.length === 2) {
        const qr = qrs.get(seg[1]);
        if (!qr) return notFound;
        if (req.method === 'GET') return { status: 200, json: qr };
        if (req.method === 'DELETE') {
          qrs.delete(seg[1]);
          return { status: 204 };
        }
        if (req.method === 'PUT' || req.method === 'PATCH') {
          const errors = validate(ID, req.method === 'PUT' ? 'qr-update' : 'qr-patch', req.json ?? {});
          if (errors.length) return { status: 400, json: drfErrors(errors) };
          Object.assign(qr, req.json, { modified: isoNow() });
          return { status: 200, json: qr };
        }
        return methodNotAllowed(req);
      }
      if (seg[0] === 'lead' && seg.length === 1) {
        if (req.method === 'GET') return { status: 200, json: { count: leads.size, results: [...leads.values()] } };
        if (req.method === 'POST') {
          const body = (req.json ?? {}) as Record<string, unknown>;
          if (typeof body.name !== 'string' || !body.name.trim()) return { status: 400, json: { name: [body.name === undefined ? 'This field is required.' : 'This field may not be blank.'] } };
          const lead = { id: nextId++, name: body.name, created: isoNow() };
          leads.set(String(lead.id), lead);
          return { status: 201, json: lead };
        }
        return methodNotAllowed(req);
      }
      if (seg[0] === 'lead' && seg.length === 2 && req.method === 'DELETE') {
        return leads.delete(seg[1]) ? { status: 204 } : notFound;
      }
      if (seg[0] === 'analytics' && seg[1] === 'qr' && req.method === 'GET') {
        return { status: 200, json: { total_scans: 0, unique_scans: 0, results: [] } };
      }
      if (seg[0] === 'auth' && seg[1] === 'user' && req.method === 'POST') {
        return { status: 201, json: { id: 1, email: 'user@example.com', first_name: 'Demo', last_name: 'User' } };
      }
      if (seg[0] === 'multi-users' && seg.length === 2 && req.method === 'DELETE') return notFound;
      return notFound;

      function createQr(r: MockRequest): MockReply {
        const errors = validate(ID, 'qr-create', r.json ?? {});
        if (errors.length) return { status: 400, json: drfErrors(errors) };
        const body = r.json as Record<string, unknown>;
        const qrid = `Q${hex(16)}`;
        const now = isoNow();
        const qr = { id: nextId++, qrid, name: body.name, category: body.category, qr_type: body.qr_type, created: now, modified: now, dynamic_url: `https://scanova.io/qr/${qrid}` };
        qrs.set(qrid, qr);
        return { status: 201, json: qr };
      }
    },
  };
}

function methodNotAllowed(req: MockRequest): MockReply {
  return { status: 405, json: { detail: `Method "${req.method}" not allowed.` } };
}
