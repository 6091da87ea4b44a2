// The sender's public surface: the extension host and the CLI import from here only.
export * from './types';
export { sendRequest, describeError, type SendOptions, type SendHooks, type Classifier, type ClassifyInput, type RetryContext, type RetryDecision } from './send';
export { DispatcherPool, proxyFromEnv, noProxyMatches, type DispatcherPoolOptions } from './pool';
export { readBody, discardBody, bodyText, defaultBodyLimits, type BodyLimits } from './response';
export { openBody, encodeForm, BodyFileError } from './body';
export { maskValue, maskSecrets, maskHeaders, hideUrlPassword } from './mask';
export { RateLimiter, WindowCounter, realClock, abortableSleep, type RateLimit, type Clock } from './rate-limit';
export { CookieJar, type StoredCookie } from './cookies';
export { prepareRequest, PrepareError, type ValueResolver, type PrepareContext } from './prepare';
export { toCurl, shellQuote } from './curl';
export { resolveExchangeRef, isExchangeRef, type NamedExchange } from './response-refs';
export { planFor, makeClassifier, makeRetry, sendErrorAsCause, type SendPlan } from './wire';
export { createSendResolver, type SendScope, type SendScopeOptions } from './scope';
export { editorProxyOptions, type EditorProxySettings } from './proxy-settings';
