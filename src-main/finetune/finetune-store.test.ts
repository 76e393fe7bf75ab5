import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.ts';
import { migrations } from '../storage/migrations/index.ts';
import {
  getFinetuneRun,
  insertFinetuneCondition,
  insertFinetuneRun,
  listFinetuneConditions,
  listFinetunePredictions,
  listFinetuneRuns,
  setFinetuneRunStatus,
  type FinetuneConditionRecord,
} from './finetune-store.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-ftstore-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = { id: 'r1', name: 'curve', specJson: '{}', modelName: 'tiny', modelSha256: 'abc', modelInfoJson: '{}', createdAt: '2026-01-01T00:00:00Z' };
const condition: FinetuneConditionRecord = {
  budget: 4,
  seed: 0,
  method: 'head',
  kUsed: 4,
  trainIds: ['t:1', 't:2'],
  accuracy: 0.5,
  macroF1: 0.4,
  trainLoss: 0.3,
  lossCurve: [{ iteration: 1, trainLoss: 0.6 }],
  details: { stoppedBy: 'converged' },
  head: { kind: 'logistic-regression' },
};

describe('migration 010 and the learning-curve store', () => {
  it('adds the tables to an experiments database that lacks them, once', () => {
    const file = path.join(dir, 'old.db');
    const experimentsOnly = migrations.filter((m) => m.version < 10);
    openDatabase(file, { migrations: experimentsOnly }).close();
    const db = openDatabase(file, { migrations: experimentsOnly });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'finetune_runs'").get()).toBeUndefined();
    db.close();
    openDatabase(file).close();
    const upgraded = openDatabase(file);
    expect(upgraded.prepare('SELECT version FROM schema_migrations WHERE version = 10').pluck().all()).toEqual([10]);
    upgraded.close();
  });

  it('stores runs, conditions and predictions, with keys, checks and cascades', () => {
    const db = openDatabase(path.join(dir, 'a.db'));
    insertFinetuneRun(db, run);
    insertFinetuneCondition(db, 'r1', condition, [
      { exampleId: 'e:2', gold: '1', probs: { '0': 0.3, '1': 0.7 }, predicted: '1' },
      { exampleId: 'e:1', gold: '0', probs: { '0': 0.6, '1': 0.4 }, predicted: '0' },
    ]);
    expect(listFinetuneConditions(db, 'r1')).toEqual([condition]);
    expect(listFinetunePredictions(db, 'r1').map((p) => p.exampleId)).toEqual(['e:1', 'e:2']);
    expect(listFinetunePredictions(db, 'r1')[1]).toMatchObject({ budget: 4, seed: 0, method: 'head', probs: { '0': 0.3, '1': 0.7 } });
    expect(() => db.prepare("UPDATE finetune_runs SET status = 'bogus'").run()).toThrow(/CHECK/);
    setFinetuneRunStatus(db, 'r1', 'done');
    expect(getFinetuneRun(db, 'r1')).toMatchObject({ status: 'done', error: null });
    expect(listFinetuneRuns(db).map((r) => r.id)).toEqual(['r1']);
    db.prepare("DELETE FROM finetune_runs WHERE id = 'r1'").run();
    expect(db.prepare('SELECT COUNT(*) FROM finetune_predictions').pluck().get()).toBe(0);
    db.close();
  });

  it('stores a condition whole or not at all', () => {
    const db = openDatabase(path.join(dir, 'b.db'));
    insertFinetuneRun(db, run);
    const duplicate = { exampleId: 'e:1', gold: '0', probs: {}, predicted: '0' };
    expect(() => insertFinetuneCondition(db, 'r1', condition, [duplicate, duplicate])).toThrow(/UNIQUE|PRIMARY/);
    expect(listFinetuneConditions(db, 'r1')).toEqual([]);
    expect(() => insertFinetuneCondition(db, 'missing-run', condition, [])).toThrow(/FOREIGN KEY/);
    db.close();
  });
});
