/**
 * A study's statistical headline from its per-condition accuracies: per method the mean with a
 * 95% clustered-bootstrap interval and the spread split into demonstration sets vs orders; per
 * calibration method the gain over `none` paired by condition, with its interval; the chance and
 * majority-class baselines; the best and worst conditions.
 */
import { clusteredBootstrapMean, type Interval } from './bootstrap.ts';
import { varianceSplit, type VarianceSplit } from './variance-split.ts';

export interface ConditionAccuracy {
  seed: number;
  orderIndex: number;
  /** The design cell (design axes); absent or 0 otherwise. */
  cell?: number;
  method: string;
  accuracy: number;
}

export interface MethodHeadline {
  method: string;
  conditions: number;
  mean: Interval;
  spread: VarianceSplit;
  best: { seed: number; orderIndex: number; cell?: number; accuracy: number };
  worst: { seed: number; orderIndex: number; cell?: number; accuracy: number };
  /** Paired by (seed, order) against `none`; null for `none` itself or without it. */
  gainOverNone: Interval | null;
}

export interface StudyHeadline {
  methods: MethodHeadline[];
  chance: number;
  majority: { label: string; rate: number } | null;
}

function bySeed(rows: readonly { seed: number; value: number }[]): number[][] {
  const groups = new Map<number, number[]>();
  for (const r of rows) {
    const g = groups.get(r.seed) ?? [];
    g.push(r.value);
    groups.set(r.seed, g);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, g]) => g);
}

export function studyHeadline(
  conditions: readonly ConditionAccuracy[],
  methods: readonly string[],
  classes: readonly string[],
  goldShares: Readonly<Record<string, number>>,
  options: { resamples?: number; seed?: number } = {},
): StudyHeadline {
  const key = (c: { seed: number; orderIndex: number; cell?: number }) => `${c.seed}/${c.orderIndex}/${c.cell ?? 0}`;
  const none = new Map(conditions.filter((c) => c.method === 'none').map((c) => [key(c), c.accuracy]));
  const out: MethodHeadline[] = [];
  for (const method of methods) {
    const rows = conditions.filter((c) => c.method === method);
    if (rows.length === 0) continue;
    const groups = bySeed(rows.map((r) => ({ seed: r.seed, value: r.accuracy })));
    const sorted = [...rows].sort((a, b) => b.accuracy - a.accuracy || a.seed - b.seed || a.orderIndex - b.orderIndex);
    const paired = method === 'none' || none.size === 0 ? null : rows.filter((r) => none.has(key(r))).map((r) => ({ seed: r.seed, value: r.accuracy - none.get(key(r))! }));
    out.push({
      method,
      conditions: rows.length,
      mean: clusteredBootstrapMean(groups, options),
      spread: varianceSplit(groups),
      best: pick(sorted[0]),
      worst: pick(sorted[sorted.length - 1]),
      gainOverNone: paired && paired.length > 0 ? clusteredBootstrapMean(bySeed(paired), options) : null,
    });
  }
  const shares = classes.map((c) => ({ label: c, rate: goldShares[c] ?? 0 }));
  const top = shares.reduce<{ label: string; rate: number } | null>((best, s) => (best === null || s.rate > best.rate ? s : best), null);
  return { methods: out, chance: 1 / Math.max(1, classes.length), majority: top };
}

function pick(c: ConditionAccuracy): { seed: number; orderIndex: number; cell?: number; accuracy: number } {
  return { seed: c.seed, orderIndex: c.orderIndex, ...(c.cell ? { cell: c.cell } : {}), accuracy: c.accuracy };
}
