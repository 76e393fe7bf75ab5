import { z } from 'zod';
import type { BasicStats } from '../experiments/summary-types.ts';
import type { LearningCurveSummary } from '../finetune/learning-curve-types.ts';
import type { RunStatus } from '../experiments/run-status.ts';

/**
 * Fine-tuning domain: stored learning curves (docs/FINETUNE.md) and, beside them, the few-shot
 * studies of the same model and test data.
 */
export const finetuneIdArgs = z.object({ runId: z.string().min(1) });

export interface FinetuneRunItem {
  runId: string;
  name: string;
  status: RunStatus;
  model: { name: string; sha256: string };
  createdAt: string;
  conditions: number;
}

export type { LearningCurvePoint } from '../finetune/learning-curve-types.ts';

/** A few-shot study of the same model (SHA-256) and test file: its mean accuracy per calibration method. */
export interface FewShotReference {
  runId: string;
  name: string;
  shots: number;
  method: string;
  accuracy: BasicStats;
}

/** A stored learning curve's summary, with the few-shot studies to compare it against. */
export interface LearningCurveDetail extends LearningCurveSummary {
  fewShot: FewShotReference[];
}
