// Extension-host entry for the untrusted-workspace check: VS Code runs with workspace trust on and
// the test folder is not trusted (restricted mode).
import { runFolder } from '../suite/index';

/** Called by the extension host with the tests path. */
export function run(): Promise<void> {
  return runFolder(__dirname);
}
