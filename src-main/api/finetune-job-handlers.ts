import crypto from 'node:crypto';
import path from 'node:path';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok, toApiError } from '../../src-shared/api/result.ts';
import { TrainingCancelled } from '../../src-shared/finetune/training-progress.ts';
import { FeatureCache } from '../finetune/feature-cache.ts';
import { parseFinetuneSpec } from '../finetune/load-finetune-file.ts';
import type { FinetuneSpec } from '../../src-shared/finetune/learning-curve-schema.ts';
import { HeadTrainer } from '../finetune/head-trainer.ts';
import { prepareLearningCurve } from '../finetune/prepare-learning-curve.ts';
import { runLearningCurve } from '../finetune/run-learning-curve.ts';
import type { ApiServices } from './services.ts';

/**
 * Learning curves started from the UI: validated and prepared with the CLI's own code (bad input
 * answers at once, nothing stored), then run in the background with `finetune.progress` events;
 * a cancelled or failed run keeps the conditions it finished and says why it stopped.
 */
export function finetuneJobHandlers(services: ApiServices): Pick<ApiHandlers, 'finetune.start' | 'finetune.cancel'> {
  const jobs = new Map<string, AbortController>();
  return {
    async 'finetune.start'({ spec: raw }) {
      const parsed = parseFinetuneSpec(raw, 'learning curve');
      const spec: FinetuneSpec = { ...parsed, data: { train: { ...parsed.data.train, path: path.resolve(parsed.data.train.path) }, test: { ...parsed.data.test, path: path.resolve(parsed.data.test.path) } } };
      const prepared = await prepareLearningCurve(spec, services.engine);
      const jobId = crypto.randomUUID();
      const controller = new AbortController();
      jobs.set(jobId, controller);
      const trainer = new HeadTrainer();
      let last = { done: 0, total: 0 };
      let runId: string | undefined;
      // The application database carries the fine-tuning tables (migration 010).
      const openDb = () => services.db();
      services.broadcast('finetune.progress', { jobId, state: 'running', done: 0, total: 0 });
      void runLearningCurve({ engine: services.engine, openDb, cache: new FeatureCache(path.join(services.home, 'feature-cache')), trainer }, prepared, {
        signal: controller.signal,
        onProgress: (p) => {
          last = { done: p.done, total: p.total };
          services.broadcast('finetune.progress', { jobId, state: 'running', phase: p.phase, done: p.done, total: p.total, ...(p.detail ? { detail: p.detail } : {}) });
        },
      })
        .then((summary) => {
          runId = summary.runId;
          const state = summary.status === 'done' ? 'done' : summary.status === 'cancelled' ? 'cancelled' : 'failed';
          services.broadcast('finetune.progress', { jobId, state, ...last, runId, ...(state === 'failed' ? { error: 'the run stopped; see its stored reason' } : {}) });
        })
        .catch((error: unknown) => {
          const cancelled = error instanceof TrainingCancelled || controller.signal.aborted;
          services.broadcast('finetune.progress', { jobId, state: cancelled ? 'cancelled' : 'failed', ...last, ...(runId ? { runId } : {}), ...(cancelled ? {} : { error: toApiError(error).message }) });
        })
        .finally(() => {
          jobs.delete(jobId);
          void trainer.dispose();
        });
      return ok({ jobId, warnings: prepared.warnings });
    },

    async 'finetune.cancel'({ jobId }) {
      const controller = jobs.get(jobId);
      if (!controller) return fail('NOT_FOUND', `learning curve job ${jobId} is not running`);
      controller.abort();
      return ok({ cancelled: true });
    },
  };
}
