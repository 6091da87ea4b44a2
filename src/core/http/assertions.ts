/**
 * The vocabulary of `??` assertion lines (httpYac's syntax): which fields and conditions exist, their
 * aliases and whether a condition takes an expected value. The parser, the linter, the evaluator,
 * completions and the grammar test all read these tables, so a word is known everywhere or nowhere.
 */

/** A field an assertion reads from the answer. */
export type AssertionField = 'status' | 'header' | 'body' | 'duration';

/** Fields with what their argument is (`null`: the field takes none). */
export const ASSERTION_FIELDS: Readonly<Record<AssertionField, { argument: 'required' | 'optional' | null; doc: string }>> = {
  status: { argument: null, doc: 'the status code of the answer (a number)' },
  header: { argument: 'required', doc: 'the value of the named response header (case-insensitive name; several values joined with ", ")' },
  body: { argument: 'optional', doc: 'the body text, or with a JSON path (`$.items[0].id`, `items[0].id`) the value found in the JSON body' },
  duration: { argument: 'optional', doc: 'how long the exchange took in milliseconds (`duration firstByte`, `download`, `dns`, `connect`, `tls` for one phase)' },
};

/** Duration parts `?? duration <part>` may name; absent means the whole exchange. */
export const DURATION_PARTS: readonly string[] = ['total', 'firstByte', 'download', 'dns', 'connect', 'tls'];

/** Fields other clients know that Reqlint recognises but never evaluates (they run code or XPath). */
export const FOREIGN_FIELDS: Readonly<Record<string, string>> = {
  js: 'a JavaScript expression',
  xpath: 'an XPath expression',
};

/** The canonical condition names. */
export type ConditionName =
  | '==' | '!=' | '>' | '>=' | '<' | '<='
  | 'startsWith' | 'endsWith' | 'includes' | 'exists'
  | 'isTrue' | 'isFalse' | 'isNumber' | 'isBoolean' | 'isString' | 'isArray'
  | 'matches' | 'sha256' | 'sha512' | 'md5';

/** Every condition with its spellings (first is canonical) and whether it needs an expected value. */
export const CONDITIONS: ReadonlyArray<{ name: ConditionName; spellings: readonly string[]; expected: boolean; doc: string }> = [
  { name: '==', spellings: ['==', '===', 'equals'], expected: true, doc: 'equal (the expected text is read as the type of the actual value; objects and arrays compare as JSON)' },
  { name: '!=', spellings: ['!=', '!==', 'not equals'], expected: true, doc: 'not equal' },
  { name: '>', spellings: ['>'], expected: true, doc: 'greater than (both numbers)' },
  { name: '>=', spellings: ['>='], expected: true, doc: 'greater than or equal (both numbers)' },
  { name: '<', spellings: ['<'], expected: true, doc: 'less than (both numbers)' },
  { name: '<=', spellings: ['<='], expected: true, doc: 'less than or equal (both numbers)' },
  { name: 'startsWith', spellings: ['startsWith'], expected: true, doc: 'the text starts with the expected text' },
  { name: 'endsWith', spellings: ['endsWith'], expected: true, doc: 'the text ends with the expected text' },
  { name: 'includes', spellings: ['includes', 'contains'], expected: true, doc: 'the text contains the expected text, or the array has an equal element' },
  { name: 'exists', spellings: ['exists'], expected: false, doc: 'the value is present (a JSON null counts as present)' },
  { name: 'isTrue', spellings: ['isTrue'], expected: false, doc: 'the value is `true` (or the text "true")' },
  { name: 'isFalse', spellings: ['isFalse'], expected: false, doc: 'the value is `false` (or the text "false")' },
  { name: 'isNumber', spellings: ['isNumber'], expected: false, doc: 'the value is a JSON number' },
  { name: 'isBoolean', spellings: ['isBoolean'], expected: false, doc: 'the value is a JSON boolean' },
  { name: 'isString', spellings: ['isString'], expected: false, doc: 'the value is a string' },
  { name: 'isArray', spellings: ['isArray'], expected: false, doc: 'the value is a JSON array' },
  { name: 'matches', spellings: ['matches'], expected: true, doc: 'the text matches the regular expression (RE2 syntax, linear time)' },
  { name: 'sha256', spellings: ['sha256'], expected: true, doc: 'the base64 SHA-256 digest of the value equals the expected text' },
  { name: 'sha512', spellings: ['sha512'], expected: true, doc: 'the base64 SHA-512 digest of the value equals the expected text' },
  { name: 'md5', spellings: ['md5'], expected: true, doc: 'the base64 MD5 digest of the value equals the expected text' },
];

const BY_SPELLING = new Map<string, (typeof CONDITIONS)[number]>();
for (const c of CONDITIONS) for (const s of c.spellings) BY_SPELLING.set(s, c);

/** The condition written as `spelling` (exact case), else undefined. */
export function conditionBySpelling(spelling: string): (typeof CONDITIONS)[number] | undefined {
  return BY_SPELLING.get(spelling);
}

/** Every spelling of every condition (for completion and the grammar). */
export function conditionSpellings(): string[] {
  return [...BY_SPELLING.keys()];
}

/** True when `word` is one of the fields Reqlint evaluates. */
export function isAssertionField(word: string): word is AssertionField {
  return Object.prototype.hasOwnProperty.call(ASSERTION_FIELDS, word);
}
