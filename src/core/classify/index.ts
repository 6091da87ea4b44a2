// Response classification: what an HTTP answer (or a failure with no answer) means and what to do next.
export { classifyResponse, classifyError, normalizeHeaders, reasonPhrase } from './classify';
export { classifierProfileFrom } from './from-profile';
export { docsLink, docsSectionName } from './docs';
export { KNOWN_APIS, KNOWN_HOSTS, profileById, profileForUrl, retryPolicyFor, type ConfiguredBaseUrl } from './known-apis';
export { MAX_BODY_BYTES } from './body';
export { mapClassificationToSource, type ResponseSource } from './map-to-source';
export * from './types';
export { decideRetry, parseRetryAfter, DEFAULT_RETRY_POLICY, resolveRetryPolicy, type RetryDecision, type RetryPolicy, type RandomSource } from '../retry';
