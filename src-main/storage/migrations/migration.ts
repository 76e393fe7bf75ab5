import type { Database } from 'better-sqlite3';

/**
 * One schema step. Versions are applied in ascending order, each in its own transaction, and
 * recorded in `schema_migrations`, so gaps are allowed: experiments own 001-009, fine-tuning
 * 010-019.
 */
export interface Migration {
  version: number;
  name: string;
  up(db: Database): void;
}
