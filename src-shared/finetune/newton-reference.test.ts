import { describe, expect, it } from 'vitest';
import { createRng } from '../rng/seeded.ts';
import { exampleWeights } from './class-weights.ts';
import { HeadTrainingError } from './head-training-error.ts';
import { fitLogisticRegression } from './logistic-regression.ts';
import { newtonSolve, type ReferenceProblem } from './newton-reference.ts';
import { fitScoreCalibration, normalisedLogProbs } from './score-calibration.ts';

/** Gaussian-ish draw (sum of uniforms) so the test needs nothing but the project's rng. */
function noise(rng: ReturnType<typeof createRng>): number {
  return rng.next() + rng.next() + rng.next() - 1.5;
}

/** n rows of d features around one centre per class, so the classes overlap (a finite optimum). */
function blobs(n: number, d: number, classes: number, seed: number) {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: d }, () => 2 * noise(rng)));
  const labels = Array.from({ length: n }, (_, i) => i % classes);
  const features = labels.map((c) => centres[c].map((m, j) => m + 3 * noise(rng) + j));
  return { features, labels };
}

function standardised(rows: number[][]): number[][] {
  const d = rows[0].length;
  const mean = Array.from({ length: d }, (_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
  const sd = mean.map((m, j) => Math.sqrt(rows.reduce((s, r) => s + (r[j] - m) ** 2, 0) / rows.length));
  return rows.map((r) => r.map((v, j) => (v - mean[j]) / sd[j]));
}

/** A_i for a dense C×d map with intercepts: z_c = Σ_j W[c][j] x_j + b_c. */
function denseDesign(x: number[], C: number): number[][] {
  const d = x.length;
  return Array.from({ length: C }, (_, c) => {
    const row = new Array<number>(C * d + C).fill(0);
    for (let j = 0; j < d; j++) row[c * d + j] = x[j];
    row[C * d + c] = 1;
    return row;
  });
}

describe('heads reach the optimum of an independent Newton solver', () => {
  it('logistic regression (L2, balanced class weights, 3 classes) matches Newton to 1e-4 in loss', () => {
    const C = 3;
    const { features, labels } = blobs(45, 4, C, 11);
    // Make the classes unbalanced so the class weights matter.
    const keep = labels.map((c, i) => c !== 2 || i % 2 === 0);
    const X = features.filter((_, i) => keep[i]);
    const y = labels.filter((_, i) => keep[i]);
    const l2 = 0.05;
    const fit = fitLogisticRegression(X, y.map(String), ['0', '1', '2'], { l2, seed: 0, validationFraction: 0, classWeight: 'balanced' });

    const Z = standardised(X);
    const w = exampleWeights(y, 'balanced');
    const total = w.reduce((s, v) => s + v, 0);
    const P = C * 4 + C;
    const reference: ReferenceProblem = {
      designs: Z.map((x) => denseDesign(x, C)),
      targets: y,
      weights: w.map((v) => v / total),
      penalty: Array.from({ length: P }, (_, k) => (k < C * 4 ? l2 : 1e-4)),
      centre: new Array<number>(P).fill(0),
    };
    const newton = newtonSolve(reference);
    expect(fit.stoppedBy).toBe('converged');
    expect(Math.abs(fit.trainLoss - newton.loss)).toBeLessThan(1e-4);
    // The parameters agree too (strictly convex objective, one optimum).
    const ours = [...fit.head.weights.flat(), ...fit.head.bias];
    ours.forEach((v, k) => expect(v).toBeCloseTo(newton.theta[k], 2));
  });

  it('full and diagonal score calibration match Newton to 1e-4 in loss', () => {
    const C = 3;
    const rng = createRng(5);
    const labels = Array.from({ length: 24 }, (_, i) => i % C);
    // Biased label scores: class 0 gets extra mass, so the fitted map has work to do.
    const probs = labels.map((c) => Array.from({ length: C }, (_, j) => Math.exp(noise(rng) + (j === c ? 1 : 0) + (j === 0 ? 1.5 : 0))));
    const logs = probs.map(normalisedLogProbs);
    const l2 = 0.1;
    for (const form of ['full', 'diagonal'] as const) {
      const fit = fitScoreCalibration(probs, labels.map(String), ['0', '1', '2'], { form, l2 });
      const P = form === 'full' ? C * C + C : 2 * C;
      const designs = logs.map((l) =>
        form === 'full'
          ? denseDesign(l, C)
          : Array.from({ length: C }, (_, c) => {
              const row = new Array<number>(P).fill(0);
              row[c] = l[c];
              row[C + c] = 1;
              return row;
            }),
      );
      const nWeights = form === 'full' ? C * C : C;
      const centre = Array.from({ length: P }, (_, k) => (k < nWeights && (form === 'diagonal' || Math.floor(k / C) === k % C) ? 1 : 0));
      const newton = newtonSolve({
        designs,
        targets: labels,
        weights: labels.map(() => 1 / labels.length),
        penalty: Array.from({ length: P }, (_, k) => (k < nWeights ? l2 : 1e-4)),
        centre,
      });
      expect(Math.abs(fit.trainLoss - newton.loss), form).toBeLessThan(1e-4);
      // The fit improves on the identity map (the uncalibrated scores).
      expect(fit.trainLoss).toBeLessThan(fit.lossCurve[0].trainLoss + 1e-12);
    }
  });
});

describe('training-set checks', () => {
  it('rejects a single-class training set with a clear error', () => {
    expect(() => fitLogisticRegression([[1], [2]], ['1', '1'], ['0', '1'], { l2: 1, seed: 0 })).toThrow(HeadTrainingError);
    expect(() => fitLogisticRegression([[1], [2]], ['1', '1'], ['0', '1'], { l2: 1, seed: 0 })).toThrow(/all have label "1".*at least two classes/);
    expect(() => fitScoreCalibration([[0.2, 0.8]], ['0'], ['0', '1'], { form: 'diagonal', l2: 1 })).toThrow(/at least two classes/);
  });
});
