import type { Migration } from './migration.ts';

/** Tags a researcher gives a run in the workbench (a JSON array of strings), beside its name. */
export const migration040RunTags: Migration = {
  version: 40,
  name: 'run-tags',
  up(db) {
    db.exec(`ALTER TABLE runs ADD COLUMN tags_json TEXT NOT NULL DEFAULT '[]';`);
  },
};
