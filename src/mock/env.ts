/** Variable holding each API's base URL in the generated environment, by profile id. */
export const BASE_URL_VARIABLES: Readonly<Record<string, string>> = {
  'scanova-management': 'scanovaBaseUrl',
  'qbar-scanner': 'qbarBaseUrl',
  'scanova-tracking': 'trackingBaseUrl',
  scantrust: 'scantrustBaseUrl',
  qrstudio: 'qrstudioBaseUrl',
};

/**
 * Keys the mock accepts, under the variable names the profiles' "add the header" fixes write. The
 * QR Studio key is a `pro` plan key; `smk_free_…` / `smk_starter_…` keys exercise plan gates.
 */
export const MOCK_KEYS: Readonly<Record<string, string>> = {
  scanovaApiKey: 'mock-scanova-key-0001',
  qbarApiKey: 'mock-qbar-key-0001',
  scanovaTrackingApiKey: 'mock-tracking-key-0001',
  scantrustToken: 'Token mock-scantrust-token-0001',
  qrstudioApiKey: 'smk_mock_pro_0123456789abcdef',
};

/**
 * An `http-client.env.json` document (REST Client / httpYac / JetBrains format) with one environment,
 * `envName`, pointing every profile's base URL at the mock and holding keys the mock accepts.
 */
export function mockEnvironment(baseUrls: Record<string, string>, envName = 'mock'): Record<string, Record<string, string>> {
  const env: Record<string, string> = {};
  for (const [id, url] of Object.entries(baseUrls)) env[BASE_URL_VARIABLES[id] ?? `${id.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}BaseUrl`] = url;
  Object.assign(env, MOCK_KEYS);
  return { [envName]: env };
}

/** The `baseUrls` block of a reqlint.config.json that maps each profile id to the mock. */
export function mockConfigBaseUrls(baseUrls: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(baseUrls).map(([id, url]) => [id, [url]]));
}
