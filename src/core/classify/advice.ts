// Advice in the project's own words: one or two specific sentences about what to do next.
import { formatDuration } from '../text/format';
import { maxRetriesFor, type RetryPolicy } from '../retry/policy';
import type { Classification, ClassifierProfile } from './types';
import type { BulkInfo } from './shapes';

/** Everything advice may mention beyond the classification itself. */
export interface AdviceContext {
  c: Omit<Classification, 'advice'>;
  profile: ClassifierProfile | null;
  policy: RetryPolicy;
  bulk: BulkInfo | null;
  requestUrl: string | null;
  /** A Retry-After the classifier saw but does not count as a retry delay (quota answers). */
  ignoredRetryAfterMs: number | null;
  /** For network failures: the error code and what kind it is. */
  network?: { kind: NetworkKind; code: string | null; host: string | null; timeoutMs?: number };
}

/** What went wrong when there was no answer at all. */
export type NetworkKind = 'timeout' | 'reset' | 'refused' | 'dns' | 'dns-temporary' | 'tls' | 'aborted' | 'unreachable' | 'other';

/** Builds the advice sentence(s) for a classification; never empty. */
export function buildAdvice(ctx: AdviceContext): string {
  const { c, profile } = ctx;
  const quirk = (key: string | number | null): string | null => (key === null ? null : profile?.quirks.advice?.[String(key)] ?? null);
  const extra = quirk(c.status) ?? quirk(c.category);
  const withExtra = (base: string, allowExtra = true) => (allowExtra && extra ? `${base} ${extra}` : base);
  switch (c.category) {
    case 'success':
      return c.status === 304 ? 'Nothing to do: the cached copy is still current.' : 'Nothing to do: the API accepted the request.';
    case 'partial-success':
      return partialAdvice(ctx);
    case 'validation': {
      if (c.itemErrors.length) {
        const items = listIndices(c.itemErrors.map((e) => e.index));
        const rbf = ctx.bulk?.renderedBeforeFailure;
        const base = `Fix item${items.count === 1 ? '' : 's'} ${items.text} and send the whole batch again${rbf !== null && rbf !== undefined ? ` (the API stopped after rendering ${rbf})` : ''}.`;
        return base;
      }
      if (c.fieldErrors.length) {
        const fields = [...new Set(c.fieldErrors.map((f) => (f.pointer === '' ? '(body)' : f.pointer)))];
        const list = fields.length > 4 ? `${fields.slice(0, 4).join(', ')} and ${fields.length - 4} more` : fields.join(', ');
        // The API's general 422 note names fields this answer may not mention; the advice names only what this answer rejected.
        return `Fix ${list} and send again; the API rejected the request without processing it.`;
      }
      if (c.status === 405) return 'The endpoint does not accept this method; check the method against the API reference (the Allow header lists the accepted ones).';
      if (c.status === 406) return 'The API cannot answer in the format the Accept header asks for; accept application/json or drop the header.';
      if (c.status === 415) return 'The API does not accept this body format; send Content-Type: application/json with a JSON body.';
      return withExtra('The API rejected the request as invalid; fix what the message names and send again.');
    }
    case 'invalid-json':
      return 'The API could not parse the request body as JSON; fix the syntax (reqlint lint reports it as body/invalid-json) and send again.';
    case 'authentication': {
      if (extra) return extra;
      const header = profile?.quirks.authHeader;
      return header
        ? `The API did not accept the credential; send a valid, current key in the ${header} header.`
        : 'The API did not accept the credential or none was sent; check the key or token and the header that carries it.';
    }
    case 'permission':
      if (c.status === 451) return 'The API refuses this resource for legal reasons; a resend or another credential will not change that.';
      return extra ?? 'The credential is valid but may not do this; check the account role and that the resource belongs to this account.';
    case 'plan-limit':
      return planAdvice(ctx);
    case 'not-found':
      return withExtra('Nothing exists at this URL for this account; check the path and the id in it.');
    case 'conflict': {
      if (extra) return extra;
      if (/idempotency/i.test(c.message)) return 'This Idempotency-Key was already used with a different body; use a new key for a new body, or resend the original body with the old one.';
      if (c.shape === 'error-code' && c.code) return `The API reports its known error ${c.code}; handle that case in the client, since a plain resend fails the same way.`;
      return 'The request conflicts with the current state of the resource; resolve the conflict before sending again, since a plain resend fails the same way.';
    }
    case 'payload-too-large':
      if (c.status === 414) return 'The URL is too long for the API; move the long parameters into the request body.';
      if (c.status === 431) return 'The request headers are too large; drop unneeded headers or shorten cookies and tokens.';
      return extra ?? 'The request body is larger than the API accepts; shrink it or split it into smaller requests.';
    case 'https-required': {
      const https = httpsVersion(ctx.requestUrl);
      return extra && !https ? extra : `The API refuses plain HTTP; send the request to ${https ?? 'the https:// address'} instead.`;
    }
    case 'rate-limited':
      return rateAdvice(ctx, extra);
    case 'server':
      return serverAdvice(ctx, extra);
    case 'unavailable': {
      const wait = c.retryAfterMs === 0 ? 'now (the Retry-After time has passed)' : c.retryAfterMs !== null ? `after ${formatDuration(c.retryAfterMs)} (${sourceLabel(c.retryAfterSource)})` : 'later, with backoff';
      return `The API is temporarily unavailable (maintenance or overload); send again ${wait}.`;
    }
    case 'redirect': {
      if (!c.location) return 'The API answered with a redirect but no Location header; check the URL against the API reference.';
      if (c.status === 301 || c.status === 308) return `The resource moved permanently to ${c.location}; update the request URL.`;
      if (c.status === 303) return `The API points to ${c.location} for the result; fetch it with GET.`;
      return `The API redirects temporarily to ${c.location}; follow it, but keep the original URL in the request.`;
    }
    case 'network':
      return networkAdvice(ctx);
  }
}

