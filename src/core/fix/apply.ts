import { lstatSync, readFileSync, realpathSync, renameSync, statSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Finding, Fix } from '../findings';
import type { LintResult } from '../lint/rule';
import { LineIndex, type TextEdit } from '../text/position';

/** Outcome of {@link applyTextEdits}: the new text and which edits made it in. */
export interface AppliedEdits {
  text: string;
  applied: TextEdit[];
  /** Edits dropped because they overlapped an edit accepted earlier (in input order). */
  skipped: TextEdit[];
}

interface Placed {
  edit: TextEdit;
  start: number;
  end: number;
  order: number;
}

function place(lines: LineIndex, edit: TextEdit, order: number): Placed {
  const start = lines.offsetAt(edit.range.start);
  const end = Math.max(start, lines.offsetAt(edit.range.end));
  return { edit, start, end, order };
}

// Two insertions at one point conflict (their order would be a guess); so does an insertion strictly
// inside a replaced range. An insertion at a range's edge is fine: it lands before or after the range.
function overlaps(a: Placed, b: Placed): boolean {
  const aEmpty = a.start === a.end;
  const bEmpty = b.start === b.end;
  if (aEmpty && bEmpty) return a.start === b.start;
  if (aEmpty) return a.start > b.start && a.start < b.end;
  if (bEmpty) return b.start > a.start && b.start < a.end;
  return a.start < b.end && b.start < a.end;
}

function sameEdit(a: Placed, b: Placed): boolean {
  return a.start === b.start && a.end === b.end && a.edit.newText === b.edit.newText;
}

/**
 * Applies edits (0-based ranges in `text`) bottom-up. Identical duplicates count once; an edit
 * overlapping one accepted before it (input order) is skipped, never merged.
 */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): AppliedEdits {
  const lines = new LineIndex(text);
  const accepted: Placed[] = [];
  const skipped: TextEdit[] = [];
  edits.forEach((e, i) => {
    const p = place(lines, e, i);
    if (accepted.some((a) => sameEdit(a, p))) return;
    if (accepted.some((a) => overlaps(a, p))) skipped.push(e);
    else accepted.push(p);
  });
  // Ties: the replaced range first, then an insertion at its start, so the insertion ends up in front of it.
  const bottomUp = [...accepted].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const p of bottomUp) out = out.slice(0, p.start) + p.edit.newText + out.slice(p.end);
  return { text: out, applied: accepted.sort((a, b) => a.order - b.order).map((p) => p.edit), skipped };
}

/** Whole fixes chosen for one pass and their edits per absolute file path. */
export interface ChosenFixes {
  /** Each chosen fix with the absolute paths its edits touch. */
  fixes: Array<{ fix: Fix; files: Set<string> }>;
  byFile: Map<string, TextEdit[]>;
}

/**
 * Picks whole fixes (all their edits or none) in input order; a fix clashing with one picked
 * before it waits for the next pass. `file` is where a fix's edits without their own `file` apply.
 */
export function chooseFixes(fixes: ReadonlyArray<{ fix: Fix; file: string }>, text: (file: string) => string): ChosenFixes {
  const byFile = new Map<string, TextEdit[]>();
  const chosen: Array<{ fix: Fix; files: Set<string> }> = [];
  const indexes = new Map<string, LineIndex>();
  const placed = new Map<string, Placed[]>();
  for (const { fix, file } of fixes) {
    const mine = fix.edits.map((e) => ({ file: e.file ?? file, edit: e }));
    const candidates = mine.map(({ file: f, edit }) => {
      let idx = indexes.get(f);
      if (!idx) indexes.set(f, (idx = new LineIndex(text(f))));
      return { f, p: place(idx, edit, 0) };
    });
    const clash = candidates.some(({ f, p }) => (placed.get(f) ?? []).some((q) => !sameEdit(q, p) && overlaps(q, p)));
    if (clash) continue;
    chosen.push({ fix, files: new Set(candidates.map((c) => c.f)) });
    for (const { f, p } of candidates) {
      const list = placed.get(f) ?? [];
      if (list.some((q) => sameEdit(q, p))) continue;
      list.push(p);
      placed.set(f, list);
      const edits = byFile.get(f) ?? [];
      edits.push({ range: p.edit.range, newText: p.edit.newText });
      byFile.set(f, edits);
    }
  }
  return { fixes: chosen, byFile };
}

