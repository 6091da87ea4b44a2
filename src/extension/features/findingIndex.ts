import * as vscode from 'vscode';
import type { Finding } from '../../core/findings';
import type { DiagnosticsProvider } from '../diagnostics';
import { toRange } from '../convert';

/**
 * Published findings by the file they land in: an .http document's own, and those it puts on a
 * `< body.json` file. Code actions read fixes here, because the diagnostics VS Code hands back to a
 * code action provider are copies, not the objects the provider published.
 */
export class FindingIndex implements vscode.Disposable {
  /** target fsPath → owner URI → findings in the target, with the owner's document version. */
  private readonly byTarget = new Map<string, Map<string, { version: number; findings: Finding[] }>>();
  private readonly sub: vscode.Disposable;

  constructor(private readonly diagnostics: DiagnosticsProvider) {
    this.sub = diagnostics.onDidPublish((uri) => this.refresh(uri));
  }

  private refresh(owner: vscode.Uri): void {
    const key = owner.toString();
    for (const [target, m] of this.byTarget) {
      m.delete(key);
      if (m.size === 0) this.byTarget.delete(target);
    }
    const p = this.diagnostics.findings(owner);
    if (!p) return;
    const grouped = new Map<string, Finding[]>();
    for (const f of p.findings) {
      const list = grouped.get(f.file) ?? [];
      list.push(f);
      grouped.set(f.file, list);
    }
    for (const [target, findings] of grouped) {
      const m = this.byTarget.get(target) ?? new Map<string, { version: number; findings: Finding[] }>();
      m.set(key, { version: p.version, findings });
      this.byTarget.set(target, m);
    }
  }

  /**
   * Findings that land in `doc` and still match its text: a document's own findings only when
   * they were computed for its current version (fix edits would land in the wrong place otherwise).
   */
  findingsIn(doc: vscode.TextDocument): Finding[] {
    const m = this.byTarget.get(doc.uri.fsPath);
    if (!m) return [];
    const out: Finding[] = [];
    const self = doc.uri.toString();
    for (const [owner, entry] of m) {
      if (owner === self && entry.version !== doc.version) continue;
      out.push(...entry.findings);
    }
    return out;
  }

  /** The finding a diagnostic stands for in `doc` (same rule, range and message), or undefined. */
  findingFor(doc: vscode.TextDocument, d: vscode.Diagnostic): Finding | undefined {
    const own = this.diagnostics.findingOf(d);
    if (own) return own;
    const rule = typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
    return this.findingsIn(doc).find((f) => f.rule === rule && f.message === d.message && toRange(f.range).isEqual(d.range));
  }

  dispose(): void {
    this.sub.dispose();
    this.byTarget.clear();
  }
}
