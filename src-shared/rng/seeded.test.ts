import { describe, expect, it } from 'vitest';
import { createRng } from './seeded.ts';

describe('createRng', () => {
  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const streamA = Array.from({ length: 8 }, () => a.next());
    const streamB = Array.from({ length: 8 }, () => b.next());
    const streamC = Array.from({ length: 8 }, () => c.next());
    expect(streamA).toEqual(streamB);
    expect(streamA).not.toEqual(streamC);
  });

  it('keeps seeds above 2**32 distinct from their low word', () => {
    expect(createRng(2 ** 32).next()).not.toBe(createRng(0).next());
  });

  it('pins the stream of seed 42 (stored studies replay their draws from seeds)', () => {
    // Golden values: a change here would silently change the demonstrations and orders
    // of every stored study, so it must be a deliberate, versioned decision.
    const rng = createRng(42);
    const golden = rng.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(golden).toEqual(GOLDEN_SHUFFLE_SEED_42);
  });

  it('next() stays in [0, 1) and int(n) in [0, n) with every value reached', () => {
    const rng = createRng(1);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) {
      const x = rng.next();
      expect(x >= 0 && x < 1).toBe(true);
      counts[rng.int(4)]++;
    }
    // Expected 1000 each; a 4-sigma band (sigma = sqrt(4000 * 1/4 * 3/4) ≈ 27.4) is ±110.
    for (const n of counts) expect(Math.abs(n - 1000)).toBeLessThan(110);
    expect(rng.int(1)).toBe(0);
  });

  it('supports int(n) beyond 2**32', () => {
    const rng = createRng(3);
    const n = 2 ** 40;
    for (let i = 0; i < 20; i++) {
      const x = rng.int(n);
      expect(Number.isInteger(x) && x >= 0 && x < n).toBe(true);
    }
  });

  it('shuffle returns a new permutation and leaves the input untouched', () => {
    const input = ['a', 'b', 'c', 'd', 'e'];
    const out = createRng(5).shuffle(input);
    expect(out).not.toBe(input);
    expect(input).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect([...out].sort()).toEqual(input);
  });

  it('sample draws k distinct items, and k = 0 or k = n are allowed', () => {
    const rng = createRng(9);
    const items = [10, 11, 12, 13, 14, 15];
    const drawn = rng.sample(items, 4);
    expect(drawn).toHaveLength(4);
    expect(new Set(drawn).size).toBe(4);
    for (const x of drawn) expect(items).toContain(x);
    expect(rng.sample(items, 0)).toEqual([]);
    expect([...rng.sample(items, 6)].sort()).toEqual(items);
  });

  it('rejects bad seeds and bad arguments with clear errors', () => {
    expect(() => createRng(1.5)).toThrow(/seed must be a safe integer/);
    expect(() => createRng(Number.NaN)).toThrow(/seed must be a safe integer/);
    const rng = createRng(0);
    expect(() => rng.int(0)).toThrow(/positive integer/);
    expect(() => rng.int(2.5)).toThrow(/positive integer/);
    expect(() => rng.sample([1, 2], 3)).toThrow(/cannot sample 3 items without replacement from 2/);
    expect(() => rng.sample([1, 2], -1)).toThrow(/non-negative integer/);
  });
});

/** Recorded once from this implementation (pure-rand 8 xoroshiro128+, murmur3-mixed seed). */
const GOLDEN_SHUFFLE_SEED_42 = [2, 1, 7, 8, 3, 4, 6, 0, 9, 5];
