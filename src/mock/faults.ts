import type { MockReply, MockRequest } from './types';

const QBAR_CODES: Record<number, [string, string]> = {
  400: ['VALIDATION_ERROR', 'Invalid input'],
  401: ['UNAUTHORIZED', 'Missing or invalid API key'],
  403: ['FORBIDDEN', 'Not allowed'],
  404: ['NOT_FOUND', 'QR code not found or not owned by you'],
  409: ['CONFLICT', 'API key already exists'],
  413: ['PAYLOAD_TOO_LARGE', 'Request body too large'],
  429: ['RATE_LIMITED', 'Rate limit exceeded'],
};

/** A QBar error envelope `{ error: { code, message[, fields] }, request_id }`. */
export function qbarError(status: number, req: MockRequest, fields?: Array<{ field: string; message: string }>, code?: string, message?: string): MockReply {
  const [c, m] = QBAR_CODES[status] ?? ['SERVER_ERROR', 'Internal error — contact support'];
  return { status, json: { error: { code: code ?? c, message: message ?? m, ...(fields ? { fields } : {}) }, request_id: req.requestId } };
}

const DETAIL: Record<string, Record<number, string>> = {
  'scanova-management': {
    400: 'Invalid request.',
    401: 'Authentication credentials were not provided.',
    403: 'You do not have permission to perform this action.',
    404: 'Not found.',
    500: 'An error occurred while processing your request. Please try again later.',
  },
  'scanova-tracking': {
    400: 'site_id not found or inactive',
    401: 'Missing X-API-Key header',
    403: 'Invalid API key',
    413: 'Payload too large',
    500: 'Internal server error',
  },
  scantrust: {
    400: 'Invalid input.',
    401: 'Authentication credentials were not provided.',
    403: 'You do not have permission to perform this action.',
    404: 'Not found.',
    500: 'A server error occurred.',
  },
  qrstudio: {
    400: 'Bad request.',
    401: 'Invalid or revoked API key.',
    402: "Plan 'free' allows 1 destination edit per dynamic QR. This QR has been edited 1 time(s) already. Upgrade to Starter ($7/mo) or higher for unlimited edits, or buy a credit pack.",
    403: "Plan 'free' doesn't include bulk generation. Upgrade to Starter or higher.",
    404: 'Not found.',
    409: 'Idempotency-Key was already used with a different request body.',
    426: 'Plain HTTP is not allowed on /api/*. Use https://.',
    500: 'Render engine failure. Retry once or contact support.',
    503: 'Service unavailable: maintenance or overload. See the status page.',
  },
};

/** A 429 in the API's own shape, with `Retry-After` (whole seconds, at least 1 unless `seconds` is 0). */
export function rateLimited(apiId: string, req: MockRequest, seconds: number): MockReply {
  const headers = { 'retry-after': String(seconds) };
  switch (apiId) {
    case 'qbar-scanner':
      return { ...qbarError(429, req), headers };
    case 'scanova-tracking':
      return { status: 429, headers, json: { detail: 'Rate limit exceeded' } };
    case 'qrstudio':
      return { status: 429, headers, json: { detail: `Request was throttled. Retry after ${seconds} seconds.` } };
    default:
      return { status: 429, headers, json: { detail: `Request was throttled. Expected available in ${seconds} seconds.` } };
  }
}

/**
 * The answer an API gives with `status`, in its documented shape: what `X-Mock-Status` asks for.
 * `retryAfter` (seconds or an HTTP date, as written) becomes the `Retry-After` header.
 */
export function faultReply(apiId: string, status: number, req: MockRequest, retryAfter: string | undefined): MockReply {
  let reply: MockReply;
  if (status === 429) {
    reply = rateLimited(apiId, req, retryAfter !== undefined && /^\d+$/.test(retryAfter) ? Number(retryAfter) : 1);
  } else if (apiId === 'qbar-scanner') {
    reply = qbarError(status, req);
  } else if (apiId === 'scantrust' && (status === 406 || status === 409)) {
    reply = { status, json: { error_code: '8000', error_message: 'SQL Timeout' } };
  } else if (apiId === 'scanova-tracking' && status === 422) {
    reply = { status, json: { detail: [{ loc: ['body', 'scan_session_id'], msg: 'field required', type: 'value_error.missing' }] } };
  } else if (apiId === 'qrstudio' && status === 422) {
    reply = { status, json: { errors: { '0': 'Invalid item.' }, rendered_before_failure: 0 } };
  } else {
    const detail = DETAIL[apiId]?.[status] ?? (status >= 500 ? 'Server error.' : 'Request failed.');
    reply = { status, json: { detail } };
  }
  if (retryAfter !== undefined) reply.headers = { ...reply.headers, 'retry-after': retryAfter };
  return reply;
}
