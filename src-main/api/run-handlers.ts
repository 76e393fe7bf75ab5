import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { ok } from '../../src-shared/api/result.ts';
import type { Database } from 'better-sqlite3';
import type { RunAnalysis, RunListItem } from '../../src-shared/api/runs.ts';
import { pooledReliability } from '../../src-shared/metrics/pooled-reliability.ts';
import { scoreConditions } from '../experiments/condition-scores.ts';
import { toCsv } from '../experiments/export/export-csv.ts';
import { toLmEvalSamples } from '../experiments/export/export-lm-eval.ts';
import { exportRows, toJsonl } from '../experiments/export/export-rows.ts';
import { probeExportRows } from '../experiments/probing/probe-export.ts';
import { loadRunData, type RunData } from '../experiments/run-data.ts';
import { computeSummary, type StudySummary } from '../experiments/summary.ts';
import { listRunHeads, type RunRecord } from '../storage/run-queries.ts';
import { listRunStats, setRunMeanAccuracy } from '../storage/run-stats-queries.ts';
import { configDiff, pairedComparisons } from './run-comparison.ts';
import { headOf, runExtras, runItem } from './run-item.ts';
import type { ApiServices } from './services.ts';
import { conditionKey } from '../../src-shared/api/runs.ts';

function item(db: Database, run: RunRecord, summary: StudySummary | null): RunListItem {
  return runItem(headOf(run), summary, runExtras(db));
}

/**
 * Runs: every number comes from the stored rows through the study runner's own summary and export
 * code, so the UI, the CLI and exported files agree. Finished runs' summaries are memoised (a
 * finished run never changes).
 */
export function runHandlers(services: ApiServices): Pick<ApiHandlers, 'runs.list' | 'runs.get' | 'runs.rows' | 'runs.analysis' | 'runs.compare' | 'runs.export'> {
  const finished = new Map<string, StudySummary>();
  const summaryOf = (data: RunData): StudySummary => {
    const cached = finished.get(data.run.id);
    if (cached) return cached;
    const summary = computeSummary(data);
    if (data.run.status === 'done') finished.set(data.run.id, summary);
    return summary;
  };
  const load = (runId: string) => loadRunData(services.db(), runId);
  const safeSummary = (runId: string): StudySummary | null => {
    try {
      return summaryOf(load(runId));
    } catch {
      return null;
    }
  };

  return {
    // One row per run from runs + run_stats: the cost does not grow with the results stored. A
    // finished run listed for the first time (stored before run_stats had accuracies) is summarised once.
    async 'runs.list'() {
      const db = services.db();
      const bad: RunListItem[] = [];
      const runs = listRunHeads(db, (b) =>
        bad.push({ runId: b.id, name: '', model: '', status: 'unreadable', createdAt: '', meanAccuracy: {}, problem: b.problem, trainData: '', testData: '', shots: null, template: '', testExamples: 0, reason: b.problem, tags: [] }),
      );
      const stats = listRunStats(db);
      const extras = runExtras(db);
      const items = runs.map((run): RunListItem => {
        if (run.status !== 'done') return runItem(run, null, extras);
        const cached = stats?.get(run.id)?.meanAccuracy;
        if (cached) return { ...runItem(run, null, extras), meanAccuracy: cached };
        const summary = safeSummary(run.id);
        const listed = runItem(run, summary, extras);
        if (summary) setRunMeanAccuracy(db, run.id, listed.meanAccuracy);
        return listed;
      });
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
      const data = load(runId);
      const stem = `${data.run.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-${runId}`;
      if (format === 'lm-eval') {
        const samples = toLmEvalSamples(data);
        return ok({ fileName: `${stem}.lm-eval.jsonl`, mimeType: 'application/x-ndjson', content: toJsonl(samples), rows: samples.length });
      }
      const rows = exportRows(data);
      if (format === 'csv') return ok({ fileName: `${stem}.csv`, mimeType: 'text/csv', content: toCsv(rows, data.spec.classes, data.spec.calibration), rows: rows.length });
      const probes = probeExportRows(data);
      return ok({ fileName: `${stem}.jsonl`, mimeType: 'application/x-ndjson', content: toJsonl([...rows, ...probes]), rows: rows.length + probes.length });
    },
  };
}
