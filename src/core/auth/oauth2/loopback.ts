import { createServer, type Server } from 'node:http';
import { TokenError, describeTokenErrorCode } from './errors';

/** A loopback listener waiting for the authorization server's redirect (RFC 8252 §7.3). */
export interface PendingRedirect {
  /** Resolves once the listener accepts connections, with its port. */
  ready: Promise<{ port: number }>;
  /** Resolves with the authorization code, or rejects with a `TokenError` (state mismatch, `error=…`, time-out, cancel). */
  code: Promise<string>;
  /** Stops listening; `code` rejects as cancelled if it has not settled. */
  cancel(): void;
}

const PAGE_OK = '<!doctype html><meta charset="utf-8"><title>Signed in</title><p>Signed in. You can close this tab and go back to your editor.</p>';
const PAGE_FAIL = '<!doctype html><meta charset="utf-8"><title>Sign-in failed</title><p>Sign-in failed. Go back to your editor for the reason.</p>';

/** True for the hosts a loopback redirect may name. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h);
}

/**
 * Listens on the redirect URL's loopback address and port for `?code=…&state=…`. The page it
 * answers with is fixed text: nothing from the query is echoed into it.
 */
export function receiveRedirect(redirectUrl: string, state: string, opts: { signal?: AbortSignal; timeoutMs: number; name: string }): PendingRedirect {
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    const err = new TokenError(`sign-in "${opts.name}": "Redirect URL" '${redirectUrl}' is not a URL.`, 'config', 'validation', 'Use a loopback URL such as http://127.0.0.1:53682/callback, registered at the provider.');
    return failed(err);
  }
  if (url.protocol !== 'http:' || !isLoopbackHost(url.hostname)) {
    const err = new TokenError(
      `sign-in "${opts.name}": "Redirect URL" ${url.origin} is not a loopback http:// address, so Reqlint cannot receive the code.`,
      'config',
      'validation',
      'Register a loopback redirect such as http://127.0.0.1:53682/callback at the provider and put it in "Redirect URL".',
    );
    return failed(err);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const bindHost = host === 'localhost' ? '127.0.0.1' : host;
  const port = url.port ? Number(url.port) : 80;
  let server: Server | null = null;
  let settle: { resolve: (c: string) => void; reject: (e: Error) => void } | null = null;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  // Rejections are delivered through `code`; keep an early failure from counting as unhandled meanwhile.
  code.catch(() => undefined);
  const finish = (err: Error | null, value?: string): void => {
    if (!settle) return;
    const s = settle;
    settle = null;
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    server?.close();
    server?.closeAllConnections();
    if (err) s.reject(err);
    else s.resolve(value!);
  };
  const onAbort = (): void => finish(new TokenError(`sign-in "${opts.name}" cancelled.`, 'cancelled', 'network', 'Send the request again to sign in.'));
  const ready = new Promise<{ port: number }>((resolve, reject) => {
    server = createServer((req, res) => {
      const got = new URL(req.url ?? '/', 'http://loopback');
      if (got.pathname !== url.pathname || req.method !== 'GET') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      const q = got.searchParams;
      const fail = (e: TokenError): void => {
        res.writeHead(400, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE_FAIL);
        finish(e);
      };
      if (q.get('state') !== state) {
        fail(new TokenError(`sign-in "${opts.name}": the redirect's state did not match the one sent, so its code was refused (a forged or stale redirect).`, 'state-mismatch', 'authentication', 'Sign in again from the editor.'));
        return;
      }
      const error = q.get('error');
      if (error) {
        const desc = (q.get('error_description') ?? '').slice(0, 300);
        const d = describeTokenErrorCode(error);
        fail(new TokenError(`sign-in "${opts.name}" failed at the authorization server: ${error}${desc ? ` (${desc})` : ''}.`, error, d.category, d.advice, null, desc || null));
        return;
      }
      const c = q.get('code');
      if (!c) {
        fail(new TokenError(`sign-in "${opts.name}": the redirect carried no code.`, 'bad-answer', 'server', 'Check "Auth URL".'));
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE_OK);
      finish(null, c);
    });
    server.on('error', (e: NodeJS.ErrnoException) => {
      const err = new TokenError(
        `sign-in "${opts.name}": cannot listen on ${url.host} for the redirect (${e.code ?? e.message}).`,
        'config',
        'validation',
        e.code === 'EADDRINUSE' ? 'Another program uses that port: close it, or register another loopback port at the provider.' : 'Pick a loopback port above 1024 in "Redirect URL".',
      );
      reject(err);
      finish(err);
    });
    server.listen(port, bindHost, () => {
      const addr = server!.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : port });
    });
  });
  ready.catch(() => undefined);
  // Declared after `finish`, which reads it: every call of `finish` comes after this line runs.
  const timer = setTimeout(() => finish(new TokenError(`sign-in "${opts.name}" was not completed within ${Math.round(opts.timeoutMs / 1000)} s.`, 'timeout', 'authentication', 'Sign in again and finish in the browser.')), opts.timeoutMs);
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });
  return { ready, code, cancel: onAbort };
}

function failed(err: TokenError): PendingRedirect {
  const p = Promise.reject(err);
  p.catch(() => undefined);
  return { ready: p, code: p, cancel: () => undefined };
}
