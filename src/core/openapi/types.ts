/** Types of profiles derived from OpenAPI documents: the profile format plus what only a spec knows. */
import type { ErrorShapeKind, JsonSchema, Profile, ProfileEndpoint } from '../profiles/types';

/** One `openapi` entry of reqlint.config.json, with paths made absolute. */
export interface OpenApiEntry {
  /** 0-based index in the config's `openapi` array. */
  index: number;
  /** Absolute path of the spec file. */
  spec: string;
  /** The path as written in the config. */
  specWritten: string;
  /** Profile id to use; default: the spec's file name without extension, lower-cased. */
  id?: string;
  /** Full base URLs the spec's paths are relative to; replaces the spec's `servers` when given. */
  baseUrls: string[];
  /** Profile keys that replace what the spec says (objects merge key by key, endpoints by id). */
  overrides?: Record<string, unknown>;
}

/** A documented query, header or cookie parameter of an operation. */
export interface OpenApiParameter {
  name: string;
  in: 'query' | 'header' | 'cookie' | 'path';
  required: boolean;
  description?: string;
  /** A value to suggest when adding it: the example, default or first enum value; null when none is documented. */
  example: string | null;
  deprecated?: boolean;
}

/** One documented response of an operation. */
export interface OpenApiResponse {
  /** Status code (`404`), range (`4XX`) or `default`. */
  status: string;
  description: string;
  /** Name of the response body's schema (`Error`, `ValidationProblem`), or null when inline or absent. */
  model: string | null;
  /** The error-body shape the schema has, when it is one the classifier knows. */
  shape: ErrorShapeKind | null;
  /** JSON media types the response is documented with. */
  contentTypes: string[];
}

/** What the spec says about one operation beyond the profile format. */
export interface OpenApiOperation {
  operationId: string | null;
  /** The OpenAPI path template as written (`/pets/{petId}`). */
  path: string;
  method: string;
  deprecated: boolean;
  parameters: OpenApiParameter[];
  responses: OpenApiResponse[];
  /** Media types the request body is documented with; empty when there is no body. */
  requestContentTypes: string[];
  /** JSON Pointer of the operation in the spec (for messages and go-to-definition). */
  pointer: string;
  /** Absolute path of the spec file holding the operation (its line: `parseSpecText(…).locate(pointer)`). */
  file: string;
}

/** A profile endpoint derived from an operation. */
export interface OpenApiEndpoint extends ProfileEndpoint {
  openapi: OpenApiOperation;
}

/** Where a derived profile came from and what it depends on. */
export interface OpenApiOrigin {
  /** Absolute path of the spec. */
  spec: string;
  /** Every file the profile was derived from (the spec and the files its `$ref`s reach), absolute. */
  files: string[];
  /** `3.0.3`, `3.1.0`, or `2.0` for a converted Swagger document. */
  version: string;
  /** Index of the config entry. */
  entry: number;
  /** Named schemas of the spec, converted (for the editor's completions at any depth). */
  defs: ReadonlyMap<string, JsonSchema>;
}

/** A profile derived from an OpenAPI document. */
export interface OpenApiProfile extends Profile {
  openapi: OpenApiOrigin;
  endpoints: ProfileEndpoint[];
}

/** True when the profile was derived from an OpenAPI document. */
export function isOpenApiProfile(p: Profile | null | undefined): p is OpenApiProfile {
  return !!p && typeof (p as Partial<OpenApiProfile>).openapi === 'object' && (p as Partial<OpenApiProfile>).openapi !== null;
}

/** The spec's view of an endpoint, or null for a hand-written endpoint. */
export function operationOf(e: ProfileEndpoint | null | undefined): OpenApiOperation | null {
  const op = (e as Partial<OpenApiEndpoint> | null | undefined)?.openapi;
  return op && typeof op === 'object' ? op : null;
}
