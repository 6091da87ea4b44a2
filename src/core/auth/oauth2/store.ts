import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { FileReadError, readTextCapped } from '../../io/read';
import type { StoredToken } from './grants';

/**
 * Where tokens are kept between requests: VS Code's SecretStorage in the editor, memory for one
 * CLI run, or an owner-only file with `--auth-cache FILE`. Keys are `tokenKey(environment, name)`.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  set(key: string, token: StoredToken): Promise<void>;
  delete(key: string): Promise<void>;
  /** Every key held. */
  keys(): Promise<string[]>;
}

/** The store key of sign-in `name` in `environment` (null: no environment). */
export function tokenKey(environment: string | null, name: string): string {
  return `${environment ?? '$shared'}/${name}`;
}

/** Splits a store key back into environment and name. */
export function parseTokenKey(key: string): { environment: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { environment: '$shared', name: key } : { environment: key.slice(0, i), name: key.slice(i + 1) };
}

/** Tokens in memory: what one CLI run uses by default. */
export class MemoryTokenStore implements TokenStore {
  private readonly map = new Map<string, StoredToken>();
  get(key: string): Promise<StoredToken | undefined> {
    return Promise.resolve(this.map.get(key));
  }
  set(key: string, token: StoredToken): Promise<void> {
    this.map.set(key, token);
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.map.delete(key);
    return Promise.resolve();
  }
  keys(): Promise<string[]> {
    return Promise.resolve([...this.map.keys()]);
  }
}

/** Most bytes of a token cache file that are read. */
export const MAX_TOKEN_CACHE_BYTES = 4 * 1024 * 1024;

function isToken(v: unknown): v is StoredToken {
  const t = v as StoredToken;
  return !!t && typeof t === 'object' && typeof t.accessToken === 'string' && typeof t.obtainedAt === 'number' && typeof t.fingerprint === 'string';
}

/**
 * Tokens in a JSON file readable by its owner only (mode 0600, written whole and renamed into
 * place). A missing file is an empty cache; an unreadable or foreign one is an error naming the file.
 */
export class FileTokenStore implements TokenStore {
  private cache: Map<string, StoredToken> | null = null;

  constructor(readonly path: string) {}

  private load(): Map<string, StoredToken> {
    if (this.cache) return this.cache;
    const map = new Map<string, StoredToken>();
    let text: string;
    try {
      // Tokens are a cookie jar's kind of file: the same cap and the same refusal of non-regular files.
      text = readTextCapped(this.path, { limit: 'cookieJarBytes', what: 'token cache' }, { cookieJarBytes: MAX_TOKEN_CACHE_BYTES });
    } catch (err) {
      if (err instanceof FileReadError && err.reason === 'missing') return (this.cache = map);
      throw new Error(`${(err as Error).message} Point --auth-cache at a regular file, or delete it (tokens are fetched again).`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error(`the token cache ${this.path} is not valid JSON; delete it (tokens are fetched again).`);
    }
    const tokens = (data as { tokens?: unknown })?.tokens;
    if (tokens && typeof tokens === 'object') for (const [k, v] of Object.entries(tokens)) if (isToken(v)) map.set(k, v);
    return (this.cache = map);
  }

  private save(): void {
    const map = this.load();
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, tokens: Object.fromEntries(map) }, null, 2) + '\n', { mode: 0o600 });
    // A file created before with wider rights keeps them through rename; narrow them first.
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.path);
  }

  get(key: string): Promise<StoredToken | undefined> {
    return Promise.resolve(this.load().get(key));
  }
  set(key: string, token: StoredToken): Promise<void> {
    this.load().set(key, token);
    this.save();
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    if (this.load().delete(key)) this.save();
    return Promise.resolve();
  }
  keys(): Promise<string[]> {
    return Promise.resolve([...this.load().keys()]);
  }
}
