import type { Migration } from './migration.ts';

/**
 * Runs, their demonstration sets (seed -> drawn ids) and conditions (seed, order).
 *
 * The spec and model identity are stored with the run so a stored run can be summarised,
 * exported and resumed without the original experiment file.
 */
export const migration001Runs: Migration = {
  version: 1,
  name: 'runs',
  up(db) {
    db.exec(`
      CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        spec_json TEXT NOT NULL,
        model_name TEXT NOT NULL,
        model_sha256 TEXT NOT NULL,
        tokenizer_hash TEXT NOT NULL,
        model_info_json TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        total_prompts INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        finished_at TEXT,
        timings_json TEXT NOT NULL DEFAULT '{}',
        error TEXT
      );
      CREATE TABLE demo_sets (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seed INTEGER NOT NULL,
        demo_ids_json TEXT NOT NULL,
        PRIMARY KEY (run_id, seed)
      ) WITHOUT ROWID;
      CREATE TABLE conditions (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        order_index INTEGER NOT NULL,
        order_ids_json TEXT NOT NULL,
        dropped_demos INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (run_id, seed, order_index),
        FOREIGN KEY (run_id, seed) REFERENCES demo_sets(run_id, seed) ON DELETE CASCADE
      ) WITHOUT ROWID;
    `);
  },
};
