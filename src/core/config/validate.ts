import type { ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { dirname, isAbsolute, resolve } from 'node:path';
import schema from '../../../schemas/config.schema.json';
import type { RuleLevel } from '../findings';
import { escapeToken, pointerPath } from '../text/json-pointer';
import { LineIndex } from '../text/position';
import { nearest } from './nearest';
import { configValidator } from './schema-validator';
import { ConfigError, type ConfigProblem, type PayloadMapping, type ProjectConfig } from './types';

/** Options for {@link parseConfigText}. */
export interface ParseConfigOptions {
  /** Rule ids `rules` may name; when absent, rule ids are only checked for shape. */
  knownRuleIds?: readonly string[];
  /** How to name the file in messages (e.g. relative to the working folder); default: the path as given. */
  displayPath?: string;
}

/** The JSON Schema `reqlint.config.json` must follow (draft-07), as shipped in schemas/. */
export const CONFIG_SCHEMA: unknown = schema;

const PARSE_ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'malformed number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between entries",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the array",
  EndOfFileExpected: 'unexpected content after the end of the document',
  InvalidCommentToken: 'malformed comment',
  UnexpectedEndOfComment: 'comment is not closed',
  UnexpectedEndOfString: 'string is not closed',
  UnexpectedEndOfNumber: 'number is not complete',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string (control characters must be escaped)',
};

function typeName(t: unknown): string {
  const one = (x: string) => (x === 'object' ? 'an object' : x === 'array' ? 'an array' : x === 'integer' ? 'an integer' : `a ${x}`);
  return Array.isArray(t) ? t.map((x) => one(String(x))).join(' or ') : one(String(t));
}

function customMessage(e: ErrorObject): string | null {
  const ps = e.parentSchema;
  const m: unknown = ps?.['x-reqlint-message'];
  return typeof m === 'string' ? m : null;
}

function knownKeysOf(e: ErrorObject): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props).filter((k) => k !== '$schema') : [];
}

/** Turns ajv errors into one problem per offending place, in words a config author understands. */
function describe(errors: ErrorObject[]): Array<{ pointer: string; message: string; atKey: boolean }> {
  // oneOf failures list every branch's complaint; keep the most specific one per place.
  // Matched by place, not schema path: a branch that is a $ref reports under the referenced definition's path.
  const oneOfPlaces = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const branchErrors = (e: ErrorObject) => oneOfPlaces.has(e.instancePath);
  const out: Array<{ pointer: string; message: string; atKey: boolean }> = [];
  const seen = new Set<string>();
  const push = (pointer: string, message: string, atKey = false) => {
    if (seen.has(pointer)) return;
    seen.add(pointer);
    out.push({ pointer, message, atKey });
  };
  const nonType = errors.filter((e) => e.keyword !== 'type' && e.keyword !== 'oneOf' && e.keyword !== 'propertyNames');
  const typeErrs = errors.filter((e) => e.keyword === 'type');
  for (const e of [...nonType, ...typeErrs, ...errors.filter((x) => x.keyword === 'oneOf')]) {
    const keyName = (e as ErrorObject & { propertyName?: string }).propertyName;
    const base = e.instancePath;
    if (keyName !== undefined) {
      push(`${base}/${escapeToken(keyName)}`, `key '${keyName}' ${customMessage(e) ?? `must match ${String(e.params.pattern ?? 'the allowed names')}`}`, true);
      continue;
    }
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(e.params.additionalProperty);
        const known = knownKeysOf(e);
        const near = nearest(key, known, 1);
        const hint = near.length ? `; did you mean '${near[0]}'?` : '';
        push(`${base}/${escapeToken(key)}`, `unknown key '${key}'${hint} Allowed keys: ${known.join(', ')}`, true);
        break;
      }
      case 'enum':
        push(base, `must be one of ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`);
        break;
      case 'type': {
        if (branchErrors(e)) {
          const sameSpot = errors.filter((x) => x.keyword === 'type' && x.instancePath === base && branchErrors(x)).map((x) => x.params.type as string);
          push(base, `must be ${typeName([...new Set(sameSpot)])}`);
        } else push(base, `must be ${typeName(e.params.type)}`);
        break;
      }
      case 'pattern':
        push(base, customMessage(e) ?? `must match the pattern ${String(e.params.pattern)}`);
        break;
      case 'required':
        push(base, `missing required key '${String(e.params.missingProperty)}'`);
        break;
      case 'minLength':
      case 'minItems':
        push(base, 'must not be empty');
        break;
      case 'uniqueItems':
        push(base, `lists the same entry twice (items ${String(e.params.j)} and ${String(e.params.i)})`);
        break;
      case 'oneOf':
        push(base, 'does not have an allowed shape');
        break;
      default:
        push(base, e.message ?? 'is not valid');
    }
  }
  return out;
}

