import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { insertPlan, listConditions, listDemoSets, listRunExamples } from './plan-queries.ts';
import { countResults, insertResultBatch, listPredictions, listPriorInputs, storedKeys } from './result-queries.ts';
import { spawnSync } from 'node:child_process';
import { addRunTimings, claimRun, getRun, insertRun, LEASE_MS, listRuns, renewLease, setRunStatus } from './run-queries.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-storage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function seeded(file: string) {
  const db = openDatabase(path.join(dir, file));
  insertRun(db, { id: 'run1', name: 'study', spec: { a: 1 }, modelName: 'tiny', modelSha256: 'abc', tokenizerHash: 'tok', modelInfo: { n: 2 }, totalPrompts: 4, createdAt: '2026-01-01T00:00:00.000Z' });
  db.transaction(() =>
    insertPlan(db, 'run1', {
      examples: [
        { role: 'test', exampleId: 't:2', position: 1, gold: '0', fields: { input: 'b' } },
        { role: 'test', exampleId: 't:1', position: 0, gold: '1', fields: { input: 'a' } },
        { role: 'train', exampleId: 'tr:5', position: 0, gold: '1', fields: { input: 'd' } },
      ],
      demoSets: [{ seed: 0, demoIds: ['tr:5'] }],
      conditions: [{ seed: 0, cell: 0, orderIndex: 0, order: ['tr:5'], droppedDemos: 0, levels: {}, corrupted: [] }],
    }),
  )();
  return db;
}

