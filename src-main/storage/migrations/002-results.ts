import type { Migration } from './migration.ts';

/**
 * Per-example label probabilities and per-input content-free / domain-context probabilities.
 *
 * The primary keys make every write idempotent (INSERT OR IGNORE): a resumed run that recomputes a
 * batch cannot duplicate a row. Probabilities are stored raw (unnormalised sums over each class's
 * label words) as JSON; every calibrator and metric is recomputed from them.
 */
export const migration002Results: Migration = {
  version: 2,
  name: 'results',
  up(db) {
    db.exec(`
      CREATE TABLE predictions (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        order_index INTEGER NOT NULL,
        example_id TEXT NOT NULL,
        label_probs_json TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        PRIMARY KEY (run_id, seed, order_index, example_id),
        FOREIGN KEY (run_id, seed, order_index) REFERENCES conditions(run_id, seed, order_index) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE content_free_results (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        order_index INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('content-free', 'domain')),
        input_index INTEGER NOT NULL,
        input_text TEXT NOT NULL,
        label_probs_json TEXT NOT NULL,
        PRIMARY KEY (run_id, seed, order_index, kind, input_index),
        FOREIGN KEY (run_id, seed, order_index) REFERENCES conditions(run_id, seed, order_index) ON DELETE CASCADE
      ) WITHOUT ROWID;
    `);
  },
};
