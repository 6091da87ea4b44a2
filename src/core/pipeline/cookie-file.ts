import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ReadLimits } from '../io/limits';
import { FileReadError, readTextIfExists } from '../io/read';
import { CookieJar } from '../send/cookies';

/** A cookie jar file that cannot be read or parsed; `message` names the file and what to do. */
export class CookieFileError extends Error {
  override name = 'CookieFileError';
  constructor(
    /** Absolute path of the jar file. */
    readonly file: string,
    message: string,
  ) {
    super(message);
  }
}

/** The jar saved at `file` (absolute), an empty jar when `file` is null or absent; throws `CookieFileError` for a broken file. */
export function loadCookieJar(file: string | null, limits?: Partial<ReadLimits>): CookieJar {
  if (!file) return new CookieJar();
  try {
    const text = readTextIfExists(file, { limit: 'cookieJarBytes', what: 'cookie jar' }, limits);
    return text === undefined ? new CookieJar() : CookieJar.from(JSON.parse(text));
  } catch (err) {
    throw new CookieFileError(file, `cannot read the cookie jar ${file}: ${err instanceof FileReadError ? `it ${err.detail}` : (err as Error).message}. Delete it or point --cookie-jar elsewhere.`);
  }
}

/** Writes `jar` to `file` (absolute; folders created, owner-only permissions); throws the file system's error. */
export function saveCookieJar(file: string, jar: CookieJar): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(jar.toJSON(), null, 2) + '\n', { mode: 0o600 });
}
