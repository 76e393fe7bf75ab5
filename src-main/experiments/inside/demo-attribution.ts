import { classProbs, goldMargin } from '../../../src-shared/inside/label-math.ts';
import type { DemoAttribution, DemoAttributionRow } from '../../../src-shared/inside/inside-results.ts';
import { createRng } from '../../../src-shared/rng/index.ts';

export type { DemoAttribution, DemoAttributionRow };
import { conditionPrompts } from './condition-prompts.ts';
import type { InsideCondition, InsideEngine, InsideSetup } from './inside-setup.ts';



/**
 * Each demonstration's effect on the mean gold margin: leave-one-out, and Shapley values estimated
 * from `permutations` seeded random orders of joining (Ghorbani and Zou 2019, "Data Shapley").
 * A subset keeps the condition's order of its demonstrations; each subset is scored once and reused
 * by every permutation that reaches it, and prefix states are shared through the engine's cache.
 * Per permutation the contributions add up to full minus empty, so their mean does too.
 */
export async function demoAttribution(
  engine: InsideEngine,
  setup: InsideSetup,
  condition: InsideCondition,
  options: { permutations?: number; seed?: number } = {},
): Promise<DemoAttribution> {
  const permutations = options.permutations ?? 20;
  const seed = options.seed ?? 0;
  const k = condition.demos.length;
  const gold = setup.tests.map((t) => t.gold);
  const values = new Map<string, number>();
  const value = async (members: boolean[]): Promise<number> => {
    const key = members.map((m) => (m ? '1' : '0')).join('');
    const known = values.get(key);
    if (known !== undefined) return known;
    const subset = { ...condition, demos: condition.demos.filter((_, j) => members[j]) };
    const { prefixParts, suffixes } = conditionPrompts(setup, subset);
    const out = await engine.scoreNext({ modelId: setup.model.modelId, prefixParts, suffixes, tokenIds: setup.labelTokens.all });
    const margins = out.logprobs.map((lp, i) => goldMargin(classProbs(lp, setup.perClassIndex), gold[i]));
    const mean = margins.reduce((a, b) => a + b, 0) / Math.max(1, margins.length);
    values.set(key, mean);
    return mean;
  };
  const all = new Array(k).fill(true);
  const full = await value(all);
  const empty = await value(new Array(k).fill(false));
  const leaveOneOut: number[] = [];
  for (let j = 0; j < k; j++) leaveOneOut.push(full - (await value(all.map((_, i) => i !== j))));
  const rng = createRng(seed);
  const samples: number[][] = Array.from({ length: k }, () => []);
  for (let p = 0; p < permutations; p++) {
    const members = new Array(k).fill(false);
    let before = empty;
    for (const j of rng.shuffle(Array.from({ length: k }, (_, i) => i))) {
      members[j] = true;
      const after = await value(members);
      samples[j].push(after - before);
      before = after;
    }
  }
  const demos = condition.demos.map((d, j): DemoAttributionRow => {
    const s = samples[j];
    const mean = s.length ? s.reduce((a, b) => a + b, 0) / s.length : Number.NaN;
    const variance = s.length > 1 ? s.reduce((a, b) => a + (b - mean) ** 2, 0) / (s.length - 1) : 0;
    return { index: j, exampleId: condition.demoIds[j] ?? `demo ${j}`, shown: d.gold, shownWord: setup.spec.task.labels[d.gold][0], leaveOneOut: leaveOneOut[j], shapley: mean, shapleyStandardError: Math.sqrt(variance / Math.max(1, s.length)) };
  });
  return { condition: condition.name, examples: setup.tests.length, full, empty, permutations, seed, subsetsScored: values.size, demos };
}
