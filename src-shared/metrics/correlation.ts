/**
 * Correlation between an order-selection score and accuracy (Lu et al., `lu:entropy.py`).
 */

function assertPairs(x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) throw new Error(`correlation needs equal lengths, got ${x.length} and ${y.length}`);
  if (x.length < 2) throw new Error('correlation needs at least two pairs');
  [...x, ...y].forEach((v) => {
    if (!Number.isFinite(v)) throw new Error(`correlation input is not a finite number (${String(v)})`);
  });
}

/**
 * Pearson's r. Returns NaN when either side is constant: the correlation is undefined
 * there (scipy returns nan too), and a NaN cannot be mistaken for "no correlation".
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  assertPairs(x, y);
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  // Constant up to rounding (equal accuracies whose mean is off in the last bit) is constant: r
  // would otherwise come out as +-1 from noise.
  if (isConstant(x, sxx) || isConstant(y, syy)) return Number.NaN;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** 1-based ranks; tied values share the average of their ranks (scipy's `rankdata` default). */
export function averageRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].v === order[start].v) end++;
    const rank = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) ranks[order[k].i] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's ρ: Pearson's r of the average ranks (NaN when either side is constant). */
export function spearman(x: readonly number[], y: readonly number[]): number {
  assertPairs(x, y);
  return pearson(averageRanks(x), averageRanks(y));
}

function isConstant(v: readonly number[], sumSquaredDeviations: number): boolean {
  if (v.every((e) => e === v[0])) return true;
  const scale = Math.max(...v.map(Math.abs));
  return Math.sqrt(sumSquaredDeviations / v.length) <= 1e-12 * Math.max(scale, 1e-300);
}
