import * as path from 'node:path';
import * as vscode from 'vscode';
import { ConfigError, ConfigResolver, payloadMappingFor, type ProjectConfig } from '../core/config';
import type { Finding } from '../core/findings';
import { lintJsonPayload } from '../core/lint/engine';
import { knownRuleIds } from '../core/lint/known';
import type { LintInput, LintOutput, Linter } from './diagnostics';
import { IncrementalHttpLinter } from './features/incremental';
import { HTTP_LANGUAGE_ID } from './ids';

/** Rule id of the findings that report an unusable reqlint.config.json on the config file itself. */
export const CONFIG_RULE = 'config/invalid';

/** The engine behind the diagnostics provider: config discovery (cached until `invalidate`) and core lint calls. */
export interface EngineBridge {
  lint: Linter;
  /** Forgets cached configs (a config file changed, or the `configPath` setting did). */
  invalidate(): void;
}

/** Builds the bridge; configuration problems are logged and published on the config file, never thrown. */
export function createEngineBridge(log: vscode.LogOutputChannel): EngineBridge {
  const resolvers = new Map<string, ConfigResolver>();
  const reported = new Set<string>();
  // Re-lints only the requests an edit touched; results equal a full lint (test/unit/editor-incremental.test.ts).
  const http = new IncrementalHttpLinter();

  const resolverFor = (explicitPath: string | null): ConfigResolver => {
    const key = explicitPath ?? '';
    let r = resolvers.get(key);
    if (!r) {
      r = new ConfigResolver({
        knownRuleIds: knownRuleIds(),
        display: (p) => vscode.workspace.asRelativePath(p),
        ...(explicitPath ? { explicitPath } : {}),
      });
      resolvers.set(key, r);
    }
    return r;
  };

  const configFor = (input: LintInput): { config: ProjectConfig | undefined; problems: Finding[] } => {
    const explicit = input.configPath ? absoluteConfigPath(input.configPath, input.path) : null;
    try {
      return { config: resolverFor(explicit).forFile(input.path), problems: [] };
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      if (!reported.has(err.message)) {
        reported.add(err.message);
        log.error(`${err.message}\nFix the config; until then ${path.basename(input.path)} is linted with the default settings.`);
      }
      const problems: Finding[] = err.problems.map((p) => {
        const line = Math.max(0, p.line - 1);
        const character = Math.max(0, p.column - 1);
        return {
          rule: CONFIG_RULE,
          severity: 'error',
          message: `${p.pointer ? `${p.pointer}: ` : ''}${p.message}. Until this is fixed, files are linted with the default settings.`,
          file: err.file,
          range: { start: { line, character }, end: { line, character: character + 1 } },
          request: null,
        };
      });
      return { config: undefined, problems };
    }
  };

  const lint: Linter = (input) => Promise.resolve(lintNow(input));
  function lintNow(input: Parameters<Linter>[0]): Awaited<ReturnType<Linter>> {
    const { config, problems } = configFor(input);
    const common = {
      config,
      version: input.version,
      onInternalError: (message: string, error: unknown) => log.error(`${input.path}: ${message}`, error),
      ...(input.environment !== null ? { environment: input.environment } : {}),
      ...(input.readRoot ? { readRoot: input.readRoot } : {}),
    };
    if (input.languageId === HTTP_LANGUAGE_ID) {
      const r = http.lint(input.path, input.text, common);
      return withProblems({ findings: r.findings, requests: r.requests }, problems);
    }
    const mapping = config ? payloadMappingFor(config, input.path) : null;
    if (!mapping) return problems.length ? { findings: problems, requests: 0 } : null;
    const r = lintJsonPayload(input.path, input.text, mapping, common);
    return withProblems({ findings: r.findings, requests: r.requests }, problems);
  };

  return {
    lint,
    invalidate: () => {
      resolvers.clear();
      reported.clear();
      http.clear();
    },
  };
}

function withProblems(out: LintOutput, problems: Finding[]): LintOutput {
  return problems.length ? { findings: out.findings.concat(problems), requests: out.requests } : out;
}

/** The `configPath` setting as an absolute path: relative paths resolve against the file's workspace folder. */
function absoluteConfigPath(configPath: string, filePath: string): string {
  if (path.isAbsolute(configPath)) return configPath;
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(filePath)) ?? vscode.workspace.workspaceFolders?.[0];
  return path.resolve(folder ? folder.uri.fsPath : path.dirname(filePath), configPath);
}
