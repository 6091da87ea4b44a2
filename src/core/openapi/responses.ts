/**
 * The documented response for an answer: which response of the operation (exact status, then the
 * `4XX`-style range, then `default`) the status falls under, its description and the name of its
 * schema. The classifier uses it to name an API's error model ("ValidationError: Invalid input").
 */
import type { Profile, ProfileEndpoint } from '../profiles/types';
import { operationOf, type OpenApiResponse } from './types';

/** The documented response an answer with `status` is, and where it came from. */
export interface DocumentedResponse extends OpenApiResponse {
  /** `exact` (e.g. 422), `range` (4XX) or `default`. */
  matchedBy: 'exact' | 'range' | 'default';
}

/**
 * The response `endpoint` documents for `status` (an OpenAPI-derived endpoint), else null. Falls
 * back from the exact code to its `NXX` range, then to `default`.
 */
export function documentedResponse(endpoint: ProfileEndpoint | null | undefined, status: number): DocumentedResponse | null {
  const op = operationOf(endpoint);
  if (!op) return null;
  const code = String(status);
  const exact = op.responses.find((r) => r.status === code);
  if (exact) return { ...exact, matchedBy: 'exact' };
  const range = op.responses.find((r) => r.status.toUpperCase() === `${code[0]}XX`);
  if (range) return { ...range, matchedBy: 'range' };
  const def = op.responses.find((r) => r.status === 'default');
  return def ? { ...def, matchedBy: 'default' } : null;
}

/**
 * One line naming the error model of an answer, e.g. `Error (422 Validation failed)`, from the
 * endpoint's documented response, else the profile-wide status text; null when neither says anything.
 */
export function errorModelName(profile: Profile | null | undefined, endpoint: ProfileEndpoint | null | undefined, status: number): string | null {
  const r = documentedResponse(endpoint, status);
  if (r && (r.model || r.description)) {
    const label = r.matchedBy === 'exact' ? String(status) : r.status;
    return r.model ? `${r.model} (${label}${r.description ? ` ${r.description}` : ''})` : `${label} ${r.description}`;
  }
  const text = profile?.errors.statuses[String(status)];
  return text ? `${status} ${text}` : null;
}
