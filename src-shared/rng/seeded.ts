/**
 * Seeded pseudo-random numbers for demonstration draws, permutation samples and
 * domain-context texts.
 *
 * Every random choice in a study must be reproducible from the stored seed on any
 * platform, so `Math.random` is never used. The generator is pure-rand's
 * xoroshiro128+, which works on 32-bit integer arithmetic only and therefore gives
 * the same stream in every JavaScript engine. Numpy parity is NOT a goal: exact
 * replication of a paper's draws uses exported index fixtures.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plusFromState } from 'pure-rand/generator/xoroshiro128plus';

/** A mutable, seeded random stream. */
export interface Rng {
  /** Uniform float in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n); n a positive safe integer. */
  int(n: number): number;
  /** A new array with the elements of `a` in random order (Fisher-Yates); `a` is untouched. */
  shuffle<T>(a: readonly T[]): T[];
  /** `k` distinct positions of `a` drawn without replacement, in drawn order. */
  sample<T>(a: readonly T[], k: number): T[];
}

/** murmur3's 32-bit finaliser: spreads every input bit over the whole word. */
function mix32(x: number): number {
  let h = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/**
 * Expands a safe-integer seed into xoroshiro128+'s four 32-bit state words.
 *
 * pure-rand's own `xoroshiro128plus(seed)` fills the state with `-1, ~seed, seed, 0`:
 * nearby seeds then start in nearly identical states and the first outputs are
 * strongly correlated (seed 0 begins with 0.99999999999). Hashing each word through
 * murmur3's finaliser gives unrelated streams for seeds 0, 1, 2, ..., and mixing in
 * the high word keeps seeds above 2**32 distinct.
 */
function seedState(seed: number): number[] {
  if (!Number.isSafeInteger(seed)) {
    throw new Error(`seed must be a safe integer, got ${String(seed)}`);
  }
  const high = Math.floor(seed / 0x1_0000_0000) | 0;
  const low = (seed - Math.floor(seed / 0x1_0000_0000) * 0x1_0000_0000) | 0;
  const state = [1, 2, 3, 4].map((i) => mix32(mix32((low + Math.imul(i, 0x9e3779b9)) | 0) ^ high));
  // An all-zero state would be a fixed point of xoroshiro; it cannot come out of the
  // mixer in practice, but guard it anyway.
  if (!state.some((word) => word !== 0)) state[0] = 1;
  return state;
}

/** Creates a deterministic random stream from an integer seed. */
export function createRng(seed: number): Rng {
  const generator = xoroshiro128plusFromState(seedState(seed));

  const int = (n: number): number => {
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new Error(`rng.int(n) needs a positive integer n, got ${String(n)}`);
    }
    return n === 1 ? 0 : uniformInt(generator, 0, n - 1);
  };

  return {
    next: () => uniformFloat64(generator),
    int,
    shuffle<T>(a: readonly T[]): T[] {
      const out = a.slice();
      for (let i = out.length - 1; i > 0; i--) {
        const j = int(i + 1);
        const tmp = out[i];
        out[i] = out[j];
        out[j] = tmp;
      }
      return out;
    },
    sample<T>(a: readonly T[], k: number): T[] {
      if (!Number.isInteger(k) || k < 0) {
        throw new Error(`rng.sample(a, k) needs a non-negative integer k, got ${String(k)}`);
      }
      if (k > a.length) {
        throw new Error(`cannot sample ${k} items without replacement from ${a.length}`);
      }
      // Partial Fisher-Yates from the front: position i receives a uniform pick of the
      // remaining items, so the first k positions are a uniform draw in drawn order.
      const out = a.slice();
      for (let i = 0; i < k; i++) {
        const j = i + int(out.length - i);
        const tmp = out[i];
        out[i] = out[j];
        out[j] = tmp;
      }
      return out.slice(0, k);
    },
  };
}
