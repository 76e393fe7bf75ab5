import { parentPort } from 'node:worker_threads';
import { fitLogisticRegression } from '../../src-shared/finetune/logistic-regression.ts';
import { fitScoreCalibration } from '../../src-shared/finetune/score-calibration.ts';
import type { LossPoint } from '../../src-shared/finetune/training-progress.ts';
import type { TrainingJob, TrainingResult, WorkerMessage } from './training-job.ts';

/**
 * The worker thread that fits heads, so optimisation never blocks the main event loop (the CLI's
 * progress bar, the app's IPC). One job at a time; cancel is the host terminating this thread.
 */
const port = parentPort;
if (!port) throw new Error('train-worker.ts must run as a worker thread');

port.on('message', ({ jobId, job }: { jobId: number; job: TrainingJob }) => {
  const post = (message: WorkerMessage) => port.postMessage(message);
  const onIteration = (point: LossPoint) => post({ type: 'progress', jobId, point });
  try {
    post({ type: 'done', jobId, result: run(job, onIteration) });
  } catch (error) {
    const err = error as { code?: string; message?: string };
    post({ type: 'error', jobId, error: { code: err.code ?? 'TRAINING', message: String(err.message ?? error) } });
  }
});

function run(job: TrainingJob, onIteration: (point: LossPoint) => void): TrainingResult {
  if (job.kind === 'logistic') {
    const rows = Array.from({ length: job.features.length / job.dim }, (_, i) => job.features.subarray(i * job.dim, (i + 1) * job.dim));
    return { kind: 'logistic', fit: fitLogisticRegression(rows, job.labels, job.classes, { ...job.options, onIteration }) };
  }
  return { kind: 'calibration', fit: fitScoreCalibration(job.labelProbs, job.labels, job.classes, { ...job.options, onIteration }) };
}
