import type { Aggregate } from '../metrics/index.ts';
import type { RunStatus } from '../experiments/run-status.ts';

/**
 * The shape of a learning-curve summary, declared once here because both sides use it:
 * src-main/finetune/learning-curve-summary.ts builds it from stored rows (`finetune --json`) and the
 * API's LearningCurveDetail (src-shared/api/finetune.ts) extends it for the UI. Pure types.
 */

export interface LearningCurvePoint {
  budget: number;
  /** k actually used per seed (prompt methods shrink k to fit the context). */
  kUsed: number[];
  accuracy: Aggregate;
  macroF1: Aggregate;
}

/**
 * The `finetune --json` summary: every condition, and per method and budget the aggregate over
 * seeds (population std, as the study summary).
 */
export interface LearningCurveSummary {
  runId: string;
  name: string;
  status: RunStatus;
  model: { name: string; sha256: string };
  conditions: { budget: number; seed: number; method: string; kUsed: number; accuracy: number; macroF1: number; trainLoss: number | null }[];
  curves: Record<string, LearningCurvePoint[]>;
}
