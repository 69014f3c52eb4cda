/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two short words. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidate closest to `word` when it is close enough to be a slip (a third of its length,
 * at least 2 edits, case ignored; a word that extends a candidate, like `warning` for `warn`,
 * counts as one edit), else undefined.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(w.length / 3)) + 1;
  for (const c of candidates) {
    const l = c.toLowerCase();
    const extends_ = Math.min(w.length, l.length) >= 3 && (w.startsWith(l) || l.startsWith(w));
    const distance = extends_ ? 1 : editDistance(w, l);
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/** `; did you mean "x"?` when a candidate is close, else ''. */
export function didYouMean(word: string, candidates: Iterable<string>, quote = '"'): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : `; did you mean ${quote}${c}${quote}?`;
}
