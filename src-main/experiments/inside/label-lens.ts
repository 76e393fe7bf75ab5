import { argmax, classProbs, partingLayer } from '../../../src-shared/inside/label-math.ts';
import type { LensComparison, LensCurve } from '../../../src-shared/inside/inside-results.ts';

export type { LensComparison, LensCurve };
import { conditionPrompts } from './condition-prompts.ts';
import type { InsideCondition, InsideEngine, InsideSetup } from './inside-setup.ts';


/** Per-layer summaries of per-example class probabilities. */
export function summarizeLens(condition: string, perExample: number[][][], gold: readonly number[]): LensCurve {
  const points = perExample[0]?.length ?? 0;
  const classes = perExample[0]?.[0]?.length ?? 0;
  const n = perExample.length;
  const meanGold = Array.from({ length: points }, (_, k) => perExample.reduce((s, e, i) => s + e[k][gold[i]], 0) / n);
  const accuracy = Array.from({ length: points }, (_, k) => perExample.filter((e, i) => argmax(e[k]) === gold[i]).length / n);
  const meanProbs = Array.from({ length: points }, (_, k) => Array.from({ length: classes }, (_, c) => perExample.reduce((s, e) => s + e[k][c], 0) / n));
  return { condition, layers: points - 1, perExample, meanGold, accuracy, meanProbs };
}

/** The label lens of a condition over the setup's test sample (one probe call, prefix reused). */
export async function conditionLens(engine: InsideEngine, setup: InsideSetup, condition: InsideCondition): Promise<LensCurve> {
  const { prefixParts, suffixes } = conditionPrompts(setup, condition);
  const out = await engine.probe({ modelId: setup.model.modelId, prefixParts, suffixes, tokenIds: setup.labelTokens.all, lens: true });
  const perExample = (out.lens ?? []).map((layers) => layers.map((logprobs) => classProbs(logprobs, setup.perClassIndex)));
  return summarizeLens(condition.name, perExample, setup.tests.map((t) => t.gold));
}


/** Two conditions' lenses over the same examples, and the layer where their p(gold) part. */
export async function compareLens(engine: InsideEngine, setup: InsideSetup, a: InsideCondition, b: InsideCondition): Promise<LensComparison> {
  const first = await conditionLens(engine, setup, a);
  const second = await conditionLens(engine, setup, b);
  const goldOf = (curve: LensCurve) => curve.perExample.map((layers, i) => layers.map((p) => p[setup.tests[i].gold]));
  return { curves: [first, second], parting: partingLayer(goldOf(first), goldOf(second)) };
}
