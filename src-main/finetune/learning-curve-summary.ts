import type { LearningCurveSummary } from '../../src-shared/finetune/learning-curve-types.ts';
import { aggregate } from '../../src-shared/metrics/aggregate.ts';
import type { FinetuneConditionRecord, FinetuneRunRecord } from './finetune-store.ts';

/** Its shape lives in src-shared (the UI reads it too); callers of summariseLearningCurve name it from here. */
export type { LearningCurveSummary } from '../../src-shared/finetune/learning-curve-types.ts';

/**
 * The `finetune --json` summary, built from stored rows only, so a stored run gives the same summary
 * as the run that wrote it.
 */
export function summariseLearningCurve(run: FinetuneRunRecord, conditions: readonly FinetuneConditionRecord[]): LearningCurveSummary {
  const curves: LearningCurveSummary['curves'] = {};
  // Methods in the order the file lists them (stored rows come back sorted by name).
  const listed = (JSON.parse(run.specJson) as { methods?: string[] }).methods ?? [];
  const methods = [...new Set(conditions.map((c) => c.method))].sort((a, b) => rank(listed, a) - rank(listed, b));
  for (const method of methods) {
    const mine = conditions.filter((c) => c.method === method);
    const budgets = [...new Set(mine.map((c) => c.budget))].sort((a, b) => a - b);
    curves[method] = budgets.map((budget) => {
      const at = mine.filter((c) => c.budget === budget).sort((a, b) => a.seed - b.seed);
      return { budget, kUsed: at.map((c) => c.kUsed), accuracy: aggregate(at.map((c) => c.accuracy)), macroF1: aggregate(at.map((c) => c.macroF1)) };
    });
  }
  return {
    runId: run.id,
    name: run.name,
    status: run.status,
    model: { name: run.modelName, sha256: run.modelSha256 },
    conditions: conditions.map((c) => ({ budget: c.budget, seed: c.seed, method: c.method, kUsed: c.kUsed, accuracy: c.accuracy, macroF1: c.macroF1, trainLoss: c.trainLoss })),
    curves,
  };
}

function rank(listed: readonly string[], method: string): number {
  const i = listed.indexOf(method);
  return i < 0 ? listed.length : i;
}
