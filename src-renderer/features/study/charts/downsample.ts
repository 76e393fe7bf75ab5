/**
 * Shrinks chart data before it reaches React and ECharts.
 *
 * A study with 8 shots has 40,320 orders per seed; drawing each as a point costs far more than
 * it shows. These helpers keep the shape (extremes, quantiles) and drop the rest, so the chart
 * code can stay simple and the renderer's thread stays free.
 */

/** The most points any one series is given; beyond this a strip or scatter plot reads as a blob. */
export const MAX_POINTS_PER_SERIES = 400;

/**
 * Keeps `max` items at evenly spaced positions, always including the first and the last.
 *
 * Applied to sorted values this keeps evenly spaced quantiles, so minimum, maximum and the
 * spread survive.
 */
export function pickEvenly<T>(items: readonly T[], max: number = MAX_POINTS_PER_SERIES): T[] {
  if (items.length <= max) return items.slice();
  if (max <= 1) return items.slice(0, Math.max(0, max));
  const out: T[] = [];
  const step = (items.length - 1) / (max - 1);
  for (let i = 0; i < max; i++) out.push(items[Math.round(i * step)]);
  return out;
}

/** Sorted ascending copy, then evenly spaced quantiles: the strip-plot reduction. */
export function quantilePoints(values: readonly number[], max: number = MAX_POINTS_PER_SERIES): number[] {
  return pickEvenly([...values].sort((a, b) => a - b), max);
}

/** Five-number summary for a box plot: [min, Q1, median, Q3, max] (linear interpolation, like numpy). */
export function boxStats(values: readonly number[]): [number, number, number, number, number] {
  if (values.length === 0) return [NaN, NaN, NaN, NaN, NaN];
  const sorted = [...values].sort((a, b) => a - b);
  const q = (p: number): number => {
    const pos = (sorted.length - 1) * p;
    const lo = Math.floor(pos);
    const hi = Math.ceil(pos);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  };
  return [sorted[0], q(0.25), q(0.5), q(0.75), sorted[sorted.length - 1]];
}
