/**
 * How much a study's accuracy depends on each design axis (CONTRACT.md "Spread"). Pure.
 *
 * The unit is a condition's accuracy. An axis value's accuracy is the mean over the conditions
 * with that value, i.e. averaged over every other factor (seeds, orders, the other axes); in a
 * full design every value sees the same mix of the other factors, in a budget sample it does not.
 */

/** Spread of one axis: over its values' accuracies (each averaged over the other factors). */
export interface AxisSpread {
  /** max - min over the values. */
  range: number;
  /** Population std over the values. */
  std: number;
  /** Mizrahi et al. 2024: the best value's accuracy (MaxP), the mean over values (AvgP), the median. */
  maxP: number;
  avgP: number;
  medianP: number;
  minP: number;
  /** Combined performance score (Mizrahi et al. 2024, §5): MaxP x saturation, saturation = 1 - (MaxP - median). */
  cps: number;
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The median: the middle value, or the mean of the two middle ones. */
export function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The spread numbers of one axis from its values' accuracies (at least one value). */
export function axisSpread(valueAccuracies: readonly number[]): AxisSpread {
  if (valueAccuracies.length === 0) throw new Error('axis spread needs at least one value');
  const maxP = Math.max(...valueAccuracies);
  const minP = Math.min(...valueAccuracies);
  const avgP = mean(valueAccuracies);
  const std = Math.sqrt(mean(valueAccuracies.map((a) => (a - avgP) ** 2)));
  const medianP = median(valueAccuracies);
  return { range: maxP - minP, std: maxP === minP ? 0 : std, maxP, avgP, medianP, minP, cps: maxP * (1 - (maxP - medianP)) };
}

/** One observation of a variance decomposition: its level on each factor, and its value. */
export interface FactorObservation {
  levels: Record<string, string>;
  value: number;
}

export interface VarianceShares {
  /** Sum of squares of every observation around the grand mean. */
  totalSS: number;
  /** Per factor: its main-effect sum of squares, sum over levels of n_level x (level mean - grand mean)^2, and its share of totalSS. */
  factors: { factor: string; ss: number; share: number }[];
  /** 1 - the factors' shares: interactions and what no factor explains (negative when an unbalanced sample's main effects overlap). */
  residualShare: number;
}

/**
 * A main-effects decomposition of the observations' variance: each factor's sum of squares over
 * the total. In a full crossed design the main effects are orthogonal and the shares and the
 * residual (interactions plus noise) add up to 1; a share is null-free: with no variance at all
 * (totalSS 0) every share is 0 and the residual 0.
 */
export function varianceShares(observations: readonly FactorObservation[], factors: readonly string[]): VarianceShares {
  if (observations.length === 0) throw new Error('a variance decomposition needs observations');
  const grand = mean(observations.map((o) => o.value));
  const totalSS = observations.reduce((s, o) => s + (o.value - grand) ** 2, 0);
  const out = factors.map((factor) => {
    const groups = new Map<string, number[]>();
    for (const o of observations) {
      const level = o.levels[factor];
      if (!groups.has(level)) groups.set(level, []);
      groups.get(level)!.push(o.value);
    }
    const ss = [...groups.values()].reduce((s, g) => s + g.length * (mean(g) - grand) ** 2, 0);
    return { factor, ss, share: totalSS > 0 ? ss / totalSS : 0 };
  });
  return { totalSS, factors: out, residualShare: totalSS > 0 ? 1 - out.reduce((s, f) => s + f.share, 0) : 0 };
}

/**
 * The accuracy of an ensemble over templates: per test example, the members' label distributions
 * averaged class by class, then the argmax (ties to the first class). `members[m][i]` is member
 * m's distribution for example i; `gold[i]` the gold class index.
 */
export function ensembleAccuracy(members: readonly (readonly (readonly number[])[])[], gold: readonly number[]): number {
  if (members.length === 0) throw new Error('an ensemble needs at least one member');
  let correct = 0;
  gold.forEach((g, i) => {
    const classes = members[0][i].length;
    const avg = Array.from({ length: classes }, (_, c) => members.reduce((s, m) => s + m[i][c], 0) / members.length);
    let best = 0;
    for (let c = 1; c < classes; c++) if (avg[c] > avg[best]) best = c;
    if (best === g) correct++;
  });
  return correct / gold.length;
}
