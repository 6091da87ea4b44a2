// The testable parts of `npm start` (scripts/start.mjs): options, the demo copy, line prefixes.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';

/** The help text of `npm start -- --help`. */
export const USAGE = `npm start -- [options]

  --mock-port N     port of the mock API on 127.0.0.1 (default 4010)
  --editor-port N   port of the browser VS Code on 127.0.0.1 (default: a free one)
  --keep-demo       reopen the demo copy as you left it instead of a fresh copy of demo/
  -h, --help        this text`;

/** Thrown for bad options; `npm start` prints the message and the usage and exits with 2. */
export class UsageError extends Error {}

/**
 * The options of `npm start`: ports of the mock (default 4010, or $REQLINT_MOCK_PORT) and of the
 * browser VS Code (null: a free one, or $REQLINT_VSCODE_PORT), whether to keep the demo copy, help.
 */
export function parseStartArgs(args, env = process.env) {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        'mock-port': { type: 'string' },
        'editor-port': { type: 'string' },
        'keep-demo': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  const port = (name, fallback) => {
    const raw = values[name] ?? fallback;
    if (raw === undefined || raw === '') return null;
    const n = Number(raw);
    if (!/^\d+$/.test(String(raw)) || n < 1 || n > 65535) throw new UsageError(`--${name} must be a port number from 1 to 65535, not "${raw}".`);
    return n;
  };
  return {
    help: !!values.help,
    mockPort: port('mock-port', env.REQLINT_MOCK_PORT ?? '4010'),
    editorPort: port('editor-port', env.REQLINT_VSCODE_PORT),
    keepDemo: !!values['keep-demo'],
  };
}

/** Prefixes whole lines of a child's output, however the chunks split them. */
export function linePrefixer(prefix, write) {
  let rest = '';
  return (b) => {
    const lines = (rest + b.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) write(`${prefix}${line}\n`);
  };
}

/**
 * Copies `demo` to `target` (fresh unless `keep` and it exists) with the environment and config
 * pointed at the mock on `port`; returns `target`. The repository's demo/ is never opened, so the
 * editor's edits and auto-save stay out of `git status`.
 */
export function copyDemo(demo, target, port, keep = false) {
  if (keep && existsSync(target)) return target;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  cpSync(demo, target, { recursive: true });
  for (const f of ['reqlint.config.json', 'http-client.env.json']) {
    const p = join(target, f);
    if (!existsSync(p)) continue;
    // The copy lives elsewhere: its `$schema` must still reach the repository's schemas/.
    const schemas = relative(target, join(demo, '..', 'schemas')).split(sep).join('/');
    writeFileSync(p, readFileSync(p, 'utf8').replaceAll('127.0.0.1:4010', `127.0.0.1:${port}`).replaceAll('"../schemas/', `"${schemas}/`));
  }
  return target;
}
