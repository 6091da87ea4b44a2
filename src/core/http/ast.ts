import type { Range } from '../text/position';
import type { LineIndex } from '../text/position';

/** A piece of source text with its exact place: `start`/`end` are UTF-16 offsets, `range` is 0-based. */
export interface Spanned<T = string> {
  value: T;
  range: Range;
  start: number;
  end: number;
}

/** A `# @key value` / `// @key value` metadata line; unknown keys are kept, never errors. */
export interface Metadata {
  key: string;
  /** The value after the key (after an optional `=`), trimmed; '' when absent. */
  value: string;
  range: Range;
}

/** A file variable definition `@name = value` (value kept raw, `{{…}}` not yet resolved). */
export interface FileVariable {
  name: Spanned;
  value: Spanned;
  /** The whole definition line. */
  range: Range;
}

/** A `{{…}}` hole in some text: `expr` is the trimmed inside, offsets are absolute in the file. */
export interface VariableRef {
  expr: string;
  /** Whole `{{…}}` including braces. */
  range: Range;
  start: number;
  end: number;
}

/** A request header line `Name: value`. */
export interface HttpHeader {
  name: Spanned;
  value: Spanned;
  /** The whole header line. */
  range: Range;
}

/** One part of a multipart body, between boundaries. */
export interface MultipartPart {
  headers: HttpHeader[];
  /** Inline content of the part, or null when the part is a `< file` reference. */
  body: Spanned | null;
  file: FileBodyRef | null;
  range: Range;
}

/** A `< path` (raw) or `<@ path` / `<@encoding path` (variables substituted) body reference. */
export interface FileBodyRef {
  path: Spanned;
  /** True for `<@`: `{{…}}` inside the file is substituted before sending. */
  substituteVariables: boolean;
  /** Encoding given after `<@`, e.g. `latin1`; null when absent. */
  encoding: string | null;
  range: Range;
}

/** The body of a request. `inline` text excludes trailing blank lines and handler lines. */
export type HttpBody =
  | { kind: 'inline'; text: Spanned }
  | { kind: 'file'; file: FileBodyRef }
  | { kind: 'multipart'; boundary: string; parts: MultipartPart[]; text: Spanned }
  /** Inline text mixed with `< file` lines (JetBrains allows both); kept whole. */
  | { kind: 'mixed'; text: Spanned; files: FileBodyRef[] };

/**
 * A response handler (`> {% … %}`, `> file.js`), a pre-request script written above the request line
 * (`< {% … %}`, `< file.js`), or an output redirect (`>>`, `>>!`). The parser only finds them; scripts
 * run in `core/scripts` when the user allows it. `range` spans the marker to the closing `%}` (or line end).
 */
export interface HttpHandler {
  kind: 'script' | 'script-file' | 'pre-script' | 'pre-script-file' | 'output' | 'output-force';
  range: Range;
}

/**
 * A `?? field [argument] condition [expected]` assertion line (httpYac syntax); never executed as code.
 * Offsets are UTF-16 in the file, ranges 0-based.
 */
export interface Assertion {
  /** The line from `??` to its last non-blank character. */
  range: Range;
  /** `status`, `header`, `body`, `duration`, or whatever word was written (the linter judges it). */
  field: Spanned;
  /** Header name, JSON path or duration part; null when absent. With no known condition: every word after the field. */
  argument: Spanned | null;
  /** The condition as written (`==`, `startsWith`, `not equals`…); null when the line names no known condition. */
  condition: Spanned | null;
  /** The text after the condition (`{{…}}` kept raw); null when absent. */
  expected: Spanned | null;
}

/** One request block of a .http/.rest file. */
export interface HttpRequest {
  /** 0-based position of this request in the file's `requests`. */
  index: number;
  /** `@name` metadata, else null. */
  name: string | null;
  /** Text after the `###` separator that opened this block, trimmed; null when none. */
  title: string | null;
  metadata: Metadata[];
  /** Method as written (upper case); `GET` when the request line omits it (then range is empty at the URL start). */
  method: Spanned;
  /** URL joined from the request line and its continuation/query lines, with `{{…}}` kept raw. */
  url: Spanned;
  /** `HTTP/1.1` etc. when written, else null. */
  httpVersion: Spanned | null;
  headers: HttpHeader[];
  body: HttpBody | null;
  handlers: HttpHandler[];
  /** `??` assertion lines of the block, in file order. */
  assertions: Assertion[];
  /** Every `{{…}}` hole in the request line, headers and inline body. */
  variables: VariableRef[];
  /** The request line (first line of method/URL; continuation lines are in `url.range`). */
  requestLine: Range;
  /** The whole block from its first line (separator excluded) to its last non-blank line. */
  range: Range;
  /** Rule ids disabled for the whole request or for a line: line (0-based) → ids; '*' means every rule. */
  disabled: DisabledRules;
}

/** Rule suppressions from `# reqlint-disable-next-line <id…>` (per line) and `# reqlint-disable <id…>` (from there on). */
export interface DisabledRules {
  /** 0-based line → rule ids (or '*') disabled on that line. */
  lines: Map<number, Set<string>>;
  /** [0-based line from which, ids] for block disables, in file order; `to` (0-based, exclusive) is where a `# reqlint-enable` ended it, absent = to the end. */
  from: Array<{ line: number; ids: Set<string>; to?: number }>;
}

/** A syntax problem found by the parser; becomes a `syntax/*` finding. */
export interface SyntaxProblem {
  rule: 'syntax/request-line' | 'syntax/header';
  message: string;
  range: Range;
  /** 0-based index of the request it belongs to; -1 when its block yields no request (a broken request line). */
  request: number;
}

/** A parsed .http/.rest file: never throws, problems are listed in `problems`. */
export interface HttpFile {
  text: string;
  lines: LineIndex;
  requests: HttpRequest[];
  fileVariables: FileVariable[];
  /** Metadata lines written before the first request (file-level). */
  metadata: Metadata[];
  problems: SyntaxProblem[];
  disabled: DisabledRules;
}
