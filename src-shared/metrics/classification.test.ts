import { describe, expect, it } from 'vitest';
import { accuracy, macroF1, perClassScores } from './classification.ts';

describe('accuracy', () => {
  it('is the fraction of exact matches', () => {
    expect(accuracy([0, 1, 1, 0], [0, 1, 0, 0])).toBe(0.75); // 3 of 4
    expect(accuracy(['1', '0'], ['1', '1'])).toBe(0.5);
  });

  it('rejects empty and unequal inputs', () => {
    expect(() => accuracy([], [])).toThrow('no predictions to score');
    expect(() => accuracy([0], [0, 1])).toThrow('1 predictions but 2 gold labels');
  });
});

describe('macroF1', () => {
  // pred [0,0,1,1,2,0], gold [0,1,1,1,2,2]
  // class 0: predicted 3, support 1, TP 1 → P 1/3, R 1   → F1 = 2·(1/3)/(4/3) = 1/2
  // class 1: predicted 2, support 3, TP 2 → P 1,   R 2/3 → F1 = 2·(2/3)/(5/3) = 4/5
  // class 2: predicted 1, support 2, TP 1 → P 1,   R 1/2 → F1 = 1/(3/2)     = 2/3
  // macro = (1/2 + 4/5 + 2/3)/3 = (15 + 24 + 20)/90 = 59/90
  const pred = [0, 0, 1, 1, 2, 0];
  const gold = [0, 1, 1, 1, 2, 2];

  it('averages per-class F1 over the given labels', () => {
    expect(macroF1(pred, gold, [0, 1, 2])).toBeCloseTo(59 / 90, 12);
    const scores = perClassScores(pred, gold, [0, 1, 2]);
    expect(scores.map((s) => s.f1)).toEqual([0.5, 0.8, expect.closeTo(2 / 3, 12)]);
  });

  it('counts a label never gold nor predicted as F1 = 0', () => {
    // (59/30 + 0)/4 = 59/120
    expect(macroF1(pred, gold, [0, 1, 2, 3])).toBeCloseTo(59 / 120, 12);
  });

  it('gives 0 for a class that is never predicted (undefined precision)', () => {
    // Always predicting 0 on gold [0,1]: class 0 P 1/2 R 1 → F1 2/3; class 1 → 0. Macro = 1/3.
    expect(macroF1([0, 0], [0, 1], [0, 1])).toBeCloseTo(1 / 3, 12);
  });

  it('needs labels', () => {
    expect(() => macroF1([0], [0], [])).toThrow('macro-F1 needs at least one label');
  });
});
