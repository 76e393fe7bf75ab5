import { describe, expect, it } from 'vitest';
import { clusteredBootstrapMean, mcnemarExact, pairedBootstrapDifference, quantile, studyHeadline, varianceSplit } from './index.ts';

describe('clustered bootstrap', () => {
  it('is centred on the mean, narrows with more sets, and is reproducible by seed', () => {
    const few = [[0.6, 0.7, 0.8], [0.5, 0.6, 0.7]];
    const many = Array.from({ length: 20 }, (_, s) => [0.6 + (s % 3) * 0.05, 0.65, 0.7]);
    const a = clusteredBootstrapMean(few, { seed: 3 });
    expect(a.estimate).toBeCloseTo(0.65, 10);
    expect(a.low).toBeLessThan(a.estimate);
    expect(a.high).toBeGreaterThan(a.estimate);
    expect(clusteredBootstrapMean(few, { seed: 3 })).toEqual(a);
    const b = clusteredBootstrapMean(many, { seed: 3 });
    expect(b.high - b.low).toBeLessThan(a.high - a.low);
  });

  it('has zero width when every value is equal', () => {
    const i = clusteredBootstrapMean([[0.5, 0.5], [0.5, 0.5]]);
    expect([i.low, i.high]).toEqual([0.5, 0.5]);
  });

  it('quantile interpolates like R type 7', () => {
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4], 0.25)).toBeCloseTo(1.75, 12);
  });
});

describe('paired bootstrap', () => {
  it('finds a consistent gain and brackets it', () => {
    const base = Array.from({ length: 40 }, (_, i) => 0.5 + (i % 5) * 0.02);
    const better = base.map((v) => v + 0.05);
    const d = pairedBootstrapDifference(better, base);
    expect(d.estimate).toBeCloseTo(0.05, 10);
    expect(d.low).toBeCloseTo(0.05, 10);
    expect(d.pBetter).toBe(1);
    expect(() => pairedBootstrapDifference([1], [1, 2])).toThrow(/not paired/);
  });
});

describe('McNemar exact', () => {
  it('counts discordant pairs and gives the binomial two-sided p-value', () => {
    // b = 0, c = 6: p = 2 * 0.5^6 = 0.03125.
    const a = [false, false, false, false, false, false, true, true];
    const b = [true, true, true, true, true, true, true, false];
    const r = mcnemarExact(a, b);
    expect([r.b, r.c]).toEqual([1, 6]);
    // b = 1, c = 6, n = 7: 2 * (1 + 7) / 128 = 0.125.
    expect(r.pValue).toBeCloseTo(0.125, 12);
    expect(mcnemarExact([true], [true]).pValue).toBe(1);
  });
});

describe('variance split', () => {
  it('separates across-set from within-set spread (law of total variance)', () => {
    // Set means 0.5 and 0.7 (across std 0.1); each set spreads +-0.05 (within std 0.05).
    const s = varianceSplit([[0.45, 0.55], [0.65, 0.75]]);
    expect(s.acrossSetsStd).toBeCloseTo(0.1, 12);
    expect(s.withinSetStd).toBeCloseTo(0.05, 12);
    expect(s.totalStd ** 2).toBeCloseTo(0.1 ** 2 + 0.05 ** 2, 12);
    expect(s.acrossShare).toBeCloseTo(0.8, 12);
  });
});

describe('study headline', () => {
  it('pairs the calibration gain by condition and names best and worst conditions', () => {
    const conditions = [
      { seed: 0, orderIndex: 0, method: 'none', accuracy: 0.5 },
      { seed: 0, orderIndex: 1, method: 'none', accuracy: 0.7 },
      { seed: 1, orderIndex: 0, method: 'none', accuracy: 0.6 },
      { seed: 1, orderIndex: 1, method: 'none', accuracy: 0.6 },
      { seed: 0, orderIndex: 0, method: 'contextual', accuracy: 0.6 },
      { seed: 0, orderIndex: 1, method: 'contextual', accuracy: 0.8 },
      { seed: 1, orderIndex: 0, method: 'contextual', accuracy: 0.7 },
      { seed: 1, orderIndex: 1, method: 'contextual', accuracy: 0.7 },
    ];
    const h = studyHeadline(conditions, ['none', 'contextual'], ['0', '1'], { '0': 0.358, '1': 0.642 });
    expect(h.chance).toBe(0.5);
    expect(h.majority).toEqual({ label: '1', rate: 0.642 });
    const cc = h.methods.find((m) => m.method === 'contextual')!;
    // Every condition gains exactly 0.1, so the paired interval is the point 0.1 although the accuracies spread.
    expect(cc.gainOverNone!.estimate).toBeCloseTo(0.1, 12);
    expect(cc.gainOverNone!.low).toBeCloseTo(0.1, 12);
    expect(cc.gainOverNone!.high).toBeCloseTo(0.1, 12);
    expect(cc.mean.high - cc.mean.low).toBeGreaterThan(0);
    expect(cc.best).toEqual({ seed: 0, orderIndex: 1, accuracy: 0.8 });
    expect(cc.worst).toEqual({ seed: 0, orderIndex: 0, accuracy: 0.6 });
    expect(h.methods.find((m) => m.method === 'none')!.gainOverNone).toBeNull();
  });
});
