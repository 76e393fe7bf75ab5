import type { ClassWeighting } from '../../src-shared/finetune/class-weights.ts';
import type { LogisticFit } from '../../src-shared/finetune/logistic-regression.ts';
import type { CalibrationForm, ScoreCalibrationFit } from '../../src-shared/finetune/score-calibration.ts';
import type { LossPoint } from '../../src-shared/finetune/training-progress.ts';

/**
 * The messages between the trainer (head-trainer.ts) and its worker thread (train-worker.ts).
 *
 * Features travel as one flat Float32Array (rows × dim), which structured clone copies in one block.
 */
export type TrainingJob =
  | {
      kind: 'logistic';
      features: Float32Array;
      dim: number;
      labels: string[];
      classes: string[];
      options: { l2: number; classWeight: ClassWeighting; validationFraction: number; patience: number; maxIterations: number; seed: number };
    }
  | { kind: 'calibration'; labelProbs: number[][]; labels: string[]; classes: string[]; options: { form: CalibrationForm; l2: number } };

export type TrainingResult = { kind: 'logistic'; fit: LogisticFit } | { kind: 'calibration'; fit: ScoreCalibrationFit };

export type WorkerMessage =
  | { type: 'progress'; jobId: number; point: LossPoint }
  | { type: 'done'; jobId: number; result: TrainingResult }
  | { type: 'error'; jobId: number; error: { code: string; message: string } };
