// Extension-host entry for the packaged-extension check: the .vsix is installed into the VS Code
// under test (not loaded from the source tree) and must lint a demo file on its own.
import { runFolder } from '../suite/index';

/** Called by the extension host with the tests path. */
export function run(): Promise<void> {
  return runFolder(__dirname);
}
