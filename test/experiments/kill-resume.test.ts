import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src-shared/rng/seeded.ts';
import { cli, tinyModel, writeStudyFile } from './study-fixtures.ts';

/**
 * A run SIGKILLed during scoring, again and again, then resumed, stores every row exactly once
 * and ends with the same summary as an uninterrupted run (CONTRACT.md `run --resume`).
 *
 * The kill points are drawn from a fixed seed and the process kills itself as soon as that many
 * prompts are stored (PROMPTSCOPE_FAULT_KILL_AT, src-main/cli/fault-injection.ts): a kill sent from
 * outside could land after the run had finished.
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

/** Runs a command that kills itself once `killAt` prompts are stored; its stderr. */
async function runAndKill(args: string[], killAt: number): Promise<{ code: number | null; stderr: string }> {
  const result = await cli(args, { ...env(), PROMPTSCOPE_FAULT_KILL_AT: String(killAt) });
  return { code: result.code, stderr: result.stderr };
}

/** `count` distinct kill points in [from, to), increasing, from a fixed seed. */
function killPoints(seed: number, count: number, from: number, to: number): number[] {
  const rng = createRng(seed);
  const points = new Set<number>();
  while (points.size < count) points.add(from + rng.int(to - from));
  return [...points].sort((a, b) => a - b);
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
    // Batches of 5: the last kill point leaves at least two batches unscored.
    const points = killPoints(7, 4, 1, total - 10);
    const first = await runAndKill(['run', studyFile, '--db', dbFile], points[0]);
    expect(first.code, first.stderr).not.toBe(0);
    const runId = /run (\S+) \(/.exec(first.stderr)?.[1];
    expect(runId, first.stderr).toBeTruthy();
    const progress = [storedCount(dbFile)];
    for (const at of points.slice(1)) {
      const killed = await runAndKill(['run', '--resume', runId!, '--db', dbFile], at);
      expect(killed.code, killed.stderr).not.toBe(0);
      progress.push(storedCount(dbFile));
    }
    // Each life stored at least up to its kill point, at most one batch past it, and never all.
    points.forEach((at, i) => {
      expect(progress[i]).toBeGreaterThanOrEqual(at);
      expect(progress[i]).toBeLessThan(at + 5);
    });
    expect(progress.at(-1)!).toBeLessThan(total);
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
