import { logSumExp } from './softmax.ts';

/**
 * The one objective behind every head: weighted multinomial cross-entropy of a linear map plus a
 * ridge penalty.
 *
 *   f(W, b) = Σ_i w_i · (logsumexp(z_i) − z_i[y_i]) / Σ_i w_i + (λ/2)·‖W − W₀‖² + (λ_b/2)·‖b‖²
 *   z_i = W·x_i + b
 *
 * `dense` is the logistic-regression head (W is C×d, W₀ = 0) and the full calibration map (d = C,
 * W₀ = I); `diagonal` is the diagonal calibration map (W = diag(a), W₀ = I). Centering the penalty on
 * the identity means that with few examples the calibration stays close to "no calibration". The
 * tiny ridge λ_b on the intercepts keeps them finite when a class is absent from the k examples.
 */
export type LinearForm = 'dense' | 'diagonal';

export interface SoftmaxRegressionProblem {
  /** n rows of d features (d = C for the diagonal form). */
  features: ArrayLike<number>[];
  /** Class index of each row, 0..C-1. */
  targets: number[];
  classCount: number;
  /** Per-row weights (class weights); all 1 when absent. */
  sampleWeights?: number[];
  form: LinearForm;
  /** λ on the weights. */
  l2: number;
  /** λ_b on the intercepts. */
  l2Bias: number;
  /** Where the weight penalty is centred: 0 (a head) or the identity (a calibration map). */
  center: 'zero' | 'identity';
}

/** Parameter layout: [W (C×d row-major, or the C diagonal entries), b (C)]. */
export function parameterCount(form: LinearForm, classCount: number, featureCount: number): number {
  return (form === 'dense' ? classCount * featureCount : classCount) + classCount;
}

/** The starting point: W = W₀, b = 0. */
export function initialParameters(form: LinearForm, classCount: number, featureCount: number, center: 'zero' | 'identity'): Float64Array {
  const params = new Float64Array(parameterCount(form, classCount, featureCount));
  if (center === 'identity') {
    if (form === 'diagonal') params.fill(1, 0, classCount);
    else for (let c = 0; c < classCount; c++) params[c * featureCount + c] = 1;
  }
  return params;
}

/** z = W·x + b for one row. */
export function linearLogits(form: LinearForm, params: ArrayLike<number>, classCount: number, featureCount: number, x: ArrayLike<number>): Float64Array {
  const z = new Float64Array(classCount);
  const biasOffset = form === 'dense' ? classCount * featureCount : classCount;
  for (let c = 0; c < classCount; c++) {
    let sum = params[biasOffset + c];
    if (form === 'dense') {
      const row = c * featureCount;
      for (let j = 0; j < featureCount; j++) sum += params[row + j] * x[j];
    } else {
      sum += params[c] * x[c];
    }
    z[c] = sum;
  }
  return z;
}

/** f(params), writing ∇f into `gradient` when given. */
export function softmaxRegressionLoss(problem: SoftmaxRegressionProblem, params: ArrayLike<number>, gradient?: Float64Array): number {
  const { features, targets, classCount: C, form } = problem;
  const d = features.length > 0 ? features[0].length : 0;
  const biasOffset = form === 'dense' ? C * d : C;
  if (gradient) gradient.fill(0);
  let totalWeight = 0;
  for (let i = 0; i < features.length; i++) totalWeight += problem.sampleWeights?.[i] ?? 1;
  let loss = 0;
  for (let i = 0; i < features.length; i++) {
    const x = features[i];
    const w = (problem.sampleWeights?.[i] ?? 1) / totalWeight;
    const z = linearLogits(form, params, C, d, x);
    const lse = logSumExp(z);
    loss += w * (lse - z[targets[i]]);
    if (!gradient) continue;
    for (let c = 0; c < C; c++) {
      const delta = w * (Math.exp(z[c] - lse) - (c === targets[i] ? 1 : 0));
      gradient[biasOffset + c] += delta;
      if (form === 'dense') {
        const row = c * d;
        for (let j = 0; j < d; j++) gradient[row + j] += delta * x[j];
      } else {
        gradient[c] += delta * x[c];
      }
    }
  }
  // Ridge terms.
  for (let k = 0; k < biasOffset; k++) {
    const centre = problem.center === 'identity' && isDiagonalEntry(form, k, d) ? 1 : 0;
    const diff = params[k] - centre;
    loss += 0.5 * problem.l2 * diff * diff;
    if (gradient) gradient[k] += problem.l2 * diff;
  }
  for (let c = 0; c < C; c++) {
    const b = params[biasOffset + c];
    loss += 0.5 * problem.l2Bias * b * b;
    if (gradient) gradient[biasOffset + c] += problem.l2Bias * b;
  }
  return loss;
}

/** Unpenalised weighted mean cross-entropy (the validation loss for early stopping). */
export function meanCrossEntropy(form: LinearForm, params: ArrayLike<number>, classCount: number, features: ArrayLike<number>[], targets: number[], sampleWeights?: number[]): number {
  const d = features.length > 0 ? features[0].length : 0;
  let total = 0;
  let weightSum = 0;
  for (let i = 0; i < features.length; i++) {
    const w = sampleWeights?.[i] ?? 1;
    const z = linearLogits(form, params, classCount, d, features[i]);
    total += w * (logSumExp(z) - z[targets[i]]);
    weightSum += w;
  }
  return weightSum > 0 ? total / weightSum : NaN;
}

function isDiagonalEntry(form: LinearForm, k: number, d: number): boolean {
  if (form === 'diagonal') return true;
  return Math.floor(k / d) === k % d;
}
