import { parseArgs } from 'node:util';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startMockServer, type MockServer } from '../../mock/server';
import { mockConfigBaseUrls, mockEnvironment } from '../../mock/env';
import { UsageError } from '../usage';

const HELP = `reqlint mock — the five documented APIs on loopback, for trying requests without accounts

Usage:
  reqlint mock [--port N] [--host 127.0.0.1] [--plain-http] [--env-file FILE]

Options:
  --port N          port to listen on (default 4010; 0 picks a free one)
  --host ADDR       loopback address to listen on (default 127.0.0.1)
  --plain-http      treat every request as plain HTTP: QR Studio /api/* answers 426
                    (without it, send 'X-Forwarded-Proto: http' to get the 426 on one request)
  --env-file FILE   also write the printed http-client.env.json to FILE

Faults on demand (request headers):
  X-Mock-Status: 503           answer with this status in the API's own error shape
  X-Mock-Retry-After: 1        with it, a Retry-After header (seconds or an HTTP date)
  X-Mock-Fail-Times: 2         fail only the first N identical requests, then answer normally
  X-Mock-Fault-Key: k          what makes requests identical for X-Mock-Fail-Times (default: method,
                               path and Idempotency-Key)
  X-Mock-Delay: 2000           wait this many milliseconds before answering
  X-Mock-Slow-Body: 3000       trickle the body over this many milliseconds
  X-Mock-Reset: mid-body       drop the connection halfway through the body (or: before-headers)
  X-Mock-Body-Bytes: 209715200 answer 200 with this many filler bytes (large downloads)

Stops on Ctrl-C.`;

/** `reqlint mock`: serves the five APIs until interrupted; prints base URLs and an environment first. */
export async function run(argv: string[]): Promise<number> {
  let values: { port?: string; host?: string; 'plain-http'?: boolean; 'env-file'?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'plain-http': { type: 'boolean' },
        'env-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(`${(err as Error).message}. Try 'reqlint mock --help'.`);
  }
  if (values.help) {
    process.stdout.write(HELP + '\n');
    return 0;
  }
  const port = values.port === undefined ? 4010 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a whole number from 0 to 65535, got '${values.port}'.`);
  const host = values.host ?? '127.0.0.1';
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host)) {
    throw new UsageError(`--host must be a loopback address (127.x.x.x, ::1 or localhost), got '${host}': the mock accepts any key and is not meant to be reachable from other machines.`);
  }
  let server: MockServer;
  try {
    server = await startMockServer({ port, host, plainHttp: values['plain-http'] === true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`reqlint mock: port ${port} on ${host} is already in use (another mock running?). Stop it or pick another port with --port.\n`);
      return 1;
    }
    throw err;
  }
  const env = mockEnvironment(server.baseUrls);
  const out = process.stdout;
  out.write(`reqlint mock listening on ${server.origin}\n\nBase URLs:\n`);
  for (const [id, url] of Object.entries(server.baseUrls)) out.write(`  ${id.padEnd(20)} ${url}/\n`);
  out.write(`\nhttp-client.env.json:\n${JSON.stringify(env, null, 2)}\n`);
  out.write(`\nreqlint.config.json "baseUrls":\n${JSON.stringify(mockConfigBaseUrls(server.baseUrls), null, 2)}\n`);
  if (values['env-file']) {
    const file = resolve(values['env-file']);
    writeFileSync(file, JSON.stringify(env, null, 2) + '\n');
    out.write(`\nwrote ${file}\n`);
  }
  out.write('\nPress Ctrl-C to stop.\n');
  await new Promise<void>((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolveStop, resolveStop);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  out.write('reqlint mock stopped.\n');
  return 0;
}
