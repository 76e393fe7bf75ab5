import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok, toApiError } from '../../src-shared/api/result.ts';
import { prepareStudy } from '../experiments/prepare-study.ts';
import { normalizeSpec, type ExperimentSpec, type ExperimentSpecParsed } from '../../src-shared/experiments/experiment-schema.ts';
import { createStudyRun, executePreparedRun, StudyCancelledError } from '../experiments/study-runner.ts';
import type { FileAccess } from './file-access.ts';
import type { ApiServices } from './services.ts';

/**
 * Data paths of a spec from the UI: absolute already (imported datasets), else from the working
 * folder; each must be a file the user opened to this session.
 */
function absolutePaths(spec: ExperimentSpec, files: FileAccess): ExperimentSpec {
  const { train, test } = spec.data;
  return { ...spec, data: { train: { ...train, path: files.check(train.path) }, test: { ...test, path: files.check(test.path) } } };
}

/**
 * Studies: validate and prepare with the study runner's own checks, store the plan, answer with
 * the run id at once, and run in the background, broadcasting `study.progress` to every client.
 * A cancelled run stays resumable (`promptscope run --resume ID`).
 */
export function studyHandlers(services: ApiServices): Pick<ApiHandlers, 'studies.validate' | 'studies.start' | 'studies.cancel'> {
  const running = new Map<string, AbortController>();
  // The boundary (dispatch) has validated the spec against the experiment schema already.
  const prepare = async (spec: ExperimentSpecParsed) => prepareStudy(absolutePaths(normalizeSpec(spec), services.files), services.engine);

  return {
    async 'studies.validate'({ spec }) {
      const prepared = await prepare(spec);
      const testExamples = prepared.examples.filter((e) => e.role === 'test').length;
      const { spec: parsed } = prepared;
      return ok({
        prompts: prepared.totalPrompts,
        conditions: prepared.conditions.length,
        testExamples,
        contentFreePerCondition: parsed.contentFree.length,
        domainPerCondition: parsed.calibration.includes('domain') ? parsed.domain.count : 0,
        warnings: prepared.warnings,
      });
    },

    async 'studies.start'({ spec, runId: chosen }) {
      const prepared = await prepare(spec);
      const db = services.db();
      const runId = createStudyRun(db, prepared, chosen === undefined ? {} : { runId: chosen });
      const controller = new AbortController();
      running.set(runId, controller);
      const total = prepared.totalPrompts;
      let done = 0;
      services.broadcast('study.progress', { runId, state: 'running', done, total });
      void executePreparedRun(runId, prepared, {
        db,
        engine: services.engine,
        signal: controller.signal,
        onProgress: (p) => {
          done = p.done;
          services.broadcast('study.progress', { runId, state: 'running', done: p.done, total: p.total });
        },
      }).then(
        () => services.broadcast('study.progress', { runId, state: 'done', done: total, total }),
        (error: unknown) => {
          const cancelled = error instanceof StudyCancelledError || controller.signal.aborted;
          const { code, message } = toApiError(error);
          services.broadcast('study.progress', { runId, state: cancelled ? 'cancelled' : 'failed', done, total, ...(cancelled ? {} : { error: { code, message } }) });
        },
      ).finally(() => running.delete(runId));
      return ok({ runId });
    },

    async 'studies.cancel'({ runId }) {
      const controller = running.get(runId);
      if (!controller) return fail('NOT_FOUND', `run ${runId} is not running in this session`);
      controller.abort();
      return ok({ cancelled: true });
    },
  };
}
