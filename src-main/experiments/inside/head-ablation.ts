import { classProbs, labelOutcome } from '../../../src-shared/inside/label-math.ts';
import type { HeadAblation, HeadEffect, MaskScope } from '../../../src-shared/inside/inside-results.ts';
import type { ProbeResult } from '../../engine/protocol.ts';

export type { HeadAblation, HeadEffect };
import { conditionPrompts } from './condition-prompts.ts';
import type { InsideCondition, InsideEngine, InsideSetup } from './inside-setup.ts';



/** Accuracy and mean gold margin of one probe answer. */
export function probeOutcome(setup: InsideSetup, out: ProbeResult): { accuracy: number; margin: number } {
  return labelOutcome(out.logprobs.map((lp) => classProbs(lp, setup.perClassIndex)), setup.tests.map((t) => t.gold));
}

/**
 * Ablates one head at a time (its attention probabilities multiplied by 0, Michel et al. 2019) and
 * reports each head's effect on label accuracy and mean gold margin over the test sample.
 *
 * With scope `all` the head is removed at every position, so the prefix state is recomputed under
 * each mask, once per head, and shared by that head's examples; with `suffix` only the query tokens
 * lose it and the clean prefix state is reused across all heads.
 */
export async function headAblation(
  engine: InsideEngine,
  setup: InsideSetup,
  condition: InsideCondition,
  options: { scope?: MaskScope; onProgress?: (done: number, total: number) => void } = {},
): Promise<HeadAblation> {
  const scope = options.scope ?? 'all';
  const { nLayer: layers, nHead: heads } = setup.model;
  const { prefixParts, suffixes } = conditionPrompts(setup, condition);
  const base = { modelId: setup.model.modelId, prefixParts, suffixes, tokenIds: setup.labelTokens.all };
  const cleanOut = await engine.probe(base);
  const clean = probeOutcome(setup, cleanOut);
  let computedTokens = cleanOut.computedTokens;
  let reusedTokens = cleanOut.reusedTokens;
  const cells: HeadEffect[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let head = 0; head < heads; head++) {
      const headMask = Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => (l === layer && h === head ? 0 : 1)));
      const out = await engine.probe({ ...base, headMask, maskScope: scope });
      computedTokens += out.computedTokens;
      reusedTokens += out.reusedTokens;
      const o = probeOutcome(setup, out);
      cells.push({ layer, head, ...o, deltaAccuracy: o.accuracy - clean.accuracy, deltaMargin: o.margin - clean.margin });
      options.onProgress?.(cells.length, layers * heads);
    }
  }
  return { condition: condition.name, layers, heads, scope, examples: suffixes.length, clean, cells, computedTokens, reusedTokens };
}
