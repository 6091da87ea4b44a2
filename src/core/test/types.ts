import type { Range } from '../text/position';

/**
 * The result model of request testing, shared by `reqlint test`, its reporters and the editor's
 * Testing view. A check can come from a `??` line, a script's `client.test(…)`, the documented
 * contract or the default "answered 2xx/3xx" rule, so nothing here assumes where it came from.
 */

/** Where a check came from. */
export type CheckSource = 'assertion' | 'script' | 'contract' | 'status' | 'gate';

/** Outcome of one check or one request. */
export type Outcome = 'passed' | 'failed' | 'skipped';

/** One check of one request's answer. */
export interface TestCheck {
  /** What was checked, as the user would say it (`status == 200`, a script test's name). */
  name: string;
  source: CheckSource;
  /** Where it is written in the request's file (0-based); null when it is not written anywhere (contract, default status). */
  range: Range | null;
  outcome: Outcome;
  /** Why it failed or was skipped; '' when it passed. */
  message: string;
  /** The expected value as text, when the check compares values. */
  expected?: string;
  /** The actual value as text, when the check compares values. */
  actual?: string;
}

/** One attempt of a request as the report keeps it (every retry is one). */
export interface AttemptSummary {
  /** 1-based. */
  number: number;
  status: number | null;
  /** Milliseconds. */
  durationMs: number;
  error: string | null;
  /** Why the attempt after this one was made, when it was retried. */
  retryReason: string | null;
}

/** One request of a test file and what became of it. */
export interface RequestTestResult {
  /** The request's name, or its 1-based index in the file. */
  request: string | number;
  name: string | null;
  /** 0-based index in the file. */
  index: number;
  /** 1-based line of the request line. */
  line: number;
  method: string;
  /** The URL as sent (secrets masked), or as written when it was not sent. */
  url: string;
  /** `passed` when every check passed, `failed` when one failed or the request was not sent, `skipped` when not run. */
  outcome: Outcome;
  /** The answer's status code; null when there was none. */
  status: number | null;
  /** Whole exchange in milliseconds, retries included; 0 when not sent. */
  durationMs: number;
  attempts: AttemptSummary[];
  /** The error category of the answer, when it was classified. */
  category: string | null;
  /** Set when the request was not sent: the gate's or preparation's message (file:line in it). */
  notSent: { rule: string | null; message: string } | null;
  checks: TestCheck[];
}

/** One test file's results in file order. */
export interface FileTestResult {
  /** Path as the user gave it or relative to the working folder. */
  path: string;
  /** Absolute path. */
  absolutePath: string;
  /** Milliseconds the file took (its requests one after another). */
  durationMs: number;
  requests: RequestTestResult[];
  /** A problem with the whole file (cannot be read); its requests are then empty. */
  error: string | null;
}

/** Counts over a run. */
export interface TestSummary {
  files: number;
  requests: number;
  passed: number;
  failed: number;
  skipped: number;
  /** Checks (assertions, contract, script tests) failed across the run. */
  failedChecks: number;
  /** Wall-clock milliseconds of the run. */
  durationMs: number;
}

/** A whole run. */
export interface SuiteResult {
  files: FileTestResult[];
  summary: TestSummary;
  /** `K/N` when only a shard of the suite ran. */
  shard: { index: number; total: number } | null;
}

/** Counts `files` into a summary (`durationMs` is the wall-clock time the caller measured). */
export function summarize(files: readonly FileTestResult[], durationMs: number): TestSummary {
  const s: TestSummary = { files: files.length, requests: 0, passed: 0, failed: 0, skipped: 0, failedChecks: 0, durationMs };
  for (const f of files) {
    for (const r of f.requests) {
      s.requests++;
      s[r.outcome]++;
      for (const c of r.checks) if (c.outcome === 'failed') s.failedChecks++;
    }
    if (f.error) s.failed++;
  }
  return s;
}
