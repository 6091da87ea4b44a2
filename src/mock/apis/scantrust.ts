import { drfErrors, validate, type FieldErrorLike } from '../validation';
import type { MockApi, MockReply, MockRequest } from '../types';
import { badKey, header, isoNow, segments, throttle } from './common';

const ID = 'scantrust';

function scantrustMessage(e: FieldErrorLike): string {
  const field = e.missing ?? e.pointer.split('/').filter(Boolean)[0] ?? 'value';
  const label = field.charAt(0).toUpperCase() + field.slice(1);
  if (e.rule === 'body/required') return `${label} is required.`;
  if (e.rule === 'body/length' && field === 'name') return 'Description must be at least 10 characters';
  if (e.rule === 'body/blank') return `${label} may not be blank.`;
  return e.message;
}

/**
 * Scantrust under `/scantrust`: products at any path ending `/products` (e.g.
 * `/scantrust/api/v2/products/`), DRF field errors (`brand` required, `name` at least 10
 * characters, `sku` unique), 301 from a GET path without its trailing slash, 302 from
 * `/scan/{id}` to the product, known errors `{error_code, error_message}` on 409 (ask with
 * `X-Mock-Status: 409` or `406`). The page names no auth header; the mock wants `Authorization`.
 * Mock budget: 120 requests per minute per token.
 */
export function scantrustApi(): MockApi {
  let nextId = 1;
  const products = new Map<string, Record<string, unknown>>();
  return {
    id: ID,
    title: 'Scantrust API',
    reset() {
      products.clear();
      nextId = 1;
    },
    handle(req: MockRequest, ctx): MockReply {
      const token = header(req, 'authorization');
      if (!token) return { status: 401, json: { detail: 'Authentication credentials were not provided.' } };
      if (badKey(token)) return { status: 401, json: { detail: 'Invalid token.' } };
      const limited = throttle(ID, req, ctx, ID, token, { requests: 120, windowMs: 60_000 });
      if (limited) return limited;
      const seg = segments(req.path);
      if (req.method === 'GET' && seg[0] === 'scan' && seg.length === 2) {
        const p = products.get(seg[1]);
        if (!p) return { status: 404, json: { detail: 'Not found.' } };
        return { status: 302, headers: { location: `${req.base}/api/v2/products/${seg[1]}/` } };
      }
      if (req.method === 'GET' && !req.path.endsWith('/')) {
        const q = req.query.toString();
        return { status: 301, headers: { location: `${req.base}${req.path}/${q ? `?${q}` : ''}` } };
      }
      if (req.jsonError) return { status: 400, json: { detail: `JSON parse error - ${req.jsonError}` } };
      const at = seg.lastIndexOf('products');
      if (at < 0 || seg.length > at + 2) return { status: 404, json: { detail: 'Not found.' } };
      const id = seg[at + 1];
      if (id === undefined) {
        if (req.method === 'GET') return { status: 200, json: { count: products.size, next: null, previous: null, results: [...products.values()] } };
        if (req.method !== 'POST') return { status: 405, json: { detail: `Method "${req.method}" not allowed.` } };
        const body = (req.json ?? {}) as Record<string, unknown>;
        const errors = drfErrors(validate(ID, 'product-create', body), scantrustMessage);
        if (typeof body.sku === 'string' && [...products.values()].some((p) => p.sku === body.sku)) (errors.sku ??= []).push('SKU must be unique');
        if (Object.keys(errors).length) return { status: 400, json: errors };
        const rec = { ...body, id: nextId++, created: isoNow() };
        products.set(String(rec.id), rec);
        return { status: 201, json: rec };
      }
      const p = products.get(id);
      if (!p) return { status: 404, json: { detail: 'Not found.' } };
      if (req.method === 'GET') return { status: 200, json: p };
      if (req.method === 'DELETE') {
        products.delete(id);
        return { status: 204 };
      }
      if (req.method === 'PUT' || req.method === 'PATCH') {
        const errors = drfErrors(validate(ID, req.method === 'PUT' ? 'product-update' : 'product-patch', req.json ?? {}), scantrustMessage);
        if (Object.keys(errors).length) return { status: 400, json: errors };
        Object.assign(p, req.json);
        return { status: 200, json: p };
      }
      return { status: 405, json: { detail: `Method "${req.method}" not allowed.` } };
    },
  };
}
