/** Variable resolution for .http files: file variables, environment files, `.env`, dynamic variables, chaining. */
export { buildScope, findHoles, jsonPathValue, VariableResolver } from './scope';
export type { ExchangeRecord, HeaderList, Hole, Resolution, ResolvedHole, ScopeOptions, VariableLocation, VariableValue } from './scope';
export { listEnvironments, loadEnvironmentFiles, folderChain, readTextFromDisk, ENV_FILE, PRIVATE_ENV_FILE, SHARED_ENV } from './environments';
export type { EnvironmentFiles, EnvTable, ReadText, SourcedValue, VarProblem, VariableSource } from './environments';
export { parseDotenv } from './dotenv';
export type { DotenvEntry, DotenvProblem, DotenvResult } from './dotenv';
export { generateDynamic, isKnownDynamic, parseDynamic, formatDate, applyOffset, DYNAMIC_HEADS } from './dynamic';
export type { DynamicContext, DynamicExpr, DynamicResult } from './dynamic';
