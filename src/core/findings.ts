import type { Range, TextEdit } from './text/position';

/** Severity a rule may be configured to; `off` disables the rule. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
/** A configured rule level: a severity or `off`. */
export type RuleLevel = Severity | 'off';

/** How careful `--fix` must be with a fix: `safe` fixes run under plain `--fix`; others need `--fix-type`. */
export type FixKind = 'safe' | 'pii' | 'suggestion';

/** A text edit in a named file (absolute path); `file` absent means the file the finding is in. */
export interface FileTextEdit extends TextEdit {
  file?: string;
}

/** One repair for a finding, as plain text edits (no editor API). */
export interface Fix {
  title: string;
  kind: FixKind;
  /** The obvious repair: the editor marks it preferred. */
  isPreferred?: boolean;
  edits: FileTextEdit[];
}

/** A second place that matters for a finding (the other request, the definition). */
export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** One lint result. `range` is 0-based in `file` (absolute path). */
export interface Finding {
  rule: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** The request's name, or its 1-based index in its .http file; null for findings outside a request. */
  request: string | number | null;
  docs?: string;
  fixes?: Fix[];
  related?: RelatedLocation[];
}

/** Order findings by file, then position, then rule id, for stable output. */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.character - b.range.start.character ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0)
  );
}
