import { normalize } from '../../../src-shared/calibration/normalize.ts';
import type { ProbingSummary } from '../../../src-shared/experiments/summary-types.ts';
import type { ConditionScores } from '../condition-scores.ts';
import type { RunData } from '../run-data.ts';
import { probingOf } from './build-probe-set.ts';

/**
 * The label distributions Lu et al.'s GlobalE / LocalE are computed on, per condition
 * (`seed/orderIndex`), and what the probing set was: with `probing.source: test` each condition's
 * renormalised test scores (labels unused); with `generated` its renormalised scores on every input
 * of its seed's probing set, by probe index. A condition missing some of them (an unfinished run)
 * has none and is left out of the probes, as unfinished conditions are everywhere in the summary.
 */
export function probingDistributions(data: RunData, scored: readonly ConditionScores[]): { byCondition: Map<string, number[][]>; summary: ProbingSummary } {
  const probing = probingOf(data.spec);
  const byCondition = new Map<string, number[][]>();
  if (probing.source === 'test') {
    for (const c of scored) byCondition.set(`${c.seed}/${c.orderIndex}`, c.p);
    const seeds = [...new Set(scored.map((c) => c.seed))].sort((a, b) => a - b);
    return { byCondition, summary: { source: 'test', perSeed: seeds.map((seed) => ({ seed, size: data.tests.length })) } };
  }
  const classes = data.spec.classes;
  const sets = data.probing?.sets ?? [];
  const sizes = new Map(sets.map((s) => [s.seed, s.inputs.length]));
  const rows = new Map<string, { probeIndex: number; p: number[] }[]>();
  for (const r of data.probing?.results ?? []) {
    const key = `${r.seed}/${r.orderIndex}`;
    if (!rows.has(key)) rows.set(key, []);
    rows.get(key)!.push({ probeIndex: r.probeIndex, p: normalize(classes.map((c) => r.probs[c])) });
  }
  for (const c of scored) {
    const key = `${c.seed}/${c.orderIndex}`;
    const mine = rows.get(key) ?? [];
    if (mine.length === 0 || mine.length !== sizes.get(c.seed)) continue;
    byCondition.set(key, mine.sort((a, b) => a.probeIndex - b.probeIndex).map((r) => r.p));
  }
  const { size, seed, temperature, topK, maxTokens, noRepeatNgram, minWords } = probing;
  return {
    byCondition,
    summary: {
      source: 'generated',
      settings: { temperature, topK, maxTokens, noRepeatNgram, minWords, size: size ?? null, seed },
      perSeed: sets.map((s) => {
        const { generations: _generations, ...counts } = s.report;
        return counts;
      }),
    },
  };
}
