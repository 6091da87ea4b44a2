/**
 * Errors of a sign-in: the token endpoint's RFC 6749 §5.2 `error` answers (and RFC 8628's device
 * codes), a misconfigured entry, or a cancelled/timed-out interaction, each with what to do.
 */

/** Error categories of the rule catalogue that a failed sign-in falls into. */
export type TokenErrorCategory = 'validation' | 'authentication' | 'permission' | 'rate-limited' | 'server' | 'unavailable' | 'network';

/** A failed sign-in. `code` is the server's RFC 6749 error code, or one of Reqlint's (`config`, `cancelled`, `timeout`, `network`, `bad-answer`). */
export class TokenError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly category: TokenErrorCategory,
    readonly advice: string,
    /** The token endpoint's HTTP status, or null when no answer came. */
    readonly status: number | null = null,
    /** The server's `error_description`, when it sent one. */
    readonly description: string | null = null,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const KNOWN: Record<string, { category: TokenErrorCategory; advice: string }> = {
  invalid_request: { category: 'validation', advice: 'The token request is missing or repeats a parameter; check the sign-in entry\'s fields and "Custom Request Parameters".' },
  invalid_client: { category: 'authentication', advice: 'The server did not accept the client: check "Client ID" and "Client Secret" (in http-client.private.env.json), and "Client Credentials" ("basic" sends them in an Authorization header, "in body" in the form).' },
  invalid_grant: { category: 'authentication', advice: 'The grant was refused: a wrong username/password, an expired or already used code, or a revoked refresh token. Sign in again.' },
  unauthorized_client: { category: 'permission', advice: 'This client may not use this grant type; enable it for the client at the provider or pick the grant it allows.' },
  unsupported_grant_type: { category: 'validation', advice: 'The server does not support this "Grant Type"; pick one it documents.' },
  invalid_scope: { category: 'permission', advice: 'The "Scope" asks for something unknown or not granted to this client; check the scope names.' },
  access_denied: { category: 'permission', advice: 'The sign-in was declined (by the user or the provider\'s policy).' },
  unsupported_response_type: { category: 'validation', advice: 'The authorization server does not issue codes this way for this client.' },
  server_error: { category: 'server', advice: 'The sign-in server failed; try again later.' },
  temporarily_unavailable: { category: 'unavailable', advice: 'The sign-in server is overloaded or down for maintenance; try again later.' },
  expired_token: { category: 'authentication', advice: 'The device code expired before it was confirmed; sign in again and confirm in time.' },
  slow_down: { category: 'rate-limited', advice: 'The server asked to poll more slowly.' },
  invalid_token: { category: 'authentication', advice: 'The token was refused by the API; Reqlint fetches a new one.' },
};

/** Builds the error for a token endpoint's non-success answer (`status`, body text); `name` is the sign-in entry. */
export function tokenErrorFromAnswer(name: string, status: number, bodyText: string, contentType: string): TokenError {
  const fields = parseTokenAnswer(bodyText, contentType);
  const code = typeof fields?.error === 'string' ? fields.error : null;
  const description = typeof fields?.error_description === 'string' ? fields.error_description.slice(0, 500) : null;
  if (code) {
    const known = KNOWN[code];
    const category = known?.category ?? (status >= 500 ? 'server' : 'authentication');
    const advice = known?.advice ?? 'The sign-in server refused the request; its description says why.';
    return new TokenError(`sign-in "${name}" failed: the token endpoint answered ${status} ${code}${description ? ` (${description})` : ''}.`, code, category, advice, status, description);
  }
  const category: TokenErrorCategory = status === 429 ? 'rate-limited' : status >= 502 && status <= 504 ? 'unavailable' : status >= 500 ? 'server' : status === 401 ? 'authentication' : status === 403 ? 'permission' : 'validation';
  return new TokenError(
    `sign-in "${name}" failed: the token endpoint answered ${status} without an OAuth 2.0 error code.`,
    'bad-answer',
    category,
    status === 404 ? 'Check "Token URL": nothing answers there.' : 'Check "Token URL" and that the server speaks OAuth 2.0 there.',
    status,
    null,
  );
}

/** Category and advice for an RFC 6749 error code (an unknown one counts as `authentication`). */
export function describeTokenErrorCode(code: string): { category: TokenErrorCategory; advice: string } {
  return KNOWN[code] ?? { category: 'authentication', advice: 'Sign in again.' };
}

/** A token endpoint's answer as fields: JSON (the standard), or a form-encoded body as some providers send. Null when neither. */
export function parseTokenAnswer(bodyText: string, contentType: string): Record<string, unknown> | null {
  const t = bodyText.trim();
  if (t.startsWith('{')) {
    try {
      const v: unknown = JSON.parse(t);
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
    } catch {
      return null;
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType) || /^[\w.-]+=[^\s]*$/.test(t)) {
    return Object.fromEntries(new URLSearchParams(t));
  }
  return null;
}
