/**
 * Label-bias measures of a prior (p_cf, p̂_DC, p̄) and of the predicted labels
 * (label-bias measures after Zhao et al. 2021).
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

/** Total variation distance `½ Σ_c |p_c − q_c|` between two distributions over the same classes. */
export function totalVariation(p: readonly number[], q: readonly number[]): number {
  if (p.length !== q.length) throw new Error(`distributions have ${p.length} and ${q.length} classes`);
  const a = normalize(p);
  const b = normalize(q);
  return 0.5 * a.reduce((s, x, c) => s + Math.abs(x - b[c]), 0);
}

/** The predicted-label distribution set against the gold one (Zhao et al. 2021). */
export interface PredictedVsGold {
  predicted: number[];
  gold: number[];
  /** TVD between the two: 0 when the model predicts each class as often as it occurs. */
  tvd: number;
  /** Entropy of the predicted distribution (GlobalE on real data, without Lu's floor). */
  predictedEntropy: number;
  goldEntropy: number;
}

/**
 * How far the predicted label shares are from the gold shares. Lu's degenerate prompts
 * show up as a near-one-hot `predicted` with a large `tvd`.
 */
export function predictedVsGold(preds: readonly number[], gold: readonly number[], classCount: number): PredictedVsGold {
  if (preds.length !== gold.length) throw new Error(`${preds.length} predictions but ${gold.length} gold labels`);
  const predicted = predictedLabelDistribution(preds, classCount);
  const goldShares = predictedLabelDistribution(gold, classCount);
  return {
    predicted,
    gold: goldShares,
    tvd: totalVariation(predicted, goldShares),
    predictedEntropy: entropy(predicted),
    goldEntropy: entropy(goldShares),
  };
}
