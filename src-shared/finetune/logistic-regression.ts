import { exampleWeights, type ClassWeighting } from './class-weights.ts';
import { encodeTrainingLabels, HeadTrainingError } from './head-training-error.ts';
import { minimizeLbfgs } from './lbfgs.ts';
import { initialParameters, meanCrossEntropy, softmaxRegressionLoss, type SoftmaxRegressionProblem } from './softmax-regression.ts';
import { softmax } from './softmax.ts';
import { TrainingCancelled, type LossPoint, type TrainingHooks } from './training-progress.ts';
import { stratifiedSplit } from './validation-split.ts';

/**
 * A multinomial logistic-regression head on frozen features, stored as plain JSON.
 *
 * Features are standardised with the training examples' mean and standard deviation before the
 * linear map, so one L2 strength means the same thing for every model's hidden size and scale.
 */
export interface LogisticHead {
  kind: 'logistic-regression';
  classes: string[];
  featureMean: number[];
  featureScale: number[];
  /** C rows of d weights, on standardised features. */
  weights: number[][];
  bias: number[];
}

export interface LogisticOptions extends TrainingHooks {
  /** λ on the weights (objective in softmax-regression.ts). */
  l2: number;
  /** λ_b on the intercepts; tiny by default. */
  l2Bias?: number;
  classWeight?: ClassWeighting;
  /** Share of the examples held out for early stopping (0 = none). */
  validationFraction?: number;
  /** Iterations without a better validation loss before stopping. */
  patience?: number;
  seed: number;
  maxIterations?: number;
}

export interface LogisticFit {
  head: LogisticHead;
  lossCurve: LossPoint[];
  /** Iteration whose parameters were kept (the best validation loss, or the last). */
  bestIteration: number;
  stoppedBy: 'converged' | 'early-stopping' | 'max-iterations';
  trainSize: number;
  validationSize: number;
  /** Final penalised training objective of the kept parameters. */
  trainLoss: number;
}

export function fitLogisticRegression(features: readonly ArrayLike<number>[], labels: readonly string[], classes: readonly string[], options: LogisticOptions): LogisticFit {
  if (features.length !== labels.length) throw new HeadTrainingError(`logistic regression: ${features.length} feature rows but ${labels.length} labels`);
  const targets = encodeTrainingLabels(labels, classes, 'logistic regression');
  const d = features[0].length;
  const split = stratifiedSplit(targets, options.validationFraction ?? 0, options.seed);
  const trainRows = split.train.map((i) => features[i]);
  const { mean, scale } = standardisation(trainRows, d);
  const standardise = (x: ArrayLike<number>): Float64Array => Float64Array.from({ length: d }, (_, j) => (x[j] - mean[j]) / scale[j]);
  const trainX = trainRows.map(standardise);
  const trainY = split.train.map((i) => targets[i]);
  const validationX = split.validation.map((i) => standardise(features[i]));
  const validationY = split.validation.map((i) => targets[i]);
  const weighting = options.classWeight ?? 'balanced';
  const problem: SoftmaxRegressionProblem = {
    features: trainX,
    targets: trainY,
    classCount: classes.length,
    sampleWeights: exampleWeights(trainY, weighting),
    form: 'dense',
    l2: options.l2,
    l2Bias: options.l2Bias ?? 1e-4,
    center: 'zero',
  };
  const validationWeights = exampleWeights(validationY, weighting);
  const minimised = minimiseWithEarlyStopping(problem, validationX, validationY, validationWeights, options);
  const C = classes.length;
  const head: LogisticHead = {
    kind: 'logistic-regression',
    classes: [...classes],
    featureMean: Array.from(mean),
    featureScale: Array.from(scale),
    weights: Array.from({ length: C }, (_, c) => Array.from(minimised.params.subarray(c * d, (c + 1) * d))),
    bias: Array.from(minimised.params.subarray(C * d)),
  };
  return { head, ...minimised.report, trainSize: trainX.length, validationSize: validationX.length, trainLoss: softmaxRegressionLoss(problem, minimised.params) };
}

/** Class probabilities of one feature vector. */
export function predictLogistic(head: LogisticHead, x: ArrayLike<number>): number[] {
  const d = head.featureMean.length;
  if (x.length !== d) throw new HeadTrainingError(`the head expects ${d} features, got ${x.length} (was it trained on another model?)`);
  const z = head.weights.map((row, c) => {
    let sum = head.bias[c];
    for (let j = 0; j < d; j++) sum += row[j] * ((x[j] - head.featureMean[j]) / head.featureScale[j]);
    return sum;
  });
  return softmax(z);
}

function minimiseWithEarlyStopping(problem: SoftmaxRegressionProblem, validationX: Float64Array[], validationY: number[], validationWeights: number[], options: LogisticOptions) {
  const C = problem.classCount;
  const d = problem.features[0].length;
  const lossCurve: LossPoint[] = [];
  const patience = options.patience ?? 10;
  const early = validationX.length > 0;
  let best = { loss: Infinity, iteration: 0, params: initialParameters('dense', C, d, 'zero') };
  if (early) best.loss = meanCrossEntropy('dense', best.params, C, validationX, validationY, validationWeights);
  let stoppedEarly = false;
  const result = minimizeLbfgs((x, g) => softmaxRegressionLoss(problem, x, g), initialParameters('dense', C, d, 'zero'), {
    maxIterations: options.maxIterations ?? 500,
    onIteration: (iteration, loss, x) => {
      if (options.signal?.aborted) throw new TrainingCancelled();
      const point: LossPoint = { iteration, trainLoss: loss };
      if (early) {
        point.validationLoss = meanCrossEntropy('dense', x, C, validationX, validationY, validationWeights);
        if (point.validationLoss < best.loss - 1e-9) best = { loss: point.validationLoss, iteration, params: Float64Array.from(x) };
      }
      lossCurve.push(point);
      options.onIteration?.(point);
      if (early && iteration - best.iteration >= patience) {
        stoppedEarly = true;
        return true;
      }
      return false;
    },
  });
  const params = early ? best.params : result.x;
  const bestIteration = early ? best.iteration : result.iterations;
  const stoppedBy: LogisticFit['stoppedBy'] = stoppedEarly ? 'early-stopping' : result.reason === 'max-iterations' ? 'max-iterations' : 'converged';
  return { params, report: { lossCurve, bestIteration, stoppedBy } };
}

function standardisation(rows: readonly ArrayLike<number>[], d: number): { mean: Float64Array; scale: Float64Array } {
  const mean = new Float64Array(d);
  const scale = new Float64Array(d);
  for (const row of rows) for (let j = 0; j < d; j++) mean[j] += row[j] / rows.length;
  for (const row of rows) for (let j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) ** 2 / rows.length;
  // A constant feature (or a single training row) has no spread: leave it unscaled.
  for (let j = 0; j < d; j++) scale[j] = scale[j] > 1e-12 ? Math.sqrt(scale[j]) : 1;
  return { mean, scale };
}