function sourceLabel(s: Classification['retryAfterSource']): string {
  return s === 'header' ? 'Retry-After' : s === 'body' ? 'as the answer asks' : s === 'rate-limit-header' ? 'RateLimit-Reset' : 'estimate';
}

function listIndices(indices: number[]): { text: string; count: number } {
  const u = [...new Set(indices)].sort((a, b) => a - b);
  const text = u.length > 6 ? `${u.slice(0, 6).join(', ')} and ${u.length - 6} more` : u.join(', ');
  return { text, count: u.length };
}

function partialAdvice(ctx: AdviceContext): string {
  const { c, bulk } = ctx;
  const failed = listIndices(c.itemErrors.map((e) => e.index));
  if (c.shape === 'graphql') return 'Part of the query succeeded; the errors name the fields that failed, so fix those and query them again.';
  const created = bulk?.created ?? null;
  const done = created !== null ? `${created}${bulk?.total !== null && bulk?.total !== undefined ? ` of ${bulk.total}` : ''} ${created === 1 && !bulk?.total ? 'item was' : 'items were'} created` : 'Some items were accepted';
  return `${done}; fix item${failed.count === 1 ? '' : 's'} ${failed.text || '(unnamed)'} and send only ${failed.count === 1 ? 'that one' : 'those'} again, because resending the whole batch would create the others twice.`;
}

function planName(message: string): string | null {
  const m = /\bplan\s+['"“‘]([^'"”’]+)['"”’]/i.exec(message) ?? /['"“‘]([^'"”’]+)['"”’]\s+plan\b/i.exec(message) ?? /\b(free|starter|basic|pro|business|enterprise|team)\s+(?:plan|tier)\b/i.exec(message);
  return m ? m[1] : null;
}

function planAdvice(ctx: AdviceContext): string {
  const { c } = ctx;
  const plan = planName(c.message);
  const onPlan = plan ? ` on plan '${plan}'` : '';
  if (c.status === 402) return `This needs a paid plan or credits${plan ? ` (the account is on plan '${plan}')` : ''}; upgrade or buy credits, since resending will not change the answer.`;
  if (c.status === 429 || /quota|credits?/i.test(c.message)) {
    const monthly = /month/i.test(c.message);
    const daily = /\b(daily|per day|a day)\b/i.test(c.message);
    const when = monthly ? 'wait until the 1st' : daily ? 'wait for the daily reset' : ctx.ignoredRetryAfterMs !== null ? `wait ${formatDuration(ctx.ignoredRetryAfterMs)} (Retry-After)` : 'wait for the quota to reset';
    return `${monthly ? 'Monthly quota' : daily ? 'Daily quota' : 'Quota'} used up${onPlan}; retrying before the quota resets will fail again. Upgrade or ${when}.`;
  }
  return `The account's plan${plan ? ` ('${plan}')` : ''} does not allow this; keep the request within the plan's limits or upgrade, since resending will not change the answer.`;
}

