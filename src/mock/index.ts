// The documented-API mock: a real HTTP server on loopback for demos, tests and `reqlint mock`.
export { startMockServer, mockApis, type MockServer, type MockServerOptions } from './server';
export { mockEnvironment, mockConfigBaseUrls, BASE_URL_VARIABLES, MOCK_KEYS } from './env';
export { planOfKey } from './apis/qrstudio';
export type { MockApi, MockReply, MockRequest, MockContext } from './types';
