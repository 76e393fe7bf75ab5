import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.ts';
import { insertPlan } from './plan-queries.ts';
import { countProbeResults, insertProbeResults, insertProbeSet, listProbeResults, listProbeSets, storedProbeIndices } from './probe-queries.ts';
import { getRun, insertRun } from './run-queries.ts';

/** Probing sets on a real SQLite file: written whole once, scores idempotent and counted, gone with their run. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-probe-storage-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const report = { seed: 0, generations: [{ orderIndex: 0, noRepeatNgram: 3, text: ' a fine film indeed\nSentiment: positive\n', tokens: 9 }], parsed: 1, incomplete: 0, tooShort: 0, duplicates: 0, overLength: 0, overSize: 0, size: 1 };

describe('probe queries', () => {
  it('stores a set once with its prompts added to the total; scores are idempotent and go with the run', () => {
    const db = openDatabase(path.join(dir, 'p.db'));
    insertRun(db, { id: 'r', name: 'study', spec: {}, modelName: 'tiny', modelSha256: 'abc', tokenizerHash: 'tok', modelInfo: {}, totalPrompts: 10, createdAt: '2026-01-01T00:00:00.000Z' });
    db.transaction(() =>
      insertPlan(db, 'r', {
        examples: [],
        demoSets: [{ seed: 0, demoIds: ['a', 'b'] }],
        conditions: [
          { seed: 0, orderIndex: 0, order: ['a', 'b'], droppedDemos: 0 },
          { seed: 0, orderIndex: 1, order: ['b', 'a'], droppedDemos: 0 },
        ],
      }),
    )();
    const set = { seed: 0, report, inputs: [{ seed: 0, probeIndex: 0, fields: { input: 'a fine film indeed' }, sourceOrderIndex: 0, noRepeatNgram: 3 }] };
    expect(insertProbeSet(db, 'r', set, 2)).toBe(true);
    expect(getRun(db, 'r')!.totalPrompts).toBe(12);
    // A second session's set for the same seed is not written, and the total is not counted twice.
    expect(insertProbeSet(db, 'r', { ...set, inputs: [{ ...set.inputs[0], fields: { input: 'another text' } }] }, 2)).toBe(false);
    expect(getRun(db, 'r')!.totalPrompts).toBe(12);
    expect(listProbeSets(db, 'r')).toEqual([set]);
    const rows = [0, 1].map((orderIndex) => ({ seed: 0, orderIndex, probeIndex: 0, probs: { '0': 0.1, '1': 0.3 } }));
    db.transaction(() => expect(insertProbeResults(db, 'r', rows)).toBe(2))();
    db.transaction(() => expect(insertProbeResults(db, 'r', rows)).toBe(0))();
    expect(countProbeResults(db, 'r')).toBe(2);
    expect(db.prepare("SELECT stored_prompts FROM run_stats WHERE run_id = 'r'").pluck().get()).toBe(2);
    expect([...storedProbeIndices(db, 'r', 0, 1)]).toEqual([0]);
    expect(listProbeResults(db, 'r')).toEqual(rows);
    db.prepare("DELETE FROM runs WHERE id = 'r'").run();
    for (const table of ['probe_sets', 'probe_inputs', 'probe_results']) expect(db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(0);
    db.close();
  });
});
