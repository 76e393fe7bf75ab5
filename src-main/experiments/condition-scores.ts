import { batchPrior, calibrate, contentFreePrior, domainContextPrior, normalize, predict, type CalibratedForm } from '../../src-shared/calibration/index.ts';
import type { CalibrationMethod } from '../../src-shared/experiments/experiment-schema.ts';
import type { RunData } from './run-data.ts';

/** One scored (seed, order): the per-example label distributions and predictions per method. */
export interface ConditionScores {
  seed: number;
  /** The design cell (0 without design axes). */
  cell: number;
  orderIndex: number;
  /** The demonstrations really in the prompt, oldest first (drop-oldest may have left some out). */
  order: string[];
  /** Demonstrations of the drawn order that drop-oldest left out (not in the prompt). */
  dropped: string[];
  /** Gold class index per test example (sample order). */
  goldIdx: number[];
  /** Renormalised label probabilities per test example, before calibration (export `scores`). */
  p: number[][];
  /** Raw class scores p̃ per test example as stored (unnormalised; export `logprobs` is their log). */
  raw: number[][];
  /** Renormalised average over the content-free inputs (export `contentFree`); null without them. */
  pcf: number[] | null;
  /** Per content-free input, renormalised, and its raw (unnormalised) scores. */
  pcfPerInput: { input: string; probs: number[]; raw: number[] }[];
  /** Domain-context prior, when the study uses it. */
  pdc: number[] | null;
  /** Batch prior: the mean of `p` over the test examples. */
  pbar: number[];
  /** method -> calibrated output per example (a distribution except for batch). */
  q: Record<string, number[][]>;
  /** method -> predicted class index per example. */
  pred: Record<string, number[]>;
}

/**
 * Calibrate every complete (seed, order) of a run from its stored raw rows.
 *
 * Uncalibrated scores are renormalised over the labels; CC and DC divide by their prior (raw
 * vectors averaged, then normalised, Zhao et al. §1.3) and form a distribution as
 * `calibratedProbabilities` says (softmax(W p̂), the paper's; or the renormalised ratio); BC
 * subtracts the batch mean of the normalised scores (Zhou et al.). Conditions still missing rows
 * (an unfinished run) are left out.
 */
export function scoreConditions(data: RunData): ConditionScores[] {
  const { spec } = data;
  const classes = spec.classes;
  const methods = spec.calibration as CalibrationMethod[];
  const key = (seed: number, cell: number, orderIndex: number) => `${seed}/${cell}/${orderIndex}`;
  const predictions = new Map<string, Map<string, Record<string, number>>>();
  for (const p of data.predictions) {
    const k = key(p.seed, p.cell ?? 0, p.orderIndex);
    if (!predictions.has(k)) predictions.set(k, new Map());
    predictions.get(k)!.set(p.exampleId, p.probs);
  }
  const priors = new Map<string, typeof data.priors>();
  for (const p of data.priors) {
    const k = key(p.seed, p.cell ?? 0, p.orderIndex);
    if (!priors.has(k)) priors.set(k, []);
    priors.get(k)!.push(p);
  }
  const vector = (probs: Record<string, number>) => classes.map((c) => probs[c]);
  const out: ConditionScores[] = [];
  for (const condition of data.conditions) {
    const k = key(condition.seed, condition.cell ?? 0, condition.orderIndex);
    const stored = predictions.get(k);
    if (!stored || data.tests.some((t) => !stored.has(t.exampleId))) continue;
    const conditionPriors = priors.get(k) ?? [];
    const cf = conditionPriors.filter((r) => r.kind === 'content-free').sort((a, b) => a.inputIndex - b.inputIndex);
    const dc = conditionPriors.filter((r) => r.kind === 'domain').sort((a, b) => a.inputIndex - b.inputIndex);
    if (methods.includes('contextual') && cf.length < spec.contentFree.length) continue;
    if (methods.includes('domain') && dc.length < spec.domain.count) continue;
    const raw = data.tests.map((t) => vector(stored.get(t.exampleId)!));
    const p = raw.map(normalize);
    const pcf = cf.length > 0 ? contentFreePrior(cf.map((r) => vector(r.probs))) : null;
    const pdc = dc.length > 0 ? domainContextPrior(dc.map((r) => vector(r.probs))) : null;
    const pbar = batchPrior(p);
    const q: Record<string, number[][]> = {};
    const pred: Record<string, number[]> = {};
    for (const method of methods) {
      const prior = method === 'contextual' ? pcf : method === 'domain' ? pdc : method === 'batch' ? pbar : undefined;
      q[method] = p.map((row) => calibrate(method, row, prior ?? undefined, calibratedForm(spec)));
      pred[method] = q[method].map((row) => predict(row));
    }
    out.push({
      seed: condition.seed,
      cell: condition.cell ?? 0,
      orderIndex: condition.orderIndex,
      order: condition.order.slice(condition.droppedDemos),
      dropped: condition.order.slice(0, condition.droppedDemos),
      goldIdx: data.tests.map((t) => classes.indexOf(t.gold)),
      p,
      raw,
      pcf,
      pcfPerInput: cf.map((r) => ({ input: r.inputText, probs: normalize(vector(r.probs)), raw: vector(r.probs) })),
      pdc,
      pbar,
      q,
      pred,
    });
  }
  return out;
}

/** The form a run's calibrated distributions take; runs stored before the option used the ratio. */
export function calibratedForm(spec: RunData['spec']): CalibratedForm {
  return spec.calibratedProbabilities ?? 'ratio';
}
