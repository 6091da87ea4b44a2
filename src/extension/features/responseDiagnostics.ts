import * as vscode from 'vscode';
import { mapClassificationToSource } from '../../core/classify/map-to-source';
import type { Finding } from '../../core/findings';
import { docsUri, toRange, toSeverity } from '../convert';
import { RESPONSE_DIAGNOSTIC_COLLECTION, RESPONSE_DIAGNOSTIC_SOURCE } from '../ids';
import type { ResultInput } from '../panel/provider';

interface Entry {
  /** The .http file the request lives in (URI string). */
  owner: string;
  /** The request's lines in that file when it was sent (0-based, inclusive). */
  first: number;
  last: number;
  findings: Finding[];
}

/** A response finding as a diagnostic with `source: 'reqlint (response)'` and the rule id and docs link as code. */
export function toResponseDiagnostic(f: Finding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(toRange(f.range), f.message, toSeverity(f.severity));
  d.source = RESPONSE_DIAGNOSTIC_SOURCE;
  d.code = { value: f.rule, target: docsUri(f.rule, f.docs) };
  return d;
}

/**
 * Places the field errors of an error answer on the request that was sent (in the .http file or
 * its `< body.json`), and clears them when that request is edited, sent again successfully, or its
 * file is closed.
 */
export class ResponseDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection(RESPONSE_DIAGNOSTIC_COLLECTION);
  /** Keyed by `<owner uri>#<request index>`. */
  private readonly entries = new Map<string, Entry>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length === 0) return;
        const changed = e.document.uri;
        const firstLine = Math.min(...e.contentChanges.map((c) => c.range.start.line));
        let dirty = false;
        for (const [key, entry] of this.entries) {
          // An edit in or above the request moves or changes what the errors point at.
          const inOwner = entry.owner === changed.toString() && firstLine <= entry.last;
          const inBody = entry.findings.some((f) => f.file === changed.fsPath) && entry.owner !== changed.toString();
          if (inOwner || inBody) {
            this.entries.delete(key);
            dirty = true;
          }
        }
        if (dirty) this.render();
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        let dirty = false;
        for (const [key, entry] of this.entries) {
          if (entry.owner === d.uri.toString()) {
            this.entries.delete(key);
            dirty = true;
          }
        }
        if (dirty) this.render();
      }),
    );
  }

  /** Takes one answer shown in the panel: replaces that request's response diagnostics. Never throws. */
  onResult(input: ResultInput): void {
    try {
      const src = input.source;
      const c = input.result.classification;
      if (!src || !input.key) return;
      const owner = input.key.uri;
      const key = `${owner}#${input.key.index}`;
      this.entries.delete(key);
      if (c && c.category !== 'success' && c.category !== 'redirect') {
        const findings = mapClassificationToSource(c, src);
        if (findings.length) this.entries.set(key, { owner, first: src.request.range.start.line, last: src.request.range.end.line, findings });
      }
      this.render();
    } catch (err) {
      this.log.error('Could not place the answer\'s errors on the request:', err);
    }
  }

  /** The findings currently shown for a request (for tests and hovers). */
  findingsOf(uri: vscode.Uri, index: number): readonly Finding[] {
    return this.entries.get(`${uri.toString()}#${index}`)?.findings ?? [];
  }

  private render(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const e of this.entries.values()) {
      for (const f of e.findings) {
        const list = byFile.get(f.file) ?? [];
        list.push(toResponseDiagnostic(f));
        byFile.set(f.file, list);
      }
    }
    this.collection.clear();
    for (const [file, list] of byFile) this.collection.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.entries.clear();
    for (const d of this.disposables) d.dispose();
  }
}
