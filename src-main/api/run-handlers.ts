import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { ok } from '../../src-shared/api/result.ts';
import type { Database } from 'better-sqlite3';
import type { RunAnalysis, RunListItem } from '../../src-shared/api/runs.ts';
import { pooledReliability } from '../../src-shared/metrics/pooled-reliability.ts';
import { scoreConditions } from '../experiments/condition-scores.ts';
import { exportRows } from '../experiments/export/export-rows.ts';
import type { StudySummary } from '../experiments/summary.ts';
import type { RunRecord } from '../storage/run-queries.ts';
import { RunCatalog } from '../use-cases/run-catalog.ts';
import { configDiff, pairedComparisons } from './run-comparison.ts';
import { headOf, runExtras, runItem } from './run-item.ts';
import type { ApiServices } from './services.ts';
import { conditionKey } from '../../src-shared/api/runs.ts';

function item(db: Database, run: RunRecord, summary: StudySummary | null): RunListItem {
  return runItem(headOf(run), summary, runExtras(db));
}

/**
 * Runs: adapters over the run catalog (src-main/use-cases/run-catalog.ts), which `promptscope
 * runs list` and `export` use too; here the rows become the API's shapes (RunListItem, ...).
 */
export function runHandlers(services: ApiServices): Pick<ApiHandlers, 'runs.list' | 'runs.get' | 'runs.rows' | 'runs.analysis' | 'runs.compare' | 'runs.export'> {
  const catalog = new RunCatalog(services.db);
  const load = (runId: string) => catalog.load(runId);
  const summaryOf = catalog.summaryOf.bind(catalog);

  return {
    async 'runs.list'() {
      const bad: RunListItem[] = [];
      const entries = catalog.list({
        accuracy: true,
        onBad: (b) =>
          bad.push({ runId: b.id, name: '', model: '', status: 'unreadable', createdAt: '', meanAccuracy: {}, problem: b.problem, trainData: '', testData: '', shots: null, template: '', testExamples: 0, reason: b.problem, tags: [] }),
      });
      const extras = runExtras(services.db());
      const items = entries.map((entry): RunListItem => ({ ...runItem(entry.head, null, extras), meanAccuracy: entry.meanAccuracy }));
      return ok([...items, ...bad]);
    },

    async 'runs.get'({ runId }) {
      const data = load(runId);
      const { details: _details, ...summary } = summaryOf(data);
      return ok({ item: item(services.db(), data.run, summaryOf(data)), summary, spec: data.run.spec });
    },

    async 'runs.rows'({ runId, offset, limit }) {
      const rows = exportRows(load(runId));
      return ok({ total: rows.length, rows: rows.slice(offset, offset + limit) });
    },

    async 'runs.analysis'({ runId }) {
      const data = load(runId);
      const orderLabels = Object.fromEntries(data.conditions.map((c) => [conditionKey(c), c.order.map((id) => data.demoGold[id])]));
      const analysis: RunAnalysis = { details: summaryOf(data).details, reliability: pooledReliability(data.spec.calibration, scoreConditions(data)), orderLabels };
      return ok(analysis);
    },

    async 'runs.compare'({ runIds }) {
      const loaded = runIds.map(load);
      const runs = loaded.map((data) => {
        const summary = summaryOf(data);
        return { item: item(services.db(), data.run, summary), aggregate: summary.aggregate };
      });
      const methods = [...new Set(runs.flatMap((r) => Object.keys(r.aggregate)))];
      return ok({ runs, methods, configDiff: configDiff(loaded.map((d) => d.run.spec)), paired: pairedComparisons(loaded) });
    },

    async 'runs.export'({ runId, format }) {
      return ok(catalog.exportRun(runId, format));
    },
  };
}
