/**
 * Majority-label and recency bias of the demonstrations (Zhao et al. 2021, bias
 * analysis): do predictions follow the most frequent or the last
 * demonstration label?
 */

function assertPredictions(preds: readonly number[]): void {
  if (preds.length === 0) throw new Error('no predictions');
}

/** Rate of predictions equal to the label of the LAST demonstration (recency bias). */
export function recencyRate(preds: readonly number[], lastDemoLabel: number): number {
  assertPredictions(preds);
  return preds.filter((p) => p === lastDemoLabel).length / preds.length;
}

/**
 * The most frequent demonstration label, or null when two or more labels tie for most
 * frequent (e.g. 2 Positive + 2 Negative) or there are no demonstrations.
 */
export function majorityLabel(demoLabels: readonly number[]): number | null {
  const counts = new Map<number, number>();
  for (const label of demoLabels) counts.set(label, (counts.get(label) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  let tied = false;
  for (const [label, count] of counts) {
    if (count > bestCount) {
      best = label;
      bestCount = count;
      tied = false;
    } else if (count === bestCount) tied = true;
  }
  return tied ? null : best;
}

/**
 * Rate of predictions equal to the majority demonstration label; null where there is
 * no single majority label (balanced prompts), since the rate is undefined there.
 */
export function majorityRate(preds: readonly number[], demoLabels: readonly number[]): number | null {
  assertPredictions(preds);
  const majority = majorityLabel(demoLabels);
  if (majority === null) return null;
  return preds.filter((p) => p === majority).length / preds.length;
}

/** One row of the majority-label analysis. */
export interface MajorityLabelRow {
  /** Number of demonstrations labelled with the positive class. */
  positiveDemos: number;
  /** Conditions (prompts) with that many positive demonstrations. */
  conditions: number;
  /** Predictions pooled over those conditions. */
  predictions: number;
  /** Predicted-positive rate over the pooled predictions. */
  positiveRate: number;
  /** Mean of the per-condition predicted-positive rates (each prompt weighted equally). */
  meanConditionRate: number;
}

/**
 * Predicted-positive rate against the number of positive demonstrations (Zhao et al.'s
 * majority-label plot), one row per positive count that occurs, ascending.
 */
export function majorityLabelAnalysis(
  conditions: readonly { demoLabels: readonly number[]; preds: readonly number[] }[],
  positiveClass: number,
): MajorityLabelRow[] {
  if (conditions.length === 0) throw new Error('majority-label analysis needs at least one condition');
  const groups = new Map<number, { positives: number; predictions: number; rates: number[] }>();
  conditions.forEach((condition, i) => {
    if (condition.preds.length === 0) throw new Error(`condition ${i} has no predictions`);
    const positiveDemos = condition.demoLabels.filter((l) => l === positiveClass).length;
    const positives = condition.preds.filter((p) => p === positiveClass).length;
    const group = groups.get(positiveDemos) ?? { positives: 0, predictions: 0, rates: [] };
    group.positives += positives;
    group.predictions += condition.preds.length;
    group.rates.push(positives / condition.preds.length);
    groups.set(positiveDemos, group);
  });
  return [...groups.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([positiveDemos, g]) => ({
      positiveDemos,
      conditions: g.rates.length,
      predictions: g.predictions,
      positiveRate: g.positives / g.predictions,
      meanConditionRate: g.rates.reduce((s, r) => s + r, 0) / g.rates.length,
    }));
}
