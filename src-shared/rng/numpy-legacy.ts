/**
 * numpy's legacy `RandomState` (MT19937), far enough to repeat Zhao et al. 2021's draws:
 * `np.random.seed(seed)` then `np.random.choice(n, k, replace=False)`.
 *
 * - `seed(int)` is MT19937's `init_genrand` (Matsumoto and Nishimura's reference seeding).
 * - `choice(n, k, replace=False)` without `p` is `permutation(n)[:k]`; `permutation` shuffles
 *   `arange(n)` by Fisher-Yates from the end, each swap index drawn by `random_interval(i)`:
 *   32-bit outputs masked to the smallest all-ones mask >= i, redrawn until <= i.
 *
 * The study code uses its own seeded generator elsewhere; this one exists only for parity with the
 * paper's code (test: identical to numpy's own draws).
 */
const N = 624;
const M = 397;

export class NumpyRandomState {
  private readonly mt = new Uint32Array(N);
  private index = N;

  constructor(seed: number) {
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`numpy seed must be an integer in 0..2^32-1, got ${seed}`);
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = this.mt[i - 1] ^ (this.mt[i - 1] >>> 30);
      this.mt[i] = (Math.imul(1812433253, prev) + i) >>> 0;
    }
  }

  /** The next 32-bit output (genrand_int32). */
  nextUint32(): number {
    if (this.index >= N) this.twist();
    let y = this.mt[this.index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** A uniform integer in [0, max] (numpy's legacy `random_interval`, max < 2^32). */
  interval(max: number): number {
    if (max === 0) return 0;
    let mask = max;
    for (let shift = 1; shift <= 16; shift *= 2) mask |= mask >>> shift;
    mask >>>= 0;
    let value: number;
    do value = (this.nextUint32() & mask) >>> 0;
    while (value > max);
    return value;
  }

  /** `permutation(n)`: a shuffled `arange(n)`. */
  permutation(n: number): number[] {
    const out = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i >= 1; i--) {
      const j = this.interval(i);
      const t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  /** `choice(n, size, replace=False)`: the first `size` entries of `permutation(n)`. */
  choiceWithoutReplacement(n: number, size: number): number[] {
    if (size > n) throw new Error(`cannot take a sample of ${size} from ${n} without replacement`);
    return this.permutation(n).slice(0, size);
  }

  private twist(): void {
    const mt = this.mt;
    for (let i = 0; i < N; i++) {
      const y = (mt[i] & 0x80000000) | (mt[(i + 1) % N] & 0x7fffffff);
      mt[i] = (mt[(i + M) % N] ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0)) >>> 0;
    }
    this.index = 0;
  }
}

/** Zhao et al.'s `random_sampling`: `np.random.seed(seed)` then `np.random.choice(n, k, replace=False)`. */
export function zhaoDraw(n: number, k: number, seed: number): number[] {
  return new NumpyRandomState(seed).choiceWithoutReplacement(n, k);
}