function rateAdvice(ctx: AdviceContext, extra: string | null): string {
  const { c, policy } = ctx;
  if (!c.retryable) return extra ?? 'The API throttled the client and this API is not retried on 429; reduce the request rate before sending again.';
  if (c.retryAfterMs !== null) {
    const wait = `${formatDuration(c.retryAfterMs)} (${sourceLabel(c.retryAfterSource)})`;
    if (c.retryAfterMs > policy.maxRetryAfterMs) {
      return `Wait ${wait} before sending again; that is longer than the ${formatDuration(policy.maxRetryAfterMs)} an automatic retry waits, so reqlint will not retry it by itself.`;
    }
    return c.retryAfterMs === 0 ? 'The rate-limit window has already passed; send again now.' : `Wait ${wait} and send again.`;
  }
  const fallback = policy.rateLimitFallbackMs;
  const base = fallback !== null
    ? `Slow down: the answer names no wait, so wait ${formatDuration(fallback)} as the API's documentation suggests, then send again.`
    : `Slow down: the answer names no wait, so back off exponentially (from ${formatDuration(policy.baseDelayMs)}) and send again.`;
  return extra ? `${base} ${extra}` : base;
}

function serverAdvice(ctx: AdviceContext, extra: string | null): string {
  const { c, policy } = ctx;
  const rid = c.requestId ? ` (request id ${c.requestId})` : '';
  if (extra) return c.requestId && !/request id/i.test(extra) ? `${extra} Quote request id ${c.requestId}.` : extra;
  if (!c.retryable) return `The API failed on its side${rid}; this status is not worth retrying, so report it if it persists.`;
  const n = maxRetriesFor(policy, c.status);
  const wait = c.retryAfterMs === 0 ? 'now (the Retry-After time has passed)' : c.retryAfterMs !== null ? `after ${formatDuration(c.retryAfterMs)} (${sourceLabel(c.retryAfterSource)})` : `with exponential backoff from ${formatDuration(policy.baseDelayMs)}`;
  return `The API failed on its side; send again ${wait}, at most ${n} time${n === 1 ? '' : 's'}. If it keeps failing, report it${rid}.`;
}

function httpsVersion(url: string | null): string | null {
  if (!url || !/^http:\/\//i.test(url)) return null;
  try {
    const u = new URL(url);
    u.protocol = 'https:';
    if (u.port === '80') u.port = '';
    return u.toString();
  } catch {
    return null;
  }
}

function networkAdvice(ctx: AdviceContext): string {
  const n = ctx.network;
  const host = n?.host ?? 'the server';
  switch (n?.kind) {
    case 'timeout':
      return `No answer from ${host}${n.timeoutMs ? ` within ${formatDuration(n.timeoutMs)}` : ''}; send again with backoff, and raise the time-out if the endpoint is known to be slow.`;
    case 'reset':
      return `The connection to ${host} was dropped before the answer was complete; send again with backoff${ctx.c.retryable ? '' : ' once you know a resend is safe'}.`;
    case 'refused':
      return `Nothing accepts connections at ${host}; check the host and port in the URL, or start the server.`;
    case 'dns':
      return `The host name ${host} does not resolve; check its spelling and any {{variable}} that builds it.`;
    case 'dns-temporary':
      return `Name lookup for ${host} failed for now; check the network connection and send again.`;
    case 'tls':
      return `The TLS connection to ${host} failed (${n.code ?? 'certificate problem'}); check the certificate, or the scheme and port.`;
    case 'aborted':
      return 'The request was cancelled before an answer arrived; send it again when ready.';
    case 'unreachable':
      return `The network cannot reach ${host}; check the connection, VPN or proxy settings.`;
    default:
      return `The request to ${host} failed before an answer arrived${n?.code ? ` (${n.code})` : ''}; check the URL and the network, then send again.`;
  }
}
