/**
 * The rules only an OpenAPI document can back: a path it does not document (with the nearest one
 * it does), a deprecated operation, a required query/header/cookie parameter left out, and a spec
 * that cannot be used. Body, auth and idempotency findings come from the shared rules.
 */
import { editDistance } from '../config/nearest';
import type { Fix } from '../findings';
import { addHeaderEdit } from '../fix/http-edit';
import { ruleDocsUrl } from '../lint/docs';
import type { FileRule, Rule, RuleContext } from '../lint/rule';
import { profileContext } from '../profiles/context';
import { hasHeaderLines, headersNamed } from '../profiles/report';
import type { Profile } from '../profiles/types';
import { openApiEntries, openApiProfilesFor } from './index';
import { isOpenApiProfile, operationOf, type OpenApiParameter } from './types';

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

function isParam(seg: string): boolean {
  return /\{[^}]+\}/.test(seg);
}

function segmentMatches(template: string, seg: string): boolean {
  if (template === seg) return true;
  if (!isParam(template)) return false;
  // `{id}` is one whole segment; `{name}.json` or `v{major}` a segment with a fixed part.
  const re = new RegExp(`^${template.split(/\{[^}]+\}/).map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`);
  return re.test(seg);
}

/** True when `path` (relative to the base) is an instance of the OpenAPI path template. */
export function pathMatchesTemplate(template: string, path: string): boolean {
  const t = segments(template);
  const p = segments(path);
  return t.length === p.length && t.every((s, i) => segmentMatches(s, p[i]));
}

/** How far `path` is from a template, segment by segment (a parameter segment matches anything). */
export function pathDistance(template: string, path: string): number {
  const t = segments(template);
  const p = segments(path);
  const cost = (a: string, b: string) => (segmentMatches(a, b) ? 0 : isParam(a) ? 0.5 : Math.min(1, editDistance(a.toLowerCase(), b.toLowerCase()) / Math.max(a.length, b.length, 1)));
  let prev = Array.from({ length: p.length + 1 }, (_, j) => j);
  for (let i = 1; i <= t.length; i++) {
    const cur = [i];
    for (let j = 1; j <= p.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost(t[i - 1], p[j - 1]));
    prev = cur;
  }
  return prev[p.length];
}

/** The documented path templates nearest to `path`, with their methods, nearest first (at most `max`). */
export function nearestPaths(profile: Profile, path: string, max = 1): Array<{ path: string; methods: string[]; distance: number }> {
  const byPath = new Map<string, string[]>();
  for (const e of profile.endpoints) {
    if (e.path === null) continue;
    const list = byPath.get(e.path) ?? [];
    if (!list.includes(e.method)) list.push(e.method);
    byPath.set(e.path, list);
  }
  return [...byPath.entries()]
    .map(([p, methods]) => ({ path: p, methods, distance: pathDistance(p, path) }))
    .sort((a, b) => a.distance - b.distance || a.path.length - b.path.length)
    .slice(0, max);
}

function pathReplaceFix(ctx: RuleContext, from: string, to: string): Fix[] | undefined {
  if (!ctx.file || isParam(to)) return undefined;
  const url = ctx.request.url;
  const at = url.value.indexOf(from);
  if (at < 0 || url.value.indexOf(from, at + 1) >= 0) return undefined;
  const lines = ctx.file.lines;
  const start = url.start + at;
  if (lines.positionAt(start).line !== lines.positionAt(start + from.length).line) return undefined;
  return [{ title: `Change the path to '${to}'`, kind: 'suggestion', edits: [{ range: lines.range(start, start + from.length), newText: to }] }];
}

/** `openapi/unknown-path`: a request to an OpenAPI-described API on a path (or method) the spec does not document. */
export const openapiUnknownPath: Rule = {
  id: 'openapi/unknown-path',
  defaultSeverity: 'hint',
  description: 'A request to an API described by an OpenAPI document, on a path or method the document does not have.',
  docs: ruleDocsUrl('openapi/unknown-path'),
  check(ctx) {
    const pc = profileContext(ctx);
    const m = pc.match;
    if (!m || m.endpoint || !isOpenApiProfile(m.profile) || !m.profile.endpoints.length) return;
    const path = m.path;
    if (path.includes('{{') || pc.url.includes('{{') && /\{\{[^}]*\}\}/.test(pc.url.split('?')[0].slice(m.base.length))) return;
    const method = ctx.request.method.value.toUpperCase();
    const sameTemplate = m.profile.endpoints.filter((e) => e.path !== null && pathMatchesTemplate(e.path, path));
    if (sameTemplate.some((e) => e.method === method)) return;
    const range = ctx.request.requestLine;
    const title = m.profile.title;
    if (sameTemplate.length) {
      const methods = [...new Set(sameTemplate.map((e) => e.method))];
      ctx.report({ message: `${title} does not document ${method} on '${sameTemplate[0].path}'; it takes ${methods.join(', ')}.`, range });
      return;
    }
    const near = nearestPaths(m.profile, path, 1)[0];
    const hint = near ? `; the nearest documented path is '${near.path}' (${near.methods.join(', ')})` : '';
    const fixes = near && near.distance < Math.max(1.5, segments(path).length / 2) ? pathReplaceFix(ctx, path, near.path) : undefined;
    ctx.report({ message: `'${path}' is not a path ${title} documents${hint}.`, range, ...(fixes ? { fixes } : {}) });
  },
};

