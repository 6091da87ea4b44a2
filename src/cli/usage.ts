/** Thrown for bad command-line usage or an invalid config; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
