/**
 * Calibration of probability outputs: reliability bins, ECE and MCE (Guo et al. 2017).
 *
 * Only meaningful where the output is a distribution (none, contextual, domain), with
 * `conf_i = max_c q_c(x_i)` and `correct_i = 1[ŷ_i = y_i]`.
 */

/** One equal-width confidence bin. Empty bins have `accuracy` and `confidence` null. */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  count: number;
  accuracy: number | null;
  confidence: number | null;
}

function assertBins(bins: number): void {
  if (!Number.isInteger(bins) || bins <= 0) throw new Error(`bins must be a positive integer, got ${String(bins)}`);
}

/**
 * Equal-width bins over [0, 1]: bin b holds confidences in [b/B, (b+1)/B), and the last
 * bin also holds 1.0.
 *
 * (Guo et al.'s reference code uses half-open bins on the other side, (lo, hi]; the two
 * differ only for confidences exactly on a bin edge.)
 */
export function reliabilityBins(
  conf: readonly number[],
  correct: readonly (boolean | number)[],
  bins = 10,
): ReliabilityBin[] {
  assertBins(bins);
  if (conf.length !== correct.length) throw new Error(`${conf.length} confidences but ${correct.length} outcomes`);
  if (conf.length === 0) throw new Error('no confidences to bin');
  const count = new Array<number>(bins).fill(0);
  const hits = new Array<number>(bins).fill(0);
  const confSum = new Array<number>(bins).fill(0);
  conf.forEach((c, i) => {
    if (!Number.isFinite(c) || c < 0 || c > 1) throw new Error(`confidence ${i} is outside [0, 1] (${c})`);
    const b = Math.min(Math.floor(c * bins), bins - 1);
    count[b]++;
    confSum[b] += c;
    if (correct[i] === true || correct[i] === 1) hits[b]++;
    else if (correct[i] !== false && correct[i] !== 0) throw new Error(`outcome ${i} is not a boolean or 0/1`);
  });
  return count.map((n, b) => ({
    lower: b / bins,
    upper: (b + 1) / bins,
    count: n,
    accuracy: n === 0 ? null : hits[b] / n,
    confidence: n === 0 ? null : confSum[b] / n,
  }));
}

/** Expected calibration error `Σ_b (|B_b|/N)·|acc(B_b) − conf(B_b)|`. */
export function ece(conf: readonly number[], correct: readonly (boolean | number)[], bins = 10): number {
  const table = reliabilityBins(conf, correct, bins);
  let sum = 0;
  for (const bin of table) {
    if (bin.count > 0) sum += (bin.count / conf.length) * Math.abs((bin.accuracy as number) - (bin.confidence as number));
  }
  return sum;
}

/** Maximum calibration error `max_b |acc(B_b) − conf(B_b)|` over non-empty bins. */
export function mce(conf: readonly number[], correct: readonly (boolean | number)[], bins = 10): number {
  let worst = 0;
  for (const bin of reliabilityBins(conf, correct, bins)) {
    if (bin.count > 0) worst = Math.max(worst, Math.abs((bin.accuracy as number) - (bin.confidence as number)));
  }
  return worst;
}
