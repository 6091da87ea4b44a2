// What an API's own error code says about the category, for the answers whose status does not
// (errors inside a 2xx, throttling codes in a 400 or 503). Codes come from the documented error
// lists of cloud, chat, payment and identity APIs; matching is on whole words of the code.
import type { ErrorCategory } from './types';

/** Codes that mean "too many requests, slow down" (AWS, Azure, Slack, Google, Shopify, Elasticsearch). */
const THROTTLE =
  /^(throttl(ed|ing)(exception)?|slowdown|requestlimitexceeded|toomanyrequests(exception)?|provisionedthroughputexceededexception|requestthrottled(exception)?|limitexceededexception|rate_?limit(ed|_exceeded|exceeded)?|ratelimited|rate_limit_error|resource_exhausted|es_rejected_execution_exception|too_many_requests|serverbusy|operationtimedout_throttled)$/i;

const BY_CODE: Array<[RegExp, ErrorCategory]> = [
  [/^(invalid_?json|malformed_?json|json_parse_error|serializationexception|malformedxml|malformedpolicydocument|invalid_json_body)$/i, 'invalid-json'],
  [/^(invalid_auth|not_authed|account_inactive|token_revoked|token_expired|invalid_token|unauthenticated|unauthorized|invalidaccesskeyid|signaturedoesnotmatch|expiredtoken(exception)?|invalidclienttokenid|authfailure|authenticationfailed|unrecognizedclientexception|incompletesignature|missingauthenticationtoken|invalid_client|invalid_grant|authentication_error|401)$/i, 'authentication'],
  [/^(missing_scope|not_allowed_token_type|no_permission|access_?denied(exception)?|accessdenied|forbidden|permission_denied|permission_error|authorizationfailed|authorizationpermissionmismatch|unauthorizedoperation|insufficientaccountpermissions|403)$/i, 'permission'],
  [/^([\w.]+_not_found|not_?found|nosuch\w+|resourcenotfound(exception)?|[\w.]+notfound(exception)?|not_found_error|404)$/i, 'not-found'],
  [/^(conflict|\w+alreadyexists(exception)?|already_exists|\w+_already_exists|bucketalreadyownedbyyou|conditionalcheckfailedexception|409)$/i, 'conflict'],
  [/^(entitytoolarge|request_too_large|requestentitytoolarge|payload_too_large|413)$/i, 'payload-too-large'],
  [/^(internal_?error|internalfailure|internalservererror|internal_server_error|api_error|fatal_error|internal|500)$/i, 'server'],
  [/^(service_?unavailable(exception)?|serviceunavailable|unavailable|overloaded_error|request_timeout|requesttimeout|gatewaytimeout|503|502|504)$/i, 'unavailable'],
  [/^(insufficient_quota|quota_exceeded|plan_limit|paid_only|plan_upgrade_required|402)$/i, 'plan-limit'],
];

/** True when the code names a throttling condition (retry later), whatever the status. */
export function isThrottleCode(code: string | null | undefined): boolean {
  return !!code && code.length < 80 && THROTTLE.test(code.trim());
}

/** The category an API error code implies, or null when it implies none the status would not already give. */
export function categoryForCode(code: string | null | undefined): ErrorCategory | null {
  if (!code || code.length > 80) return null;
  const c = code.trim();
  if (isThrottleCode(c)) return 'rate-limited';
  for (const [re, cat] of BY_CODE) if (re.test(c)) return cat;
  return null;
}

/** The category an HTTP-like status number given in a body implies (Telegram's `error_code`), or null. */
export function categoryForStatusLike(n: number): ErrorCategory | null {
  if (!Number.isInteger(n) || n < 400 || n > 599) return null;
  if (n === 401) return 'authentication';
  if (n === 402) return 'plan-limit';
  if (n === 403) return 'permission';
  if (n === 404 || n === 410) return 'not-found';
  if (n === 409) return 'conflict';
  if (n === 413) return 'payload-too-large';
  if (n === 429) return 'rate-limited';
  if (n === 502 || n === 503 || n === 504) return 'unavailable';
  if (n >= 500) return 'server';
  return 'validation';
}

/**
 * The AWS JSON protocols' `__type` ("com.amazonaws.dynamodb.v20120810#ResourceNotFoundException",
 * "ValidationException:http://internal.amazon.com/…") and `x-amzn-ErrorType` header reduced to the code.
 */
export function awsTypeCode(v: string | null | undefined): string | null {
  if (!v) return null;
  let t = v.trim();
  const hash = t.lastIndexOf('#');
  if (hash >= 0) t = t.slice(hash + 1);
  const colon = t.indexOf(':');
  if (colon > 0) t = t.slice(0, colon);
  return t || null;
}

/** A `type` that names a class of error (`invalid_request_error`, AWS `Sender`, a problem-type URI) rather than a specific code. */
export function isErrorClassType(t: string | null | undefined): boolean {
  if (!t) return false;
  return /(^|_)error$/i.test(t) || /^(sender|receiver|client|server|validation|business|technical|internal|security)$/i.test(t) || /^https?:\/\//i.test(t);
}
