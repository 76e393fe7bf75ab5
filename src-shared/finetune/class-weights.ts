/**
 * Per-example weights that make every class count equally in the loss.
 *
 * 'balanced' is scikit-learn's rule, n / (C · n_c), counting only the C classes present: with a
 * handful of examples an unlucky draw is often 3:1, and an unweighted head then learns the prior
 * rather than the features.
 */
export type ClassWeighting = 'none' | 'balanced';

export function exampleWeights(targets: readonly number[], weighting: ClassWeighting): number[] {
  if (weighting === 'none') return targets.map(() => 1);
  const counts = new Map<number, number>();
  for (const t of targets) counts.set(t, (counts.get(t) ?? 0) + 1);
  const n = targets.length;
  const present = counts.size;
  return targets.map((t) => n / (present * (counts.get(t) ?? 1)));
}
