/**
 * Proper scoring rules on predicted distributions: Brier score and NLL.
 */

/**
 * Floor for the gold-class probability inside the NLL's log.
 *
 * A calibrated q can put exactly 0 on the gold class (float underflow); `-log 0` would
 * make the whole mean infinite. 1e-12 caps one example's loss at about 27.6 nats.
 */
export const NLL_EPSILON = 1e-12;

function assertDistributions(q: readonly (readonly number[])[], goldIdx: readonly number[]): void {
  if (q.length !== goldIdx.length) throw new Error(`${q.length} distributions but ${goldIdx.length} gold labels`);
  if (q.length === 0) throw new Error('no distributions to score');
  q.forEach((row, i) => {
    const gold = goldIdx[i];
    if (!Number.isInteger(gold) || gold < 0 || gold >= row.length) {
      throw new Error(`gold index ${String(gold)} of example ${i} is outside its ${row.length} classes`);
    }
    for (const x of row) {
      if (!Number.isFinite(x) || x < 0) throw new Error(`distribution ${i} has an invalid probability (${x})`);
    }
  });
}

/** Brier score `(1/N) Σ_i Σ_c (q_c(x_i) − 1[y_i = c])²` (0 perfect, at most 2). */
export function brier(q: readonly (readonly number[])[], goldIdx: readonly number[]): number {
  assertDistributions(q, goldIdx);
  let sum = 0;
  q.forEach((row, i) => {
    row.forEach((x, c) => {
      const target = c === goldIdx[i] ? 1 : 0;
      sum += (x - target) ** 2;
    });
  });
  return sum / q.length;
}

/** Negative log-likelihood `−(1/N) Σ_i log q_{y_i}(x_i)`, natural log, floored at {@link NLL_EPSILON}. */
export function nll(q: readonly (readonly number[])[], goldIdx: readonly number[]): number {
  assertDistributions(q, goldIdx);
  let sum = 0;
  q.forEach((row, i) => {
    sum -= Math.log(Math.max(row[goldIdx[i]], NLL_EPSILON));
  });
  return sum / q.length;
}
