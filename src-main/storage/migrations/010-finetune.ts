import type { Migration } from './migration.ts';

/**
 * Learning-curve runs (docs/FINETUNE.md): one row per run, per (budget, seed, method) condition with its
 * metrics, loss curve and trained head, and per test prediction, so every summary number can be
 * recomputed from the export.
 */
export const migration010Finetune: Migration = {
  version: 10,
  name: 'finetune',
  up(db) {
    db.exec(`
      CREATE TABLE finetune_runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        spec_json TEXT NOT NULL,
        model_name TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        model_info_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        created_at TEXT NOT NULL,
        finished_at TEXT,
        error TEXT
      );
      CREATE TABLE finetune_conditions (
        run_id TEXT NOT NULL REFERENCES finetune_runs(id) ON DELETE CASCADE,
        budget INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        method TEXT NOT NULL,
        k_used INTEGER NOT NULL,
        train_ids_json TEXT NOT NULL,
        accuracy REAL NOT NULL,
        macro_f1 REAL NOT NULL,
        train_loss REAL,
        loss_curve_json TEXT NOT NULL DEFAULT '[]',
        details_json TEXT NOT NULL DEFAULT '{}',
        head_json TEXT,
        PRIMARY KEY (run_id, budget, seed, method)
      ) WITHOUT ROWID;
      CREATE TABLE finetune_predictions (
        run_id TEXT NOT NULL,
        budget INTEGER NOT NULL,
        seed INTEGER NOT NULL,
        method TEXT NOT NULL,
        example_id TEXT NOT NULL,
        gold TEXT NOT NULL,
        probs_json TEXT NOT NULL,
        predicted TEXT NOT NULL,
        PRIMARY KEY (run_id, budget, seed, method, example_id),
        FOREIGN KEY (run_id, budget, seed, method) REFERENCES finetune_conditions(run_id, budget, seed, method) ON DELETE CASCADE
      ) WITHOUT ROWID;
    `);
  },
};
