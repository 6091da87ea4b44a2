/**
 * Every public rule id with its default severity, as the rule catalogue publishes them. Config
 * validation accepts these even before the rule's implementation is registered, so a project's
 * config never breaks when it names a documented rule; registered rules are accepted too.
 */
export const PUBLIC_RULE_IDS: readonly string[] = [
  'syntax/request-line',
  'syntax/header',
  'variable/undefined',
  'auth/missing',
  'auth/bearer-prefix',
  'auth/key-format',
  'auth/hardcoded-secret',
  'auth/basic-format',
  'transport/https-required',
  'transport/content-type',
  'body/invalid-json',
  'body/required',
  'body/blank',
  'body/format',
  'body/range',
  'body/length',
  'body/too-large',
  'body/pii-email',
  'body/ssrf-url',
  'body/unknown-field',
  'idempotency/missing-key',
  'idempotency/reused-key',
  'openapi/invalid-spec',
  'openapi/unknown-path',
  'openapi/missing-parameter',
  'openapi/deprecated',
  'assert/unknown-field',
  'assert/unknown-condition',
  'assert/invalid',
  'chain/defined-later',
  'chain/separator-name',
];
