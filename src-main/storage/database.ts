import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { corruptDatabase, databaseError, DatabaseError } from './database-errors.ts';
import { applyMigrations } from './migrate.ts';
import { migrations as allMigrations, type Migration } from './migrations/index.ts';
import { withPathInErrors } from './path-in-errors.ts';

export type { Database };
export { DatabaseError };

export interface OpenDatabaseOptions {
  /** Open an existing file without creating it or migrating (for `runs list`, export). */
  readonly?: boolean;
  /** The migrations to apply (default: all of them). */
  migrations?: readonly Migration[];
}

/**
 * Open (creating if needed) the experiment database and bring its schema up to date.
 *
 * Before anything is written: the folder is created one level at a time (Node's recursive mkdir
 * spins forever under /proc), `PRAGMA quick_check` must pass (a damaged file must not take a new
 * run), and a schema from a newer Promptscope is refused rather than written with older code.
 * Every SQLite error from the returned handle names the file (path-in-errors.ts).
 *
 * WAL lets readers (UI, export) work while the runner writes; synchronous=FULL makes each
 * committed batch survive power loss, not just a killed process (CONTRACT.md `run --resume`).
 * One process-wide writer connection is the caller's job: build it in the composition root and
 * pass it down (Signal's MainSQL).
 */
export function openDatabase(file: string, options: OpenDatabaseOptions = {}): Database {
  const known = new Set([...allMigrations, ...(options.migrations ?? [])].map((m) => m.version));
  if (options.readonly) {
    if (!fs.existsSync(file)) throw new DatabaseError(`${file}: no database here (check --db)`, 'DB_MISSING');
    if (fs.statSync(file).isDirectory()) throw new DatabaseError(`${file}: is a folder, not a database file`, 'DB_MISSING');
    const db = guarded(file, () => new BetterSqlite3(file, { readonly: true, fileMustExist: true }));
    try {
      guarded(file, () => {
        db.pragma('busy_timeout = 5000');
        refuseNewerSchema(db, file, known);
      });
    } catch (error) {
      db.close();
      throw error;
    }
    return withPathInErrors(db, file);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new DatabaseError(`${file}: is a folder, not a database file`, 'DB_MISSING');
  makeFolder(path.dirname(path.resolve(file)), file);
  const db = guarded(file, () => new BetterSqlite3(file));
  try {
    guarded(file, () => {
      db.pragma('busy_timeout = 5000');
      let problems: { quick_check: string }[];
      try {
        problems = db.pragma('quick_check', { simple: false }) as { quick_check: string }[];
      } catch (error) {
        // Not SQLite at all, or damage bad enough that the check itself cannot read the file.
        if ((error as { code?: string }).code === 'SQLITE_NOTADB') throw databaseError(error, file);
        throw corruptDatabase(file, String((error as Error).message).split('\n')[0]);
      }
      if (problems.length !== 1 || problems[0].quick_check !== 'ok') throw corruptDatabase(file, problems[0]?.quick_check ?? 'quick_check failed');
      refuseNewerSchema(db, file, known);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
      applyMigrations(db, options.migrations ?? allMigrations);
    });
  } catch (error) {
    db.close();
    throw error;
  }
  return withPathInErrors(db, file);
}

function guarded<T>(file: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    throw databaseError(error, file);
  }
}

/** A database that a newer Promptscope migrated may hold tables and meanings this code does not know. */
function refuseNewerSchema(db: Database, file: string, known: Set<number>): void {
  const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").get();
  if (!hasTable) return;
  const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all() as number[];
  const unknown = versions.filter((v) => !known.has(v));
  if (unknown.length === 0) return;
  throw new DatabaseError(
    `${file}: written by a newer Promptscope (schema version ${Math.max(...unknown)}; this one knows up to ${Math.max(...known)}); update Promptscope, or use another --db`,
    'DB_NEWER',
  );
}

/** Creates missing folders one level at a time, so an impossible path fails at once with its name. */
function makeFolder(dir: string, file: string): void {
  const missing: string[] = [];
  let current = dir;
  while (!fs.existsSync(current)) {
    missing.unshift(current);
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (fs.existsSync(current) && !fs.statSync(current).isDirectory()) throw new DatabaseError(`${file}: ${current} is a file, not a folder`, 'DB_FOLDER');
  for (const folder of missing) {
    try {
      fs.mkdirSync(folder);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new DatabaseError(`${file}: cannot create the folder ${folder} (${code})`, 'DB_FOLDER');
    }
  }
}
