import type { Migration } from './migration.ts';

/**
 * Design cells: a condition is (seed, cell, order), where a cell is one combination of the
 * experiment file's design axes (shots, template, labelWords, labelCorruption; see
 * src-shared/experiments/design.ts). Conditions, predictions and prior inputs gain `cell` in their
 * primary keys; conditions also keep the cell's axis levels and the demonstrations whose shown
 * label was corrupted.
 *
 * SQLite cannot change a primary key in place, so the three tables are rebuilt and every stored
 * row is copied with cell 0 (a run stored before design axes is one cell). The copies are checked
 * by count before the old tables go, inside the migration's transaction.
 *
 * A database where Lu et al.'s probing tables (migration 090) were created first has
 * `probe_results` referencing conditions(run_id, seed, order_index): dropping conditions would
 * cascade into it, and the old key no longer exists after the rebuild. Its rows are set aside
 * first and it is recreated keyed by cell too (cell 0 for every stored row), as 090 creates it
 * once design cells exist.
 */
export const migration080DesignCells: Migration = {
  version: 80,
  name: 'design-cells',
  up(db) {
    const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    const hasProbes = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'probe_results'").pluck().get() === 1;
    const probeRows = hasProbes ? count('probe_results') : 0;
    if (hasProbes) {
      // Children first: set the probe results aside and drop their table before its parent goes.
      db.exec(`CREATE TEMP TABLE probe_results_v80 AS SELECT * FROM probe_results; DROP TABLE probe_results;`);
    }
    const before = { conditions: count('conditions'), predictions: count('predictions'), content_free_results: count('content_free_results') };
    db.exec(`
      CREATE TABLE conditions_v80 (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        cell INTEGER NOT NULL DEFAULT 0,
        order_index INTEGER NOT NULL,
        order_ids_json TEXT NOT NULL,
        dropped_demos INTEGER NOT NULL DEFAULT 0,
        levels_json TEXT NOT NULL DEFAULT '{}',
        corrupted_json TEXT NOT NULL DEFAULT '[]',
        PRIMARY KEY (run_id, seed, cell, order_index),
        FOREIGN KEY (run_id, seed) REFERENCES demo_sets(run_id, seed) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE predictions_v80 (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        cell INTEGER NOT NULL DEFAULT 0,
        order_index INTEGER NOT NULL,
        example_id TEXT NOT NULL,
        label_probs_json TEXT NOT NULL,
        prompt_tokens INTEGER NOT NULL,
        PRIMARY KEY (run_id, seed, cell, order_index, example_id),
        FOREIGN KEY (run_id, seed, cell, order_index) REFERENCES conditions_v80(run_id, seed, cell, order_index) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE TABLE content_free_results_v80 (
        run_id TEXT NOT NULL,
        seed INTEGER NOT NULL,
        cell INTEGER NOT NULL DEFAULT 0,
        order_index INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('content-free', 'domain')),
        input_index INTEGER NOT NULL,
        input_text TEXT NOT NULL,
        label_probs_json TEXT NOT NULL,
        PRIMARY KEY (run_id, seed, cell, order_index, kind, input_index),
        FOREIGN KEY (run_id, seed, cell, order_index) REFERENCES conditions_v80(run_id, seed, cell, order_index) ON DELETE CASCADE
      ) WITHOUT ROWID;
      INSERT INTO conditions_v80 (run_id, seed, cell, order_index, order_ids_json, dropped_demos)
        SELECT run_id, seed, 0, order_index, order_ids_json, dropped_demos FROM conditions;
      INSERT INTO predictions_v80 (run_id, seed, cell, order_index, example_id, label_probs_json, prompt_tokens)
        SELECT run_id, seed, 0, order_index, example_id, label_probs_json, prompt_tokens FROM predictions;
      INSERT INTO content_free_results_v80 (run_id, seed, cell, order_index, kind, input_index, input_text, label_probs_json)
        SELECT run_id, seed, 0, order_index, kind, input_index, input_text, label_probs_json FROM content_free_results;
    `);
    for (const [table, n] of Object.entries(before)) {
      if (count(`${table}_v80`) !== n) throw new Error(`migration 80: ${table} copied ${count(`${table}_v80`)} of ${n} rows; nothing was changed`);
    }
    // Children first, so no foreign key points at a dropped table; RENAME rewrites the references.
    db.exec(`
      DROP TABLE predictions;
      DROP TABLE content_free_results;
      DROP TABLE conditions;
      ALTER TABLE conditions_v80 RENAME TO conditions;
      ALTER TABLE predictions_v80 RENAME TO predictions;
      ALTER TABLE content_free_results_v80 RENAME TO content_free_results;
    `);
    if (hasProbes) {
      db.exec(`
        CREATE TABLE probe_results (
          run_id TEXT NOT NULL,
          seed INTEGER NOT NULL,
          cell INTEGER NOT NULL DEFAULT 0,
          order_index INTEGER NOT NULL,
          probe_index INTEGER NOT NULL,
          label_probs_json TEXT NOT NULL,
          PRIMARY KEY (run_id, seed, cell, order_index, probe_index),
          FOREIGN KEY (run_id, seed, cell, order_index) REFERENCES conditions(run_id, seed, cell, order_index) ON DELETE CASCADE
        ) WITHOUT ROWID;
        INSERT INTO probe_results (run_id, seed, cell, order_index, probe_index, label_probs_json)
          SELECT run_id, seed, 0, order_index, probe_index, label_probs_json FROM temp.probe_results_v80;
        DROP TABLE temp.probe_results_v80;
      `);
      if (count('probe_results') !== probeRows) throw new Error(`migration 80: probe_results copied ${count('probe_results')} of ${probeRows} rows; nothing was changed`);
    }
  },
};
