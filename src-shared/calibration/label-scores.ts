/**
 * Label scores from next-token log-probabilities (Zhao et al. 2021).
 */

/** Log-probabilities indexed by token id: a full-vocabulary array, or a map of the needed ids. */
export type TokenLogprobs = ArrayLike<number> | ReadonlyMap<number, number>;

function logprobOf(logprobs: TokenLogprobs, tokenId: number): number {
  const value = isMap(logprobs) ? logprobs.get(tokenId) : tokenId < logprobs.length ? logprobs[tokenId] : undefined;
  if (value === undefined) throw new Error(`no log-probability for token id ${tokenId}`);
  if (Number.isNaN(value) || value > 1e-6) {
    throw new Error(`token id ${tokenId} has an invalid log-probability (${value})`);
  }
  return value;
}

function isMap(logprobs: TokenLogprobs): logprobs is ReadonlyMap<number, number> {
  return typeof (logprobs as ReadonlyMap<number, number>).get === 'function';
}

/**
 * Unnormalised class scores `p̃_c = Σ_{t ∈ tokens(c)} exp(logprob_t)`.
 *
 * `classToTokenIndices[c]` lists the (first) token ids of class c's label words; aliases
 * are summed, as Zhao sums "Technology" and "Science". A token id listed twice within
 * one class is counted once: it is the same next-token event, and counting it twice
 * would inflate that class. Normalise with `normalize` before calibrating.
 */
export function labelScores(
  logprobsPerTokenId: TokenLogprobs,
  classToTokenIndices: readonly (readonly number[])[],
): number[] {
  if (classToTokenIndices.length === 0) throw new Error('labelScores needs at least one class');
  return classToTokenIndices.map((tokenIds, c) => {
    if (tokenIds.length === 0) throw new Error(`class ${c} has no label tokens`);
    let sum = 0;
    for (const tokenId of new Set(tokenIds)) {
      if (!Number.isInteger(tokenId) || tokenId < 0) throw new Error(`class ${c} has an invalid token id ${tokenId}`);
      sum += Math.exp(logprobOf(logprobsPerTokenId, tokenId));
    }
    return sum;
  });
}
