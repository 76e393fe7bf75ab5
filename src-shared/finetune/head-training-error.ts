/**
 * A training set a head cannot be fitted on (one class only, empty, mismatched sizes).
 *
 * Raised before any optimisation starts; `code` lets the CLI and API show it as one line.
 */
export class HeadTrainingError extends Error {
  readonly code = 'HEAD_TRAINING';
  constructor(message: string) {
    super(message);
    this.name = 'HeadTrainingError';
  }
}

/** Class indices of `labels` in `classes`; throws on unknown labels and on fewer than two distinct classes. */
export function encodeTrainingLabels(labels: readonly string[], classes: readonly string[], what: string): number[] {
  if (labels.length === 0) throw new HeadTrainingError(`${what}: the training set is empty`);
  const index = new Map(classes.map((c, i) => [c, i]));
  const targets = labels.map((label) => {
    const i = index.get(label);
    if (i === undefined) throw new HeadTrainingError(`${what}: label "${label}" is not one of the classes (${classes.join(', ')})`);
    return i;
  });
  const present = new Set(labels);
  if (present.size < 2) {
    throw new HeadTrainingError(`${what}: the ${labels.length} training examples all have label "${labels[0]}"; a classifier needs at least two classes (use a larger budget or balanced sampling)`);
  }
  return targets;
}
