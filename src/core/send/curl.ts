import { encodeForm } from './body';
import { hideUrlPassword, maskSecrets } from './mask';
import type { PreparedRequest } from './types';

/** POSIX shell single-quoting: safe for any byte sequence except NUL. */
export function shellQuote(s: string): string {
  if (/^[A-Za-z0-9_\-.,:/=@%+]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * A `curl` command line (POSIX shell) that sends the same request: method, URL, headers, body (files
 * by path, never inlined), time-outs, redirects, proxy and TLS options. With `maskSecrets` true,
 * secret values are shown masked, so the command is safe to paste but no longer runnable as is.
 */
export function toCurl(prepared: PreparedRequest, opts: { maskSecrets: boolean }): string {
  const mask = (s: string): string => (opts.maskSecrets ? maskSecrets(s, prepared.secrets) : s);
  const o = prepared.options ?? {};
  const args: string[] = ['curl'];
  const method = prepared.method.toUpperCase();
  const b = prepared.body;
  const hasBody = b.kind !== 'none';
  if (method === 'HEAD') args.push('--head');
  else if (method !== 'GET' || hasBody) args.push('-X', method);
  args.push(shellQuote(mask(prepared.url)));
  for (const [n, v] of prepared.headers) args.push('-H', shellQuote(`${n}: ${mask(v)}`));
  if (o.followRedirects !== false) args.push('-L');
  if (o.maxRedirects !== undefined) args.push('--max-redirs', String(o.maxRedirects));
  if (o.acceptCompressed !== false) args.push('--compressed');
  if (o.timeoutMs) args.push('--max-time', String(o.timeoutMs / 1000));
  if (o.connectTimeoutMs) args.push('--connect-timeout', String(o.connectTimeoutMs / 1000));
  if (o.http2) args.push('--http2');
  if (o.proxy === null) args.push('--noproxy', shellQuote('*'));
  else if (o.proxy) {
    args.push('--proxy', shellQuote(opts.maskSecrets ? hideUrlPassword(mask(o.proxy)) : o.proxy));
    if (o.noProxy) args.push('--noproxy', shellQuote(o.noProxy.replace(/\s+/g, '')));
  }
  if (o.proxyInsecure) args.push('--proxy-insecure');
  if (o.insecure) args.push('--insecure');
  if (o.caFile) args.push('--cacert', shellQuote(o.caFile));
  if (o.certFile) args.push('--cert', shellQuote(o.certFile));
  if (o.keyFile) args.push('--key', shellQuote(o.keyFile));
  if (o.pfxFile) args.push('--cert-type', 'P12', '--cert', shellQuote(o.passphrase ? `${o.pfxFile}:${mask(o.passphrase)}` : o.pfxFile));
  switch (b.kind) {
    case 'none':
      break;
    case 'text':
      args.push('--data-binary', shellQuote(mask(b.text)));
      break;
    case 'bytes':
      args.push('--data-binary', shellQuote(Buffer.from(b.data).toString('latin1')));
      break;
    case 'form':
      args.push('--data-binary', shellQuote(mask(encodeForm(b.fields))));
      break;
    case 'file':
      args.push('--data-binary', shellQuote(`@${b.path}`));
      break;
    case 'segments': {
      // curl cannot splice text and files into one body; a shell group feeds it on stdin instead.
      const parts = b.segments.map((s) => ('text' in s ? `printf '%s' ${shellQuote(mask(s.text))}` : `cat ${shellQuote(s.path)}`));
      args.push('--data-binary', '@-');
      return `{ ${parts.join('; ')}; } | ${args.join(' ')}`;
    }
  }
  return args.join(' ');
}
