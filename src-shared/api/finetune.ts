import { z } from 'zod';
import type { Aggregate } from '../metrics/index.ts';

/**
 * Fine-tuning domain: stored learning curves (docs/FINETUNE.md) and, beside them, the few-shot
 * studies of the same model and test data.
 */
export const finetuneIdArgs = z.object({ runId: z.string().min(1) });

export interface FinetuneRunItem {
  runId: string;
  name: string;
  status: string;
  model: { name: string; sha256: string };
  createdAt: string;
  conditions: number;
}

export interface LearningCurvePoint {
  budget: number;
  /** k actually used per seed (prompt methods shrink k to fit the context). */
  kUsed: number[];
  accuracy: Aggregate;
  macroF1: Aggregate;
}

/** A few-shot study of the same model (SHA-256) and test file: its mean accuracy per calibration method. */
export interface FewShotReference {
  runId: string;
  name: string;
  shots: number;
  method: string;
  accuracy: { mean: number; std: number; min: number; max: number };
}

export interface LearningCurveDetail {
  runId: string;
  name: string;
  status: string;
  model: { name: string; sha256: string };
  conditions: { budget: number; seed: number; method: string; kUsed: number; accuracy: number; macroF1: number; trainLoss: number | null }[];
  curves: Record<string, LearningCurvePoint[]>;
  fewShot: FewShotReference[];
}
