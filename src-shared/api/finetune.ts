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
  /** Why the run failed or stopped, as stored; null when it finished. */
  error: string | null;
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

/** A learning-curve file (docs/FINETUNE.md) as an object; the backend validates it field by field. */
export const finetuneStartArgs = z.object({
  spec: z.record(z.string(), z.unknown(), { error: 'expected the learning curve as an object (name, model, data, task, budgets, seeds, methods, ...)' }),
});

export const finetuneJobArgs = z.object({ jobId: z.string().min(1) });

export interface FinetuneStarted {
  jobId: string;
  warnings: string[];
}

/** Event `finetune.progress`: a learning curve started from the UI. */
export interface FinetuneProgressEvent {
  jobId: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  phase?: 'features' | 'label scores' | 'conditions';
  done: number;
  total: number;
  detail?: string;
  /** The stored run, once it exists (after features and zero-shot scores). */
  runId?: string;
  /** Why it failed, one line. */
  error?: string;
}
