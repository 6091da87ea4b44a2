import qbarScanner from '../../profiles/qbar-scanner.json';
import qrstudio from '../../profiles/qrstudio.json';
import scanovaManagement from '../../profiles/scanova-management.json';
import scanovaTracking from '../../profiles/scanova-tracking.json';
import scantrust from '../../profiles/scantrust.json';
import { parsePointer } from '../core/text/json-pointer';
import type { Profile, ProfileEndpoint } from '../core/profiles/types';
import { validateBody, type FieldError } from '../core/profiles/validate';

/** A body problem as the validator reports it. */
export type FieldErrorLike = FieldError;

/** The built-in profiles the mock validates with: the same files the linter reads. */
const PROFILES: Record<string, Profile> = Object.fromEntries(
  [scanovaManagement, qbarScanner, scanovaTracking, scantrust, qrstudio].map((p) => [(p as { id: string }).id, p as unknown as Profile]),
);

/** The built-in profile with this id; throws for an unknown id (a mock bug, not user input). */
export function profile(id: string): Profile {
  const p = PROFILES[id];
  if (!p) throw new Error(`no built-in profile '${id}'`);
  return p;
}

/** The endpoint `endpointId` of profile `profileId`. */
export function endpoint(profileId: string, endpointId: string): ProfileEndpoint {
  const e = profile(profileId).endpoints.find((x) => x.id === endpointId);
  if (!e) throw new Error(`profile '${profileId}' has no endpoint '${endpointId}'`);
  return e;
}

/** Body problems of `json` for an endpoint, as the linter finds them; plan caps only when `plan` is given. */
export function validate(profileId: string, endpointId: string, json: unknown, plan?: string | null): FieldError[] {
  // Hints (near-miss keys) are the linter's advice, not something the API refuses.
  return validateBody(profile(profileId), endpoint(profileId, endpointId), json, { plan: plan ?? null }).filter((e) => e.rule !== 'body/unknown-field');
}

/** Splits a JSON Pointer into unescaped tokens. */
export function tokens(pointer: string): string[] {
  return parsePointer(pointer);
}

/** The field path of an error as the API names fields: the missing key for `required`, else the pointer's tokens. */
export function fieldPath(e: FieldError): string[] {
  const t = tokens(e.pointer);
  return e.missing ? [...t, e.missing] : t;
}

/** Django REST Framework's wording for the common problems; other problems keep the validator's message. */
export function drfMessage(e: FieldError): string {
  if (e.rule === 'body/required') return 'This field is required.';
  if (e.rule === 'body/blank') return 'This field may not be blank.';
  if (e.rule === 'body/range' && e.limit !== undefined) return `Ensure this value is less than or equal to ${e.limit}.`;
  return e.message.endsWith('.') ? e.message : `${e.message}.`;
}

/** A DRF field-error dict `{ field: [messages] }`, keyed by the top-level field (nested problems roll up, as DRF does for JSON-string fields). */
export function drfErrors(errors: FieldError[], message: (e: FieldError) => string = drfMessage): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const e of errors) {
    const key = fieldPath(e)[0] ?? 'non_field_errors';
    (out[key] ??= []).push(message(e));
  }
  return out;
}
