import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineHost } from '../engine/host.ts';
import { insertFinetuneCondition, insertFinetuneRun, setFinetuneRunStatus } from '../finetune/finetune-store.ts';
import { openDatabase } from '../storage/database.ts';
import { FileAccess } from './file-access.ts';
import { finetuneHandlers } from './finetune-handlers.ts';
import type { ApiServices } from './services.ts';

/** No events are sent by these handlers. */
const ctx = { emit: () => undefined };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-ftapi-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function services(file: string): ApiServices {
  let db: ReturnType<typeof openDatabase> | undefined;
  return {
    // The learning-curve handlers never touch the engine.
    engine: undefined as unknown as EngineHost,
    db: () => (db ??= openDatabase(file)),
    env: {},
    home: dir,
    defaultModelDir: dir,
    mode: 'browser',
    files: new FileAccess([dir], 'test'),
    version: 'test',
    broadcast: () => undefined,
  };
}

describe('finetune API handlers', () => {
  it('list and get a stored learning curve with its per-budget aggregates', async () => {
    const file = path.join(dir, 'a.db');
    const db = openDatabase(file);
    insertFinetuneRun(db, { id: 'r1', name: 'curve', specJson: JSON.stringify({ data: { test: { path: '/data/test' } } }), modelName: 'tiny', modelSha256: 'abc', modelInfoJson: '{}', createdAt: '2026-01-01T00:00:00Z' });
    for (const [seed, accuracy] of [
      [0, 0.5],
      [1, 0.75],
    ]) {
      insertFinetuneCondition(db, 'r1', { budget: 4, seed, method: 'head', kUsed: 4, trainIds: [], accuracy, macroF1: accuracy, trainLoss: 0.1, lossCurve: [], details: {}, head: null }, []);
    }
    setFinetuneRunStatus(db, 'r1', 'done');
    db.close();

    const handlers = finetuneHandlers(services(file));
    const list = await handlers['finetune.list']({}, ctx);
    expect(list).toEqual({ ok: true, value: [expect.objectContaining({ runId: 'r1', status: 'done', conditions: 2, model: { name: 'tiny', sha256: 'abc' } })] });
    const got = await handlers['finetune.get']({ runId: 'r1' }, ctx);
    if (!got.ok) throw new Error(got.error.message);
    expect(got.value.curves.head).toHaveLength(1);
    expect(got.value.curves.head[0].accuracy).toMatchObject({ mean: 0.625, std: 0.125, min: 0.5, max: 0.75 });
    expect(got.value.fewShot).toEqual([]);
    expect(await handlers['finetune.get']({ runId: 'nope' }, ctx)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'learning curve nope: no such run in this database' } });
  });

  it('adds the learning-curve tables to a database that has none', async () => {
    const file = path.join(dir, 'b.db');
    const handlers = finetuneHandlers(services(file));
    expect(await handlers['finetune.list']({}, ctx)).toEqual({ ok: true, value: [] });
  });
});
