import { describe, expect, it } from 'vitest';
import { meanVector, normalize, predict } from './normalize.ts';

describe('normalize', () => {
  it('divides by the sum', () => {
    expect(normalize([1, 3])).toEqual([0.25, 0.75]); // 1/4, 3/4
    expect(normalize([2, 0, 2])).toEqual([0.5, 0, 0.5]);
  });

  it('rejects empty, negative, non-finite and all-zero vectors', () => {
    expect(() => normalize([])).toThrow('vector is empty');
    expect(() => normalize([1, -1])).toThrow('cannot normalise: entry 1 is negative (-1)');
    expect(() => normalize([1, Number.NaN])).toThrow('vector[1] is not a finite number (NaN)');
    expect(() => normalize([0, 0])).toThrow('cannot normalise an all-zero vector');
  });
});

describe('predict', () => {
  it('is the argmax, ties to the lowest index', () => {
    expect(predict([0.1, 0.7, 0.2])).toBe(1);
    expect(predict([-0.3, 0.3])).toBe(1);
    expect(predict([0.4, 0.4, 0.2])).toBe(0);
  });
});

describe('meanVector', () => {
  it('averages element-wise and checks lengths', () => {
    expect(meanVector([[1, 2], [3, 6]], 'v')).toEqual([2, 4]);
    expect(() => meanVector([[1, 2], [3]], 'v')).toThrow('v[1] has 1 entries, expected 2');
    expect(() => meanVector([], 'v')).toThrow('v has no vectors');
  });
});
