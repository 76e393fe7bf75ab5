import { describe, expect, it } from 'vitest';
import { majorityLabel, majorityLabelAnalysis, majorityRate, recencyRate } from './demonstration-bias.ts';

describe('recencyRate', () => {
  it('is the share of predictions equal to the last demonstration label', () => {
    expect(recencyRate([1, 1, 0, 1], 1)).toBe(0.75);
    expect(() => recencyRate([], 1)).toThrow('no predictions');
  });
});

describe('majorityRate', () => {
  it('is the share of predictions equal to the majority demonstration label', () => {
    // demos [0, 0, 1] → majority 0; predictions [1, 0, 0, 0] → 3/4
    expect(majorityLabel([0, 0, 1])).toBe(0);
    expect(majorityRate([1, 0, 0, 0], [0, 0, 1])).toBe(0.75);
  });

  it('is null for a balanced prompt, which has no majority', () => {
    expect(majorityLabel([1, 0, 0, 1])).toBeNull();
    expect(majorityRate([1, 0], [1, 0, 0, 1])).toBeNull();
    expect(majorityRate([1, 0], [])).toBeNull();
  });
});

describe('majorityLabelAnalysis', () => {
  it('groups conditions by the number of positive demonstrations', () => {
    const rows = majorityLabelAnalysis(
      [
        { demoLabels: [1, 1, 0, 0], preds: [1, 1, 0, 0] }, // 2 positive demos: 2/4 positive predictions
        { demoLabels: [1, 1, 1, 0], preds: [1, 1, 1, 0] }, // 3: 3/4
        { demoLabels: [0, 1, 1, 1], preds: [1, 1] }, //       3: 2/2
        { demoLabels: [0, 0, 0, 0], preds: [0, 0, 0, 1] }, // 0: 1/4
      ],
      1,
    );
    expect(rows).toEqual([
      { positiveDemos: 0, conditions: 1, predictions: 4, positiveRate: 0.25, meanConditionRate: 0.25 },
      { positiveDemos: 2, conditions: 1, predictions: 4, positiveRate: 0.5, meanConditionRate: 0.5 },
      // pooled (3 + 2)/(4 + 2) = 5/6; per-condition mean (3/4 + 1)/2 = 7/8
      {
        positiveDemos: 3,
        conditions: 2,
        predictions: 6,
        positiveRate: expect.closeTo(5 / 6, 12),
        meanConditionRate: 0.875,
      },
    ]);
  });

  it('rejects empty input', () => {
    expect(() => majorityLabelAnalysis([], 1)).toThrow('needs at least one condition');
    expect(() => majorityLabelAnalysis([{ demoLabels: [1], preds: [] }], 1)).toThrow('condition 0 has no predictions');
  });
});
