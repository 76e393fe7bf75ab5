import type { Migration } from './migration.ts';

/**
 * Lu et al. 2022's probing sets (`probing.source: generated`): per demonstration set (seed) the
 * inputs parsed from the model's own continuations of each order's demonstrations, with the order
 * and n-gram setting that generated each and the parse report (every generation's text, what was
 * left out and why), and every order's raw label probabilities on every probing input.
 *
 * A probing set is written whole, in one transaction, before any of its scores, so a resumed run
 * scores the stored set and never regenerates it.
 */
export const migration090Probing: Migration = {
  version: 90,
  name: 'probing',
  up(db) {
    db.exec(`
      CREATE TABLE probe_sets (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        seed INTEGER NOT NULL,
        report_json TEXT NOT NULL,
        PRIMARY KEY (run_id, seed)
      ) WITHOUT ROWID;
      CREATE TABLE probe_inputs (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        probe_index INTEGER NOT NULL,
        fields_json TEXT NOT NULL,
        source_order_index INTEGER NOT NULL,
        no_repeat_ngram INTEGER NOT NULL,
        PRIMARY KEY (run_id, seed, probe_index),
        FOREIGN KEY (run_id, seed) REFERENCES probe_sets(run_id, seed) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE probe_results (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        order_index INTEGER NOT NULL,
        probe_index INTEGER NOT NULL,
        label_probs_json TEXT NOT NULL,
        PRIMARY KEY (run_id, seed, order_index, probe_index),
        FOREIGN KEY (run_id, seed, order_index) REFERENCES conditions(run_id, seed, order_index) ON DELETE CASCADE
      ) WITHOUT ROWID;
    `);
  },
};
