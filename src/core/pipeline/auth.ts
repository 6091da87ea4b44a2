import { signAwsRequest, AwsSignError } from '../auth/aws-sigv4';
import { readAuthConfigs, type AuthConfigs } from '../auth/oauth2/config';
import { TokenError } from '../auth/oauth2/errors';
import { undiciTokenHttp, type OAuthInteraction, type TokenHttp } from '../auth/oauth2/grants';
import { OAuthManager, isInvalidTokenChallenge } from '../auth/oauth2/manager';
import { authRefsIn, fetchRequestTokens } from '../auth/oauth2/request-tokens';
import { MemoryTokenStore, type TokenStore } from '../auth/oauth2/store';
import type { HttpRequest } from '../http/ast';
import type { DispatcherPool } from '../send/pool';
import type { RequestOptions } from '../send/types';
import type { PipelineSteps, StepRefusal } from './hooks';
import type { RunItem, SentOutcome } from './io';
import type { FileRun } from './session';

/** What a front end gives the pipeline for signing in: where tokens live and how to involve the user. */
export interface AuthIO {
  /** Default: memory for this run only. */
  store?: TokenStore;
  /** Absent: grants that need a person (authorization code, device) fail with advice. */
  interaction?: OAuthInteraction;
  /** Told about each token fetched or refreshed (never the token); for logs and status views. */
  onTokenChange?(environment: string | null, name: string): void;
}

/** A `TokenHttp` whose requests go through the session's pool with its proxy, TLS and time-out settings. */
export function poolTokenHttp(pool: DispatcherPool, options: (url: string) => RequestOptions): TokenHttp {
  return (req) => undiciTokenHttp(pool.get(new URL(req.url), options(req.url)), options(req.url).timeoutMs ?? 30_000)(req);
}

/** Every text of a request that may hold `{{$auth.token(…)}}`: URL, header values and an inline body. */
function requestTexts(req: HttpRequest): string[] {
  const texts = [req.url.value, ...req.headers.map((h) => h.value.value)];
  if (req.body && req.body.kind !== 'file') texts.push(req.body.text.value);
  return texts;
}

function refusal(item: RunItem, err: TokenError | AwsSignError): StepRefusal {
  const line = item.request.requestLine.start.line + 1;
  return { line, message: err instanceof TokenError ? `${err.message} ${err.advice}` : err.message };
}

/**
 * The sign-in steps of the road: before a request is prepared, the OAuth 2.0 tokens it references
 * (`{{$auth.token("name")}}`) are fetched, refreshed or taken from the store; after it is prepared,
 * `Authorization: AWS …` is replaced by a SigV4 signature; and an answer 401 `invalid_token` to a
 * request that used a token has that token dropped and the request sent once more.
 */
export function authSteps(manager: OAuthManager, io: AuthIO = {}): Required<Pick<PipelineSteps, 'authenticate' | 'authorize' | 'reauthenticate'>> {
  // Environment files are read once per run; their auth entries with them.
  const configsByRun = new WeakMap<FileRun, AuthConfigs>();
  const usedBy = new WeakMap<HttpRequest, string[]>();
  return {
    async authenticate(run, item, environment, signal) {
      const texts = requestTexts(item.request);
      if (!texts.some((t) => authRefsIn(t).length)) return;
      let configs = configsByRun.get(run);
      if (!configs) configsByRun.set(run, (configs = readAuthConfigs(run.envFiles.files, environment)));
      try {
        const got = await fetchRequestTokens(texts, {
          configs,
          environment,
          manager,
          substitute: (t) => run.resolver.substitute(t),
          ...(signal ? { signal } : {}),
        });
        for (const name of got.names) {
          for (const kind of ['token', 'idToken'] as const) {
            const v = got.lookup(kind, name);
            if (v !== undefined) run.authTokens.set(`${kind}\u0000${name}`, v);
          }
          io.onTokenChange?.(environment, name);
        }
        usedBy.set(item.request, got.names);
        return;
      } catch (err) {
        if (err instanceof TokenError) return refusal(item, err);
        throw err;
      }
    },
    async authorize(prepared, item) {
      try {
        await signAwsRequest(prepared);
      } catch (err) {
        if (err instanceof AwsSignError) return refusal(item, err);
        throw err;
      }
      return;
    },
    async reauthenticate(outcome: SentOutcome, environment) {
      const names = usedBy.get(outcome.request);
      if (!names?.length) return false;
      const r = outcome.result;
      const challenge = r.headers.find(([n]) => n.toLowerCase() === 'www-authenticate')?.[1];
      if (!isInvalidTokenChallenge(r.status, challenge)) return false;
      for (const n of names) await manager.invalidate(environment, n);
      return true;
    },
  };
}

/** Builds the session's OAuth 2.0 manager from the front end's `AuthIO`, sending sign-in requests through `http`. */
export function createOAuthManager(http: TokenHttp, io: AuthIO = {}): OAuthManager {
  return new OAuthManager({ store: io.store ?? new MemoryTokenStore(), http, ...(io.interaction ? { interaction: io.interaction } : {}) });
}
