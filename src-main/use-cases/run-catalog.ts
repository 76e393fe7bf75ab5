import type { Database } from 'better-sqlite3';
import type { ExportFormat, RunExport } from '../../src-shared/api/runs.ts';
import { toCsv } from '../experiments/export/export-csv.ts';
import { toLmEvalSamples } from '../experiments/export/export-lm-eval.ts';
import { exportRows, toJsonl } from '../experiments/export/export-rows.ts';
import { probeExportRows } from '../experiments/probing/probe-export.ts';
import { loadRunData, type RunData } from '../experiments/run-data.ts';
import { computeSummary, type StudySummary } from '../experiments/summary.ts';
import { countResults } from '../storage/result-queries.ts';
import { listRunHeads, type BadRunRow, type RunHead } from '../storage/run-queries.ts';
import { listRunStats, setRunMeanAccuracy } from '../storage/run-stats-queries.ts';


/** One stored run as a list shows it. */
export interface CatalogEntry {
  head: RunHead;
  /** Prompts stored so far (run_stats; counted from the result rows for a database from before run_stats). */
  storedPrompts: number;
  /** Mean accuracy per method of a finished run; {} for a run not finished or not summarised (see `list`). */
  meanAccuracy: Record<string, number>;
}

/**
 * The stored runs, for both front ends (`promptscope runs list` / `export`, and the API's `runs.*`):
 * one way to list them, to summarise one and to export one. Every number comes from the stored rows
 * through the study runner's own summary and export code, so the UI, the CLI and exported files
 * agree. Finished runs' summaries are memoised (a finished run never changes).
 */
export class RunCatalog {
  private readonly finished = new Map<string, StudySummary>();

  constructor(private readonly db: () => Database) {}

  /**
   * Every run, newest first, from one narrow row per run (runs + run_stats: the cost does not grow
   * with the results stored). Rows that cannot be read go to `onBad`, the others are listed.
   * With `accuracy`, a finished run whose accuracy run_stats lacks (stored before run_stats had
   * accuracies) is summarised once and the result stored, unless the database is read-only.
   */
  list(options: { onBad?: (bad: BadRunRow) => void; accuracy?: boolean } = {}): CatalogEntry[] {
    const db = this.db();
    const stats = listRunStats(db);
    return listRunHeads(db, options.onBad).map((head) => {
      const stat = stats?.get(head.id);
      const storedPrompts = stats ? (stat?.storedPrompts ?? 0) : sumCounts(countResults(db, head.id));
      let meanAccuracy = stat?.meanAccuracy ?? null;
      if (head.status === 'done' && meanAccuracy === null && options.accuracy) {
        const summary = this.safeSummary(head.id);
        if (summary) {
          meanAccuracy = meanAccuracyOf(summary);
          if (!db.readonly) setRunMeanAccuracy(db, head.id, meanAccuracy);
        }
      }
      return { head, storedPrompts, meanAccuracy: head.status === 'done' ? (meanAccuracy ?? {}) : {} };
    });
  }

  /** A stored run's rows; throws (naming the run) when there is none. */
  load(runId: string): RunData {
    return loadRunData(this.db(), runId);
  }

  /** The run's summary, memoised once the run is finished. */
  summaryOf(data: RunData): StudySummary {
    const cached = this.finished.get(data.run.id);
    if (cached) return cached;
    const summary = computeSummary(data);
    if (data.run.status === 'done') this.finished.set(data.run.id, summary);
    return summary;
  }

  /** One file of a stored run: one row per (seed, cell, order, test example) and, in JSONL, per probing input; or lm-evaluation-harness samples. */
  exportRun(runId: string, format: ExportFormat): RunExport {
    return renderExport(this.load(runId), format);
  }

  private safeSummary(runId: string): StudySummary | null {
    try {
      return this.summaryOf(this.load(runId));
    } catch {
      return null;
    }
  }
}

/** Mean accuracy per calibration method, as the run list shows it. */
export function meanAccuracyOf(summary: StudySummary): Record<string, number> {
  return Object.fromEntries(Object.entries(summary.aggregate).map(([method, stats]) => [method, stats.mean]));
}

function renderExport(data: RunData, format: ExportFormat): RunExport {
  const stem = `${data.run.name.replace(/[^A-Za-z0-9._-]+/g, '-')}-${data.run.id}`;
  if (format === 'lm-eval') {
    const samples = toLmEvalSamples(data);
    return { fileName: `${stem}.lm-eval.jsonl`, mimeType: 'application/x-ndjson', content: toJsonl(samples), rows: samples.length };
  }
  const rows = exportRows(data);
  if (format === 'csv') return { fileName: `${stem}.csv`, mimeType: 'text/csv', content: toCsv(rows, data.spec.classes, data.spec.calibration), rows: rows.length };
  // JSONL also carries the generated probing set's rows, when the run has one (CONTRACT.md "Export").
  const probes = probeExportRows(data);
  return { fileName: `${stem}.jsonl`, mimeType: 'application/x-ndjson', content: toJsonl([...rows, ...probes]), rows: rows.length + probes.length };
}

function sumCounts(counts: { predictions: number; priors: number }): number {
  return counts.predictions + counts.priors;
}
