import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { insertPlan, listConditions, listDemoSets, listRunExamples } from './plan-queries.ts';
import { countResults, insertResultBatch, listPredictions, listPriorInputs, storedKeys } from './result-queries.ts';
import { spawnSync } from 'node:child_process';
import { addRunTimings, claimRun, getRun, insertRun, listRuns, setRunStatus } from './run-queries.ts';

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
      conditions: [{ seed: 0, orderIndex: 0, order: ['tr:5'], droppedDemos: 0 }],
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
    expect(listConditions(db, 'run1')).toEqual([{ seed: 0, orderIndex: 0, order: ['tr:5'], droppedDemos: 0 }]);
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
        { seed: 0, orderIndex: 0, exampleId: 't:1', probs: { '0': 0.1, '1': 0.3 }, promptTokens: 12 },
        { seed: 0, orderIndex: 0, exampleId: 't:2', probs: { '0': 0.2, '1': 0.25 }, promptTokens: 11 },
      ],
      priors: [{ seed: 0, orderIndex: 0, kind: 'content-free' as const, inputIndex: 0, inputText: 'N/A', probs: { '0': 0.4, '1': 0.2 } }],
    };
    insertResultBatch(db, 'run1', batch);
    insertResultBatch(db, 'run1', batch);
    expect(countResults(db, 'run1')).toEqual({ predictions: 2, priors: 1 });
    expect(listPredictions(db, 'run1')).toEqual(batch.predictions);
    expect(listPriorInputs(db, 'run1')).toEqual(batch.priors);
    const keys = storedKeys(db, 'run1', 0, 0);
    expect([...keys.examples].sort()).toEqual(['t:1', 't:2']);
    expect([...keys.priors]).toEqual(['content-free:0']);
    db.close();
  });

  it('rolls a failing batch back whole', () => {
    const db = seeded('c.db');
    expect(() =>
      insertResultBatch(db, 'run1', {
        predictions: [
          { seed: 0, orderIndex: 0, exampleId: 't:1', probs: { '0': 0.1 }, promptTokens: 1 },
          { seed: 0, orderIndex: 9, exampleId: 't:1', probs: { '0': 0.1 }, promptTokens: 1 },
        ],
        priors: [],
      }),
    ).toThrow(/FOREIGN KEY/);
    expect(countResults(db, 'run1').predictions).toBe(0);
    db.close();
  });

  it('shows a running run whose process died as interrupted, and lets only one live process claim a run', () => {
    const db = seeded('d.db');
    expect(getRun(db, 'run1')).toMatchObject({ status: 'running', owner: { pid: process.pid } });
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    db.prepare('UPDATE runs SET owner_pid = ?').run(dead);
    expect(getRun(db, 'run1')?.status).toBe('interrupted');
    expect(claimRun(db, 'run1')).toBe(true);
    expect(getRun(db, 'run1')).toMatchObject({ status: 'running', owner: { pid: process.pid } });
    db.prepare('UPDATE runs SET owner_pid = ?').run(process.ppid);
    expect(claimRun(db, 'run1')).toBe(false);
    setRunStatus(db, 'run1', 'cancelled');
    expect(getRun(db, 'run1')).toMatchObject({ status: 'cancelled', owner: null });
    expect(claimRun(db, 'run1')).toBe(true);
    db.close();
  });

  it('opens read-only without creating a file', () => {
    expect(() => openDatabase(path.join(dir, 'none.db'), { readonly: true })).toThrow(/no database here/);
    expect(fs.existsSync(path.join(dir, 'none.db'))).toBe(false);
  });
});
