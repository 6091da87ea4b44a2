import { UsageError } from './usage';

/** A CLI sub-command: gets its own argv (after the command name), returns the process exit code. */
export type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  lint: async () => (await import('./commands/lint')).run,
  classify: async () => (await import('./commands/classify')).run,
  send: async () => (await import('./commands/send')).run,
  test: async () => (await import('./commands/test')).run,
  mock: async () => (await import('./commands/mock')).run,
};

const HELP = `reqlint — lint, send, test and explain HTTP API requests

Usage:
  reqlint lint [PATH ...] [--format text|json|sarif] [--config FILE] [--env NAME] [--fix] [--fix-type pii]
  reqlint classify --status N [--header "Name: value"]... [--body FILE|-] [--url URL] [--format text|json]
  reqlint send FILE [--name NAME | --line N | --all] [--env NAME] [--format text|json] [--no-retry] [--timeout MS]
  reqlint test [PATH|GLOB ...] [--grep PATTERN] [--jobs N] [--shard K/N] [--reporter text|json|junit] [--output FILE] [--no-strict]
  reqlint mock [--port N] [--host 127.0.0.1]

Run "reqlint <command> --help" for the options of one command.`;

/** Runs the CLI with argv (without node and script), returns the exit code: 0 ok, 1 findings/failures, 2 bad usage. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(HELP + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`reqlint: unknown command '${name}'. Commands: ${Object.keys(commands).join(', ')}. Try 'reqlint --help'.\n`);
    return 2;
  }
  try {
    return await (await load())(rest);
  } catch (err) {
    // Each command is its own bundle with its own copy of UsageError, so the class alone does not say it.
    if (err instanceof UsageError || (err instanceof Error && err.name === 'UsageError')) {
      process.stderr.write(`reqlint ${name}: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`reqlint ${name}: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return 2;
  }
}

declare const REQLINT_VERSION: string | undefined;
const VERSION = typeof REQLINT_VERSION === 'string' ? REQLINT_VERSION : '0.0.0-dev';

if (require.main === module) {
  // A reader that stops early (`reqlint send … | head`) closes the pipe: stop quietly, as Unix tools do,
  // instead of dying on an unhandled EPIPE with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  let finished = false;
  // Node ends a process whose event loop has emptied even while a promise is pending: that must not
  // pass for success.
  process.on('beforeExit', () => {
    if (finished) return;
    finished = true;
    process.stderr.write('reqlint: internal error: the command stopped before it finished (nothing was left to wait for). Please report it.\n');
    process.exitCode = 2;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      finished = true;
      process.exitCode = code;
    },
    (err: unknown) => {
      finished = true;
      process.stderr.write(`reqlint: ${String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
