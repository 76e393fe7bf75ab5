import { describe, expect, it } from 'vitest';
import { predict } from './normalize.ts';
import { batchPrior, calibrateBatch } from './batch.ts';

describe('batch calibration', () => {
  it('estimates the prior as the batch mean and subtracts it', () => {
    // p̄ = [(0.9 + 0.6 + 0.3)/3, (0.1 + 0.4 + 0.7)/3] = [0.6, 0.4]
    const ps = [
      [0.9, 0.1],
      [0.6, 0.4],
      [0.3, 0.7],
    ];
    const prior = batchPrior(ps);
    expect(prior[0]).toBeCloseTo(0.6, 12);
    expect(prior[1]).toBeCloseTo(0.4, 12);
    // [0.3, 0.7] − [0.6, 0.4] = [−0.3, 0.3] → class 1
    const s = calibrateBatch([0.3, 0.7], prior);
    expect(s[0]).toBeCloseTo(-0.3, 12);
    expect(s[1]).toBeCloseTo(0.3, 12);
    expect(predict(s)).toBe(1);
    // [0.55, 0.45] is class 0 raw but class 1 after BC: [−0.05, 0.05]
    expect(predict(calibrateBatch([0.55, 0.45], prior))).toBe(1);
  });

  it('rejects empty batches and mismatched lengths', () => {
    expect(() => batchPrior([])).toThrow('batch scores has no vectors');
    expect(() => calibrateBatch([0.5, 0.5], [1])).toThrow('scores have 2 classes but the prior has 1');
  });
});
