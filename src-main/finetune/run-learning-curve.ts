import type { Database } from 'better-sqlite3';
import { calibrateContextual, contentFreePrior, normalize } from '../../src-shared/calibration/index.ts';
import { predictLogistic, type LogisticHead } from '../../src-shared/finetune/logistic-regression.ts';
import { applyScoreCalibration, type ScoreCalibration } from '../../src-shared/finetune/score-calibration.ts';
import { argmax } from '../../src-shared/finetune/softmax.ts';
import { TrainingCancelled, type LossPoint } from '../../src-shared/finetune/training-progress.ts';
import { accuracy, macroF1 } from '../../src-shared/metrics/classification.ts';
import { contentFreeQuery, renderQuery } from '../../src-shared/prompt/template.ts';
import type { FeatureCache } from './feature-cache.ts';
import type { FinetuneEngine } from './finetune-engine.ts';
import type { FinetuneMethod } from '../../src-shared/finetune/learning-curve-schema.ts';
import { getFinetuneRun, insertFinetuneCondition, insertFinetuneRun, listFinetuneConditions, setFinetuneRunStatus, type FinetunePredictionRecord } from './finetune-store.ts';
import { frozenFeatures } from './frozen-features.ts';
import type { HeadTrainer } from './head-trainer.ts';
import type { HeadFile } from './head-file.ts';
import { scoreQueries } from './label-probabilities.ts';
import { summariseLearningCurve, type LearningCurveSummary } from './learning-curve-summary.ts';
import type { BudgetDraw, PreparedLearningCurve } from './prepare-learning-curve.ts';
import { newRunId } from '../../src-shared/experiments/run-id.ts';
import { featureText, fewShotPrefix, templateKey, zeroShotPrefix } from './prompt-text.ts';

export interface LearningCurveDeps {
  engine: FinetuneEngine;
  /** Opened only once the inputs are computed, so a run that cannot start never creates a database. */
  openDb: () => Database;
  cache: FeatureCache;
  trainer: HeadTrainer;
}

/** What the progress bar shows: a phase and its count. */
export interface LearningCurveProgress {
  phase: 'features' | 'label scores' | 'conditions';
  done: number;
  total: number;
  /** The condition being worked on, e.g. "head k=8 seed 1". */
  detail?: string;
  /** Training loss per iteration of the head being fitted. */
  loss?: LossPoint;
}

export interface LearningCurveHooks {
  onProgress?: (progress: LearningCurveProgress) => void;
  onWarning?: (message: string) => void;
  /** Called with each trained head (LR or calibration), e.g. to save it to a folder. */
  onHead?: (head: HeadFile) => void;
  signal?: AbortSignal;
}

/**
 * Runs a prepared learning curve: for every (budget, seed) the same k labelled examples are spent
 * on each method, all evaluated on one test set, and each condition is stored with its predictions
 * in one transaction as soon as it is done (an interrupted run keeps what it finished).
 *
 * - head: multinomial LR on frozen hidden states of the zero-shot prompt (features cached on disk);
 * - calibration-diagonal / -full: an affine map on the zero-shot label log-probabilities;
 * - prompt / prompt-contextual: the k examples as demonstrations (the largest k that fits), without
 *   and with contextual calibration (Zhao et al. 2021).
 */
export async function runLearningCurve(deps: LearningCurveDeps, prepared: PreparedLearningCurve, hooks: LearningCurveHooks = {}): Promise<LearningCurveSummary> {
  const { spec, model } = prepared;
  // Features and zero-shot scores first: a cache or engine problem here stores nothing.
  const inputs = await computeInputs(deps, prepared, hooks);
  const db = deps.openDb();
  const runId = newRunId();
  insertFinetuneRun(db, {
    id: runId,
    name: spec.name,
    specJson: JSON.stringify(spec),
    modelName: model.name,
    modelSha256: model.sha256,
    modelInfoJson: JSON.stringify(model),
    createdAt: new Date().toISOString(),
  });
  try {
    await runConditions(deps, db, prepared, inputs, runId, hooks);
    setFinetuneRunStatus(db, runId, 'done');
  } catch (error) {
    const cancelled = error instanceof TrainingCancelled || hooks.signal?.aborted;
    setFinetuneRunStatus(db, runId, cancelled ? 'cancelled' : 'failed', (error as Error).message ?? String(error));
    throw error;
  }
  return summariseLearningCurve(getFinetuneRun(db, runId)!, listFinetuneConditions(db, runId));
}

