/** One point of a loss curve: the penalised training objective and, with early stopping, the validation cross-entropy. */
export interface LossPoint {
  iteration: number;
  trainLoss: number;
  validationLoss?: number;
}

/** What a fit reports after every optimiser iteration, and how it can be stopped. */
export interface TrainingHooks {
  onIteration?: (point: LossPoint) => void;
  /** Checked every iteration; the fit throws `TrainingCancelled` once it is set. */
  signal?: { readonly aborted: boolean };
}

/** Thrown when `signal.aborted` becomes true during a fit. */
export class TrainingCancelled extends Error {
  readonly code = 'CANCELLED';
  constructor() {
    super('training cancelled');
    this.name = 'TrainingCancelled';
  }
}
