/**
 * Percentile bootstrap intervals (Efron & Tibshirani 1993, ch. 13) for the mean of a study's
 * per-condition values, resampling the design's two levels: demonstration sets (seeds) with
 * replacement, then orders within each drawn set with replacement (the clustered bootstrap of
 * Field & Welsh 2007), so correlated orders of one set are not counted as independent draws.
 *
 * Seeded, so the same run always shows the same interval.
 */
import { createRng } from '../rng/seeded.ts';

export interface Interval {
  estimate: number;
  low: number;
  high: number;
  /** Confidence level, e.g. 0.95. */
  level: number;
  resamples: number;
}

export interface BootstrapOptions {
  resamples?: number;
  level?: number;
  seed?: number;
}

/** Values grouped by demonstration set: `groups[s]` are the orders' values of set s. */
export type Grouped = readonly (readonly number[])[];

function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return values.length === 0 ? Number.NaN : sum / values.length;
}

/** The q-quantile of sorted values, linear between order statistics (R type 7). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (at - lo);
}

/** Mean over all values of all groups with its two-level percentile bootstrap interval. */
export function clusteredBootstrapMean(groups: Grouped, options: BootstrapOptions = {}): Interval {
  const { resamples = 2000, level = 0.95, seed = 0 } = options;
  const nonEmpty = groups.filter((g) => g.length > 0);
  const estimate = mean(nonEmpty.flat());
  if (nonEmpty.length === 0) return { estimate, low: Number.NaN, high: Number.NaN, level, resamples: 0 };
  const rng = createRng(seed);
  const stats: number[] = new Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    let count = 0;
    for (let s = 0; s < nonEmpty.length; s++) {
      const group = nonEmpty[rng.int(nonEmpty.length)];
      for (let o = 0; o < group.length; o++) sum += group[rng.int(group.length)];
      count += group.length;
    }
    stats[r] = sum / count;
  }
  stats.sort((a, b) => a - b);
  const tail = (1 - level) / 2;
  return { estimate, low: quantile(stats, tail), high: quantile(stats, 1 - tail), level, resamples };
}

/**
 * Paired bootstrap of a mean difference: each unit i contributes `a[i] - b[i]` and units are
 * resampled whole (Koehn 2004's paired bootstrap for comparing two systems on one test set).
 */
export function pairedBootstrapDifference(a: readonly number[], b: readonly number[], options: BootstrapOptions = {}): Interval & { pBetter: number } {
  if (a.length !== b.length) throw new Error(`paired bootstrap: ${a.length} and ${b.length} values are not paired`);
  const diffs = a.map((v, i) => v - b[i]);
  const interval = clusteredBootstrapMean([diffs], options);
  // Share of resamples in which a beats b, from the same seeded stream.
  const { resamples = 2000, seed = 0 } = options;
  const rng = createRng(seed + 1);
  let wins = 0;
  for (let r = 0; r < resamples && diffs.length > 0; r++) {
    let sum = 0;
    for (let i = 0; i < diffs.length; i++) sum += diffs[rng.int(diffs.length)];
    if (sum > 0) wins++;
  }
  return { ...interval, pBetter: diffs.length > 0 ? wins / resamples : Number.NaN };
}