interface CurveInputs {
  /** Hidden-state features by `train/<id>` and `test/<id>`. */
  features: Map<string, Float32Array>;
  /** Zero-shot raw label scores by `train/<id>` and `test/<id>`. */
  zeroShot: Map<string, number[]>;
}

/** The frozen features (through the disk cache) and zero-shot label scores the methods need. */
async function computeInputs(deps: LearningCurveDeps, prepared: PreparedLearningCurve, hooks: LearningCurveHooks): Promise<CurveInputs> {
  const { spec, model, test, draws, labelTokens } = prepared;
  const { engine } = deps;
  const methods = spec.methods as FinetuneMethod[];
  const trainRows = new Map(draws.flatMap((d) => d.examples).map((e) => [e.id, e]));
  let features = new Map<string, Float32Array>();
  if (methods.includes('head')) {
    const examples = [...[...trainRows.values()].map((e) => ({ id: `train/${e.id}`, text: featureText(spec.task, e.fields) })), ...test.map((t) => ({ id: `test/${t.id}`, text: featureText(spec.task, t.fields) }))];
    features = await frozenFeatures(engine, model, deps.cache, {
      examples,
      pooling: spec.features.pooling,
      templateKey: templateKey(spec.task),
      cache: spec.features.cache,
      batchSize: spec.batchSize,
      onProgress: (done, total) => hooks.onProgress?.({ phase: 'features', done, total }),
      onWarning: hooks.onWarning,
    });
  }
  const zeroShot = new Map<string, number[]>();
  if (methods.some((m) => m.startsWith('calibration-'))) {
    const rows = [...[...trainRows.values()].map((e) => ({ key: `train/${e.id}`, fields: e.fields })), ...test.map((t) => ({ key: `test/${t.id}`, fields: t.fields }))];
    const scores = await scoreQueries(engine, model.modelId, zeroShotPrefix(spec.task), rows.map((r) => renderQuery(spec.task.template, r.fields)), labelTokens, spec.batchSize, (done) =>
      hooks.onProgress?.({ phase: 'label scores', done, total: rows.length }),
    );
    rows.forEach((r, i) => zeroShot.set(r.key, scores[i]));
  }
  if (hooks.signal?.aborted) throw new TrainingCancelled();
  return { features, zeroShot };
}

