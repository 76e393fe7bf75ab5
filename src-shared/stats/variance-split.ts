/**
 * The spread of a study's accuracies split by its two sources (the law of total variance over
 * population variances): how much comes from WHICH demonstrations were drawn (the variance of the
 * per-set means) and how much from their ORDER within a set (the mean within-set variance).
 * Zhao et al. 2021 and Lu et al. 2022 report both effects; a pooled std mixes them.
 *
 * total = betweenSets + withinSets exactly when every set has the same number of orders.
 */
export interface VarianceSplit {
  /** Population std over all (set, order) values. */
  totalStd: number;
  /** Std of the per-set means (across demonstration sets). */
  acrossSetsStd: number;
  /** Root of the mean within-set variance (across orders within a set). */
  withinSetStd: number;
  /** Share of the total variance that is across sets (0..1); null when the total is 0. */
  acrossShare: number | null;
  sets: number;
}

function mean(v: readonly number[]): number {
  return v.reduce((a, b) => a + b, 0) / v.length;
}

function variance(v: readonly number[]): number {
  const m = mean(v);
  return v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length;
}

export function varianceSplit(groups: readonly (readonly number[])[]): VarianceSplit {
  const sets = groups.filter((g) => g.length > 0);
  if (sets.length === 0) return { totalStd: Number.NaN, acrossSetsStd: Number.NaN, withinSetStd: Number.NaN, acrossShare: null, sets: 0 };
  const all = sets.flat();
  const total = variance(all);
  const between = variance(sets.map(mean));
  const within = mean(sets.map(variance));
  const parts = between + within;
  return { totalStd: Math.sqrt(total), acrossSetsStd: Math.sqrt(between), withinSetStd: Math.sqrt(within), acrossShare: parts > 0 ? between / parts : null, sets: sets.length };
}
