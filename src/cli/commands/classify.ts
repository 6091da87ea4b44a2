import { UsageError } from '../usage';

/** `reqlint classify`: placeholder until the command lands; exits 2 with a clear message. */
export async function run(_argv: string[]): Promise<number> {
  throw new UsageError('this command is not built yet in this version of reqlint.');
}
