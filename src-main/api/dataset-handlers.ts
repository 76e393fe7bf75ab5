import path from 'node:path';
import type { ApiHandlers } from '../../src-shared/api/client.ts';
import type { DatasetRow } from '../../src-shared/api/datasets.ts';
import { fail, ok } from '../../src-shared/api/result.ts';
import { sampleDemonstrations } from '../../src-shared/sampling/demonstrations.ts';
import { DatasetStore } from '../use-cases/dataset-store.ts';
import type { ApiServices } from './services.ts';

/** Datasets: import (path or uploaded text), list, browse and search, sample demonstrations. */
export function datasetHandlers(services: ApiServices): Pick<ApiHandlers, 'datasets.import' | 'datasets.list' | 'datasets.rows' | 'datasets.sample' | 'datasets.remove'> {
  const store = new DatasetStore(path.join(services.home, 'datasets'));
  const rowsOf = (datasetId: string) => store.rows(datasetId);
  const missing = (datasetId: string) => fail<never>('NOT_FOUND', `dataset ${datasetId}: not imported (or removed)`);

  return {
    async 'datasets.import'({ path: file, text, fileName, format, columns, name }) {
      return ok(store.import({ path: file === undefined ? undefined : services.files.check(file), text, fileName }, format, columns, name));
    },

    async 'datasets.list'() {
      return ok(store.list());
    },

    async 'datasets.rows'({ datasetId, offset, limit, search, label }) {
      const rows = rowsOf(datasetId);
      if (!rows) return missing(datasetId);
      const needle = search.trim().toLowerCase();
      const matching = rows.filter((r) => (label === undefined || r.label === label) && (needle === '' || r.text.toLowerCase().includes(needle)));
      return ok({ total: matching.length, rows: matching.slice(offset, offset + limit) as DatasetRow[] });
    },

    async 'datasets.sample'({ datasetId, shots, seed, sampling, pinned, excluded, classes }) {
      const rows = rowsOf(datasetId);
      if (!rows) return missing(datasetId);
      const known = new Set(rows.map((r) => r.id));
      const unknown = [...pinned, ...excluded].find((id) => !known.has(id));
      if (unknown) return fail('INVALID_ARGS', `datasets.sample: example ${unknown} is not in dataset ${datasetId}`);
      try {
        return ok({ demonstrations: sampleDemonstrations(rows, { shots, seed, mode: sampling, pinned, excluded, ...(classes ? { classes } : {}) }) });
      } catch (error) {
        return fail('SAMPLING', (error as Error).message);
      }
    },

    async 'datasets.remove'({ datasetId }) {
      return ok({ removed: store.remove(datasetId) });
    },
  };
}
