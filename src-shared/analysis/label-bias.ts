/**
 * Label-bias measures of a prior (p_cf, p̂_DC, p̄) and of the predicted labels
 * (RESEARCH.md §4, label-bias measures).
 */
import { normalize, PRIOR_EPSILON } from '../calibration/normalize.ts';
import { entropy, predictionCounts } from './entropy.ts';

/** `π̂_c = (1/N) Σ 1[ŷ_i = c]`: how often each class 0..C-1 is predicted. */
export function predictedLabelDistribution(preds: readonly number[], classCount: number): number[] {
  return predictionCounts(preds, classCount).map((n) => n / preds.length);
}

/** Total variation distance to uniform, `½ Σ_c |p_c − 1/C|` (0 unbiased, below 1). The input is normalised first. */
export function tvdFromUniform(prior: readonly number[]): number {
  const p = normalize(prior);
  return 0.5 * p.reduce((s, x) => s + Math.abs(x - 1 / p.length), 0);
}

/** `KL(p ‖ U) = log C − H(p)` in nats (0 unbiased, at most log C). The input is normalised first. */
export function klFromUniform(prior: readonly number[]): number {
  const p = normalize(prior);
  return Math.max(0, Math.log(p.length) - entropy(p));
}

/**
 * `max_c p_c / min_c p_c` (1 unbiased). A zero minimum is floored at PRIOR_EPSILON
 * (1e-12), so a fully one-sided prior reads as about 1e12 rather than Infinity.
 */
export function maxMinRatio(prior: readonly number[]): number {
  const p = normalize(prior);
  return Math.max(...p) / Math.max(Math.min(...p), PRIOR_EPSILON);
}
