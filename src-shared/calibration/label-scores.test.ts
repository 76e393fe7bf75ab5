import { describe, expect, it } from 'vitest';
import { labelScores } from './label-scores.ts';

describe('labelScores', () => {
  // Vocabulary of 5 tokens with probabilities 0.5, 0.2, 0.1, 0.15, 0.05.
  const logprobs = new Float64Array([0.5, 0.2, 0.1, 0.15, 0.05].map(Math.log));

  it("sums exp(logprob) over each class's label tokens (aliases summed)", () => {
    // class 0: token 0 → 0.5; class 1: tokens 1 and 3 ("Technology" + "Science") → 0.2 + 0.15 = 0.35
    const p = labelScores(logprobs, [[0], [1, 3]]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[1]).toBeCloseTo(0.35, 12);
  });

  it('accepts a map of the needed token ids', () => {
    const p = labelScores(
      new Map([
        [7, Math.log(0.25)],
        [9, Math.log(0.5)],
      ]),
      [[9], [7]],
    );
    expect(p[0]).toBeCloseTo(0.5, 12);
    expect(p[1]).toBeCloseTo(0.25, 12);
  });

  it('counts a token id listed twice in one class once', () => {
    expect(labelScores(logprobs, [[1, 1]])[0]).toBeCloseTo(0.2, 12);
  });

  it('names missing tokens and bad inputs', () => {
    expect(() => labelScores(logprobs, [[0], [5]])).toThrow('no log-probability for token id 5');
    expect(() => labelScores(logprobs, [[0], []])).toThrow('class 1 has no label tokens');
    expect(() => labelScores(logprobs, [])).toThrow('labelScores needs at least one class');
    expect(() => labelScores([0.3], [[0]])).toThrow('token id 0 has an invalid log-probability (0.3)');
  });
});
