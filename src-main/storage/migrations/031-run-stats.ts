import type { Migration } from './migration.ts';

/**
 * What a run list shows, kept up to date as results arrive, so listing runs reads one row per run
 * instead of every stored prediction: the prompts stored so far (updated in each result batch's
 * transaction) and, once the run is done, its mean accuracy per method. Existing runs get their
 * counts here; their accuracies are filled in the first time a list needs them.
 */
export const migration031RunStats: Migration = {
  version: 31,
  name: 'run-stats',
  up(db) {
    db.exec(`
      CREATE TABLE run_stats (
        run_id TEXT PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        stored_prompts INTEGER NOT NULL DEFAULT 0,
        mean_accuracy_json TEXT
      ) WITHOUT ROWID;
      INSERT INTO run_stats (run_id, stored_prompts)
        SELECT r.id,
          (SELECT COUNT(*) FROM predictions p WHERE p.run_id = r.id) + (SELECT COUNT(*) FROM content_free_results c WHERE c.run_id = r.id)
        FROM runs r;
    `);
  },
};
