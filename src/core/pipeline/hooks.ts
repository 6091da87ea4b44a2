import type { PreparedRequest } from '../send/types';
import type { RunItem, SentOutcome } from './io';
import type { FileRun } from './session';

/** Why a step stopped a request before sending: shown as the request's not-sent message at `line` (1-based). */
export interface StepRefusal {
  line: number;
  message: string;
}

/**
 * Named places where later jobs plug into the road; each is optional and awaited in order.
 * `authorize` and `beforeSend` may change `prepared` in place (headers, body) or refuse the request.
 */
export interface PipelineSteps {
  /** Pre-request scripts: before the request's `{{…}}` are resolved (what they set is read by prepare); runs before `authenticate`, once per request. */
  beforePrepare?(run: FileRun, item: RunItem): void | StepRefusal | Promise<void | StepRefusal>;
  /**
   * Before the request is prepared: makes the sign-in tokens it references available to `run`'s
   * resolver (fetching, refreshing or taking them from the store); `environment` is the session's.
   */
  authenticate?(run: FileRun, item: RunItem, environment: string | null, signal?: AbortSignal): void | StepRefusal | Promise<void | StepRefusal>;
  /** Adds credentials (auth tokens, signatures) after the gate; runs before `beforeSend`. */
  authorize?(prepared: PreparedRequest, item: RunItem): void | StepRefusal | Promise<void | StepRefusal>;
  /** Pre-request scripts: last chance to change the request before it goes on the wire. */
  beforeSend?(prepared: PreparedRequest, item: RunItem): void | StepRefusal | Promise<void | StepRefusal>;
  /** Response handlers (scripts, `>>` saves) after the answer is classified and recorded for chaining. */
  afterResponse?(outcome: SentOutcome, run: FileRun): void | Promise<void>;
  /**
   * After the answer came: true when it refused a credential that can be renewed (a 401 `invalid_token`
   * to a request that used a token), so the request is sent once more from `authenticate` on.
   */
  reauthenticate?(outcome: SentOutcome, environment: string | null): boolean | Promise<boolean>;
  /** Assertions (`??` lines, contract checks) over the final answer; runs after `afterResponse`. */
  assert?(outcome: SentOutcome): void | Promise<void>;
}
