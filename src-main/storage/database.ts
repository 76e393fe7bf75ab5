import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { applyMigrations } from './migrate.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';

export type { Database };

export interface OpenDatabaseOptions {
  /** Open an existing file without creating it or migrating (for `runs list`, export). */
  readonly?: boolean;
  /** The migrations to apply (default: all of them). */
  migrations?: readonly Migration[];
}

/**
 * Open (creating if needed) the experiment database and bring its schema up to date.
 *
 * WAL lets readers (UI, export) work while the runner writes; synchronous=FULL makes each
 * committed batch survive power loss, not just a killed process (CONTRACT.md `run --resume`).
 * One process-wide writer connection is the caller's job: build it in the composition root and
 * pass it down (Signal's MainSQL).
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  if (options.readonly) {
    if (!fs.existsSync(file)) throw new Error(`${file}: no database here`);
    const db = new BetterSqlite3(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    return db;
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new BetterSqlite3(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db, options.migrations ?? allMigrations);
  return db;
}
