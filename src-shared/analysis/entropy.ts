/**
 * Entropy probes for choosing demonstration orders without labels (Lu et al. 2022,
 * Lu et al. 2022, "Fantastically Ordered Prompts"): GlobalE and LocalE, and the top-k selection.
 */
import { normalize } from '../calibration/normalize.ts';

/**
 * Count floor for labels that are never predicted, as in `lu:entropy.py` (`label_freq = 1e-5`).
 *
 * Lu floors the COUNT (not the frequency) of an unpredicted label at 1e-5 and then
 * normalises, so a degenerate order gets a small positive entropy rather than exactly 0.
 */
export const GLOBAL_E_COUNT_FLOOR = 1e-5;

/** Shannon entropy `−Σ p log p` in nats, with 0·log 0 = 0. Pass a distribution. */
export function entropy(p: readonly number[]): number {
  if (p.length === 0) throw new Error('entropy of an empty distribution');
  let h = 0;
  p.forEach((x, i) => {
    if (!Number.isFinite(x) || x < 0) throw new Error(`probability ${i} is invalid (${String(x)})`);
    if (x > 0) h -= x * Math.log(x);
  });
  return h;
}

/** Counts of each predicted class 0..C-1; throws on a prediction outside that range. */
export function predictionCounts(preds: readonly number[], classCount: number): number[] {
  if (!Number.isInteger(classCount) || classCount <= 0) {
    throw new Error(`class count must be a positive integer, got ${String(classCount)}`);
  }
  if (preds.length === 0) throw new Error('no predictions');
  const counts = new Array<number>(classCount).fill(0);
  preds.forEach((p, i) => {
    if (!Number.isInteger(p) || p < 0 || p >= classCount) {
      throw new Error(`prediction ${i} (${String(p)}) is not a class index in [0, ${classCount})`);
    }
    counts[p]++;
  });
  return counts;
}

/**
 * GlobalE: entropy of the predicted-label histogram over the probing set, natural log,
 * with unpredicted labels counted as {@link GLOBAL_E_COUNT_FLOOR} (Lu's repo).
 */
export function globalE(preds: readonly number[], classCount: number): number {
  const counts = predictionCounts(preds, classCount).map((n) => (n === 0 ? GLOBAL_E_COUNT_FLOOR : n));
  return entropy(normalize(counts));
}

/**
 * LocalE: mean over examples of the entropy of each example's label distribution,
 * renormalised over the labels first (our choice; Lu's saved `prediction_dist` is not
 * renormalised).
 */
export function localE(dists: readonly (readonly number[])[]): number {
  if (dists.length === 0) throw new Error('LocalE needs at least one example');
  return dists.reduce((sum, d) => sum + entropy(normalize(d)), 0) / dists.length;
}

/**
 * Indices of the k highest scores, highest first; ties keep the lower index first
 * (Python's stable `sort(reverse=True)` in `lu:entropy.py`). k larger than the list
 * returns every index.
 */
export function topKByEntropy(scores: readonly number[], k = 4): number[] {
  if (!Number.isInteger(k) || k < 0) throw new Error(`k must be a non-negative integer, got ${String(k)}`);
  scores.forEach((s, i) => {
    if (Number.isNaN(s)) throw new Error(`score ${i} is NaN`);
  });
  return scores
    .map((s, i) => ({ s, i }))
    .sort((a, b) => (b.s !== a.s ? b.s - a.s : a.i - b.i))
    .slice(0, k)
    .map((entry) => entry.i);
}
