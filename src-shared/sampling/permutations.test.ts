import { describe, expect, it } from 'vitest';
import {
  allPermutations,
  applyPermutation,
  permutationCount,
  samplePermutations,
  unrankPermutation,
} from './permutations.ts';

const key = (p: readonly number[]): string => p.join(',');

describe('permutationCount', () => {
  it('is k!', () => {
    expect(permutationCount(0)).toBe(1); // the empty prompt has one order
    expect(permutationCount(1)).toBe(1);
    expect(permutationCount(4)).toBe(24); // 4·3·2·1
    expect(permutationCount(5)).toBe(120); // 5·24
    expect(permutationCount(8)).toBe(40320);
  });

  it('rejects negative, fractional and oversized k', () => {
    expect(() => permutationCount(-1)).toThrow(/non-negative integer/);
    expect(() => permutationCount(2.5)).toThrow(/non-negative integer/);
    expect(() => permutationCount(19)).toThrow(/too large/);
  });
});

describe('allPermutations', () => {
  it('lists the 3! orders in lexicographic order', () => {
    expect(allPermutations(3)).toEqual([
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ]);
  });

  it('gives 24 distinct, sorted orders for k = 4, from identity to reversal', () => {
    const rows = allPermutations(4);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map(key)).size).toBe(24);
    expect(rows[0]).toEqual([0, 1, 2, 3]);
    expect(rows[23]).toEqual([3, 2, 1, 0]);
    const keys = rows.map(key);
    expect([...keys].sort()).toEqual(keys); // single digits: string order = lexicographic
  });

  it('handles k = 0 and k = 1 and refuses tables beyond 10!', () => {
    expect(allPermutations(0)).toEqual([[]]);
    expect(allPermutations(1)).toEqual([[0]]);
    expect(() => allPermutations(11)).toThrow(/too large/);
  });
});

describe('unrankPermutation', () => {
  it('decodes factorial-base digits', () => {
    // 9 = 1·3! + 1·2! + 1·1! + 0 → digits [1,1,1,0]: from [0,1,2,3] take index 1 → 1,
    // from [0,2,3] index 1 → 2, from [0,3] index 1 → 3, then 0: [1,2,3,0]
    // (lexicographic orders starting with 1 are ranks 6..11: 1023, 1032, 1203, 1230).
    expect(unrankPermutation(4, 9)).toEqual([1, 2, 3, 0]);
    expect(unrankPermutation(4, 0)).toEqual([0, 1, 2, 3]);
    expect(() => unrankPermutation(4, 24)).toThrow(/rank must be an integer in \[0, 24\)/);
  });
});

describe('samplePermutations', () => {
  it('returns all k! orders (lexicographic) when n >= k!', () => {
    expect(samplePermutations(4, 24, 3)).toEqual(allPermutations(4));
    expect(samplePermutations(3, 100, 3)).toEqual(allPermutations(3));
  });

  it('draws n distinct valid orders, deterministically, and is prefix-stable in n', () => {
    const five = samplePermutations(4, 5, 7);
    expect(five).toHaveLength(5);
    expect(new Set(five.map(key)).size).toBe(5);
    for (const p of five) expect([...p].sort()).toEqual([0, 1, 2, 3]);
    expect(samplePermutations(4, 5, 7)).toEqual(five);
    expect(samplePermutations(4, 10, 7).slice(0, 5)).toEqual(five);
    expect(samplePermutations(4, 0, 7)).toEqual([]);
  });

  it('samples 24 distinct orders of 8 demonstrations (Lu et al. with more than 4 demos)', () => {
    const rows = samplePermutations(8, 24, 1);
    expect(rows).toHaveLength(24);
    expect(new Set(rows.map(key)).size).toBe(24);
    const seeds = [1, 2].map((s) => key(samplePermutations(8, 1, s)[0]));
    expect(seeds[0]).not.toBe(seeds[1]);
  });

  it('rejects a negative n', () => {
    expect(() => samplePermutations(4, -1, 0)).toThrow(/n must be a non-negative integer/);
  });
});

describe('applyPermutation', () => {
  it('reorders items by position', () => {
    expect(applyPermutation(['a', 'b', 'c'], [2, 0, 1])).toEqual(['c', 'a', 'b']);
  });

  it('rejects a length mismatch or a repeated position', () => {
    expect(() => applyPermutation(['a', 'b'], [0])).toThrow(/1 positions but there are 2 items/);
    expect(() => applyPermutation(['a', 'b'], [1, 1])).toThrow(/invalid permutation \[1, 1\]/);
  });
});
