/** Words other tools use for conditions, mapped to the spelling `??` lines use. */
export const CONDITION_SYNONYMS: Readonly<Record<string, string>> = {
  eq: '==', equal: '==', is: '==', '=': '==',
  ne: '!=', neq: '!=', '<>': '!=',
  gt: '>', gte: '>=', ge: '>=', lt: '<', lte: '<=', le: '<=',
  contain: 'contains', include: 'includes', has: 'includes',
  startswith: 'startsWith', endswith: 'endsWith', match: 'matches', exist: 'exists',
};

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The word of `known` that `word` most likely meant (same letters in another case, or at most two edits for words of four or more letters), else null. */
export function closestWord(word: string, known: readonly string[]): string | null {
  const lower = word.toLowerCase();
  const same = known.find((k) => k.toLowerCase() === lower);
  if (same) return same;
  const synonym = CONDITION_SYNONYMS[lower];
  if (synonym && known.includes(synonym)) return synonym;
  if (word.length < 4) return null;
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    if (k.length < 4) continue;
    const d = distance(lower, k.toLowerCase());
    if (d < bestD) {
      best = k;
      bestD = d;
    }
  }
  return best;
}
