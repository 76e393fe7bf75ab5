/**
 * Decision metrics: accuracy and macro-F1.
 */

/** Throws unless predictions and gold labels are non-empty and of equal length. */
export function assertPaired(pred: readonly unknown[], gold: readonly unknown[]): void {
  if (pred.length !== gold.length) {
    throw new Error(`${pred.length} predictions but ${gold.length} gold labels`);
  }
  if (pred.length === 0) throw new Error('no predictions to score');
}

/** `(1/N) Σ 1[ŷ_i = y_i]`. */
export function accuracy<T>(pred: readonly T[], gold: readonly T[]): number {
  assertPaired(pred, gold);
  let correct = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === gold[i]) correct++;
  return correct / pred.length;
}

/** Per-class precision, recall and F1 with their counts. */
export interface ClassScores<T> {
  label: T;
  truePositives: number;
  predicted: number;
  support: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Precision, recall and F1 of each label in `labels`; an undefined ratio (0/0) is 0,
 * as sklearn's `zero_division=0`.
 */
export function perClassScores<T>(pred: readonly T[], gold: readonly T[], labels: readonly T[]): ClassScores<T>[] {
  assertPaired(pred, gold);
  if (labels.length === 0) throw new Error('macro-F1 needs at least one label');
  return labels.map((label) => {
    let truePositives = 0;
    let predicted = 0;
    let support = 0;
    for (let i = 0; i < pred.length; i++) {
      if (pred[i] === label) predicted++;
      if (gold[i] === label) support++;
      if (pred[i] === label && gold[i] === label) truePositives++;
    }
    const precision = predicted === 0 ? 0 : truePositives / predicted;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, truePositives, predicted, support, precision, recall, f1 };
  });
}

/**
 * Macro-F1 `(1/|L|) Σ_c F1_c` over the GIVEN label set `labels` (the task's classes),
 * with F1_c = 0 where it is undefined.
 *
 * Using the task's full label set (rather than sklearn's default, the union of gold and
 * predicted labels, used by Fei et al.) keeps the denominator the same for every
 * condition of a study: a class that is never gold nor predicted counts as F1 = 0.
 * Predictions outside `labels` count as errors for the gold class's recall.
 */
export function macroF1<T>(pred: readonly T[], gold: readonly T[], labels: readonly T[]): number {
  const scores = perClassScores(pred, gold, labels);
  return scores.reduce((sum, s) => sum + s.f1, 0) / scores.length;
}
