import type { PayloadMapping, ProjectConfig } from '../config/types';
import type { HttpFile } from '../http/ast';
import type { RuleContext } from './rule';

/** What a context provider knows about the file being linted; one per file per lint run. */
export interface LintSession {
  /** Absolute path of the linted file. */
  filePath: string;
  /** The parsed .http file, or null for a mapped JSON payload. */
  file: HttpFile | null;
  /** The mapping a JSON payload is linted under, or null for .http files. */
  mapping: PayloadMapping | null;
  config: ProjectConfig;
  /** Selected environment name, or null. */
  environment: string | null;
  /** Per-file memo for providers (e.g. a profile index built once per file); keys are provider-chosen. */
  cache: Map<string, unknown>;
}

/**
 * Adds what a later layer knows to each request's context before any rule runs (e.g.
 * `ctx.extra.profile`, `ctx.extra.endpoint`, `ctx.extra.body`). Providers run in order; a throwing
 * provider is reported once per file as an internal finding and the rules still run.
 */
export interface ContextProvider {
  /** Stable name used in internal-error messages. */
  id: string;
  provide(ctx: RuleContext, session: LintSession): void;
}
