/**
 * Numerically stable softmax helpers shared by the heads.
 *
 * Subtracting the row maximum before exponentiating keeps exp() finite for the large logits a
 * weakly regularised head produces.
 */
export function logSumExp(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i] - max);
  return max + Math.log(sum);
}

/** softmax(logits), as a new array. */
export function softmax(logits: ArrayLike<number>): number[] {
  const lse = logSumExp(logits);
  return Array.from(logits, (z) => Math.exp(z - lse));
}

/** log softmax(logits), as a new array. */
export function logSoftmax(logits: ArrayLike<number>): number[] {
  const lse = logSumExp(logits);
  return Array.from(logits, (z) => z - lse);
}

/** Index of the largest value (the first one on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
