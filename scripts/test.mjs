// The whole test suite, as `npm test` runs it: type check, lint (with the import boundaries),
// the plain-Node unit suite, then the integration suite inside a real VS Code.
// Prints one closing line `tests: N passed, N failed, N skipped` over every stage.
import { spawn } from 'node:child_process';

const stages = [
  { name: 'typecheck', cmd: 'npx', args: ['tsc', '-p', '.', '--noEmit'] },
  { name: 'eslint', cmd: 'npx', args: ['eslint', '.', '--max-warnings', '0'] },
  { name: 'build', cmd: 'node', args: ['esbuild.mjs'] },
  { name: 'unit', cmd: 'npx', args: ['mocha'], counts: true },
  { name: 'integration', cmd: 'node', args: ['test/integration/run-code-server.mjs'], counts: true, optionalFile: 'test/integration/run-code-server.mjs' },
];

const only = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
let stageFailures = [];

function run(stage) {
  return new Promise((resolve) => {
    const child = spawn(stage.cmd, stage.args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let tail = '';
    const onData = (stream) => (chunk) => {
      stream.write(chunk);
      tail = (tail + chunk.toString()).slice(-20000);
    };
    child.stdout.on('data', onData(process.stdout));
    child.stderr.on('data', onData(process.stderr));
    child.on('close', (code) => resolve({ code: code ?? 1, tail }));
  });
}

const { existsSync } = await import('node:fs');
for (const stage of stages) {
  if (only.length && !only.includes(stage.name)) continue;
  if (stage.optionalFile && !existsSync(stage.optionalFile)) continue;
  console.log(`\n== ${stage.name} ==`);
  const { code, tail } = await run(stage);
  if (stage.counts) {
    // mocha's spec reporter: "N passing", "N failing", "N pending"; our harness prints "N passed, N failed".
    const num = (re) => { const m = tail.match(re); return m ? Number(m[1]) : 0; };
    const p = num(/(\d+) passing/) || num(/(\d+) passed, \d+ failed/);
    const f = num(/(\d+) failing/) || num(/\d+ passed, (\d+) failed/);
    const s = num(/(\d+) pending/) || num(/\d+ passed, \d+ failed, (\d+) skipped/);
    passed += p; failed += f; skipped += s;
    if (code !== 0 && f === 0) { failed += 1; }
  } else if (code !== 0) {
    // A failed type check, lint or build is a failed test too: the closing line must not read clean.
    failed += 1;
  }
  if (code !== 0) stageFailures.push(stage.name);
}
if (stageFailures.length) console.log(`\nFailed stages: ${stageFailures.join(', ')}`);
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(stageFailures.length ? 1 : 0);
