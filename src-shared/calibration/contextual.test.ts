import { describe, expect, it } from 'vitest';
import { calibrateContextual, contentFreePrior } from './contextual.ts';

describe('contentFreePrior', () => {
  it('averages the raw scores, then normalises (Zhao get_p_content_free)', () => {
    // raw N/A = [0.6, 0.2], "" = [0.1, 0.3], [MASK] = [0.2, 0.2]
    // column sums [0.9, 0.7] → mean [0.3, 0.2333…] → normalised [0.9/1.6, 0.7/1.6] = [0.5625, 0.4375].
    // (Normalising each first would give [0.75,0.25],[0.25,0.75],[0.5,0.5] → [0.5, 0.5].)
    const pcf = contentFreePrior([
      [0.6, 0.2],
      [0.1, 0.3],
      [0.2, 0.2],
    ]);
    expect(pcf[0]).toBeCloseTo(0.5625, 12);
    expect(pcf[1]).toBeCloseTo(0.4375, 12);
  });

  it('rejects no inputs and mismatched class counts', () => {
    expect(() => contentFreePrior([])).toThrow('content-free scores has no vectors');
    expect(() => contentFreePrior([[0.1, 0.2], [0.3]])).toThrow('content-free scores[1] has 1 entries, expected 2');
  });
});

describe('calibrateContextual', () => {
  it('computes q ∝ p / p_cf', () => {
    // p = [0.7, 0.3], p_cf = [0.5625, 0.4375] = [9/16, 7/16]
    // 0.7 / (9/16) = 56/45, 0.3 / (7/16) = 24/35; sum = (392 + 216)/315 = 608/315
    // q = [392/608, 216/608] = [49/76, 27/76] = [0.644736…, 0.355263…]
    const q = calibrateContextual([0.7, 0.3], [0.5625, 0.4375]);
    expect(q[0]).toBeCloseTo(49 / 76, 12);
    expect(q[1]).toBeCloseTo(27 / 76, 12);
  });

  it('gives the same result for unnormalised scores', () => {
    const q = calibrateContextual([1.4, 0.6], [0.5625, 0.4375]);
    expect(q[0]).toBeCloseTo(49 / 76, 12);
  });

  it('maps the content-free prior itself to uniform', () => {
    const q = calibrateContextual([0.2, 0.5, 0.3], [0.2, 0.5, 0.3]);
    for (const x of q) expect(x).toBeCloseTo(1 / 3, 12);
  });

  it('can flip the decision: a biased model predicting class 0 everywhere', () => {
    // p_cf = [0.8, 0.2]; p = [0.6, 0.4] → [0.75, 2] → q = [0.75/2.75, 2/2.75] = [0.2727…, 0.7272…]
    const q = calibrateContextual([0.6, 0.4], [0.8, 0.2]);
    expect(q[0]).toBeCloseTo(0.75 / 2.75, 12);
    expect(q[1]).toBeCloseTo(2 / 2.75, 12);
  });

  it('floors a zero prior entry at 1e-12 instead of dividing by zero', () => {
    // [0.5/1, 0.5/1e-12] = [0.5, 5e11] → q ≈ [1e-12, 1]
    const q = calibrateContextual([0.5, 0.5], [1, 0]);
    expect(q[0]).toBeCloseTo(1e-12, 20);
    expect(q[1]).toBeCloseTo(1, 10);
  });

  it('rejects mismatched lengths and negative priors', () => {
    expect(() => calibrateContextual([0.5, 0.5], [1])).toThrow('scores have 2 classes but the prior has 1');
    expect(() => calibrateContextual([0.5, 0.5], [1.5, -0.5])).toThrow('prior entry 1 is negative (-0.5)');
  });
});
