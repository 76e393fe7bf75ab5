/**
 * The calibration methods a study can apply, and what their outputs are.
 */
import { calibrateBatch } from './batch.ts';
import { calibrateContextual, calibrateContextualSoftmax, type CalibratedForm } from './contextual.ts';
import { normalize } from './normalize.ts';

/** Every method, in the order summaries list them. */
export const CALIBRATION_METHODS = ['none', 'contextual', 'batch', 'domain'] as const;

/** none = raw label distribution; contextual = CC; batch = BC; domain = DC. */
export type CalibrationMethod = (typeof CALIBRATION_METHODS)[number];

/** Narrows an unknown string (e.g. from an experiment file) to a method. */
export function isCalibrationMethod(value: unknown): value is CalibrationMethod {
  return typeof value === 'string' && (CALIBRATION_METHODS as readonly string[]).includes(value);
}

/**
 * Whether the method's output is a probability distribution.
 *
 * BC's `p − p̄` is a score vector, so ECE, Brier and NLL are shown as "n/a" for it
 * (docs/CONTRACT.md, "Summary").
 */
export function isDistribution(method: CalibrationMethod): boolean {
  switch (method) {
    case 'none':
    case 'contextual':
    case 'domain':
      return true;
    case 'batch':
      return false;
    default:
      return assertNever(method);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown calibration method "${String(value)}"`);
}

/**
 * Applies one method to a label-score vector.
 *
 * `prior` is p_cf (contextual), p̂_DC (domain) or p̄ (batch) and is ignored for `none`,
 * whose output is the normalised scores. `form` is how contextual and domain calibration turn
 * `p / prior` into a distribution: `softmax` (Zhao et al.'s softmax(W p̂ + b)) or `ratio` (renormalised).
 */
export function calibrate(method: CalibrationMethod, p: readonly number[], prior?: readonly number[], form: CalibratedForm = 'ratio'): number[] {
  if (method === 'none') return normalize(p);
  if (!prior) throw new Error(`calibration "${method}" needs a prior`);
  switch (method) {
    case 'contextual':
    case 'domain':
      return form === 'softmax' ? calibrateContextualSoftmax(p, prior) : calibrateContextual(p, prior);
    case 'batch':
      // BC is defined on the normalised label distribution (Zhou et al.).
      return calibrateBatch(normalize(p), prior);
    default:
      return assertNever(method);
  }
}
