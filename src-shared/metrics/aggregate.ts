/**
 * Aggregates over runs (seeds, orders) and order sensitivity.
 */

/** Summary of one metric over conditions. */
export interface Aggregate {
  mean: number;
  /** Population standard deviation (ddof = 0), as np.std in Zhao's and Lu's code. */
  std: number;
  min: number;
  max: number;
  /** max − min. */
  range: number;
  /** The worst case for a higher-is-better metric (accuracy, F1): equals `min` (Min et al.). */
  worst: number;
  count: number;
}

/** Mean, population std, min, max, range and worst case of a non-empty list. */
export function aggregate(values: readonly number[]): Aggregate {
  if (values.length === 0) throw new Error('cannot aggregate an empty list of values');
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new Error(`value ${i} is not a finite number (${String(v)})`);
  });
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
  const min = Math.min(...values);
  const max = Math.max(...values);
  // Equal values give a mean that is off by rounding, and a std of 1e-17 instead of 0; a std below
  // float64's resolution at the values' scale is rounding, so it is 0.
  const std = max === min || Math.sqrt(variance) < 1e-12 * Math.max(1, Math.abs(mean)) ? 0 : Math.sqrt(variance);
  return { mean, std, min, max, range: max - min, worst: min, count: n };
}

/**
 * Fraction of test items whose predicted label is not the same under every order.
 *
 * `predictionsPerOrder[o][i]` is the prediction for item i under order o; all orders
 * must cover the same items. With one order nothing can flip and the rate is 0.
 */
export function flipRate(predictionsPerOrder: readonly (readonly number[])[]): number {
  if (predictionsPerOrder.length === 0) throw new Error('flip rate needs at least one order');
  const items = predictionsPerOrder[0].length;
  if (items === 0) throw new Error('flip rate needs at least one item');
  predictionsPerOrder.forEach((row, o) => {
    if (row.length !== items) throw new Error(`order ${o} has ${row.length} predictions, expected ${items}`);
  });
  let flipped = 0;
  for (let i = 0; i < items; i++) {
    const first = predictionsPerOrder[0][i];
    if (predictionsPerOrder.some((row) => row[i] !== first)) flipped++;
  }
  return flipped / items;
}
