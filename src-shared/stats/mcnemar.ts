/**
 * McNemar's test for two classifiers on the same test examples (McNemar 1947; Dietterich 1998
 * recommends it for comparing two learners on one test set): only the discordant examples count,
 * b = right under A and wrong under B, c = the reverse. The exact two-sided binomial p-value is
 * used (no chi-square approximation), which is valid for small b + c.
 */
export interface McNemarResult {
  /** Right under A, wrong under B. */
  b: number;
  /** Wrong under A, right under B. */
  c: number;
  n: number;
  pValue: number;
}

/** log C(n, k) via lgamma-free summation (n is a test-set size, at most tens of thousands). */
function logChoose(n: number, k: number): number {
  let out = 0;
  for (let i = 1; i <= k; i++) out += Math.log(n - k + i) - Math.log(i);
  return out;
}

export function mcnemarExact(correctA: readonly boolean[], correctB: readonly boolean[]): McNemarResult {
  if (correctA.length !== correctB.length) throw new Error(`McNemar: ${correctA.length} and ${correctB.length} examples are not paired`);
  let b = 0;
  let c = 0;
  correctA.forEach((a, i) => {
    if (a && !correctB[i]) b++;
    else if (!a && correctB[i]) c++;
  });
  const n = b + c;
  if (n === 0) return { b, c, n, pValue: 1 };
  const k = Math.min(b, c);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return { b, c, n, pValue: Math.min(1, 2 * tail) };
}
