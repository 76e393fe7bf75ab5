import { describe, expect, it } from 'vitest';
import { aggregate, flipRate } from './aggregate.ts';

describe('aggregate', () => {
  it('uses the population std (ddof = 0, as np.std)', () => {
    // mean 0.7; deviations −0.2, 0, 0.2 → variance (0.04 + 0 + 0.04)/3 = 0.02666… → std 0.1632993162
    // (the sample std would be sqrt(0.08/2) = 0.2)
    const a = aggregate([0.5, 0.7, 0.9]);
    expect(a.mean).toBeCloseTo(0.7, 12);
    expect(a.std).toBeCloseTo(0.1632993162, 9);
    expect(a.min).toBe(0.5);
    expect(a.max).toBe(0.9);
    expect(a.range).toBeCloseTo(0.4, 12);
    expect(a.worst).toBe(0.5);
    expect(a.count).toBe(3);
  });

  it('gives std 0 for one value (0-shot: every seed has the same prompt)', () => {
    expect(aggregate([0.62])).toEqual({ mean: 0.62, std: 0, min: 0.62, max: 0.62, range: 0, worst: 0.62, count: 1 });
  });

  it('rejects empty or non-finite input', () => {
    expect(() => aggregate([])).toThrow('cannot aggregate an empty list of values');
    expect(() => aggregate([0.5, Number.NaN])).toThrow('value 1 is not a finite number (NaN)');
  });
});

describe('flipRate', () => {
  it('is the fraction of items whose prediction is not the same under every order', () => {
    // items 0 and 2 agree in all 3 orders, item 1 flips (1, 0, 1) → 1/3
    expect(
      flipRate([
        [0, 1, 1],
        [0, 0, 1],
        [0, 1, 1],
      ]),
    ).toBeCloseTo(1 / 3, 12);
    expect(flipRate([[0, 1, 2]])).toBe(0);
  });

  it('rejects ragged or empty input', () => {
    expect(() => flipRate([])).toThrow('flip rate needs at least one order');
    expect(() => flipRate([[0, 1], [0]])).toThrow('order 1 has 1 predictions, expected 2');
    expect(() => flipRate([[]])).toThrow('flip rate needs at least one item');
  });
});

describe('aggregate of equal values', () => {
  it('reports a std of exactly 0 where the only spread is float rounding', () => {
    const agg = aggregate;
    const values = [0.1 + 0.2, 0.3, 0.3, 0.1 + 0.2, 0.3];
    expect(Math.max(...values)).not.toBe(Math.min(...values));
    expect(agg(values).std).toBe(0);
    expect(agg([0.5, 0.5, 0.5]).std).toBe(0);
    expect(agg([0.5, 0.7]).std).toBeCloseTo(0.1, 12);
  });
});
