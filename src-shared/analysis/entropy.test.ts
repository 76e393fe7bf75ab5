import { describe, expect, it } from 'vitest';
import { entropy, globalE, localE, topKByEntropy } from './entropy.ts';

describe('entropy', () => {
  it('is −Σ p ln p with 0·ln 0 = 0', () => {
    expect(entropy([0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
    expect(entropy([1, 0])).toBe(0);
    // [0.25, 0.25, 0.5]: 2·0.25·ln 4 + 0.5·ln 2 = 1.5·ln 2 = 1.0397207708
    expect(entropy([0.25, 0.25, 0.5])).toBeCloseTo(1.0397207708, 9);
  });

  it('rejects empty and invalid input', () => {
    expect(() => entropy([])).toThrow('entropy of an empty distribution');
    expect(() => entropy([0.5, -0.5])).toThrow('probability 1 is invalid (-0.5)');
  });
});

describe('globalE', () => {
  it('is the entropy of the predicted-label histogram', () => {
    expect(globalE([0, 0, 1, 1], 2)).toBeCloseTo(Math.LN2, 12);
    expect(globalE([0, 1, 2, 2], 3)).toBeCloseTo(1.0397207708, 9); // [1/4, 1/4, 1/2]
  });

  it("floors an unpredicted label's count at 1e-5 before normalising (lu:entropy.py)", () => {
    // counts [3, 1e-5] → p = [3/3.00001, 1e-5/3.00001]
    // H = −Σ p ln p = 4.53716468e-5 (not 0, so degenerate orders still rank by how degenerate)
    expect(globalE([0, 0, 0], 2)).toBeCloseTo(4.53716468e-5, 12);
  });

  it('rejects predictions outside the classes', () => {
    expect(() => globalE([0, 2], 2)).toThrow('prediction 1 (2) is not a class index in [0, 2)');
    expect(() => globalE([], 2)).toThrow('no predictions');
  });
});

describe('localE', () => {
  it('averages per-example entropies of the renormalised label distributions', () => {
    // [1,1] → [0.5,0.5]: ln 2 = 0.6931471806
    // [3,1] → [0.75,0.25]: −(0.75 ln 0.75 + 0.25 ln 0.25) = 0.5623351446
    // mean = 0.6277411626
    expect(
      localE([
        [1, 1],
        [3, 1],
      ]),
    ).toBeCloseTo(0.6277411626, 9);
  });

  it('needs examples', () => {
    expect(() => localE([])).toThrow('LocalE needs at least one example');
  });
});

describe('topKByEntropy', () => {
  it('keeps the k highest, highest first, ties to the lower index', () => {
    const scores = [0.1, 0.5, 0.3, 0.5, 0.2];
    expect(topKByEntropy(scores, 2)).toEqual([1, 3]);
    expect(topKByEntropy(scores)).toEqual([1, 3, 2, 4]); // default k = 4
    expect(topKByEntropy(scores, 10)).toEqual([1, 3, 2, 4, 0]);
  });

  it('rejects NaN scores and bad k', () => {
    expect(() => topKByEntropy([0.1, Number.NaN])).toThrow('score 1 is NaN');
    expect(() => topKByEntropy([0.1], -1)).toThrow('k must be a non-negative integer');
  });
});
