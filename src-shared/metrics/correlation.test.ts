import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from './correlation.ts';

describe('pearson', () => {
  it('matches the hand computation', () => {
    // x = [1,2,3] (mean 2), y = [2,4,7] (mean 13/3)
    // dx = [−1,0,1], dy = [−7/3, −1/3, 8/3]; Sxy = 7/3 + 8/3 = 5; Sxx = 2; Syy = (49+1+64)/9 = 114/9
    // r = 5 / sqrt(2 · 114/9) = 5 / sqrt(25.333…) = 0.9933992678
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(0.9933992678, 9);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });

  it('is NaN when a side is constant', () => {
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('rejects fewer than two pairs and unequal lengths', () => {
    expect(() => pearson([1], [1])).toThrow('correlation needs at least two pairs');
    expect(() => pearson([1, 2], [1])).toThrow('correlation needs equal lengths, got 2 and 1');
  });
});

describe('spearman', () => {
  it('uses average ranks for ties', () => {
    // x = [1,2,2,3] → ranks [1, 2.5, 2.5, 4]; y = [1,3,2,4] → ranks [1,3,2,4]
    // both means 2.5; dx = [−1.5,0,0,1.5], dy = [−1.5,0.5,−0.5,1.5]
    // Sxy = 4.5, Sxx = 4.5, Syy = 5 → ρ = 4.5/sqrt(22.5) = 0.9486832981 (= scipy.stats.spearmanr)
    expect(averageRanks([1, 2, 2, 3])).toEqual([1, 2.5, 2.5, 4]);
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(0.9486832981, 9);
  });

  it('is 1 for any monotone relation', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBeCloseTo(1, 12);
  });
});

describe('constant inputs', () => {
  it('Pearson and Spearman are NaN (undefined) for accuracies equal up to rounding, not +-1', () => {
    const [r, rho] = [pearson, spearman];
    // 0.1 + 0.2 !== 0.3 in float64: the "constant" side differs only in its last bits.
    const acc = [0.3, 0.1 + 0.2, 0.3, 0.1 + 0.2];
    const entropy = [0.5, 0.6, 0.7, 0.8];
    expect(Number.isNaN(r(entropy, acc))).toBe(true);
    expect(Number.isNaN(r([1, 1, 1], [1, 2, 3]))).toBe(true);
    expect(Number.isNaN(rho(entropy, [2, 2, 2, 2]))).toBe(true);
    expect(r([1, 2, 3], [2, 4, 7])).toBeGreaterThan(0.98);
  });
});
