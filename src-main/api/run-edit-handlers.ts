import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { deleteRun, renameRun, setRunTags } from '../storage/run-labels.ts';
import { getRun } from '../storage/run-queries.ts';
import { headOf, runExtras, runItem } from './run-item.ts';
import type { ApiServices } from './services.ts';

/** Rename, tag and delete stored runs. A running run is never deleted: cancel it first. */
export function runEditHandlers(services: ApiServices): Pick<ApiHandlers, 'runs.rename' | 'runs.tag' | 'runs.delete'> {
  const missing = (runId: string) => fail<never>('NOT_FOUND', `run ${runId}: no such run in this database`);
  const itemOf = (runId: string) => {
    const db = services.db();
    const run = getRun(db, runId);
    return run ? ok(runItem(headOf(run), null, runExtras(db))) : missing(runId);
  };
  return {
    async 'runs.rename'({ runId, name }) {
      if (!renameRun(services.db(), runId, name)) return missing(runId);
      return itemOf(runId);
    },
    async 'runs.tag'({ runId, tags }) {
      if (!setRunTags(services.db(), runId, tags)) return missing(runId);
      return itemOf(runId);
    },
    async 'runs.delete'({ runId }) {
      const db = services.db();
      const run = getRun(db, runId);
      if (!run) return missing(runId);
      if (run.status === 'running') return fail('RUN_RUNNING', `run ${runId} is still running: cancel it before deleting it`);
      return ok({ deleted: deleteRun(db, runId) });
    },
  };
}
