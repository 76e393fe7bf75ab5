/**
 * The numbers the inside-the-model analyses report, from label-token log-probabilities: class
 * probabilities renormalised over the labels (Zhao et al. 2021), the margin of the gold class, and
 * where two per-layer curves part.
 */

/**
 * Class probabilities from the log-probabilities of the scored tokens: each class sums its label
 * words' probabilities (`perClass[c]` are indices into `logprobs`), then the classes are
 * renormalised. Computed relative to the largest log-probability so that tiny values (early lens
 * layers) do not underflow to 0/0.
 */
export function classProbs(logprobs: readonly number[], perClass: readonly (readonly number[])[]): number[] {
  const max = Math.max(...perClass.flatMap((ids) => ids.map((i) => logprobs[i])));
  const raw = perClass.map((ids) => ids.reduce((sum, i) => sum + Math.exp(logprobs[i] - max), 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((v) => v / total);
}

/** log p(gold) - log max_{c != gold} p(c): positive when the gold class wins. */
export function goldMargin(probs: readonly number[], gold: number): number {
  let other = 0;
  probs.forEach((p, c) => {
    if (c !== gold && p > other) other = p;
  });
  return Math.log(Math.max(probs[gold], Number.MIN_VALUE)) - Math.log(Math.max(other, Number.MIN_VALUE));
}

export function argmax(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

/** Accuracy and mean gold margin of per-example class probabilities. */
export function labelOutcome(probs: readonly (readonly number[])[], gold: readonly number[]): { accuracy: number; margin: number } {
  const n = probs.length;
  if (n === 0) return { accuracy: Number.NaN, margin: Number.NaN };
  let correct = 0;
  let margin = 0;
  probs.forEach((p, i) => {
    if (argmax(p) === gold[i]) correct++;
    margin += goldMargin(p, gold[i]);
  });
  return { accuracy: correct / n, margin: margin / n };
}

export interface Parting {
  /** The first layer from which the curves differ at every later layer, or null if they never do. */
  layer: number | null;
  /** Mean paired difference (a - b) per layer. */
  difference: number[];
  /** Its standard error per layer. */
  standardError: number[];
}

/**
 * Where two per-layer curves over the same examples part: `a[i][k]` and `b[i][k]` are example i's
 * values at layer k under two conditions. A layer counts as parted when the mean paired difference
 * is more than `z` standard errors from 0; the parting layer is the first from which every later
 * layer is parted with the same sign (Halawi et al. 2024 call it the critical layer). With one
 * example there is no standard error and any nonzero difference counts.
 */
export function partingLayer(a: readonly (readonly number[])[], b: readonly (readonly number[])[], z = 2): Parting {
  const n = a.length;
  const layers = n > 0 ? a[0].length : 0;
  const difference: number[] = [];
  const standardError: number[] = [];
  for (let k = 0; k < layers; k++) {
    const d = a.map((row, i) => row[k] - b[i][k]);
    const mean = d.reduce((s, v) => s + v, 0) / n;
    const variance = n > 1 ? d.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : 0;
    difference.push(mean);
    standardError.push(Math.sqrt(variance / n));
  }
  const parted = (k: number) => Math.abs(difference[k]) > z * standardError[k] && difference[k] !== 0;
  let layer: number | null = null;
  for (let k = layers - 1; k >= 0; k--) {
    if (!parted(k) || Math.sign(difference[k]) !== Math.sign(difference[layers - 1])) break;
    layer = k;
  }
  return { layer, difference, standardError };
}
