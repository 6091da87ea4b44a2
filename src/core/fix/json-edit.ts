/**
 * Text edits over JSON with positions (jsonc-parser nodes with absolute offsets into `lines.text`):
 * insert, rename, replace and remove properties while keeping the JSON valid and the file's own
 * indentation. Edits are plain `TextEdit`s (0-based ranges); nothing here touches an editor.
 */
import type { JsonNode } from '../http/json-body';
import type { LineIndex, TextEdit } from '../text/position';

/** The whitespace that starts the line holding `offset`. */
export function lineIndentAt(lines: LineIndex, offset: number): string {
  const line = lines.positionAt(offset).line;
  return /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
}

/** The line break `text` uses (its first one decides; a scan of the whole text per edit would be quadratic). */
export function eolOf(text: string): string {
  const i = text.indexOf('\n');
  return i > 0 && text.charCodeAt(i - 1) === 13 ? '\r\n' : '\n';
}

function onOneLine(lines: LineIndex, node: JsonNode): boolean {
  return lines.positionAt(node.offset).line === lines.positionAt(node.offset + node.length).line;
}

/** The indentation one level deeper than the object's own line uses (learned from its properties; default two spaces). */
export function indentUnit(lines: LineIndex, obj: JsonNode): string {
  const own = lineIndentAt(lines, obj.offset);
  const first = obj.children?.[0];
  if (first && !onOneLine(lines, obj)) {
    const inner = lineIndentAt(lines, first.offset);
    if (inner.length > own.length && inner.startsWith(own)) return inner.slice(own.length);
  }
  return own.includes('\t') ? '\t' : '  ';
}

/** `"key": value` text as a property, with `valueText` already JSON. */
export function propertyText(key: string, valueText: string): string {
  return `${JSON.stringify(key)}: ${valueText}`;
}

/**
 * Re-indents a multi-line JSON `valueText` (as `JSON.stringify(v, null, unit)` writes it) so it
 * sits at indentation `base`.
 */
export function indentValue(valueText: string, base: string, eol: string): string {
  return valueText.split('\n').map((l, i) => (i === 0 ? l : base + l)).join(eol);
}

/** Inserts `"key": valueText` as the last property of object `obj`, in the object's layout (one line or one property per line). */
export function insertPropertyEdit(lines: LineIndex, obj: JsonNode, key: string, valueText: string): TextEdit {
  const text = lines.text;
  const eol = eolOf(text);
  const props = obj.children ?? [];
  const prop = propertyText(key, valueText);
  if (props.length) {
    const last = props[props.length - 1];
    const at = last.offset + last.length;
    if (onOneLine(lines, obj)) return { range: lines.range(at, at), newText: `, ${prop}` };
    const indent = lineIndentAt(lines, last.offset);
    return { range: lines.range(at, at), newText: `,${eol}${indent}${indentValue(prop, indent, eol)}` };
  }
  const open = obj.offset + 1;
  const close = obj.offset + obj.length - 1;
  if (onOneLine(lines, obj)) return { range: lines.range(open, close), newText: prop };
  const own = lineIndentAt(lines, obj.offset);
  const inner = own + indentUnit(lines, obj);
  return { range: lines.range(open, close), newText: `${eol}${inner}${indentValue(prop, inner, eol)}${eol}${own}` };
}

/** Renames a property's key (the property node or its key node), keeping its value. */
export function renameKeyEdit(lines: LineIndex, prop: JsonNode, newKey: string): TextEdit {
  const key = prop.type === 'property' ? prop.children![0] : prop;
  return { range: lines.range(key.offset, key.offset + key.length), newText: JSON.stringify(newKey) };
}

/** Replaces a node's text with `newText`. */
export function replaceNodeEdit(lines: LineIndex, node: JsonNode, newText: string): TextEdit {
  return { range: lines.range(node.offset, node.offset + node.length), newText };
}

/** Removes a property with its separating comma, leaving its neighbours' layout intact. */
export function removePropertyEdit(lines: LineIndex, prop: JsonNode): TextEdit {
  const obj = prop.parent!;
  const props = obj.children ?? [];
  const i = props.indexOf(prop);
  if (props.length === 1) return { range: lines.range(obj.offset + 1, obj.offset + obj.length - 1), newText: '' };
  if (i < props.length - 1) return { range: lines.range(prop.offset, props[i + 1].offset), newText: '' };
  const prev = props[i - 1];
  return { range: lines.range(prev.offset + prev.length, prop.offset + prop.length), newText: '' };
}

/** The property node of `obj` named `key` (last one wins, as in JSON.parse), or undefined. */
export function findProperty(obj: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!obj || obj.type !== 'object') return undefined;
  let found: JsonNode | undefined;
  for (const p of obj.children ?? []) if (p.children?.[0]?.value === key) found = p;
  return found;
}

/** JSON text of a new object value laid out like `obj`: one line when `obj` is on one line, else one property per line. */
export function objectValueText(lines: LineIndex, obj: JsonNode, value: Record<string, unknown>): string {
  if (onOneLine(lines, obj)) return `{${Object.entries(value).map(([k, v]) => propertyText(k, JSON.stringify(v))).join(', ')}}`;
  return JSON.stringify(value, null, indentUnit(lines, obj));
}