/** `openapi/deprecated`: the operation is marked `deprecated` in the OpenAPI document. */
export const openapiDeprecated: Rule = {
  id: 'openapi/deprecated',
  defaultSeverity: 'hint',
  description: 'The request calls an operation its OpenAPI document marks as deprecated.',
  docs: ruleDocsUrl('openapi/deprecated'),
  check(ctx) {
    const pc = profileContext(ctx);
    const op = operationOf(pc.endpoint);
    if (!op || !pc.profile) return;
    if (op.deprecated) {
      ctx.report({ message: `${op.method} ${op.path}${op.operationId ? ` (${op.operationId})` : ''} is deprecated in ${pc.profile.title}; it may be removed. Check the document for its replacement.`, range: ctx.request.requestLine });
    }
  },
};

function queryNames(url: string): { names: Set<string>; opaque: boolean } {
  const q = url.split('#')[0].split('?').slice(1).join('?');
  const names = new Set<string>();
  let opaque = false;
  for (const part of q.split('&')) {
    if (!part) continue;
    const k = part.split('=')[0];
    if (k.includes('{{')) opaque = true;
    try {
      names.add(decodeURIComponent(k.replace(/\+/g, ' ')));
    } catch {
      names.add(k);
    }
  }
  return { names, opaque };
}

const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

function paramFix(ctx: RuleContext, p: OpenApiParameter): Fix[] | undefined {
  const file = ctx.file;
  if (!file) return undefined;
  const value = p.example ?? '';
  if (p.in === 'header') return [{ title: `Add header '${p.name}: ${value}'`, kind: 'suggestion', edits: [addHeaderEdit(file, ctx.request, p.name, value)] }];
  if (p.in !== 'query') return undefined;
  const url = ctx.request.url;
  if (url.value.includes('#')) return undefined;
  const sep = url.value.includes('?') ? '&' : '?';
  const text = `${sep}${encodeURIComponent(p.name)}=${encodeURIComponent(value)}`;
  return [{ title: `Add query parameter '${p.name}'`, kind: 'suggestion', edits: [{ range: { start: url.range.end, end: url.range.end }, newText: text }] }];
}

/** `openapi/missing-parameter`: a query, header or cookie parameter the operation requires is absent. */
export const openapiMissingParameter: Rule = {
  id: 'openapi/missing-parameter',
  defaultSeverity: 'error',
  description: 'A query, header or cookie parameter the OpenAPI operation requires is absent.',
  docs: ruleDocsUrl('openapi/missing-parameter'),
  check(ctx) {
    if (!hasHeaderLines(ctx)) return;
    const pc = profileContext(ctx);
    const op = operationOf(pc.endpoint);
    if (!op || !pc.profile) return;
    const authName = pc.profile.auth.header?.toLowerCase();
    const query = queryNames(pc.url);
    const cookies = headersNamed(ctx.request, 'cookie').map((h) => h.value.value);
    for (const p of op.parameters) {
      if (!p.required || p.in === 'path') continue;
      let present = true;
      if (p.in === 'query') present = query.opaque || query.names.has(p.name) || (pc.profile.auth.in === 'query' && p.name.toLowerCase() === authName);
      else if (p.in === 'header') {
        if (IGNORED_HEADERS.has(p.name.toLowerCase()) || p.name.toLowerCase() === authName) continue;
        present = headersNamed(ctx.request, p.name).length > 0;
      } else if (p.in === 'cookie') present = cookies.some((c) => c.includes('{{') || c.split(';').some((kv) => kv.trim().split('=')[0] === p.name));
      if (present) continue;
      const where = p.in === 'query' ? 'query parameter' : p.in === 'header' ? 'header' : 'cookie';
      const fixes = paramFix(ctx, p);
      ctx.report({
        message: `${op.method} ${op.path} requires the ${where} '${p.name}'${p.description ? ` (${p.description.split('\n')[0].slice(0, 120)})` : ''}; ${pc.profile.title} answers 400 without it.`,
        range: ctx.request.requestLine,
        ...(fixes ? { fixes } : {}),
      });
    }
  },
};

/** `openapi/invalid-spec`: an `openapi` entry of reqlint.config.json whose spec cannot be read, parsed or followed. */
export const openapiInvalidSpec: FileRule = {
  id: 'openapi/invalid-spec',
  defaultSeverity: 'error',
  description: 'An OpenAPI document named in reqlint.config.json cannot be read, parsed or its $refs followed.',
  docs: ruleDocsUrl('openapi/invalid-spec'),
  checkFile(ctxs) {
    const first = ctxs[0];
    const config = first?.config;
    if (!config) return;
    const problems = openApiProfilesFor(config).problems;
    if (!problems.length) return;
    const entries = openApiEntries(config);
    for (const p of problems) {
      const entry = entries.find((e) => e.index === p.entry);
      // With base URLs in the entry, only files that call that API hear about it.
      if (entry?.baseUrls.length) {
        const bases = entry.baseUrls.map((b) => b.replace(/\/+$/, '').toLowerCase());
        const calls = ctxs.some((c) => bases.some((b) => profileContext(c).url.toLowerCase().startsWith(b)));
        if (!calls) continue;
      }
      const at = { line: p.line - 1, character: p.column - 1 };
      first.report({ message: p.message, file: p.configFile, range: { start: at, end: { line: at.line, character: at.character + JSON.stringify(p.spec).length } } });
    }
  },
};

/** The OpenAPI rules, in the order they run. */
export const openApiRules: Array<Rule | FileRule> = [openapiInvalidSpec, openapiUnknownPath, openapiMissingParameter, openapiDeprecated];
