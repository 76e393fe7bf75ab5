import type { Migration } from './migration.ts';

/**
 * Which process is running a run (host name and pid), so a run whose process died can be shown
 * as interrupted rather than running, and two processes never score the same run at once.
 */
export const migration004RunOwner: Migration = {
  version: 4,
  name: 'run-owner',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN owner_host TEXT;
      ALTER TABLE runs ADD COLUMN owner_pid INTEGER;
    `);
  },
};