async function runConditions(deps: LearningCurveDeps, db: Database, prepared: PreparedLearningCurve, inputs: CurveInputs, runId: string, hooks: LearningCurveHooks): Promise<void> {
  const { spec, test, draws } = prepared;
  const { engine } = deps;
  const { features, zeroShot } = inputs;
  const methods = spec.methods as FinetuneMethod[];
  const classes = spec.classes;
  const checkCancel = () => {
    if (hooks.signal?.aborted) throw new TrainingCancelled();
  };

  const gold = test.map((t) => t.label);
  const total = draws.length * methods.length;
  let done = 0;
  for (const draw of draws) {
    const promptScores = methods.some((m) => m.startsWith('prompt')) ? await scorePrompts(engine, prepared, draw) : undefined;
    for (const method of methods) {
      checkCancel();
      const detail = `${method} k=${draw.budget} seed ${draw.seed}`;
      hooks.onProgress?.({ phase: 'conditions', done, total, detail });
      const trainIds = draw.examples.map((e) => e.id);
      let probs: number[][];
      let trainLoss: number | null = null;
      let lossCurve: LossPoint[] = [];
      let details: Record<string, unknown>;
      let headFile: HeadFile | null = null;
      let kUsed = draw.budget;
      const onProgress = (loss: LossPoint) => hooks.onProgress?.({ phase: 'conditions', done, total, detail, loss });
      if (method === 'head') {
        const dim = features.get(`test/${test[0].id}`)!.length;
        const flat = new Float32Array(draw.examples.length * dim);
        draw.examples.forEach((e, i) => flat.set(features.get(`train/${e.id}`)!, i * dim));
        const result = await deps.trainer.train(
          { kind: 'logistic', features: flat, dim, labels: draw.examples.map((e) => e.label), classes, options: { ...spec.head, seed: draw.seed } },
          { onProgress, signal: hooks.signal },
        );
        if (result.kind !== 'logistic') throw new Error('unexpected training result');
        const head: LogisticHead = result.fit.head;
        probs = test.map((t) => predictLogistic(head, features.get(`test/${t.id}`)!));
        trainLoss = result.fit.trainLoss;
        lossCurve = result.fit.lossCurve;
        details = { stoppedBy: result.fit.stoppedBy, bestIteration: result.fit.bestIteration, trainSize: result.fit.trainSize, validationSize: result.fit.validationSize };
        headFile = headFileFor(prepared, runId, draw, method, head);
      } else if (method === 'calibration-diagonal' || method === 'calibration-full') {
        const result = await deps.trainer.train(
          {
            kind: 'calibration',
            labelProbs: draw.examples.map((e) => zeroShot.get(`train/${e.id}`)!),
            labels: draw.examples.map((e) => e.label),
            classes,
            options: { form: method === 'calibration-full' ? 'full' : 'diagonal', l2: spec.calibrationFit.l2 },
          },
          { onProgress, signal: hooks.signal },
        );
        if (result.kind !== 'calibration') throw new Error('unexpected training result');
        const calibration: ScoreCalibration = result.fit.calibration;
        probs = test.map((t) => applyScoreCalibration(calibration, zeroShot.get(`test/${t.id}`)!));
        trainLoss = result.fit.trainLoss;
        lossCurve = result.fit.lossCurve;
        details = { iterations: result.fit.iterations };
        headFile = headFileFor(prepared, runId, draw, method, calibration);
      } else {
        const scored = promptScores!;
        kUsed = draw.promptK;
        probs = method === 'prompt' ? scored.p : scored.p.map((p) => calibrateContextual(p, scored.pcf));
        details = method === 'prompt-contextual' ? { contentFree: scored.pcf } : {};
      }
      const predicted = probs.map((p) => classes[argmax(p)]);
      const predictions: FinetunePredictionRecord[] = test.map((t, i) => ({
        exampleId: t.id,
        gold: t.label,
        probs: Object.fromEntries(classes.map((c, j) => [c, probs[i][j]])),
        predicted: predicted[i],
      }));
      insertFinetuneCondition(
        db,
        runId,
        { budget: draw.budget, seed: draw.seed, method, kUsed, trainIds, accuracy: accuracy(predicted, gold), macroF1: macroF1(predicted, gold, classes), trainLoss, lossCurve, details, head: headFile },
        predictions,
      );
      if (headFile) hooks.onHead?.(headFile);
      done++;
      hooks.onProgress?.({ phase: 'conditions', done, total, detail });
    }
  }
}

/** Few-shot label distributions for one draw (its first promptK examples), and the content-free prior. */
async function scorePrompts(engine: FinetuneEngine, prepared: PreparedLearningCurve, draw: BudgetDraw): Promise<{ p: number[][]; pcf: number[] }> {
  const { spec, model, test, labelTokens } = prepared;
  const prefix = fewShotPrefix(spec.task, draw.examples.slice(0, draw.promptK));
  const queries = test.map((t) => renderQuery(spec.task.template, t.fields));
  const contentFree = spec.contentFree.map((c) => contentFreeQuery(spec.task.template, c, spec.contentFreeMode));
  const raw = await scoreQueries(engine, model.modelId, prefix, [...queries, ...contentFree], labelTokens, spec.batchSize);
  return { p: raw.slice(0, queries.length).map(normalize), pcf: contentFreePrior(raw.slice(queries.length)) };
}

function headFileFor(prepared: PreparedLearningCurve, runId: string, draw: BudgetDraw, method: string, head: LogisticHead | ScoreCalibration): HeadFile {
  const { spec, model } = prepared;
  return {
    format: 'promptscope-head',
    version: 1,
    model: { ref: spec.model, dir: model.dir, name: model.name, sha256: model.sha256 },
    task: spec.task,
    labelMode: spec.labelMode,
    pooling: spec.features.pooling,
    head,
    trainedOn: { runId, budget: draw.budget, seed: draw.seed, method, trainIds: draw.examples.map((e) => e.id) },
  };
}
