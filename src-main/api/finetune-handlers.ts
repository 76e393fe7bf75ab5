import crypto from 'node:crypto';
import fs from 'node:fs';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import type { FewShotReference } from '../../src-shared/api/finetune.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { loadRunData } from '../experiments/run-data.ts';
import { computeSummary } from '../experiments/summary.ts';
import { getFinetuneRun, listFinetuneConditions, listFinetuneRuns } from '../finetune/finetune-store.ts';
import { summariseLearningCurve } from '../finetune/learning-curve-summary.ts';
import { listRuns } from '../storage/run-queries.ts';
import type { ApiServices } from './services.ts';

/**
 * Learning curves for the UI: the stored runs, and one curve with the few-shot studies of the same
 * model (by SHA-256) and test file beside it, every number computed from stored rows by the same
 * code as the CLI's summary.
 */
export function finetuneHandlers(services: ApiServices): Pick<ApiHandlers, 'finetune.list' | 'finetune.get'> {
  // services.db() is opened with every migration, fine-tuning's tables included.
  const db = services.db;
  return {
    async 'finetune.list'() {
      const handle = db();
      return ok(
        listFinetuneRuns(handle).map((run) => ({
          runId: run.id,
          name: run.name,
          status: run.status,
          model: { name: run.modelName, sha256: run.modelSha256 },
          createdAt: run.createdAt,
          conditions: listFinetuneConditions(handle, run.id).length,
          error: run.error,
        })),
      );
    },

    async 'finetune.get'({ runId }) {
      const handle = db();
      const run = getFinetuneRun(handle, runId);
      if (!run) return fail('NOT_FOUND', `learning curve ${runId}: no such run in this database`);
      const summary = summariseLearningCurve(run, listFinetuneConditions(handle, runId));
      const testPath = (JSON.parse(run.specJson) as { data?: { test?: { path?: string } } }).data?.test?.path;
      // Matched by the test file's content, so a UI-imported copy of the same file matches too.
      return ok({ ...summary, fewShot: fewShotReferences(handle, run.modelSha256, testPath) });
    },
  };
}

const hashes = new Map<string, { mtimeMs: number; hash: string }>();

/** SHA-256 of a data file's bytes (memoised by modification time); null when it cannot be read. */
function contentHash(file: string | undefined): string | null {
  if (!file) return null;
  try {
    const { mtimeMs } = fs.statSync(file);
    const known = hashes.get(file);
    if (known && known.mtimeMs === mtimeMs) return known.hash;
    const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    hashes.set(file, { mtimeMs, hash });
    return hash;
  } catch {
    return null;
  }
}

/** Finished studies of the same model and test file (by content): mean accuracy per calibration method at their shot count. */
function fewShotReferences(db: ReturnType<ApiServices['db']>, modelSha256: string, testPath: string | undefined): FewShotReference[] {
  const out: FewShotReference[] = [];
  const wanted = contentHash(testPath);
  for (const run of listRuns(db)) {
    const spec = run.spec as { shots?: number; data?: { test?: { path?: string } } };
    if (run.status !== 'done' || run.modelSha256 !== modelSha256 || wanted === null || contentHash(spec.data?.test?.path) !== wanted) continue;
    try {
      const summary = computeSummary(loadRunData(db, run.id));
      for (const [method, stats] of Object.entries(summary.aggregate)) {
        out.push({ runId: run.id, name: run.name, shots: spec.shots ?? 0, method, accuracy: { mean: stats.mean, std: stats.std, min: stats.min, max: stats.max } });
      }
    } catch {
      // A study whose rows cannot be summarised is simply not shown beside the curve.
    }
  }
  return out;
}
