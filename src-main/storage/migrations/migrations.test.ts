import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../migrate.ts';
import { migration001Runs } from './001-runs.ts';
import { migration002Results } from './002-results.ts';
import { migration003Examples } from './003-examples.ts';
import { migration004RunOwner } from './004-run-owner.ts';
import { migration030RunLease } from './030-run-lease.ts';
import { migration031RunStats } from './031-run-stats.ts';
import { migrations } from './index.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-migrations-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;

function freshDb() {
  const db = new BetterSqlite3(path.join(dir, `m${n++}.db`));
  db.pragma('foreign_keys = ON');
  return db;
}

function columns(db: BetterSqlite3.Database, table: string): string[] {
  return (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
}

const run = (db: BetterSqlite3.Database) =>
  db
    .prepare(
      "INSERT INTO runs (id, name, spec_json, model_name, model_sha256, tokenizer_hash, model_info_json, status, total_prompts, created_at) VALUES ('r', 'n', '{}', 'm', 'h', 't', '{}', 'running', 1, 'now')",
    )
    .run();

describe('migrations', () => {
  it('001 creates runs, demo_sets and conditions with their keys and checks', () => {
    const db = freshDb();
    applyMigrations(db, [migration001Runs]);
    expect(columns(db, 'runs')).toEqual(expect.arrayContaining(['id', 'spec_json', 'model_sha256', 'tokenizer_hash', 'status', 'created_at', 'finished_at', 'timings_json']));
    run(db);
    expect(() => db.prepare("UPDATE runs SET status = 'bogus'").run()).toThrow(/CHECK/);
    db.prepare("INSERT INTO demo_sets VALUES ('r', 0, '[]')").run();
    expect(() => db.prepare("INSERT INTO demo_sets VALUES ('r', 0, '[]')").run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare("INSERT INTO conditions VALUES ('r', 0, 0, '[]', 0)").run();
    expect(() => db.prepare("INSERT INTO conditions VALUES ('r', 9, 0, '[]', 0)").run()).toThrow(/FOREIGN KEY/);
  });

  it('002 creates predictions and content_free_results keyed for idempotent writes', () => {
    const db = freshDb();
    applyMigrations(db, [migration001Runs, migration002Results]);
    run(db);
    db.prepare("INSERT INTO demo_sets VALUES ('r', 0, '[]')").run();
    db.prepare("INSERT INTO conditions VALUES ('r', 0, 0, '[]', 0)").run();
    const insert = db.prepare("INSERT OR IGNORE INTO predictions VALUES ('r', 0, 0, 'e1', '{}', 5)");
    expect(insert.run().changes).toBe(1);
    expect(insert.run().changes).toBe(0);
    expect(() => db.prepare("INSERT INTO predictions VALUES ('r', 0, 0, 'e1', '{}', 5)").run()).toThrow(/UNIQUE|PRIMARY/);
    db.prepare("INSERT INTO content_free_results VALUES ('r', 0, 0, 'content-free', 0, 'N/A', '{}')").run();
    expect(() => db.prepare("INSERT INTO content_free_results VALUES ('r', 0, 0, 'other', 1, 'N/A', '{}')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO predictions VALUES ('r', 0, 7, 'e1', '{}', 5)").run()).toThrow(/FOREIGN KEY/);
    db.prepare("DELETE FROM runs WHERE id = 'r'").run();
    expect(db.prepare('SELECT COUNT(*) FROM predictions').pluck().get()).toBe(0);
  });

  it('003 creates run_examples', () => {
    const db = freshDb();
    applyMigrations(db, [migration001Runs, migration003Examples]);
    run(db);
    db.prepare("INSERT INTO run_examples VALUES ('r', 'test', 'f:1', 0, '1', '{}')").run();
    db.prepare("INSERT INTO run_examples VALUES ('r', 'train', 'f:1', 0, '1', '{}')").run();
    expect(() => db.prepare("INSERT INTO run_examples VALUES ('r', 'dev', 'f:2', 0, '1', '{}')").run()).toThrow(/CHECK/);
  });

  it('004 adds the owner columns to existing runs, keeping their rows', () => {
    const db = freshDb();
    applyMigrations(db, [migration001Runs]);
    run(db);
    applyMigrations(db, [migration001Runs, migration004RunOwner]);
    expect(columns(db, 'runs')).toEqual(expect.arrayContaining(['owner_host', 'owner_pid']));
    expect(db.prepare("SELECT owner_pid FROM runs WHERE id = 'r'").pluck().get()).toBeNull();
  });

  it('030 adds the lease columns to existing runs, empty', () => {
    const db = freshDb();
    applyMigrations(db, [migration001Runs, migration004RunOwner]);
    run(db);
    applyMigrations(db, [migration001Runs, migration004RunOwner, migration030RunLease]);
    expect(columns(db, 'runs')).toEqual(expect.arrayContaining(['lease_owner', 'lease_expires_ms']));
    expect(db.prepare("SELECT lease_expires_ms FROM runs WHERE id = 'r'").pluck().get()).toBeNull();
  });

  it('031 creates run_stats with the stored counts of existing runs', () => {
    const db = freshDb();
    applyMigrations(db, [migration001Runs, migration002Results]);
    run(db);
    db.prepare("INSERT INTO demo_sets VALUES ('r', 0, '[]')").run();
    db.prepare("INSERT INTO conditions VALUES ('r', 0, 0, '[]', 0)").run();
    db.prepare("INSERT INTO predictions VALUES ('r', 0, 0, 'e1', '{}', 5)").run();
    db.prepare("INSERT INTO predictions VALUES ('r', 0, 0, 'e2', '{}', 5)").run();
    db.prepare("INSERT INTO content_free_results VALUES ('r', 0, 0, 'content-free', 0, 'N/A', '{}')").run();
    applyMigrations(db, [migration001Runs, migration002Results, migration031RunStats]);
    expect(db.prepare("SELECT stored_prompts, mean_accuracy_json FROM run_stats WHERE run_id = 'r'").get()).toEqual({ stored_prompts: 3, mean_accuracy_json: null });
  });

  it('applies each version once, records it, and tolerates gaps in numbering', () => {
    const db = freshDb();
    expect(applyMigrations(db, migrations)).toEqual([1, 2, 3, 4, 10, 30, 31, 40, 90]);
    expect(applyMigrations(db, migrations)).toEqual([]);
    const later = { version: 20, name: 'later', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE later_t (x)') };
    expect(applyMigrations(db, [...migrations, later])).toEqual([20]);
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([1, 2, 3, 4, 10, 20, 30, 31, 40, 90]);
  });

  it('rolls back a failing step, leaving the earlier ones', () => {
    const db = freshDb();
    const broken = { version: 21, name: 'broken', up: (d: BetterSqlite3.Database) => d.exec('CREATE TABLE half (x); SELECT nope FROM missing') };
    expect(() => applyMigrations(db, [...migrations, broken])).toThrow(/missing/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'half'").get()).toBeUndefined();
    expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(10);
  });
});

describe('040 run tags', () => {
  it('adds tags (default none) that rename, tag and delete work with; delete cascades to the plan', async () => {
    const { renameRun, setRunTags, allRunTags, deleteRun } = await import('../run-labels.ts');
    const db = freshDb();
    applyMigrations(db, migrations);
    expect(columns(db, 'runs')).toContain('tags_json');
    run(db);
    db.prepare("INSERT INTO run_examples (run_id, role, example_id, position, gold, fields_json) VALUES ('r', 'test', 'e1', 0, '1', '{}')").run();
    expect(allRunTags(db).get('r')).toEqual([]);
    expect(renameRun(db, 'r', 'renamed')).toBe(true);
    expect(setRunTags(db, 'r', ['baseline', 'sst2', 'baseline'])).toBe(true);
    expect(allRunTags(db).get('r')).toEqual(['baseline', 'sst2']);
    expect(deleteRun(db, 'r')).toBe(true);
    expect(db.prepare('SELECT COUNT(*) FROM run_examples').pluck().get()).toBe(0);
    expect(deleteRun(db, 'r')).toBe(false);
    db.close();
  });
});
