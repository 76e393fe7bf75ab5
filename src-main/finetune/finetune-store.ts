import type { Database } from 'better-sqlite3';
import type { RunStatus } from '../../src-shared/experiments/run-status.ts';

/**
 * Typed queries for learning-curve runs (tables from migration 010).
 *
 * The database is the experiments' one, opened like every other by storage/database.ts's
 * openDatabase (which applies every migration, 010 included); these tables sit beside the study
 * runs so a learning curve and a study of the same model and data live in one file.
 */
export type FinetuneRunStatus = RunStatus;

export interface FinetuneRunRecord {
  id: string;
  name: string;
  specJson: string;
  modelName: string;
  modelSha256: string;
  modelInfoJson: string;
  status: FinetuneRunStatus;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface FinetuneConditionRecord {
  budget: number;
  seed: number;
  method: string;
  kUsed: number;
  trainIds: string[];
  accuracy: number;
  macroF1: number;
  trainLoss: number | null;
  lossCurve: unknown[];
  details: Record<string, unknown>;
  head: unknown;
}

export interface FinetunePredictionRecord {
  exampleId: string;
  gold: string;
  probs: Record<string, number>;
  predicted: string;
}

export function insertFinetuneRun(db: Database, run: Omit<FinetuneRunRecord, 'finishedAt' | 'error' | 'status'>): void {
  db.prepare(
    `INSERT INTO finetune_runs (id, name, spec_json, model_name, model_sha256, model_info_json, status, created_at) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)`,
  ).run(run.id, run.name, run.specJson, run.modelName, run.modelSha256, run.modelInfoJson, run.createdAt);
}

export function setFinetuneRunStatus(db: Database, id: string, status: FinetuneRunStatus, error: string | null = null): void {
  db.prepare('UPDATE finetune_runs SET status = ?, error = ?, finished_at = ? WHERE id = ?').run(status, error, new Date().toISOString(), id);
}

/** One condition and its predictions, in one transaction: a condition is stored whole or not at all. */
export function insertFinetuneCondition(db: Database, runId: string, condition: FinetuneConditionRecord, predictions: readonly FinetunePredictionRecord[]): void {
  db.transaction(() => {
    db.prepare(
      `INSERT INTO finetune_conditions (run_id, budget, seed, method, k_used, train_ids_json, accuracy, macro_f1, train_loss, loss_curve_json, details_json, head_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      runId,
      condition.budget,
      condition.seed,
      condition.method,
      condition.kUsed,
      JSON.stringify(condition.trainIds),
      condition.accuracy,
      condition.macroF1,
      condition.trainLoss,
      JSON.stringify(condition.lossCurve),
      JSON.stringify(condition.details),
      condition.head === undefined || condition.head === null ? null : JSON.stringify(condition.head),
    );
    const insert = db.prepare('INSERT INTO finetune_predictions (run_id, budget, seed, method, example_id, gold, probs_json, predicted) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const p of predictions) insert.run(runId, condition.budget, condition.seed, condition.method, p.exampleId, p.gold, JSON.stringify(p.probs), p.predicted);
  })();
}

interface RunRow {
  id: string;
  name: string;
  spec_json: string;
  model_name: string;
  model_sha256: string;
  model_info_json: string;
  status: FinetuneRunStatus;
  created_at: string;
  finished_at: string | null;
  error: string | null;
}

function toRun(row: RunRow): FinetuneRunRecord {
  return {
    id: row.id,
    name: row.name,
    specJson: row.spec_json,
    modelName: row.model_name,
    modelSha256: row.model_sha256,
    modelInfoJson: row.model_info_json,
    status: row.status,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}

export function getFinetuneRun(db: Database, id: string): FinetuneRunRecord | undefined {
  const row = db.prepare('SELECT * FROM finetune_runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRun(row) : undefined;
}

export function listFinetuneRuns(db: Database): FinetuneRunRecord[] {
  return (db.prepare('SELECT * FROM finetune_runs ORDER BY created_at, id').all() as RunRow[]).map(toRun);
}

interface ConditionRow {
  budget: number;
  seed: number;
  method: string;
  k_used: number;
  train_ids_json: string;
  accuracy: number;
  macro_f1: number;
  train_loss: number | null;
  loss_curve_json: string;
  details_json: string;
  head_json: string | null;
}

export function listFinetuneConditions(db: Database, runId: string): FinetuneConditionRecord[] {
  const rows = db.prepare('SELECT * FROM finetune_conditions WHERE run_id = ? ORDER BY budget, seed, method').all(runId) as ConditionRow[];
  return rows.map((r) => ({
    budget: r.budget,
    seed: r.seed,
    method: r.method,
    kUsed: r.k_used,
    trainIds: JSON.parse(r.train_ids_json) as string[],
    accuracy: r.accuracy,
    macroF1: r.macro_f1,
    trainLoss: r.train_loss,
    lossCurve: JSON.parse(r.loss_curve_json) as unknown[],
    details: JSON.parse(r.details_json) as Record<string, unknown>,
    head: r.head_json === null ? null : (JSON.parse(r.head_json) as unknown),
  }));
}

export interface StoredPrediction extends FinetunePredictionRecord {
  budget: number;
  seed: number;
  method: string;
}

/** Every prediction of a run, ordered by condition then example id. */
export function listFinetunePredictions(db: Database, runId: string): StoredPrediction[] {
  const rows = db
    .prepare('SELECT budget, seed, method, example_id, gold, probs_json, predicted FROM finetune_predictions WHERE run_id = ? ORDER BY budget, seed, method, example_id')
    .all(runId) as { budget: number; seed: number; method: string; example_id: string; gold: string; probs_json: string; predicted: string }[];
  return rows.map((r) => ({ budget: r.budget, seed: r.seed, method: r.method, exampleId: r.example_id, gold: r.gold, probs: JSON.parse(r.probs_json) as Record<string, number>, predicted: r.predicted }));
}
