/** Fixes for body findings, computed as plain text edits over the JSON document the finding is in. */
import { randomUUID } from 'node:crypto';
import type { Fix } from '../findings';
import type { JsonNode } from '../http/json-body';
import type { PlacedFieldError } from '../profiles/context';
import { emailHash, isIso4217, isWholeEmail } from '../profiles/formats';
import type { JsonSchema, ProfileEndpoint } from '../profiles/types';
import type { TextEdit } from '../text/position';
import { eolOf, findProperty, insertPropertyEdit, lineIndentAt, objectValueText, removePropertyEdit, renameKeyEdit, replaceNodeEdit } from './json-edit';

/** Placeholder written by "insert the missing key": obviously not a real value, and the same word `variable/undefined` uses. */
export const FIELD_PLACEHOLDER = 'REPLACE_ME';

/** The schema of the field at `tokens` below `schema` (following `properties` only), or undefined. */
function schemaAt(schema: JsonSchema | undefined, tokens: string[]): JsonSchema | undefined {
  let cur = schema;
  for (const t of tokens) {
    const props = cur?.properties as Record<string, JsonSchema> | undefined;
    cur = props?.[t];
    if (!cur) return undefined;
  }
  return cur;
}

function placeholderFor(schema: JsonSchema | undefined): string {
  const type: unknown = schema?.type;
  const first: unknown = Array.isArray(type) ? type[0] : type;
  switch (first) {
    case 'integer':
    case 'number':
      return '0';
    case 'boolean':
      return 'false';
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    default:
      return JSON.stringify(schema?.format === 'http-url' ? `https://${FIELD_PLACEHOLDER}` : FIELD_PLACEHOLDER);
  }
}

/** Tokens of the object's path inside one item (batch index and wrapper dropped). */
function itemTokens(e: PlacedFieldError, node: JsonNode): string[] {
  const tokens: string[] = [];
  let cur: JsonNode | undefined = node;
  while (cur?.parent) {
    const parent: JsonNode = cur.parent;
    if (parent.type === 'property') {
      tokens.unshift(String(parent.children?.[0]?.value ?? ''));
      cur = parent.parent;
      continue;
    }
    // An array: stop at the batch item (its items are whole bodies).
    if (e.index !== undefined) break;
    tokens.unshift(String(parent.children?.indexOf(cur) ?? 0));
    cur = parent;
  }
  return tokens;
}

