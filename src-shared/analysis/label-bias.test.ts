import { describe, expect, it } from 'vitest';
import {
  klFromUniform,
  maxMinRatio,
  predictedLabelDistribution,
  predictedVsGold,
  totalVariation,
  tvdFromUniform,
} from './label-bias.ts';

describe('predictedLabelDistribution', () => {
  it('is the share of predictions per class', () => {
    expect(predictedLabelDistribution([0, 2, 2, 1], 3)).toEqual([0.25, 0.25, 0.5]);
    expect(predictedLabelDistribution([1, 1], 3)).toEqual([0, 1, 0]);
  });
});

describe('bias of a prior', () => {
  it('TVD from uniform is half the L1 distance', () => {
    // ½(|0.7 − 0.5| + |0.3 − 0.5|) = 0.2
    expect(tvdFromUniform([0.7, 0.3])).toBeCloseTo(0.2, 12);
    expect(tvdFromUniform([1, 1, 1])).toBeCloseTo(0, 12);
  });

  it('KL from uniform is log C − H(p)', () => {
    // ln 2 − (−0.7 ln 0.7 − 0.3 ln 0.3) = 0.6931471806 − 0.6108643021 = 0.0822828785
    expect(klFromUniform([0.7, 0.3])).toBeCloseTo(0.0822828785, 9);
    expect(klFromUniform([1, 0, 0])).toBeCloseTo(Math.log(3), 12);
  });

  it('max/min ratio, with a zero minimum floored at 1e-12', () => {
    expect(maxMinRatio([0.7, 0.3])).toBeCloseTo(7 / 3, 12);
    expect(maxMinRatio([1, 0])).toBeCloseTo(1e12, 0);
  });

  it('normalises unnormalised priors first', () => {
    expect(tvdFromUniform([7, 3])).toBeCloseTo(0.2, 12);
  });
});

describe('predicted against gold', () => {
  it('compares the label shares', () => {
    // preds [0,0,0,1] → [0.75, 0.25]; gold [0,1,0,1] → [0.5, 0.5]
    // TVD = ½(0.25 + 0.25) = 0.25; H(pred) = 0.5623351446; H(gold) = ln 2
    const r = predictedVsGold([0, 0, 0, 1], [0, 1, 0, 1], 2);
    expect(r.predicted).toEqual([0.75, 0.25]);
    expect(r.gold).toEqual([0.5, 0.5]);
    expect(r.tvd).toBeCloseTo(0.25, 12);
    expect(r.predictedEntropy).toBeCloseTo(0.5623351446, 9);
    expect(r.goldEntropy).toBeCloseTo(Math.LN2, 12);
    expect(() => predictedVsGold([0], [0, 1], 2)).toThrow('1 predictions but 2 gold labels');
  });

  it('totalVariation between arbitrary distributions', () => {
    // ½(|0.2 − 0.5| + |0.8 − 0.5|) = 0.3
    expect(totalVariation([0.2, 0.8], [0.5, 0.5])).toBeCloseTo(0.3, 12);
    expect(() => totalVariation([1], [0.5, 0.5])).toThrow('distributions have 1 and 2 classes');
  });
});
