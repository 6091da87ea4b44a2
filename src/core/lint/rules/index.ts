import type { FileRule, Rule } from '../rule';
import { assertInvalid } from './assert-invalid';
import { assertUnknownCondition } from './assert-unknown-condition';
import { assertUnknownField } from './assert-unknown-field';
import { authBasicFormat } from './auth-basic-format';
import { authBearerPrefix } from './auth-bearer-prefix';
import { chainDefinedLater } from './chain-defined-later';
import { chainSeparatorName } from './chain-separator-name';
import { authHardcodedSecret } from './auth-hardcoded-secret';
import { authKeyFormat } from './auth-key-format';
import { authMissing } from './auth-missing';
import { authSecretInSharedEnv } from './auth-secret-in-shared-env';
import { authSignInIncomplete } from './auth-sign-in-incomplete';
import { authSignInNoEnvironment } from './auth-sign-in-no-environment';
import { authUnknownSignIn } from './auth-unknown-sign-in';
import { bodyBlank } from './body-blank';
import { bodyFormat } from './body-format';
import { bodyInvalidJson } from './body-invalid-json';
import { bodyLength } from './body-length';
import { bodyPiiEmail } from './body-pii-email';
import { bodyRange } from './body-range';
import { bodyRequired } from './body-required';
import { bodySsrfUrl } from './body-ssrf-url';
import { bodyTooLarge } from './body-too-large';
import { bodyUnknownField } from './body-unknown-field';
import { idempotencyMissingKey } from './idempotency-missing-key';
import { openApiRules } from '../../openapi/rules';
import { idempotencyReusedKey } from './idempotency-reused-key';
import { planUnavailable } from './plan-unavailable';
import { transportContentType } from './transport-content-type';
import { transportHttpsRequired } from './transport-https-required';
import { syntaxHeader } from './syntax-header';
import { syntaxRequestLine } from './syntax-request-line';
import { variableUndefined } from './variable-undefined';

/**
 * Every rule the engine runs, in this order. To add a rule: create one file under lint/rules/,
 * import it here and append it to the array. Ids must be unique (a test checks).
 */
export const rules: Array<Rule | FileRule> = [
  syntaxRequestLine,
  syntaxHeader,
  variableUndefined,
  authMissing,
  authBearerPrefix,
  authKeyFormat,
  authHardcodedSecret,
  authBasicFormat,
  authUnknownSignIn,
  authSignInIncomplete,
  authSecretInSharedEnv,
  authSignInNoEnvironment,
  transportHttpsRequired,
  transportContentType,
  bodyInvalidJson,
  bodyRequired,
  bodyBlank,
  bodyFormat,
  bodyRange,
  bodyLength,
  bodyTooLarge,
  bodyPiiEmail,
  bodySsrfUrl,
  bodyUnknownField,
  idempotencyMissingKey,
  idempotencyReusedKey,
  planUnavailable,
  assertUnknownField,
  assertUnknownCondition,
  assertInvalid,
  chainDefinedLater,
  chainSeparatorName,
  ...openApiRules,
];
