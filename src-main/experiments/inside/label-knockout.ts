import { createRng } from '../../../src-shared/rng/index.ts';
import type { KnockoutOutcome, LabelKnockout } from '../../../src-shared/inside/inside-results.ts';
import type { ProbeResult } from '../../engine/protocol.ts';

export type { KnockoutOutcome, LabelKnockout };
import { conditionPrompts, demoTokenPositions } from './condition-prompts.ts';
import { probeOutcome } from './head-ablation.ts';
import type { InsideCondition, InsideEngine, InsideSetup } from './inside-setup.ts';



/**
 * Blocks the final position from the demonstrations' label-word tokens in the chosen layers (Wang
 * et al. 2023 isolate label words so) and compares with blocking as many other demonstration tokens.
 *
 * Prompts are grouped by their label-token positions (the prefix is shared, so usually one group).
 */
export async function labelKnockout(
  engine: InsideEngine,
  setup: InsideSetup,
  condition: InsideCondition,
  options: { layers?: number[]; controlSeed?: number } = {},
): Promise<LabelKnockout> {
  const layers = options.layers ?? Array.from({ length: setup.model.nLayer }, (_, l) => l);
  const controlSeed = options.controlSeed ?? 0;
  const { prefixParts, suffixes } = conditionPrompts(setup, condition);
  const positions = await Promise.all(suffixes.map((s) => demoTokenPositions(engine, setup, condition, s)));
  const groups = new Map<string, number[]>();
  positions.forEach((p, i) => {
    const key = p.label.join(',') + '|' + p.other.join(',');
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const rng = createRng(controlSeed);
  const run = async (keysOf: (i: number) => number[] | undefined) => {
    const logprobs: number[][] = [];
    for (const members of groups.values()) {
      const keys = keysOf(members[0]);
      const out: ProbeResult = await engine.probe({
        modelId: setup.model.modelId,
        prefixParts,
        suffixes: members.map((i) => suffixes[i]),
        tokenIds: setup.labelTokens.all,
        ...(keys ? { knockout: { keys, queries: 'last' as const, layers } } : {}),
      });
      members.forEach((i, r) => (logprobs[i] = out.logprobs[r]));
    }
    return probeOutcome(setup, { logprobs, promptTokens: [], computedTokens: 0, reusedTokens: 0 });
  };
  const controls = new Map<number, number[]>();
  for (const members of groups.values()) {
    const p = positions[members[0]];
    controls.set(members[0], rng.sample(p.other, Math.min(p.label.length, p.other.length)).sort((a, b) => a - b));
  }
  const clean = await run(() => undefined);
  const effect = (o: { accuracy: number; margin: number }): KnockoutOutcome => ({ ...o, deltaAccuracy: o.accuracy - clean.accuracy, deltaMargin: o.margin - clean.margin });
  const labelWords = effect(await run((i) => positions[i].label));
  const control = effect(await run((i) => controls.get(i)));
  return { condition: condition.name, examples: suffixes.length, layers, labelTokens: positions[0]?.label.length ?? 0, clean, labelWords, control, controlSeed };
}
