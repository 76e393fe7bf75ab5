/**
 * Orders of the k demonstrations of one prompt: all k! of them, or a seeded sample.
 *
 * Lu et al. (2022) score every one of the 24 orders of 4 demonstrations; with more than
 * 4 they sample 24 distinct orders. A permutation is an array of positions into the
 * drawn demonstration list: `[2, 0, 1]` puts the third drawn demo first.
 */
import { createRng } from '../rng/seeded.ts';

/**
 * Largest k whose k! rows `allPermutations` will build (10! = 3,628,800 rows).
 *
 * Beyond this the table no longer fits comfortably in memory; sample instead.
 */
export const MAX_ENUMERATED_PERMUTATION_K = 10;

/** Largest k whose k! is exactly representable as a double (18! < 2**53). */
const MAX_RANKABLE_K = 18;

function assertK(k: number, max: number, what: string): void {
  if (!Number.isInteger(k) || k < 0) {
    throw new Error(`${what}: k must be a non-negative integer, got ${String(k)}`);
  }
  if (k > max) {
    throw new Error(`${what}: k=${k} is too large (at most ${max})`);
  }
}

/** k! for 0 <= k <= 18 (0! = 1: the empty prompt has exactly one order). */
export function permutationCount(k: number): number {
  assertK(k, MAX_RANKABLE_K, 'permutationCount');
  let n = 1;
  for (let i = 2; i <= k; i++) n *= i;
  return n;
}

/** Every permutation of `0..k-1`, in lexicographic order; k! rows, the identity first. */
export function allPermutations(k: number): number[][] {
  assertK(k, MAX_ENUMERATED_PERMUTATION_K, 'allPermutations');
  const total = permutationCount(k);
  const rows: number[][] = [];
  for (let rank = 0; rank < total; rank++) rows.push(unrankPermutation(k, rank));
  return rows;
}

/**
 * The permutation of lexicographic rank `rank` (0-based) among the k! orders of 0..k-1.
 *
 * Decodes the factorial-number-system (Lehmer) digits of the rank; rank 0 is the
 * identity and rank k!-1 the reversal.
 */
export function unrankPermutation(k: number, rank: number): number[] {
  const total = permutationCount(k);
  if (!Number.isInteger(rank) || rank < 0 || rank >= total) {
    throw new Error(`permutation rank must be an integer in [0, ${total}), got ${String(rank)}`);
  }
  const remaining = Array.from({ length: k }, (_, i) => i);
  const out: number[] = [];
  let rest = rank;
  for (let i = k; i >= 1; i--) {
    const block = permutationCount(i - 1);
    const digit = Math.floor(rest / block);
    rest -= digit * block;
    out.push(remaining.splice(digit, 1)[0]);
  }
  return out;
}

/**
 * `n` distinct permutations of 0..k-1, drawn with a seeded stream; all k! when n >= k!.
 *
 * Ranks are drawn uniformly in [0, k!) and repeats are skipped, so the result is a
 * uniform sample without replacement, in drawn order, and the first `n` orders for a
 * seed stay the same when `n` grows (a study extended from 12 to 24 orders keeps its
 * first 12). When n >= k! the lexicographic list of all orders is returned instead.
 */
export function samplePermutations(k: number, n: number, seed: number): number[][] {
  assertK(k, MAX_RANKABLE_K, 'samplePermutations');
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`samplePermutations: n must be a non-negative integer, got ${String(n)}`);
  }
  const total = permutationCount(k);
  if (n >= total) return allPermutations(k);
  const rng = createRng(seed);
  const seen = new Set<number>();
  const out: number[][] = [];
  while (out.length < n) {
    const rank = rng.int(total);
    if (seen.has(rank)) continue;
    seen.add(rank);
    out.push(unrankPermutation(k, rank));
  }
  return out;
}

/** Applies a permutation to a list: `applyPermutation(['a','b','c'], [2,0,1])` = `['c','a','b']`. */
export function applyPermutation<T>(items: readonly T[], permutation: readonly number[]): T[] {
  if (permutation.length !== items.length) {
    throw new Error(
      `permutation has ${permutation.length} positions but there are ${items.length} items`,
    );
  }
  const used = new Set<number>();
  return permutation.map((position) => {
    if (!Number.isInteger(position) || position < 0 || position >= items.length || used.has(position)) {
      throw new Error(`invalid permutation [${permutation.join(', ')}] for ${items.length} items`);
    }
    used.add(position);
    return items[position];
  });
}
