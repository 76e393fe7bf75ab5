import type { Migration } from './migration.ts';

/**
 * Run ownership by lease: the session scoring a run holds it until `lease_expires_ms` (epoch
 * milliseconds) and renews it by heartbeat. Host name and pid (004) cannot decide ownership once a
 * database is copied to another machine, a container restarts, or a pid is reused; an expired
 * lease always can. The host and pid stay as information for messages.
 */
export const migration030RunLease: Migration = {
  version: 30,
  name: 'run-lease',
  up(db) {
    db.exec(`
      ALTER TABLE runs ADD COLUMN lease_owner TEXT;
      ALTER TABLE runs ADD COLUMN lease_expires_ms INTEGER;
    `);
  },
};
