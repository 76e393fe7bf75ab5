import { describe, expect, it } from 'vitest';
import { ece, mce, reliabilityBins } from './calibration-error.ts';

// conf [0.95, 0.85, 0.65, 0.62], correct [1, 0, 1, 0], 10 bins:
// bin 9 (0.9-1.0): 0.95, acc 1   → |1 − 0.95|    = 0.05,  weight 1/4 → 0.0125
// bin 8 (0.8-0.9): 0.85, acc 0   → |0 − 0.85|    = 0.85,  weight 1/4 → 0.2125
// bin 6 (0.6-0.7): 0.65, 0.62, acc 1/2, conf 0.635 → 0.135, weight 2/4 → 0.0675
// ECE = 0.0125 + 0.2125 + 0.0675 = 0.2925; MCE = 0.85
const conf = [0.95, 0.85, 0.65, 0.62];
const correct = [1, 0, 1, 0];

describe('reliabilityBins', () => {
  it('bins confidences into equal-width bins', () => {
    const bins = reliabilityBins(conf, correct, 10);
    expect(bins).toHaveLength(10);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 0, 0, 2, 0, 1, 1]);
    expect(bins[6].accuracy).toBe(0.5);
    expect(bins[6].confidence).toBeCloseTo(0.635, 12);
    expect(bins[6].lower).toBeCloseTo(0.6, 12);
    expect(bins[0].accuracy).toBeNull();
  });

  it('puts a confidence of exactly 1 in the last bin and accepts booleans', () => {
    const bins = reliabilityBins([1, 0], [true, false], 5);
    expect(bins[4].count).toBe(1);
    expect(bins[0].count).toBe(1);
  });

  it('rejects bad input', () => {
    expect(() => reliabilityBins([], [], 10)).toThrow('no confidences to bin');
    expect(() => reliabilityBins([1.2], [1], 10)).toThrow('confidence 0 is outside [0, 1] (1.2)');
    expect(() => reliabilityBins([0.5], [2], 10)).toThrow('outcome 0 is not a boolean or 0/1');
    expect(() => reliabilityBins([0.5], [1], 0)).toThrow('bins must be a positive integer');
    expect(() => reliabilityBins([0.5, 0.6], [1], 10)).toThrow('2 confidences but 1 outcomes');
  });
});

describe('ece and mce', () => {
  it('match the hand computation', () => {
    expect(ece(conf, correct)).toBeCloseTo(0.2925, 12);
    expect(mce(conf, correct)).toBeCloseTo(0.85, 12);
  });

  it('are 0 for a perfectly calibrated bin', () => {
    // all in bin 7 (0.7-0.8) with confidence 0.75 and 3 of 4 correct.
    expect(ece([0.75, 0.75, 0.75, 0.75], [1, 1, 1, 0])).toBeCloseTo(0, 12);
  });
});
