// `npm run fuzz [-- --runs N --seed S --target NAME --path P]`: the long run of the property-based
// targets in test/fuzz/targets.ts (the same properties `npm test` runs with few cases).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsxCli = require.resolve('tsx/cli');
const child = spawn(process.execPath, [tsxCli, 'test/fuzz/run.ts', ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('close', (code) => process.exit(code ?? 1));