/** File access for {@link fixFile}; the default reads and writes the disk. */
export interface FixIO {
  read(file: string): string;
  write(file: string, text: string): void;
}

/**
 * Writes `text` next to `file` then renames it over, so a crash never leaves half a file; keeps the
 * file's permission bits and writes through symbolic links to their target.
 */
export function writeFileSafely(file: string, text: string): void {
  let target = file;
  try {
    if (lstatSync(file).isSymbolicLink()) target = realpathSync(file);
  } catch {
    // A file that does not exist yet is simply created.
  }
  const tmp = join(dirname(target), `.${basename(target)}.reqlint-${process.pid}.tmp`);
  let mode: number | null = null;
  try {
    mode = statSync(target).mode & 0o7777;
  } catch {
    mode = null;
  }
  try {
    writeFileSync(tmp, text, 'utf8');
    if (mode !== null) chmodSync(tmp, mode);
    renameSync(tmp, target);
  } catch (err) {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written, or it is already gone.
    }
    throw err;
  }
}

/** The disk, through {@link writeFileSafely}. */
export const diskIO: FixIO = {
  read: (file) => readFileSync(file, 'utf8'),
  write: writeFileSafely,
};

/** Options for {@link fixFile}. */
export interface FixFileOptions {
  /** Lints the current text of the file (re-run after every pass). */
  lint(text: string): LintResult | Promise<LintResult>;
  /** The fix to apply for a finding, or null to leave it (e.g. filter by `fix.kind`). */
  pick(finding: Finding): Fix | null;
  io?: FixIO;
  /** Passes of lint → apply → write; default 10. */
  maxPasses?: number;
}

/** What {@link fixFile} did. */
export interface FixReport {
  file: string;
  /** Passes that applied at least one fix. */
  passes: number;
  /** Fixes applied over all passes. */
  applied: number;
  /** Absolute paths written (the file itself and any file a fix edited). */
  written: string[];
  /** Files a fix needed to change but that could not be read or written; their fixes were dropped. */
  unwritable: Array<{ file: string; message: string }>;
  /** Lint of the final text. */
  result: LintResult;
}

/**
 * Lints `file`, applies the picked fixes (non-overlapping, bottom-up), writes the changed files and
 * lints again, up to `maxPasses` times or until no fix applies. Each pass writes before the next
 * lint, so a fix in a referenced file (`< body.json`) is seen by the re-lint and never applied twice.
 */
export async function fixFile(file: string, options: FixFileOptions): Promise<FixReport> {
  const io = options.io ?? diskIO;
  const maxPasses = options.maxPasses ?? 10;
  const texts = new Map<string, string>();
  const unwritable = new Map<string, string>();
  const written = new Set<string>();
  const textOf = (f: string): string => {
    let t = texts.get(f);
    if (t === undefined) {
      t = io.read(f);
      texts.set(f, t);
    }
    return t;
  };
  let result = await options.lint(textOf(file));
  let passes = 0;
  let applied = 0;
  while (passes < maxPasses) {
    const wanted: Array<{ fix: Fix; file: string }> = [];
    for (const finding of result.findings) {
      const fix = options.pick(finding);
      if (!fix || !fix.edits.length) continue;
      const files = new Set(fix.edits.map((e) => e.file ?? finding.file));
      let readable = true;
      for (const f of files) {
        if (unwritable.has(f)) readable = false;
        else {
          try {
            textOf(f);
          } catch (err) {
            unwritable.set(f, err instanceof Error ? err.message : String(err));
            readable = false;
          }
        }
      }
      if (readable) wanted.push({ fix, file: finding.file });
    }
    if (!wanted.length) break;
    const chosen = chooseFixes(wanted, textOf);
    let changedAny = false;
    const failed = new Set<string>();
    for (const [f, edits] of chosen.byFile) {
      const before = textOf(f);
      const after = applyTextEdits(before, edits).text;
      if (after === before) continue;
      try {
        io.write(f, after);
        texts.set(f, after);
        written.add(f);
        changedAny = true;
      } catch (err) {
        unwritable.set(f, err instanceof Error ? err.message : String(err));
        failed.add(f);
      }
    }
    if (!changedAny) break;
    passes++;
    applied += chosen.fixes.filter(({ files }) => [...files].every((f) => !failed.has(f))).length;
    result = await options.lint(textOf(file));
  }
  return { file, passes, applied, written: [...written], unwritable: [...unwritable].map(([f, message]) => ({ file: f, message })), result };
}
