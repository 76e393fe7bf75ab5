import type { ApiHandlers } from '../../src-shared/api/client.ts';
import { ok } from '../../src-shared/api/result.ts';
import type { RunAnalysis, RunListItem } from '../../src-shared/api/runs.ts';
import { isDistribution, type CalibrationMethod } from '../../src-shared/calibration/methods.ts';
import { reliabilityBins, type ReliabilityBin } from '../../src-shared/metrics/index.ts';
import { scoreConditions } from '../experiments/condition-scores.ts';
import { toCsv } from '../experiments/export/export-csv.ts';
import { toLmEvalSamples } from '../experiments/export/export-lm-eval.ts';
import { exportRows, toJsonl } from '../experiments/export/export-rows.ts';
import { loadRunData, type RunData } from '../experiments/run-data.ts';
import { computeSummary, type StudySummary } from '../experiments/summary.ts';
import { listRunHeads, type RunRecord } from '../storage/run-queries.ts';
import { listRunStats, setRunMeanAccuracy } from '../storage/run-stats-queries.ts';
import type { ApiServices } from './services.ts';

function item(run: RunRecord, summary: StudySummary | null): RunListItem {
  const meanAccuracy: Record<string, number> = {};
  if (summary) for (const [method, stats] of Object.entries(summary.aggregate)) meanAccuracy[method] = stats.mean;
  return { runId: run.id, name: run.name, model: run.modelName, status: run.status, createdAt: run.createdAt, meanAccuracy };
}

/** Reliability bins per distribution-valued method, pooled over every scored condition. */
function reliability(data: RunData): Record<string, ReliabilityBin[]> {
  const out: Record<string, ReliabilityBin[]> = {};
  const scored = scoreConditions(data);
  for (const method of data.spec.calibration as CalibrationMethod[]) {
    if (!isDistribution(method)) continue;
    const conf: number[] = [];
    const correct: boolean[] = [];
    for (const c of scored) {
      c.q[method].forEach((q, i) => {
        conf.push(Math.max(...q));
        correct.push(c.pred[method][i] === c.goldIdx[i]);
      });
    }
    if (conf.length > 0) out[method] = reliabilityBins(conf, correct, 10);
  }
  return out;
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
      const runs = listRunHeads(db, (b) => bad.push({ runId: b.id, name: '', model: '', status: 'unreadable', createdAt: '', meanAccuracy: {}, problem: b.problem }));
      const stats = listRunStats(db);
      const items = runs.map((run): RunListItem => {
        const base = { runId: run.id, name: run.name, model: run.modelName, status: run.status, createdAt: run.createdAt, meanAccuracy: {} };
        if (run.status !== 'done') return base;
        const cached = stats?.get(run.id)?.meanAccuracy;
        if (cached) return { ...base, meanAccuracy: cached };
        const summary = safeSummary(run.id);
        const meanAccuracy = summary ? Object.fromEntries(Object.entries(summary.aggregate).map(([method, s]) => [method, s.mean])) : {};
        if (summary) setRunMeanAccuracy(db, run.id, meanAccuracy);
        return { ...base, meanAccuracy };
      });
      return ok([...items, ...bad]);
    },

    async 'runs.get'({ runId }) {
      const data = load(runId);
      const { details: _details, ...summary } = summaryOf(data);
      return ok({ item: item(data.run, summaryOf(data)), summary, spec: data.run.spec });
    },

    async 'runs.rows'({ runId, offset, limit }) {
      const rows = exportRows(load(runId));
      return ok({ total: rows.length, rows: rows.slice(offset, offset + limit) });
    },

    async 'runs.analysis'({ runId }) {
      const data = load(runId);
      const analysis: RunAnalysis = { details: summaryOf(data).details, reliability: reliability(data) };
      return ok(analysis);
    },

    async 'runs.compare'({ runIds }) {
      const runs = runIds.map((runId) => {
        const data = load(runId);
        const summary = summaryOf(data);
        return { item: item(data.run, summary), aggregate: summary.aggregate };
      });
      const methods = [...new Set(runs.flatMap((r) => Object.keys(r.aggregate)))];
      return ok({ runs, methods });
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
      return ok({ fileName: `${stem}.jsonl`, mimeType: 'application/x-ndjson', content: toJsonl(rows), rows: rows.length });
    },
  };
}
