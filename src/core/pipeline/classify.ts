import type { Classifier, RetryContext, RetryDecision } from '../send/send';
import type { PreparedRequest } from '../send/types';
import { makeClassifier, makeRetry, planFor, type SendClassification, type SendPlan } from '../send/wire';
import type { Classification } from '../classify/types';
import type { SendSession } from './session';

/** The classification side of one request: the matched API, its classifier and retry policy. */
export interface ClassifyPlan {
  plan: SendPlan;
  /** Run by the sender after every attempt (retry decisions read the classification). */
  classifier: Classifier<SendClassification>;
  /** The API's retry policy, or null when the session sends once (`--no-retry`). */
  retry: ((ctx: RetryContext<Classification>) => RetryDecision) | null;
}

/**
 * Classify step: matches the prepared request to an API profile (documented hosts, the config's
 * `baseUrls`) and builds the classifier and retry policy the send step runs per attempt.
 */
export function classifyStep(session: SendSession, prepared: PreparedRequest): ClassifyPlan {
  const plan = planFor(prepared, session.profiles, session.config);
  return {
    plan,
    classifier: makeClassifier(plan.classifierProfile, prepared.options.timeoutMs, plan),
    retry: session.settings.retry ? makeRetry(plan.retryPolicy) : null,
  };
}
