// Entry point the extension host loads as `extensionTestsPath`: runs every *.test.js beside it
// with mocha and resolves when all pass. The harness reads the closing `REQLINT-RESULT` line.
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Marker of the line that carries the counts to the harness as JSON. */
export const RESULT_MARKER = 'REQLINT-RESULT';

/** Counts of one mocha run. */
export interface RunCounts {
  passed: number;
  failed: number;
  pending: number;
}

// A reporter that prints one line per test and no "N passing" summary: the harness prints the one summary.
class LineReporter {
  constructor(runner: Mocha.Runner, counts: RunCounts) {
    const { EVENT_TEST_PASS, EVENT_TEST_FAIL, EVENT_TEST_PENDING } = Mocha.Runner.constants;
    runner.on(EVENT_TEST_PASS, (t) => {
      counts.passed++;
      console.log(`  ok   ${t.fullTitle()} (${t.duration ?? 0} ms)`);
    });
    runner.on(EVENT_TEST_FAIL, (t, err: Error) => {
      counts.failed++;
      console.log(`  FAIL ${t.fullTitle()}\n       ${(err.stack ?? String(err)).split('\n').join('\n       ')}`);
    });
    runner.on(EVENT_TEST_PENDING, (t) => {
      counts.pending++;
      console.log(`  skip ${t.fullTitle()}`);
    });
  }
}

/** Runs the tests in the folder of this file; rejects when any test failed (the host then exits 1). */
export function runFolder(dir: string, grep?: string): Promise<void> {
  const counts: RunCounts = { passed: 0, failed: 0, pending: 0 };
  const mocha = new Mocha({
    ui: 'bdd',
    timeout: 30000,
    color: false,
    reporter: class extends LineReporter {
      constructor(runner: Mocha.Runner) {
        super(runner, counts);
      }
    } as unknown as typeof Mocha.reporters.Base,
    ...(grep ? { grep } : {}),
  });
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.test.js')).sort()) mocha.addFile(join(dir, f));
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        console.log(`${RESULT_MARKER} ${JSON.stringify(counts)}`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed.`));
        else resolve();
      });
    } catch (err) {
      console.log(`${RESULT_MARKER} ${JSON.stringify({ ...counts, failed: counts.failed + 1 })}`);
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** Called by the extension host with the tests path. */
export function run(): Promise<void> {
  return runFolder(__dirname, process.env.REQLINT_TEST_GREP);
}