function problemAt(root: Node | undefined, lines: LineIndex, pointer: string, message: string, atKey: boolean): ConfigProblem {
  let offset = 0;
  if (root) {
    const node = findNodeAtLocation(root, pointerPath(pointer));
    if (node) {
      const keyNode = atKey && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      offset = (keyNode ?? node).offset;
    } else if (atKey) {
      // A key whose value is missing still has a property node: find it through the parent object.
      const segs = pointerPath(pointer);
      const parent = findNodeAtLocation(root, segs.slice(0, -1));
      const prop = parent?.children?.find((c) => c.type === 'property' && c.children?.[0]?.value === segs[segs.length - 1]);
      if (prop) offset = prop.offset;
      else if (parent) offset = parent.offset;
    } else {
      const parent = findNodeAtLocation(root, pointerPath(pointer).slice(0, -1));
      if (parent) offset = parent.offset;
    }
  }
  const pos = lines.positionAt(offset);
  return { pointer, message, line: pos.line + 1, column: pos.character + 1 };
}

function fail(file: string, display: string, problems: ConfigProblem[]): never {
  const text = problems
    .map((p) => `${display}:${p.line}:${p.column}: ${p.pointer ? `${p.pointer}: ` : ''}${p.message}`)
    .join('\n');
  throw new ConfigError(file, problems, text);
}

function parseEndpoint(endpoint: string): { method: string; url: string } {
  const sp = endpoint.indexOf(' ');
  return { method: endpoint.slice(0, sp), url: endpoint.slice(sp + 1) };
}

/**
 * Parses and validates the text of a `reqlint.config.json` (JSONC: comments and trailing commas allowed).
 * Throws {@link ConfigError} whose message lists every problem as `file:line:col: /json/pointer: reason`
 * (1-based line and column). Relative paths resolve against the file's folder; nothing is read from disk.
 */
export function parseConfigText(file: string, text: string, options: ParseConfigOptions = {}): ProjectConfig {
  const display = options.displayPath ?? file;
  const lines = new LineIndex(text);
  const parseErrors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const root = parseTree(body, parseErrors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (parseErrors.length) {
    fail(
      file,
      display,
      parseErrors
        .filter((e, i) => i === 0 || e.offset !== parseErrors[i - 1].offset)
        .slice(0, 5)
        .map((e) => {
        const pos = lines.positionAt(e.offset);
        const code = printParseErrorCode(e.error);
        return { pointer: '', message: `not valid JSON: ${PARSE_ERROR_TEXT[code] ?? code}`, line: pos.line + 1, column: pos.character + 1 };
      }),
    );
  }
  if (!root || root.type !== 'object') {
    fail(file, display, [{ pointer: '', message: 'the configuration must be a JSON object, e.g. { "rules": {} }', line: 1, column: 1 }]);
  }
  const value = nodeValue(root) as Record<string, unknown>;

  const validate = configValidator();
  const problems: ConfigProblem[] = [];
  if (!validate(value)) {
    for (const d of describe(validate.errors ?? [])) problems.push(problemAt(root, lines, d.pointer, d.message, d.atKey));
  }
  const rules = (value.rules && typeof value.rules === 'object' ? value.rules : {}) as Record<string, unknown>;
  if (options.knownRuleIds) {
    const known = options.knownRuleIds;
    for (const id of Object.keys(rules)) {
      if (known.includes(id)) continue;
      const pointer = `/rules/${escapeToken(id)}`;
      if (problems.some((p) => p.pointer === pointer)) continue;
      const near = nearest(id, known, 3);
      problems.push(problemAt(root, lines, pointer, `unknown rule id '${id}'; nearest known ids: ${near.join(', ')}`, true));
    }
  }
  if (problems.length) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    fail(file, display, problems);
  }

  const dir = dirname(file);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(dir, p));
  const payloads: PayloadMapping[] = ((value.payloads ?? []) as Array<Record<string, unknown>>).map((p, index) => {
    const { method, url } = parseEndpoint(String(p.endpoint));
    const files = (Array.isArray(p.files) ? p.files : [p.files]).map((g) => String(g).replace(/\\/g, '/'));
    return { files, method, url, endpoint: String(p.endpoint), headers: (p.headers ?? {}) as Record<string, string>, index };
  });
  const baseUrls: Record<string, string[]> = {};
  for (const [k, v] of Object.entries((value.baseUrls ?? {}) as Record<string, string | string[]>)) baseUrls[k] = Array.isArray(v) ? v : [v];
  return {
    path: file,
    dir,
    profiles: ((value.profiles ?? []) as string[]).map(abs),
    payloads,
    rules: rules as Record<string, RuleLevel>,
    plans: (value.plans ?? {}) as Record<string, string>,
    environment: typeof value.environment === 'string' ? value.environment : null,
    baseUrls,
    raw: value,
  };
}

// jsonc-parser's getNodeValue keeps the last duplicate key; so does JSON.parse, which users expect.
function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const p of node.children ?? []) {
        const [k, v] = p.children ?? [];
        // defineProperty: a `__proto__` key stays a plain key instead of replacing the prototype.
        if (k && v) Object.defineProperty(o, String(k.value), { value: nodeValue(v), enumerable: true, writable: true, configurable: true });
      }
      return o;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}
