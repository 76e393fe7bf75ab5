import { afterAll, describe, expect, it } from 'vitest';
import { HeadTrainingError } from '../../src-shared/finetune/head-training-error.ts';
import { TrainingCancelled, type LossPoint } from '../../src-shared/finetune/training-progress.ts';
import { HeadTrainer } from './head-trainer.ts';
import type { TrainingJob } from './training-job.ts';

function job(n: number, dim: number): TrainingJob {
  const features = new Float32Array(n * dim);
  for (let i = 0; i < features.length; i++) features[i] = Math.sin(i * 1.7) + (Math.floor(i / dim) % 2 === 0 ? 0.8 : -0.8) * (i % dim === 0 ? 1 : 0);
  return {
    kind: 'logistic',
    features,
    dim,
    labels: Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 'a' : 'b')),
    classes: ['a', 'b'],
    options: { l2: 1e-3, classWeight: 'balanced', validationFraction: 0, patience: 10, maxIterations: 200, seed: 0 },
  };
}

describe('HeadTrainer (worker thread)', () => {
  const trainer = new HeadTrainer();
  afterAll(() => trainer.dispose());

  it('fits a head off the main thread and streams the loss per iteration', async () => {
    const points: LossPoint[] = [];
    const result = await trainer.train(job(40, 6), { onProgress: (p) => points.push(p) });
    expect(result.kind).toBe('logistic');
    if (result.kind !== 'logistic') return;
    expect(points.length).toBe(result.fit.lossCurve.length);
    expect(points.at(-1)?.trainLoss).toBeCloseTo(result.fit.lossCurve.at(-1)!.trainLoss, 12);
    expect(result.fit.head.weights[0]).toHaveLength(6);
  });

  it('reports a single-class training set as a HeadTrainingError', async () => {
    const bad = job(4, 3);
    if (bad.kind === 'logistic') bad.labels = ['a', 'a', 'a', 'a'];
    await expect(trainer.train(bad)).rejects.toThrow(HeadTrainingError);
  });

  it('cancels a running fit through an AbortSignal and trains again afterwards', async () => {
    const controller = new AbortController();
    const big = job(400, 64);
    const pending = trainer.train(big, { onProgress: () => controller.abort(), signal: controller.signal });
    await expect(pending).rejects.toThrow(TrainingCancelled);
    const again = await trainer.train(job(20, 4));
    expect(again.kind).toBe('logistic');
  });
});