describe('storage', () => {
  it('opens in WAL mode with foreign keys, and reads back runs and plans', () => {
    const db = seeded('a.db');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(getRun(db, 'run1')).toMatchObject({ name: 'study', spec: { a: 1 }, status: 'running', finishedAt: null, timings: {} });
    expect(listDemoSets(db, 'run1')).toEqual([{ seed: 0, demoIds: ['tr:5'] }]);
    expect(listConditions(db, 'run1')).toEqual([{ seed: 0, cell: 0, orderIndex: 0, order: ['tr:5'], droppedDemos: 0, levels: {}, corrupted: [] }]);
    expect(listRunExamples(db, 'run1', 'test').map((e) => e.exampleId)).toEqual(['t:1', 't:2']);
    setRunStatus(db, 'run1', 'done');
    addRunTimings(db, 'run1', { scoringMs: 5 });
    addRunTimings(db, 'run1', { scoringMs: 7 });
    expect(getRun(db, 'run1')).toMatchObject({ status: 'done', timings: { scoringMs: 12 } });
    expect(getRun(db, 'run1')?.finishedAt).toMatch(/^20/);
    expect(listRuns(db).map((r) => r.id)).toEqual(['run1']);
    db.close();
  });

  it('writes result batches idempotently and reports stored keys', () => {
    const db = seeded('b.db');
    const batch = {
      predictions: [
        { seed: 0, cell: 0, orderIndex: 0, exampleId: 't:1', probs: { '0': 0.1, '1': 0.3 }, promptTokens: 12 },
        { seed: 0, cell: 0, orderIndex: 0, exampleId: 't:2', probs: { '0': 0.2, '1': 0.25 }, promptTokens: 11 },
      ],
      priors: [{ seed: 0, cell: 0, orderIndex: 0, kind: 'content-free' as const, inputIndex: 0, inputText: 'N/A', probs: { '0': 0.4, '1': 0.2 } }],
    };
    insertResultBatch(db, 'run1', batch);
    insertResultBatch(db, 'run1', batch);
    expect(countResults(db, 'run1')).toEqual({ predictions: 2, priors: 1 });
    expect(listPredictions(db, 'run1')).toEqual(batch.predictions);
    expect(listPriorInputs(db, 'run1')).toEqual(batch.priors);
    const keys = storedKeys(db, 'run1', { seed: 0, cell: 0, orderIndex: 0 });
    expect([...keys.examples].sort()).toEqual(['t:1', 't:2']);
    expect([...keys.priors]).toEqual(['content-free:0']);
    db.close();
  });

  it('rolls a failing batch back whole', () => {
    const db = seeded('c.db');
    expect(() =>
      insertResultBatch(db, 'run1', {
        predictions: [
          { seed: 0, cell: 0, orderIndex: 0, exampleId: 't:1', probs: { '0': 0.1 }, promptTokens: 1 },
          { seed: 0, cell: 0, orderIndex: 9, exampleId: 't:1', probs: { '0': 0.1 }, promptTokens: 1 },
        ],
        priors: [],
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(countResults(db, 'run1').predictions).toBe(0);
    db.close();
  });

  it('shows a running run whose process died as interrupted, and lets only one live session claim a run', () => {
    const db = seeded('d.db');
    expect(getRun(db, 'run1')).toMatchObject({ status: 'running', owner: { pid: process.pid } });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    db.prepare('UPDATE runs SET owner_pid = ?').run(dead);
    expect(getRun(db, 'run1')?.status).toBe('interrupted');
    expect(claimRun(db, 'run1', 'me')).toEqual({ claimed: true, tookFrom: null });
    expect(getRun(db, 'run1')).toMatchObject({ status: 'running', owner: { pid: process.pid, leaseOwner: 'me' } });
    expect(claimRun(db, 'run1', 'other')).toMatchObject({ claimed: false, holder: { pid: process.pid } });
    setRunStatus(db, 'run1', 'cancelled');
    expect(getRun(db, 'run1')).toMatchObject({ status: 'cancelled', owner: null });
    expect(claimRun(db, 'run1', 'other')).toMatchObject({ claimed: true });
    db.close();
  });

  it('decides ownership by lease: a live pid elsewhere or a reused pid here never blocks a run past its lease', () => {
    const db = seeded('lease.db');
    const t0 = Date.now();
    expect(claimRun(db, 'run1', 'a', { nowMs: t0 }).claimed).toBe(true);
    // Copied to another machine: the host differs, the pid means nothing there.
    db.prepare("UPDATE runs SET owner_host = 'gpu-box-7', owner_pid = 1").run();
    expect(claimRun(db, 'run1', 'b', { nowMs: t0 + 1000 }).claimed).toBe(false);
    expect(claimRun(db, 'run1', 'b', { nowMs: t0 + LEASE_MS + 1 })).toEqual({ claimed: true, tookFrom: null });
    // This host, a pid that is alive but not ours (reused): the lease decides as well.
    db.prepare('UPDATE runs SET owner_pid = ?, owner_host = ?').run(process.ppid, os.hostname());
    expect(getRun(db, 'run1')?.status).toBe('running');
    expect(claimRun(db, 'run1', 'c', { nowMs: t0 + 2000 }).claimed).toBe(false);
    expect(claimRun(db, 'run1', 'c', { nowMs: t0 + 3 * LEASE_MS })).toMatchObject({ claimed: true });
    // The heartbeat extends only the holder's lease; a forced take-over tells the old holder.
    expect(renewLease(db, 'run1', 'c')).toBe(true);
    expect(claimRun(db, 'run1', 'd', { force: true })).toMatchObject({ claimed: true, tookFrom: { host: os.hostname() } });
    expect(renewLease(db, 'run1', 'c')).toBe(false);
    db.close();
  });

  it('refuses to write to a damaged file, a newer schema or an impossible folder, naming the file', () => {
    const file = path.join(dir, 'damaged.db');
    const db = openDatabase(file);
    const insert = db.prepare('INSERT INTO run_examples (run_id, role, example_id, position, gold, fields_json) VALUES (?, ?, ?, ?, ?, ?)');
    db.pragma('foreign_keys = OFF');
    db.transaction(() => {
      for (let i = 0; i < 400; i++) insert.run('r', 'test', `e${i}`, i, '0', JSON.stringify({ text: 'x'.repeat(200) }));
    })();
    db.close();
    const bytes = fs.readFileSync(file);
    const pageSize = 4096;
    // Scribble over a b-tree page header past the schema page.
    bytes.fill(0xa5, pageSize * 5, pageSize * 5 + 64);
    fs.writeFileSync(file, bytes);
    expect(() => openDatabase(file)).toThrow(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: the database is damaged .*nothing was written.*sqlite3 ".*damaged\\.db" "\\.recover"`));
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);

    const newer = path.join(dir, 'newer.db');
    openDatabase(newer).prepare("INSERT INTO schema_migrations VALUES (999, 'future', 'x')").run();
    expect(() => openDatabase(newer)).toThrow(/newer\.db: written by a newer Promptscope \(schema version 999/);
    expect(() => openDatabase(newer, { readonly: true })).toThrow(/written by a newer Promptscope/);
    expect(() => openDatabase('/proc/nope/x.db')).toThrow(/^\/proc\/nope\/x\.db: cannot create the folder \/proc\/nope/);
    const handle = openDatabase(path.join(dir, 'errors.db'));
    expect(() => handle.prepare('SELECT * FROM no_such_table').all()).toThrow(/errors\.db: no such table: no_such_table/);
    handle.close();
  });

  it('opens read-only without creating a file', () => {
    expect(() => openDatabase(path.join(dir, 'none.db'), { readonly: true })).toThrow(/no database here/);
    expect(fs.existsSync(path.join(dir, 'none.db'))).toBe(false);
  });
});
