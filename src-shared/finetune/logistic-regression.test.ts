import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, predictLogistic } from './logistic-regression.ts';
import { applyScoreCalibration, fitScoreCalibration } from './score-calibration.ts';
import { TrainingCancelled } from './training-progress.ts';
import { stratifiedSplit } from './validation-split.ts';

/** Two noisy, overlapping classes along the first feature; the rest is noise. */
function twoClasses(n: number) {
  const features = Array.from({ length: n }, (_, i) => [(i % 2 === 0 ? -1 : 1) + Math.sin(i * 12.9898) * 1.5, Math.cos(i * 78.233), Math.sin(i * 3.7)]);
  const labels = features.map((_, i) => (i % 2 === 0 ? 'neg' : 'pos'));
  return { features, labels };
}

describe('logistic-regression head', () => {
  it('classifies held-out points and reports a decreasing loss curve', () => {
    const { features, labels } = twoClasses(40);
    const fit = fitLogisticRegression(features, labels, ['neg', 'pos'], { l2: 0.01, seed: 1 });
    expect(fit.lossCurve.length).toBeGreaterThan(1);
    for (let i = 1; i < fit.lossCurve.length; i++) expect(fit.lossCurve[i].trainLoss).toBeLessThanOrEqual(fit.lossCurve[i - 1].trainLoss + 1e-12);
    expect(predictLogistic(fit.head, [-3, 0, 0])[0]).toBeGreaterThan(0.9);
    expect(predictLogistic(fit.head, [3, 0, 0])[1]).toBeGreaterThan(0.9);
    expect(() => predictLogistic(fit.head, [1, 2])).toThrow(/expects 3 features, got 2/);
  });

  it('early-stops on a seeded validation split and keeps the best validation iteration', () => {
    const { features, labels } = twoClasses(60);
    const options = { l2: 1e-6, seed: 3, validationFraction: 0.25, patience: 3 };
    const fit = fitLogisticRegression(features, labels, ['neg', 'pos'], options);
    expect(fit.validationSize).toBe(14);
    expect(fit.trainSize).toBe(46);
    const validation = fit.lossCurve.map((p) => p.validationLoss ?? NaN);
    expect(validation.every(Number.isFinite)).toBe(true);
    const bestPoint = fit.lossCurve.find((p) => p.iteration === fit.bestIteration);
    expect(bestPoint?.validationLoss).toBe(Math.min(...validation));
    // Same seed, same split and the same head.
    expect(fitLogisticRegression(features, labels, ['neg', 'pos'], options).head).toEqual(fit.head);
  });

  it('keeps every class in training when the budget is tiny', () => {
    const split = stratifiedSplit([0, 1, 0, 1], 0.25, 0);
    expect(split.validation).toEqual([]);
    expect(split.train).toEqual([0, 1, 2, 3]);
  });

  it('stops with TrainingCancelled when the signal is aborted', () => {
    const { features, labels } = twoClasses(40);
    const signal = { aborted: false };
    let seen = 0;
    expect(() =>
      fitLogisticRegression(features, labels, ['neg', 'pos'], {
        l2: 1e-6,
        seed: 0,
        signal,
        onIteration: () => {
          if (++seen === 2) signal.aborted = true;
        },
      }),
    ).toThrow(TrainingCancelled);
    expect(seen).toBe(2);
  });
});

describe('score calibration', () => {
  it('learns to undo a constant bias towards one label', () => {
    // The model always gives "a" 4x too much mass; the truth is readable from the rest.
    const truth = [0.7, 0.3, 0.2, 0.8, 0.6, 0.4, 0.1, 0.9];
    const probs = truth.map((t) => [4 * t, 1 - t]);
    const labels = truth.map((t) => (t > 0.5 ? 'a' : 'b'));
    const uncalibratedAccuracy = probs.filter((p, i) => (p[0] > p[1] ? 'a' : 'b') === labels[i]).length / labels.length;
    expect(uncalibratedAccuracy).toBeLessThan(1);
    for (const form of ['diagonal', 'full'] as const) {
      const { calibration } = fitScoreCalibration(probs, labels, ['a', 'b'], { form, l2: 1e-3 });
      const predicted = probs.map((p) => {
        const q = applyScoreCalibration(calibration, p);
        return q[0] > q[1] ? 'a' : 'b';
      });
      expect(predicted, form).toEqual(labels);
      if (form === 'diagonal') expect(calibration.weights[0][1]).toBe(0);
    }
  });
});
