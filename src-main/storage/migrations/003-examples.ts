import type { Migration } from './migration.ts';

/**
 * The examples a run used: the test sample (in order; `position` is the lm-eval doc_id) and the
 * drawn demonstrations, with all their fields, so exports and the UI need no dataset files.
 */
export const migration003Examples: Migration = {
  version: 3,
  name: 'examples',
  up(db) {
    db.exec(`
      CREATE TABLE run_examples (
        run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        role TEXT NOT NULL CHECK (role IN ('train', 'test')),
        example_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        gold TEXT NOT NULL,
        fields_json TEXT NOT NULL,
        PRIMARY KEY (run_id, role, example_id)
      ) WITHOUT ROWID;
    `);
  },
};
