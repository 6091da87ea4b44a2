import { classifierProfileFrom } from '../classify/from-profile';
import { classifyError, classifyResponse } from '../classify/classify';
import { profileForUrl, type ConfiguredBaseUrl } from '../classify/known-apis';
import type { Classification, ClassifierProfile } from '../classify/types';
import { decideRetry, type RandomSource } from '../retry/decide';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../retry/policy';
import { documentedResponse, errorModelName } from '../openapi/responses';
import { matchProfile, type MatchConfig } from '../profiles/match';
import type { Profile, ProfileEndpoint } from '../profiles/types';
import type { RateLimit } from './rate-limit';
import type { Classifier, RetryContext, RetryDecision } from './send';
import type { PreparedRequest, SendError } from './types';

/** What the matched API profile means for sending one request. */
export interface SendPlan {
  profile: Profile | null;
  endpoint: ProfileEndpoint | null;
  classifierProfile: ClassifierProfile | null;
  retryPolicy: RetryPolicy;
  /** The documented client-side budget for this request, with the key it is counted under; null when none is documented. */
  rateLimit: { key: string; limit: RateLimit; label: string } | null;
  /** Header to add a generated key under (the endpoint honours `Idempotency-Key`), else null. */
  idempotencyKeyHeader: string | null;
}

function header(prepared: PreparedRequest, name: string | null | undefined): string | undefined {
  if (!name) return undefined;
  const n = name.toLowerCase();
  return prepared.headers.find(([k]) => k.toLowerCase() === n)?.[1];
}

const configuredCache = new WeakMap<MatchConfig, ConfiguredBaseUrl[]>();

/** The config's base URLs as (profile, base URL) pairs, worked out once per config. */
function configuredBaseUrls(config: MatchConfig | null): ConfiguredBaseUrl[] {
  if (!config) return [];
  let list = configuredCache.get(config);
  if (!list) {
    list = Object.entries(config.baseUrls ?? {}).flatMap(([profile, urls]) => urls.map((baseUrl) => ({ profile, baseUrl })));
    configuredCache.set(config, list);
  }
  return list;
}

/**
 * Matches a prepared request to an API profile (documented hosts and the config's `baseUrls`) and
 * derives the classifier profile, retry policy, documented rate limit and idempotency header.
 */
export function planFor(prepared: PreparedRequest, profiles: readonly Profile[], config: MatchConfig | null): SendPlan {
  const m = matchProfile(prepared.url, profiles, config, prepared.method);
  if (!m) {
    const known = profileForUrl(prepared.url, configuredBaseUrls(config));
    return { profile: null, endpoint: null, classifierProfile: known, retryPolicy: known?.retry ?? DEFAULT_RETRY_POLICY, rateLimit: null, idempotencyKeyHeader: null };
  }
  const { profile, endpoint } = m;
  let cp: ClassifierProfile | null = null;
  try {
    cp = classifierProfileFrom(profile);
  } catch {
    cp = null;
  }
  let rateLimit: SendPlan['rateLimit'] = null;
  for (const rl of profile.rateLimits) {
    if (rl.limit === null || rl.windowSeconds === null) continue;
    if (rl.endpoints.length && !(endpoint && rl.endpoints.includes(endpoint.id))) continue;
    const scope = rl.scope === 'api-key' ? `key:${header(prepared, profile.auth.header) ?? ''}` : rl.scope;
    rateLimit = {
      key: `${profile.id}|${rl.endpoints.join(',') || '*'}|${scope}`,
      limit: { requests: rl.limit, windowMs: rl.windowSeconds * 1000 },
      label: `${profile.title}: ${rl.limit} requests per ${rl.windowSeconds} s ${rl.scope === 'ip' ? 'per IP address' : rl.scope === 'api-key' ? 'per API key' : `per ${rl.scope}`}`,
    };
    break;
  }
  const idem = profile.idempotency && endpoint && (endpoint as ProfileEndpoint & { idempotency?: boolean }).idempotency ? profile.idempotency.header : null;
  return { profile, endpoint, classifierProfile: cp, retryPolicy: cp?.retry ?? DEFAULT_RETRY_POLICY, rateLimit, idempotencyKeyHeader: idem };
}

/** An error-like object the classifier recognises (code / name) for a transport failure. */
export function sendErrorAsCause(e: SendError): { code?: string; name?: string; message: string } {
  switch (e.code) {
    case 'timeout':
      return { name: 'TimeoutError', code: 'UND_ERR_HEADERS_TIMEOUT', message: e.message };
    case 'connect-timeout':
      return { name: 'ConnectTimeoutError', code: 'UND_ERR_CONNECT_TIMEOUT', message: e.message };
    case 'aborted':
      return { name: 'AbortError', code: 'UND_ERR_ABORTED', message: e.message };
    case 'connection-refused':
      return { code: 'ECONNREFUSED', message: e.message };
    case 'connection-reset':
      return { code: e.cause ?? 'ECONNRESET', message: e.message };
    default:
      return { code: e.cause ?? undefined, message: e.message };
  }
}

/** A classification plus the error model the API's OpenAPI document names for the answer, when it names one. */
export type SendClassification = Classification & {
  /** E.g. `ValidationError (422 Validation failed)`; null without an OpenAPI-documented response for the status. */
  errorModel: string | null;
};

/** The documented error model of an error answer from an OpenAPI-derived endpoint, else null. */
function errorModelFor(status: number, documented: Pick<SendPlan, 'profile' | 'endpoint'> | null | undefined): string | null {
  if (status < 400 || !documented?.endpoint || !documentedResponse(documented.endpoint, status)) return null;
  return errorModelName(documented.profile, documented.endpoint, status);
}

/**
 * A classifier over `classifyResponse` / `classifyError` with a fixed profile (null: body shape only).
 * With the plan's profile and endpoint, error answers also carry the OpenAPI-documented `errorModel`.
 */
export function makeClassifier(profile: ClassifierProfile | null, timeoutMs?: number | null, documented?: Pick<SendPlan, 'profile' | 'endpoint'> | null): Classifier<SendClassification> {
  return {
    response: (input) => {
      const c = classifyResponse({
        status: input.status,
        headers: input.headers,
        body: input.body,
        request: { method: input.method, url: input.url },
        profile,
      });
      const errorModel = errorModelFor(input.status, documented);
      // `c` is a fresh object: extending it in place saves a copy of every field per answer.
      const out = c as SendClassification;
      out.errorModel = errorModel;
      // The advice names the documented model so the reader knows which schema the body follows.
      if (errorModel) out.advice = `${c.advice} The API documents this answer as ${errorModel}.`;
      return out;
    },
    error: (error, url, method) => ({ ...classifyError(sendErrorAsCause(error), { request: { method, url }, profile, ...(timeoutMs ? { timeoutMs } : {}) }), errorModel: null }),
  };
}

/** A retry decider over `decideRetry` with the profile's policy; `random` is injectable for tests. */
export function makeRetry(policy: RetryPolicy, random?: RandomSource): (ctx: RetryContext<Classification>) => RetryDecision {
  return (ctx) => {
    if (!ctx.classification) return { retry: false, delayMs: 0, reason: 'no classification' };
    if (ctx.error?.code === 'aborted' || ctx.error?.code === 'body-file' || ctx.error?.code === 'invalid-url' || ctx.error?.code === 'redirect-private') return { retry: false, delayMs: 0, reason: ctx.error.message };
    const d = decideRetry(ctx.attempt, ctx.classification, policy, random);
    return d.retry ? { retry: true, delayMs: d.delayMs, reason: d.reason } : { retry: false, delayMs: 0, reason: d.reason };
  };
}
