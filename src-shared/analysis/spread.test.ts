import { describe, expect, it } from 'vitest';
import { axisSpread, ensembleAccuracy, median, varianceShares } from './spread.ts';

/** Every expected number here is computed by hand (shown in the comments), not by the code under test. */
describe('spread', () => {
  it('gives range, std, MaxP, AvgP, the median and CPS = MaxP x (1 - (MaxP - median))', () => {
    // [0.5, 0.7, 0.9]: mean 0.7, median 0.7, std sqrt((0.04 + 0 + 0.04) / 3), CPS 0.9 x (1 - 0.2) = 0.72.
    const s = axisSpread([0.9, 0.5, 0.7]);
    expect(s.range).toBeCloseTo(0.4, 12);
    expect(s.avgP).toBeCloseTo(0.7, 12);
    expect(s.medianP).toBeCloseTo(0.7, 12);
    expect(s.maxP).toBe(0.9);
    expect(s.minP).toBe(0.5);
    expect(s.std).toBeCloseTo(Math.sqrt(0.08 / 3), 12);
    expect(s.cps).toBeCloseTo(0.72, 12);
    // An even count: the median is the mean of the middle two, (0.4 + 0.6) / 2; CPS 1 x (1 - 0.5).
    expect(median([1, 0.2, 0.6, 0.4])).toBeCloseTo(0.5, 12);
    expect(axisSpread([1, 0.2, 0.6, 0.4]).cps).toBeCloseTo(0.5, 12);
    expect(axisSpread([0.3, 0.3])).toMatchObject({ range: 0, std: 0, cps: 0.3 });
    expect(() => axisSpread([])).toThrow(/at least one value/);
  });

  it('splits a 2 x 2 design into main effects and the interaction', () => {
    // template A/B x labels X/Y: A,X 0.6; A,Y 0.4; B,X 0.9; B,Y 0.5. Grand mean 0.6, total SS 0.14.
    // template means 0.5 / 0.7: SS 2 x 0.01 + 2 x 0.01 = 0.04; labels 0.75 / 0.45: SS 4 x 0.0225 = 0.09;
    // the interaction is the rest, 0.01 (each cell 0.05 off the additive fit).
    const obs = [
      { levels: { template: 'A', labels: 'X' }, value: 0.6 },
      { levels: { template: 'A', labels: 'Y' }, value: 0.4 },
      { levels: { template: 'B', labels: 'X' }, value: 0.9 },
      { levels: { template: 'B', labels: 'Y' }, value: 0.5 },
    ];
    const v = varianceShares(obs, ['template', 'labels']);
    expect(v.totalSS).toBeCloseTo(0.14, 12);
    expect(v.factors.map((f) => f.factor)).toEqual(['template', 'labels']);
    expect(v.factors[0].ss).toBeCloseTo(0.04, 12);
    expect(v.factors[1].ss).toBeCloseTo(0.09, 12);
    expect(v.factors[0].share).toBeCloseTo(0.04 / 0.14, 12);
    expect(v.factors[1].share).toBeCloseTo(0.09 / 0.14, 12);
    expect(v.residualShare).toBeCloseTo(0.01 / 0.14, 12);
    // No variance at all: every share is 0, not NaN.
    expect(varianceShares([{ levels: { a: '1' }, value: 0.5 }, { levels: { a: '2' }, value: 0.5 }], ['a'])).toEqual({ totalSS: 0, factors: [{ factor: 'a', ss: 0, share: 0 }], residualShare: 0 });
  });

  it('scores a template ensemble by the argmax of the averaged distributions, ties to the first class', () => {
    // averages: [0.4, 0.6] -> 1 (gold 1, right); [0.35, 0.65] -> 1 (gold 0, wrong); [0.5, 0.5] -> 0 (gold 0, right).
    const m1 = [[0.6, 0.4], [0.3, 0.7], [0.5, 0.5]];
    const m2 = [[0.2, 0.8], [0.4, 0.6], [0.5, 0.5]];
    expect(ensembleAccuracy([m1, m2], [1, 0, 0])).toBeCloseTo(2 / 3, 12);
    // Alone, m1 gets examples 0 and 1 wrong ([0.6, 0.4] -> 0, [0.3, 0.7] -> 1): 1/3; m2 gets 2/3.
    expect(ensembleAccuracy([m1], [1, 0, 0])).toBeCloseTo(1 / 3, 12);
    expect(ensembleAccuracy([m2], [1, 0, 0])).toBeCloseTo(2 / 3, 12);
  });
});
