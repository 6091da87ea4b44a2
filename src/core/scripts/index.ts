// Scripts: the QuickJS sandbox, the JetBrains script API, and running a request's scripts. Nothing
// else in Reqlint knows how scripts run.
export { runScript, DEFAULT_SCRIPT_LIMITS, type ScriptInput, type ScriptOutcome, type ScriptLimits, type ScriptFailure, type ScriptErrorKind, type ScriptRequestView, type ScriptResponseView, type ScriptTestResult, type ScriptPosition } from './sandbox';
export { loadScriptEngine, ScriptEngineError, WASM_FILE_NAME } from './engine';
export { requestScripts, loadScript, locate, ScriptFileError, MAX_SCRIPT_FILE_BYTES, type RequestScript, type LoadedScript, type FileLocation, type ScriptPhase } from './source';
export {
  scriptPolicy,
  ScriptRunState,
  runPreRequestScripts,
  runResponseHandlers,
  hasScripts,
  contentTypeParts,
  type ScriptPolicy,
  type ScriptPolicyInput,
  type ScriptReport,
  type ScriptTestReport,
  type ScriptRequestContext,
} from './run';
export { scriptFindings, SCRIPT_RULES } from './findings';
export { scriptReportsJson, scriptReportsText, type ScriptReportJson } from './report';
