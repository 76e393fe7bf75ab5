import { describe, expect, it } from 'vitest';
import { classProbs, goldMargin, labelOutcome, partingLayer } from './label-math.ts';

describe('label math', () => {
  it('sums label words per class and renormalises, also for tiny probabilities', () => {
    const p = classProbs([Math.log(0.1), Math.log(0.2), Math.log(0.1)], [[0, 2], [1]]);
    expect(p[0]).toBeCloseTo(0.5, 12);
    const tiny = classProbs([-900, -900 + Math.log(3)], [[0], [1]]);
    expect(tiny[1]).toBeCloseTo(0.75, 12);
  });

  it('margins and outcomes', () => {
    expect(goldMargin([0.2, 0.5, 0.3], 1)).toBeCloseTo(Math.log(0.5 / 0.3), 12);
    expect(goldMargin([0.2, 0.5, 0.3], 0)).toBeCloseTo(Math.log(0.2 / 0.5), 12);
    const outcome = labelOutcome([[0.6, 0.4], [0.3, 0.7]], [0, 0]);
    expect(outcome.accuracy).toBe(0.5);
    expect(outcome.margin).toBeCloseTo((Math.log(1.5) + Math.log(3 / 7)) / 2, 12);
  });

  it('finds the first layer from which the curves stay apart', () => {
    const a = [[0.5, 0.5, 0.8, 0.9], [0.5, 0.52, 0.82, 0.88], [0.5, 0.49, 0.79, 0.91]];
    const b = [[0.5, 0.5, 0.5, 0.3], [0.5, 0.5, 0.51, 0.31], [0.5, 0.5, 0.49, 0.29]];
    const parting = partingLayer(a, b);
    expect(parting.layer).toBe(2);
    expect(parting.difference[3]).toBeCloseTo((0.6 + 0.57 + 0.62) / 3, 10);
    expect(partingLayer(a, a).layer).toBeNull();
  });
});
