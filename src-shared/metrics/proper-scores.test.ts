import { describe, expect, it } from 'vitest';
import { brier, nll } from './proper-scores.ts';

// q = [[0.8, 0.2], [0.4, 0.6]], gold = [0, 0]
const q = [
  [0.8, 0.2],
  [0.4, 0.6],
];
const gold = [0, 0];

describe('brier', () => {
  it('is the mean squared distance to the one-hot gold', () => {
    // ex 1: (0.8 − 1)² + 0.2² = 0.04 + 0.04 = 0.08; ex 2: (0.4 − 1)² + 0.6² = 0.72 → mean 0.4
    expect(brier(q, gold)).toBeCloseTo(0.4, 12);
  });
});

describe('nll', () => {
  it('is the mean negative log of the gold probability', () => {
    // −(ln 0.8 + ln 0.4)/2 = −(−0.2231435513 − 0.9162907319)/2 = 0.5697171416
    expect(nll(q, gold)).toBeCloseTo(0.5697171416, 9);
  });

  it('floors a zero gold probability at 1e-12', () => {
    // −ln 1e-12 = 12·ln 10 = 27.6310211159
    expect(nll([[1, 0]], [1])).toBeCloseTo(27.6310211159, 9);
  });
});

describe('input checks', () => {
  it('rejects empty, mismatched and out-of-range inputs', () => {
    expect(() => brier([], [])).toThrow('no distributions to score');
    expect(() => brier(q, [0])).toThrow('2 distributions but 1 gold labels');
    expect(() => nll(q, [0, 2])).toThrow('gold index 2 of example 1 is outside its 2 classes');
    expect(() => nll([[-0.1, 1.1]], [0])).toThrow('distribution 0 has an invalid probability (-0.1)');
  });
});
