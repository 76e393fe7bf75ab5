import type { Database } from 'better-sqlite3';

/** A run's list entry figures, kept in run_stats as results arrive (migration 031). */
export interface RunStats {
  storedPrompts: number;
  /** Mean accuracy per calibration method once the run is done; null until then (or until first listed). */
  meanAccuracy: Record<string, number> | null;
}

/**
 * Every run's stats in one query (runs without a stats row count as nothing stored); null for a
 * database from before migration 031 opened read-only (the caller counts rows instead).
 */
export function listRunStats(db: Database): Map<string, RunStats> | null {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'run_stats'").get()) return null;
  const rows = db.prepare('SELECT run_id, stored_prompts, mean_accuracy_json FROM run_stats').all() as { run_id: string; stored_prompts: number; mean_accuracy_json: string | null }[];
  const out = new Map<string, RunStats>();
  for (const r of rows) {
    let meanAccuracy: Record<string, number> | null = null;
    try {
      meanAccuracy = r.mean_accuracy_json === null ? null : (JSON.parse(r.mean_accuracy_json) as Record<string, number>);
    } catch {
      // A damaged cache entry is recomputed from the rows, like a missing one.
    }
    out.set(r.run_id, { storedPrompts: r.stored_prompts, meanAccuracy });
  }
  return out;
}

/** Record a finished run's mean accuracy per method (from its summary). */
export function setRunMeanAccuracy(db: Database, runId: string, meanAccuracy: Record<string, number>): void {
  db.prepare('INSERT INTO run_stats (run_id, mean_accuracy_json) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET mean_accuracy_json = excluded.mean_accuracy_json').run(runId, JSON.stringify(meanAccuracy));
}
