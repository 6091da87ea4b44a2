import { dirname } from 'node:path';
import type { ProjectConfig } from '../config/types';
import type { HttpFile } from '../http/ast';
import { readLimitsFrom } from '../io/limits';
import type { Profile } from '../profiles/types';
import { CookieJar } from '../send/cookies';
import { DispatcherPool } from '../send/pool';
import { RateLimiter } from '../send/rate-limit';
import type { NamedExchange } from '../send/response-refs';
import { createSendResolver, type SendScope } from '../send/scope';
import { diskTextReader, loadEnvironmentFiles, type EnvironmentFiles } from '../vars/environments';
import { authSteps, createOAuthManager, poolTokenHttp, type AuthIO } from './auth';
import type { OAuthManager } from '../auth/oauth2/manager';
import { loadCookieJar, saveCookieJar } from './cookie-file';
import type { PipelineSteps } from './hooks';
import { sendSettings, type SendFallbacks, type SendOverrides, type SendSettings } from './settings';

/** Inputs of `createSession`; the transport state (pool, limiter, jar) may be shared between sessions. */
export interface SessionOptions {
  config: ProjectConfig;
  /** API profiles requests are matched against (built-in, the config's and OpenAPI-derived ones). */
  profiles: readonly Profile[];
  /** Selected environment name, or null for `$shared` only (also names the cookie jar file). */
  environment: string | null;
  overrides?: SendOverrides;
  fallbacks?: SendFallbacks;
  /** Default: a new pool with one connection per origin (requests of a run go one at a time). */
  pool?: DispatcherPool;
  limiter?: RateLimiter;
  /** Default: read from the settings' cookie jar file (may throw `CookieFileError`), else empty. */
  jar?: CookieJar;
  steps?: PipelineSteps;
  /** Where sign-in tokens live and how the user is involved; default: memory, no interaction. */
  auth?: AuthIO;
}

/** Everything requests of one run share: config and what it means, profiles, connections, rate limits, cookies, steps. */
export interface SendSession {
  config: ProjectConfig;
  profiles: readonly Profile[];
  environment: string | null;
  settings: SendSettings;
  pool: DispatcherPool;
  limiter: RateLimiter;
  jar: CookieJar;
  /** Absolute path the jar is saved to by `saveSessionCookies`, or null (memory only). */
  jarFile: string | null;
  steps: PipelineSteps;
  /** Hands out OAuth 2.0 tokens for `{{$auth.token("name")}}` (front ends list and sign out through it). */
  oauth: OAuthManager;
}

/** Works out the config's send settings once and gathers the transport state for a run. */
export function createSession(o: SessionOptions): SendSession {
  const settings = sendSettings(o.config, o.overrides, o.fallbacks);
  const jarFile = settings.cookieJarFile(o.environment);
  const pool = o.pool ?? new DispatcherPool({ connections: 1 });
  // Sign-in requests take the same proxy, TLS and time-out settings as the requests they serve.
  const oauth = createOAuthManager(poolTokenHttp(pool, (url) => ({ ...settings.defaults, ...settings.tlsFor(url) })), o.auth);
  return {
    config: o.config,
    profiles: o.profiles,
    environment: o.environment,
    settings,
    pool,
    limiter: o.limiter ?? new RateLimiter(),
    jar: o.jar ?? loadCookieJar(jarFile, readLimitsFrom(o.config.raw)),
    jarFile,
    steps: { ...authSteps(oauth, o.auth), ...o.steps },
    oauth,
  };
}

/** Saves the session's cookies to its jar file, if it has one; resolves with an error message or null. */
export function saveSessionCookies(session: SendSession): string | null {
  if (!session.jarFile) return null;
  try {
    saveCookieJar(session.jarFile, session.jar);
    return null;
  } catch (err) {
    return `could not save cookies to ${session.jarFile}: ${(err as Error).message}`;
  }
}

/** One .http file being sent from: its resolver and the named answers later requests read. */
export interface FileRun {
  file: HttpFile;
  /** Absolute path of the .http file. */
  filePath: string;
  resolver: SendScope;
  /** Results of named requests so far, by `@name` (filled by the record step). */
  exchanges: Map<string, NamedExchange>;
  /** The environment files the resolver reads (sign-in entries come from them too). */
  envFiles: EnvironmentFiles;
  /** Sign-in tokens fetched so far, by `kind\u0000name`; the resolver reads them for `{{$auth.token("name")}}`. */
  authTokens: Map<string, string>;
}

/** Inputs of `openFileRun` besides the session. */
export interface FileRunOptions {
  file: HttpFile;
  /** Absolute path of the .http file. */
  filePath: string;
  /** Folder where the upward search for environment files stops, when known. */
  workspaceRoot?: string;
  /** Earlier named answers to keep chaining from (the editor keeps them per file); default: none. */
  exchanges?: Map<string, NamedExchange>;
  /** Environment files already read; default: read from disk. */
  envFiles?: EnvironmentFiles;
  /** `{{$secret name}}` lookup of the front end; absent = no secret store. */
  secret?: (name: string) => string | undefined;
  /** Values scripts set so far (`client.global`, `request.variables`), read live; absent = no scripts. */
  scriptValues?: (name: string) => string | undefined;
}

/** Prepares sending from one file in the session's environment. */
export function openFileRun(session: SendSession, o: FileRunOptions): FileRun {
  const exchanges = o.exchanges ?? new Map<string, NamedExchange>();
  const envFiles = o.envFiles ?? loadEnvironmentFiles(dirname(o.filePath), o.workspaceRoot, diskTextReader(readLimitsFrom(session.config.raw)));
  const authTokens = new Map<string, string>();
  const resolver = createSendResolver({
    file: o.file,
    filePath: o.filePath,
    environment: session.environment,
    exchanges,
    envFiles,
    authTokens: (kind, name) => authTokens.get(`${kind}\u0000${name}`),
    ...(o.workspaceRoot ? { workspaceRoot: o.workspaceRoot } : {}),
    ...(o.secret ? { secrets: o.secret } : {}),
    ...(o.scriptValues ? { scriptValues: o.scriptValues } : {}),
  });
  return { file: o.file, filePath: o.filePath, resolver, exchanges, envFiles, authTokens };
}
