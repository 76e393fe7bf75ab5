import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, tinyModel, writeStudyFile } from './study-fixtures.ts';

/**
 * A run SIGKILLed at random moments during scoring, then resumed, stores every row exactly once
 * and ends with the same summary as an uninterrupted run (CONTRACT.md `run --resume`).
 */
let dir: string;
let studyFile: string;
const env = () => ({ PROMPTSCOPE_HOME: path.join(dir, 'home') });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-kill-'));
  const model = await tinyModel(dir);
  // 3 shots -> 6 orders, 2 seeds, 12 test examples: 12 conditions x (12 + 3) = 180 prompts, batches of 5.
  studyFile = writeStudyFile(dir, 'kill-study', { model, shots: 3, seeds: [0, 1], sample: 12, extra: { batchSize: 5 } });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function storedCount(dbFile: string): number {
  if (!fs.existsSync(dbFile)) return 0;
  const db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'predictions'").get();
    if (!hasTable) return 0;
    return (db.prepare('SELECT COUNT(*) FROM predictions').pluck().get() as number) + (db.prepare('SELECT COUNT(*) FROM content_free_results').pluck().get() as number);
  } catch {
    return 0;
  } finally {
    db.close();
  }
}

/** Start a command and SIGKILL it a random moment after it has stored `moreThan` + 1..20 new rows. */
async function runAndKill(args: string[], dbFile: string, total: number): Promise<string> {
  const before = storedCount(dbFile);
  const target = Math.min(total - 1, before + 1 + Math.floor(Math.random() * 20));
  const result = await cli(args, env(), (child) => {
    const timer = setInterval(() => {
      if (storedCount(dbFile) >= target) {
        clearInterval(timer);
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 150));
      }
    }, 20);
    child.on('close', () => clearInterval(timer));
  });
  return result.stderr;
}

describe('run --resume after SIGKILL', () => {
  it('stores no duplicate or missing rows and ends with the uninterrupted summary', async () => {
    const cleanDb = path.join(dir, 'clean.db');
    const clean = await cli(['run', studyFile, '--db', cleanDb, '--json'], env());
    expect(clean.code, clean.stderr).toBe(0);
    const expected = JSON.parse(clean.stdout);
    expect(expected.conditions).toHaveLength(12 * 3);

    const dbFile = path.join(dir, 'killed.db');
    const total = 180;
    const firstErr = await runAndKill(['run', studyFile, '--db', dbFile], dbFile, total);
    const runId = /run (\S+) \(/.exec(firstErr)?.[1];
    expect(runId, firstErr).toBeTruthy();
    const progress = [storedCount(dbFile)];
    for (let kill = 0; kill < 3 && storedCount(dbFile) < total - 1; kill++) {
      await runAndKill(['run', '--resume', runId!, '--db', dbFile], dbFile, total);
      progress.push(storedCount(dbFile));
    }
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(total);
    const listed = await cli(['runs', 'list', '--json', '--db', dbFile], env());
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ runId, status: 'interrupted' })]);

    const resumed = await cli(['run', '--resume', runId!, '--db', dbFile, '--json'], env());
    expect(resumed.code, resumed.stderr).toBe(0);
    const actual = JSON.parse(resumed.stdout);

    const db = new BetterSqlite3(dbFile, { readonly: true });
    const rows = db.prepare('SELECT seed, order_index, example_id FROM predictions WHERE run_id = ?').all(runId) as { seed: number; order_index: number; example_id: string }[];
    const priors = db.prepare('SELECT COUNT(*) FROM content_free_results WHERE run_id = ?').pluck().get(runId);
    const status = db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(runId);
    db.close();
    expect(rows).toHaveLength(12 * 12);
    expect(new Set(rows.map((r) => `${r.seed}/${r.order_index}/${r.example_id}`)).size).toBe(12 * 12);
    expect(priors).toBe(12 * 3);
    expect(status).toBe('done');

    expect({ ...actual, runId: undefined }).toEqual({ ...expected, runId: undefined });
  });
});
