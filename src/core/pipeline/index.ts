// The one road a request takes from a .http file to a reported answer; the CLI and the editor call this.
export { runRequests, runRequest, type RunSummary } from './runner';
export { prepareStep, type Prepared } from './prepare';
export { classifyStep, type ClassifyPlan } from './classify';
export { sendStep } from './send';
export { recordStep } from './record';
export { createSession, openFileRun, saveSessionCookies, type SendSession, type SessionOptions, type FileRun, type FileRunOptions } from './session';
export { sendSettings, sendConfigOf, type SendConfig, type TlsConfig, type SendOverrides, type SendFallbacks, type SendSettings } from './settings';
export { loadCookieJar, saveCookieJar, CookieFileError } from './cookie-file';
export type { PipelineIO, ProgressSink, RequestOutcome, SentOutcome, NotSentOutcome, RunItem } from './io';
export type { PipelineSteps, StepRefusal } from './hooks';
export { scriptSteps, type ScriptStepOptions, type ScriptSteps } from './script-step';
