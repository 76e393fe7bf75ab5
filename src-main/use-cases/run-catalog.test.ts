import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../storage/database.ts';
import { insertPlan } from '../storage/plan-queries.ts';
import { insertResultBatch } from '../storage/result-queries.ts';
import { insertRun, setRunStatus } from '../storage/run-queries.ts';
import { listRunStats } from '../storage/run-stats-queries.ts';
import { RunCatalog } from './run-catalog.ts';

/**
 * The run catalog both front ends list and export through, on a real SQLite file with runs
 * stored through the study runner's query modules. The accuracy it reports is checked against a
 * count made here from the probabilities the test stored.
 */
const spec = {
  name: 'catalog',
  model: 'default',
  data: { train: { path: 'train.tsv', format: 'sst2' }, test: { path: 'test.tsv', format: 'sst2' } },
  task: { instruction: '', template: '{{input}} {{label}}', separator: '\n\n', labels: { '0': ['Negative'], '1': ['Positive'] } },
  classes: ['0', '1'],
  shots: 2,
  seeds: [0],
  sampling: 'uniform',
  orders: 'all',
  calibration: ['none'],
  contentFree: ['N/A'],
  batchSize: 32,
};
const EXAMPLES = 5;

/** Stores a run; answers the share of correct (argmax = gold) predictions per condition. */
function storeRun(db: Database, id: string, status: 'done' | 'running', second: number): number[] {
  const tests = Array.from({ length: EXAMPLES }, (_, i) => ({ role: 'test' as const, exampleId: `t:${i}`, position: i, gold: String(i % 2), fields: { input: `text ${i}` } }));
  const train = ['d:1', 'd:2'].map((exampleId, position) => ({ role: 'train' as const, exampleId, position, gold: String(position % 2), fields: { input: exampleId } }));
  const conditions = [0, 1].map((orderIndex) => ({ seed: 0, cell: 0, orderIndex, order: orderIndex ? ['d:2', 'd:1'] : ['d:1', 'd:2'], droppedDemos: 0, levels: {}, corrupted: [] }));
  db.transaction(() => {
    insertRun(db, { id, name: `run ${id}`, spec, modelName: 'default', modelSha256: 'x'.repeat(64), tokenizerHash: 'y', modelInfo: {}, totalPrompts: conditions.length * (EXAMPLES + 1), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString() });
    insertPlan(db, id, { examples: [...tests, ...train], demoSets: [{ seed: 0, demoIds: ['d:1', 'd:2'] }], conditions });
  })();
  const correct: number[] = [];
  for (const c of conditions) {
    // Example i gets P('1') = 0.1 + 0.2 i, shifted by the order: right for some, wrong for others.
    const p1 = (i: number) => Math.min(0.95, 0.1 + 0.2 * i + 0.15 * c.orderIndex);
    insertResultBatch(db, id, {
      predictions: tests.map((t, i) => ({ seed: c.seed, cell: 0, orderIndex: c.orderIndex, exampleId: t.exampleId, probs: { '0': 1 - p1(i), '1': p1(i) }, promptTokens: 10 })),
      priors: [{ seed: c.seed, cell: 0, orderIndex: c.orderIndex, kind: 'content-free' as const, inputIndex: 0, inputText: 'N/A', probs: { '0': 0.5, '1': 0.5 } }],
    });
    correct.push(tests.filter((t, i) => (p1(i) > 0.5 ? '1' : '0') === t.gold).length / EXAMPLES);
  }
  if (status === 'done') setRunStatus(db, id, 'done');
  return correct;
}

describe('RunCatalog (runs list and export for the CLI and the API)', () => {
  let dir: string;
  let file: string;
  let perCondition: number[];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-catalog-'));
    file = path.join(dir, 'runs.db');
    const db = openDatabase(file);
    perCondition = storeRun(db, 'finished', 'done', 1);
    storeRun(db, 'unfinished', 'running', 2);
    db.close();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists read-only without summarising or writing (the CLI), newest first, with the prompts stored', () => {
    const db = openDatabase(file, { readonly: true });
    try {
      const entries = new RunCatalog(() => db).list();
      expect(entries.map((e) => e.head.id)).toEqual(['unfinished', 'finished']);
      expect(entries.map((e) => e.storedPrompts)).toEqual([2 * (EXAMPLES + 1), 2 * (EXAMPLES + 1)]);
      expect(entries.map((e) => e.meanAccuracy)).toEqual([{}, {}]);
    } finally {
      db.close();
    }
  });

  it("summarises a finished run's accuracy once when asked (the API) and stores it in run_stats", () => {
    const db = openDatabase(file);
    try {
      const expected = perCondition.reduce((a, b) => a + b, 0) / perCondition.length;
      const [unfinished, finished] = new RunCatalog(() => db).list({ accuracy: true });
      expect(unfinished.meanAccuracy).toEqual({});
      expect(finished.meanAccuracy.none).toBeCloseTo(expected, 12);
      expect(listRunStats(db)?.get('finished')?.meanAccuracy?.none).toBeCloseTo(expected, 12);
    } finally {
      db.close();
    }
  });

  it('exports one row per (seed, order, test example), the same file for every front end', () => {
    const db = openDatabase(file, { readonly: true });
    try {
      const catalog = new RunCatalog(() => db);
      const jsonl = catalog.exportRun('finished', 'jsonl');
      expect(jsonl).toMatchObject({ fileName: 'run-finished-finished.jsonl', mimeType: 'application/x-ndjson', rows: 2 * EXAMPLES });
      expect(jsonl.content.trim().split('\n')).toHaveLength(2 * EXAMPLES);
      const csv = catalog.exportRun('finished', 'csv');
      expect(csv.content.trim().split('\n')).toHaveLength(2 * EXAMPLES + 1);
      expect(() => catalog.exportRun('nope', 'jsonl')).toThrow(/nope/);
    } finally {
      db.close();
    }
  });
});