/** "Insert the key with a placeholder" for a `body/required` error (the object, or the JSON string holding it). */
export function insertMissingKeyFix(e: PlacedFieldError, endpoint: ProfileEndpoint | null): Fix[] | undefined {
  if (!e.missing) return undefined;
  const lines = e.doc.lines;
  const node = e.node;
  if (e.keyword === 'jsonRequired') {
    if (node.type === 'object') {
      return [{ title: `Add '${e.missing}' with a placeholder`, kind: 'suggestion', isPreferred: true, edits: [insertPropertyEdit(lines, node, e.missing, JSON.stringify(`https://${FIELD_PLACEHOLDER}`))] }];
    }
    if (node.type === 'string' && typeof node.value === 'string') {
      try {
        const inner = JSON.parse(node.value) as unknown;
        if (!inner || typeof inner !== 'object' || Array.isArray(inner)) return undefined;
        const next = { ...(inner as Record<string, unknown>), [e.missing]: `https://${FIELD_PLACEHOLDER}` };
        return [{ title: `Add '${e.missing}' inside the JSON string`, kind: 'suggestion', isPreferred: true, edits: [replaceNodeEdit(lines, node, JSON.stringify(JSON.stringify(next)))] }];
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
  if (node.type !== 'object') return undefined;
  const fieldSchema = schemaAt(endpoint?.body?.schema, [...itemTokens(e, node), e.missing]);
  return [{ title: `Add '${e.missing}' with a placeholder`, kind: 'suggestion', isPreferred: true, edits: [insertPropertyEdit(lines, node, e.missing, placeholderFor(fieldSchema))] }];
}

/** Fixes for a `body/format` error: a new UUID or `{{$uuid}}`, or the upper-cased currency code when that is a real one. */
export function formatFixes(e: PlacedFieldError): Fix[] | undefined {
  const node = e.node;
  if (node.type !== 'string' || typeof node.value !== 'string') return undefined;
  const lines = e.doc.lines;
  const v = node.value;
  if (e.keyword !== 'format') return undefined;
  if (/must be a UUID/.test(e.message)) {
    return [
      { title: 'Replace with a new random UUID', kind: 'suggestion', isPreferred: true, edits: [replaceNodeEdit(lines, node, JSON.stringify(randomUUID()))] },
      { title: "Replace with '{{$uuid}}' (a new UUID on every send)", kind: 'suggestion', edits: [replaceNodeEdit(lines, node, '"{{$uuid}}"')] },
    ];
  }
  if (/ISO 4217/.test(e.message)) {
    const up = v.trim().toUpperCase();
    if (up !== v && isIso4217(up)) {
      return [{ title: `Change to '${up}'`, kind: 'safe', isPreferred: true, edits: [replaceNodeEdit(lines, node, JSON.stringify(up))] }];
    }
  }
  return undefined;
}

/** "Clamp to the bound" for a `body/range` error on a number (inclusive bounds only). */
export function clampFix(e: PlacedFieldError): Fix[] | undefined {
  if (e.node.type !== 'number' || e.limit === undefined) return undefined;
  if (!['maximum', 'minimum', 'planCap'].includes(e.keyword)) return undefined;
  return [{ title: `Clamp to ${e.limit}`, kind: 'suggestion', isPreferred: true, edits: [replaceNodeEdit(e.doc.lines, e.node, String(e.limit))] }];
}

/** "Rename to the documented key" for a `body/unknown-field` near miss. */
export function renameKeyFix(e: PlacedFieldError): Fix[] | undefined {
  const prop = e.node.parent;
  if (!e.suggestion || prop?.type !== 'property') return undefined;
  return [{ title: `Rename to '${e.suggestion}'`, kind: 'suggestion', isPreferred: true, edits: [renameKeyEdit(e.doc.lines, prop, e.suggestion)] }];
}

/** The object that is the whole event (the root, or a batch item) above `node`. */
function eventObject(node: JsonNode): JsonNode | undefined {
  let cur: JsonNode | undefined = node;
  while (cur) {
    const parent: JsonNode | undefined = cur.parent;
    if (cur.type === 'object' && (!parent || (parent.type === 'array' && (!parent.parent || (parent.parent.type === 'property' && !parent.parent.parent?.parent))))) return cur;
    cur = parent;
  }
  return undefined;
}

/**
 * "Replace the raw e-mail with `user_identifiers.email_hash`" (SHA-256 hex of the trimmed, lower-cased
 * address): removes the property holding the address and writes the hash into the event's
 * `user_identifiers` (merged into an existing one), keeping the JSON valid and its indentation.
 * Offered only when the value is one address (text around it would be lost).
 */
export function emailHashFix(e: PlacedFieldError): Fix[] | undefined {
  const node = e.node;
  if (node.type !== 'string' || typeof node.value !== 'string' || !isWholeEmail(node.value)) return undefined;
  const prop = node.parent;
  const obj = prop?.parent;
  if (prop?.type !== 'property' || obj?.type !== 'object') return undefined;
  const event = eventObject(obj);
  if (!event) return undefined;
  const lines = e.doc.lines;
  const hash = emailHash(node.value);
  const title = 'Replace the address with user_identifiers.email_hash (SHA-256)';
  const edits: TextEdit[] = [];
  const uiProp = findProperty(event, 'user_identifiers');
  const ui = uiProp?.children?.[1];
  if (ui && obj === ui) {
    // The address sits in user_identifiers itself: turn that property into the hash.
    edits.push(findProperty(ui, 'email_hash') ? removePropertyEdit(lines, prop) : replaceNodeEdit(lines, prop, `"email_hash": ${JSON.stringify(hash)}`));
  } else if (ui && ui.type === 'object') {
    edits.push(removePropertyEdit(lines, prop));
    if (!findProperty(ui, 'email_hash')) edits.push(insertPropertyEdit(lines, ui, 'email_hash', JSON.stringify(hash)));
  } else if (ui) {
    return undefined;
  } else if (obj === event) {
    const own = lineIndentAt(lines, prop.offset);
    const text = objectValueText(lines, event, { email_hash: hash });
    const eol = eolOf(lines.text);
    edits.push(replaceNodeEdit(lines, prop, `"user_identifiers": ${text.split('\n').map((l, i) => (i === 0 ? l : own + l)).join(eol)}`));
  } else {
    edits.push(removePropertyEdit(lines, prop));
    edits.push(insertPropertyEdit(lines, event, 'user_identifiers', objectValueText(lines, event, { email_hash: hash })));
  }
  return [{ title, kind: 'pii', isPreferred: true, edits }];
}
