import type { AuthConfigs } from '../auth/oauth2/config';
import type { ProjectConfig } from '../config/types';
import type { Finding, Fix, RelatedLocation, Severity } from '../findings';
import type { HttpFile, HttpRequest } from '../http/ast';
import type { Range } from '../text/position';

/**
 * What a rule sees for one request. The engine builds one per request (or per mapped JSON
 * payload) and passes it to every enabled rule. Fields that belong to later layers
 * (profile, endpoint, body) are null when unknown.
 */
export interface RuleContext {
  /** Absolute path of the file the request lives in. */
  filePath: string;
  /** The parsed .http file; null when linting a mapped JSON payload on its own. */
  file: HttpFile | null;
  /** The request; for a mapped JSON payload a synthetic request (see `synthetic`). */
  request: HttpRequest;
  /** True when `request` was made from a payload mapping rather than written in a file. */
  synthetic: boolean;
  /** Request identity for findings: its name, or its 1-based index in the file. */
  requestId: string | number;
  /** Variable lookup for this request (file, environment, .env, dynamic). */
  vars: VariableScope;
  /** Extension point for later layers (profiles, bodies); rules read what they know. */
  extra: Record<string, unknown>;
  /** The project config governing this file (plans, base URLs, rule levels); set by the engine. */
  config?: ProjectConfig;
  /** The selected environment name, or null for none; set by the engine. */
  environment?: string | null;
  /** Files read for this request must lie in this folder (see `LintOptions.readRoot`); null: no limit. */
  readRoot?: string | null;
  /** Report a finding; rule id, severity, file and request are filled in by the engine. */
  report(f: RuleReport): void;
}

/** What a rule reports; the engine adds rule id, configured severity and request identity. */
export interface RuleReport {
  message: string;
  range: Range;
  /** Absolute path when the finding lives in another file (a `< file.json` body); default: the request's file. */
  file?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
  /** Overrides the rule's docs link for this finding (a profile section). */
  docs?: string;
  /** Overrides the configured severity for this finding only (e.g. a warning variant of an error rule). */
  severity?: Severity;
}

/** Variable lookup used by rules and the sender; never evaluates code. */
export interface VariableScope {
  /** True when `{{expr}}` can be resolved (defined somewhere or a known dynamic variable). */
  isDefined(expr: string): boolean;
  /** The OAuth 2.0 sign-in entries (`Security.Auth`) of the selected environment; absent where no environment files are read. */
  authConfigs?(): AuthConfigs;
}

/** A lint rule: one per file under `lint/rules/`, stable public `id` (see the rule catalogue). */
export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence for docs and SARIF. */
  description: string;
  /** Where the rule is documented (the project's rule page or the API's page). */
  docs: string;
  /** Called once per request; must not throw (the engine guards it anyway). */
  check(ctx: RuleContext): void;
}

/** A rule that also needs every request of a file at once (e.g. reused idempotency keys). */
export interface FileRule extends Omit<Rule, 'check'> {
  checkFile(ctxs: RuleContext[]): void;
}

/** Output of linting one file. */
export interface LintResult {
  /** Absolute path. */
  file: string;
  findings: Finding[];
  requests: number;
  /** Document version the result was computed for (editor), or null (CLI). */
  version: number | null;
}
