import { encodeTrainingLabels, HeadTrainingError } from './head-training-error.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { initialParameters, linearLogits, softmaxRegressionLoss, type SoftmaxRegressionProblem } from './softmax-regression.ts';
import { logSoftmax, softmax } from './softmax.ts';
import { TrainingCancelled, type LossPoint, type TrainingHooks } from './training-progress.ts';

/**
 * A calibration of the model's own label scores fitted on labelled examples.
 *
 * q = softmax(W · log p + b), where p are the label probabilities renormalised over the labels.
 * `diagonal` (W = diag(a)) rescales each class's log-probability, a learned cousin of contextual
 * calibration's fixed W = diag(p_cf)^-1 (Zhao et al. 2021, §5); `full` lets classes trade off
 * (matrix scaling, Guo et al. 2017). Both are penalised towards the identity map, so with four
 * examples the fit moves only as far as the evidence pushes it.
 */
export type CalibrationForm = 'diagonal' | 'full';

export interface ScoreCalibration {
  kind: 'score-calibration';
  form: CalibrationForm;
  classes: string[];
  /** C×C for full; for diagonal, a C×C matrix with zeros off the diagonal (one shape to apply). */
  weights: number[][];
  bias: number[];
}

export interface ScoreCalibrationOptions extends TrainingHooks {
  form: CalibrationForm;
  /** λ on W − I. */
  l2: number;
  l2Bias?: number;
  maxIterations?: number;
}

export interface ScoreCalibrationFit {
  calibration: ScoreCalibration;
  lossCurve: LossPoint[];
  trainLoss: number;
  iterations: number;
}

/** Turns raw label probabilities (any positive scale) into the log of their renormalised form. */
export function normalisedLogProbs(probabilities: readonly number[]): number[] {
  const logs = probabilities.map((p) => Math.log(Math.max(p, 1e-300)));
  return logSoftmax(logs);
}

export function fitScoreCalibration(labelProbs: readonly (readonly number[])[], labels: readonly string[], classes: readonly string[], options: ScoreCalibrationOptions): ScoreCalibrationFit {
  const what = `${options.form} calibration`;
  if (labelProbs.length !== labels.length) throw new HeadTrainingError(`${what}: ${labelProbs.length} score rows but ${labels.length} labels`);
  const targets = encodeTrainingLabels(labels, classes, what);
  const C = classes.length;
  for (const row of labelProbs) if (row.length !== C) throw new HeadTrainingError(`${what}: a score row has ${row.length} entries for ${C} classes`);
  const form = options.form === 'full' ? 'dense' : 'diagonal';
  const problem: SoftmaxRegressionProblem = {
    features: labelProbs.map(normalisedLogProbs),
    targets,
    classCount: C,
    form,
    l2: options.l2,
    l2Bias: options.l2Bias ?? 1e-4,
    center: 'identity',
  };
  const lossCurve: LossPoint[] = [];
  const result = minimizeLbfgs((x, g) => softmaxRegressionLoss(problem, x, g), initialParameters(form, C, C, 'identity'), {
    maxIterations: options.maxIterations ?? 500,
    onIteration: (iteration, loss) => {
      if (options.signal?.aborted) throw new TrainingCancelled();
      const point = { iteration, trainLoss: loss };
      lossCurve.push(point);
      options.onIteration?.(point);
    },
  });
  const p = result.x;
  const weights = Array.from({ length: C }, (_, c) => Array.from({ length: C }, (_, j) => (form === 'dense' ? p[c * C + j] : c === j ? p[c] : 0)));
  const biasOffset = form === 'dense' ? C * C : C;
  return {
    calibration: { kind: 'score-calibration', form: options.form, classes: [...classes], weights, bias: Array.from(p.subarray(biasOffset)) },
    lossCurve,
    trainLoss: result.loss,
    iterations: result.iterations,
  };
}

/** Calibrated class probabilities for one example's raw label probabilities. */
export function applyScoreCalibration(calibration: ScoreCalibration, labelProbs: readonly number[]): number[] {
  const C = calibration.classes.length;
  const flat = [...calibration.weights.flat(), ...calibration.bias];
  return softmax(linearLogits('dense', flat, C, C, normalisedLogProbs(labelProbs)));
}
