import { describe, expect, it } from 'vitest';
import { poolMax, spanMass } from './attention-mass.ts';

/** Span mass is arithmetic on the attention rows: checked against hand-computed values. */
describe('spanMass', () => {
  // 3 tokens "ab", " c", " d" at offsets [0,2), [2,4), [4,6); 2 layers x 2 heads.
  const row = (a: number, b: number, c: number) => [1, 0, 0, 0.5, 0.5, 0, a, b, c];
  const result = {
    tokens: ['ab', ' c', ' d'],
    layers: 2,
    heads: 2,
    weights: [
      [new Float32Array(row(0.2, 0.3, 0.5)), new Float32Array(row(0.4, 0.1, 0.5))],
      [new Float32Array(row(0.6, 0.2, 0.2)), new Float32Array(row(0.0, 0.0, 1.0))],
    ],
  };
  const offsets = [
    { start: 0, end: 2 },
    { start: 2, end: 4 },
    { start: 4, end: 6 },
  ];

  it('averages the last row over heads, per layer, over the tokens a span overlaps', () => {
    const [first, middle] = spanMass(result, offsets, [
      { name: 'demo', kind: 'demonstration', start: 0, end: 3 },
      { name: 'label', kind: 'label', start: 3, end: 4 },
    ]);
    // Tokens 0 and 1: layer 0 heads (0.5, 0.5) -> 0.5; layer 1 heads (0.8, 0) -> 0.4.
    expect(first.tokenStart).toBe(0);
    expect(first.tokenEnd).toBe(2);
    expect(first.perLayer[0]).toBeCloseTo(0.5, 6);
    expect(first.perLayer[1]).toBeCloseTo(0.4, 6);
    expect(first.mean).toBeCloseTo(0.45, 6);
    // Token 1 only: layer 0 (0.3 + 0.1) / 2 = 0.2; layer 1 (0.2 + 0) / 2 = 0.1.
    expect(middle.perLayer[0]).toBeCloseTo(0.2, 6);
    expect(middle.perLayer[1]).toBeCloseTo(0.1, 6);
  });

  it('gives zero mass to a span that covers no token', () => {
    const [empty] = spanMass(result, offsets, [{ name: 'none', kind: 'other', start: 6, end: 9 }]);
    expect(empty.perLayer).toEqual([0, 0]);
    expect(empty.mean).toBe(0);
  });
});

describe('poolMax', () => {
  it('keeps the strongest weight of each block of the causal matrix', () => {
    // 4 x 4 causal matrix into 2 x 2 cells.
    const m = new Float32Array([1, 0, 0, 0, 0.3, 0.7, 0, 0, 0.1, 0.2, 0.7, 0, 0.4, 0.1, 0.1, 0.4]);
    expect(Array.from(poolMax(m, 4, 2))).toEqual([1, 0, 0.4000000059604645, 0.699999988079071]);
  });
});
