/**
 * SQLite errors as one line that names the database file and says what to do.
 *
 * better-sqlite3's messages ("database disk image is malformed", "disk I/O error") never say
 * which file; a user with several `--db` files cannot act on them.
 */
export class DatabaseError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'DatabaseError';
  }
}

function advice(code: string, file: string): string {
  if (code.startsWith('SQLITE_FULL')) return 'free disk space, then resume the run';
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'another process is writing it; wait for it or stop it';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_PERM') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_AUTH')) {
    return 'check that the file and its folder exist and are writable';
  }
  if (/^SQLITE_(CORRUPT|NOTADB|IOERR|FORMAT|SCHEMA)/.test(code)) return `if the file is damaged, recover what it holds with: sqlite3 ${JSON.stringify(file)} ".recover" | sqlite3 recovered.db`;
  return '';
}

/** `FILE: message; advice` for an SQLite error; anything else is returned unchanged. */
export function databaseError(error: unknown, file: string): unknown {
  if (error instanceof DatabaseError) return error;
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return error;
  const message = String((error as Error).message).split('\n')[0];
  const hint = advice(code, file);
  return new DatabaseError(`${file}: ${message}${hint ? `; ${hint}` : ''}`, code);
}

/** The same error for a file that fails the integrity check before anything is written. */
export function corruptDatabase(file: string, problem: string): DatabaseError {
  return new DatabaseError(`${file}: the database is damaged (${problem}); nothing was written. ${advice('SQLITE_CORRUPT', file)}`, 'SQLITE_CORRUPT');
}
