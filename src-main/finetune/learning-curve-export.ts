import type { Database } from 'better-sqlite3';
import { listFinetuneConditions, listFinetunePredictions } from './finetune-store.ts';

/**
 * Export rows of a learning-curve run: one per (budget, seed, method, test example), with the
 * class probabilities and the prediction, so every accuracy and macro-F1 of the summary can be
 * recomputed from them.
 */
export interface LearningCurveExportRow {
  runId: string;
  budget: number;
  seed: number;
  method: string;
  kUsed: number;
  exampleId: string;
  gold: string;
  probs: Record<string, number>;
  predicted: string;
}

export function learningCurveRows(db: Database, runId: string): LearningCurveExportRow[] {
  const kUsed = new Map(listFinetuneConditions(db, runId).map((c) => [`${c.budget}/${c.seed}/${c.method}`, c.kUsed]));
  return listFinetunePredictions(db, runId).map((p) => ({
    runId,
    budget: p.budget,
    seed: p.seed,
    method: p.method,
    kUsed: kUsed.get(`${p.budget}/${p.seed}/${p.method}`) ?? p.budget,
    exampleId: p.exampleId,
    gold: p.gold,
    probs: p.probs,
    predicted: p.predicted,
  }));
}

export function toJsonl(rows: readonly LearningCurveExportRow[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length > 0 ? '\n' : '');
}

/** CSV with one `prob_<class>` column per class. */
export function toCsv(rows: readonly LearningCurveExportRow[], classes: readonly string[]): string {
  const header = ['runId', 'budget', 'seed', 'method', 'kUsed', 'exampleId', 'gold', 'predicted', ...classes.map((c) => `prob_${c}`)];
  const body = rows.map((r) => [r.runId, r.budget, r.seed, r.method, r.kUsed, r.exampleId, r.gold, r.predicted, ...classes.map((c) => r.probs[c])]);
  return [header, ...body].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** RFC 4180 quoting: fields with a comma, quote or line break are quoted, quotes doubled. */
function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
