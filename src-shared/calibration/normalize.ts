/**
 * Vector helpers shared by the calibrators: validation, normalisation, argmax.
 */

/**
 * Floor for prior probabilities before dividing by them.
 *
 * A label word can get probability 0 under a content-free prompt (float underflow, or a
 * word the model never predicts there); `p / 0` would make that class win every
 * example. Flooring at 1e-12 keeps the division finite and still lets such a class win
 * whenever its own score is non-zero, which is the direction the calibration intends.
 */
export const PRIOR_EPSILON = 1e-12;

/** Throws unless `v` is a non-empty array of finite numbers. */
export function assertFiniteVector(v: readonly number[], what: string): void {
  if (v.length === 0) throw new Error(`${what} is empty`);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new Error(`${what}[${i}] is not a finite number (${String(v[i])})`);
  }
}

/** Throws unless every vector is non-empty, finite and of the same length; returns that length. */
export function assertSameLengthVectors(vs: readonly (readonly number[])[], what: string): number {
  if (vs.length === 0) throw new Error(`${what} has no vectors`);
  const length = vs[0].length;
  vs.forEach((v, i) => {
    assertFiniteVector(v, `${what}[${i}]`);
    if (v.length !== length) throw new Error(`${what}[${i}] has ${v.length} entries, expected ${length}`);
  });
  return length;
}

/**
 * Scales non-negative scores to sum to 1.
 *
 * Errors (rather than a silent NaN) on an empty vector, a negative or non-finite entry,
 * or an all-zero vector, which has no distribution.
 */
export function normalize(v: readonly number[]): number[] {
  assertFiniteVector(v, 'vector');
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    if (v[i] < 0) throw new Error(`cannot normalise: entry ${i} is negative (${v[i]})`);
    sum += v[i];
  }
  if (sum === 0) throw new Error('cannot normalise an all-zero vector');
  return v.map((x) => x / sum);
}

/** The index of the largest score; ties go to the lowest index (as numpy's argmax). */
export function predict(scores: readonly number[]): number {
  assertFiniteVector(scores, 'scores');
  let best = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i] > scores[best]) best = i;
  return best;
}

/** Element-wise mean of equal-length vectors. */
export function meanVector(vs: readonly (readonly number[])[], what: string): number[] {
  const length = assertSameLengthVectors(vs, what);
  const out = new Array<number>(length).fill(0);
  for (const v of vs) for (let c = 0; c < length; c++) out[c] += v[c];
  return out.map((x) => x / vs.length);
}
