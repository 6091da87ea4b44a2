import type { HttpRequest } from '../http/ast';
import type { ScriptReport } from '../scripts/run';
import type { SendClassification, SendPlan } from '../send/wire';
import type { PreparedRequest, SendResult } from '../send/types';

/** Which request of a run an event is about: `index` is 0-based in the run's list of `total`. */
export interface RunItem {
  request: HttpRequest;
  index: number;
  total: number;
  /** What the request's scripts did (pre-request, then response handlers); absent when it has none or scripts were not asked for. */
  scripts?: ScriptReport[];
}

/** A request that was sent (whatever came back, a transport failure included). */
export interface SentOutcome extends RunItem {
  kind: 'sent';
  prepared: PreparedRequest;
  plan: SendPlan;
  /** The caller owns `result.body` (temp file included): `discardBody` it when done. */
  result: SendResult<SendClassification>;
}

/** A request that was not sent: it could not be prepared, the gate stopped it, or a step refused it. */
export interface NotSentOutcome extends RunItem {
  kind: 'not-sent';
  /** 1-based line in the .http file the message is about. */
  line: number;
  /** What is wrong and what to do, without the file name (front ends prefix `file:line`). */
  message: string;
}

/** What happened to one request of a run. */
export type RequestOutcome = SentOutcome | NotSentOutcome;

/** Progress of one request while it is sent; every member optional, all called synchronously. */
export interface ProgressSink {
  /** Attempt `attempt` (1-based) starts; `method` after substitution. */
  attemptStart?(item: RunItem, attempt: number, method: string): void;
  /** Response bytes received so far (as on the wire) and the announced length; left out = not measured at all. */
  bytes?(item: RunItem, receivedBytes: number, totalBytes: number | null): void;
  /** Waiting `ms` milliseconds before attempt `next` because of `reason` (the API's retry policy). */
  retryWait?(item: RunItem, ms: number, reason: string, next: number): void;
  /** Waiting `ms` milliseconds for the documented client-side rate limit named by `limit`. */
  rateLimitWait?(item: RunItem, ms: number, limit: string): void;
}

/**
 * What a front end supplies to the pipeline: cancellation, progress, secrets, questions to the
 * user, and where results go. Everything else (config, TLS, retries, cookies…) is the pipeline's.
 */
export interface PipelineIO {
  /** Cancels the run: nothing more is sent and the request on the wire is aborted. */
  signal?: AbortSignal;
  progress?: ProgressSink;
  /** Value of `{{$secret name}}` from the front end's secret store; absent = the front end has none. */
  secret?(name: string): string | undefined;
  /** Takes each request's outcome, in run order; the runner awaits it before reporting the next. */
  report(outcome: RequestOutcome): void | Promise<void>;
  /** Report each outcome as soon as it is known (a person watching) instead of while the next request is on the wire. */
  reportPromptly?: boolean;
  /** A problem that is not any one request's outcome (e.g. a report that could not be written). */
  warn?(message: string): void;
}
