/** Byte caps for every file Reqlint reads on a user's behalf (all in bytes). */
export interface ReadLimits {
  /** `reqlint.config.json` itself (fixed: it is read before any config is known). */
  configBytes: number;
  /** A `.http`/`.rest` file or mapped JSON payload being linted or sent (fixed: it is read before its config is known). */
  requestFileBytes: number;
  /** A user profile file listed under `profiles`. */
  profileBytes: number;
  /** `http-client.env.json`, `http-client.private.env.json`, `.vscode/settings.json` and `.env`. */
  envBytes: number;
  /** A `< file` request body read into memory (lint checks, `<@` substitution). */
  bodyFileBytes: number;
  /** An OpenAPI/Swagger document (each file a `$ref` reaches). */
  specBytes: number;
  /** A cookie jar file (`.reqlint/cookies/*.json`) and TLS certificate files. */
  cookieJarBytes: number;
}

/** The caps used when the config sets none; `limits` in `reqlint.config.json` overrides each (but not `configBytes`). */
export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({
  configBytes: 1024 * 1024,
  requestFileBytes: 50 * 1024 * 1024,
  profileBytes: 5 * 1024 * 1024,
  envBytes: 5 * 1024 * 1024,
  bodyFileBytes: 10 * 1024 * 1024,
  specBytes: 20 * 1024 * 1024,
  cookieJarBytes: 5 * 1024 * 1024,
});

/** The config key (under `limits`) that sets each cap, for messages that say what to change. */
export const LIMIT_KEYS: Readonly<Record<keyof ReadLimits, string>> = Object.freeze({
  configBytes: '',
  requestFileBytes: '',
  profileBytes: 'limits.profileBytes',
  envBytes: 'limits.envBytes',
  bodyFileBytes: 'limits.bodyFileBytes',
  specBytes: 'limits.specBytes',
  cookieJarBytes: 'limits.cookieJarBytes',
});

/** The caps a parsed config sets (its raw `limits` object, already schema-validated), defaults filled in. */
export function readLimitsFrom(raw: Record<string, unknown> | undefined | null): ReadLimits {
  const out: ReadLimits = { ...DEFAULT_READ_LIMITS };
  const l = raw?.limits;
  if (!l || typeof l !== 'object') return out;
  for (const k of Object.keys(LIMIT_KEYS) as Array<keyof ReadLimits>) {
    if (k === 'configBytes' || k === 'requestFileBytes') continue;
    const v = (l as Record<string, unknown>)[k];
    if (typeof v === 'number' && Number.isSafeInteger(v) && v > 0) out[k] = v;
  }
  return out;
}

/** A byte count for people: `512 bytes`, `5 MiB`, `1.5 GiB`. */
export function formatCap(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1 && v % 1 === 0) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}
