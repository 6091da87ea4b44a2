import { resolve } from 'node:path';
import { FileTokenStore, MemoryTokenStore } from '../core/auth/oauth2/store';
import type { AuthIO } from '../core/pipeline/auth';

/**
 * Signing in from the command line: tokens live in memory for one run, or in `cacheFile` (owner-only)
 * with `--auth-cache`. On a terminal the grants that need a person print the URL or the device code to
 * stderr; without one (CI) they fail with advice, never wait.
 */
export function cliAuthIO(cacheFile: string | undefined, command: string, interactive = process.stderr.isTTY === true && process.stdin.isTTY === true): AuthIO {
  return {
    store: cacheFile ? new FileTokenStore(resolve(cacheFile)) : new MemoryTokenStore(),
    ...(interactive
      ? {
          interaction: {
            openBrowser(url: string) {
              process.stderr.write(`reqlint ${command}: open this address in a browser to sign in (waiting for the redirect):\n  ${url}\n`);
              return Promise.resolve(true);
            },
            showDeviceCode(i) {
              process.stderr.write(`reqlint ${command}: sign-in "${i.name}": visit ${i.verificationUriComplete ?? i.verificationUri} and enter the code ${i.userCode} (valid ${Math.round(i.expiresInSec / 60)} min).\n`);
            },
          },
        }
      : {}),
  };
}
