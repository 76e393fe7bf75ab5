import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src-main/cli/main.ts';
import { appRoot } from '../../src-main/paths.ts';
import { createRng } from '../../src-shared/rng/seeded.ts';
import { tinyModel, writeStudyFile } from '../experiments/study-fixtures.ts';

/**
 * Seeded fault injection on a real study: the CLI is SIGKILLed, its engine worker is killed once
 * (retried) and twice (the run fails with its resume command), SIGTERM stops it like Ctrl+C, and
 * the database is copied to another "host" (other host name, a pid that means nothing there, a
 * lease) and resumed there. Every fault point comes from one seed, printed in the test name;
 * `PROMPTSCOPE_FAULT_SEED=N` replays a failing sequence. The result must equal an uninterrupted run,
 * with every row stored exactly once.
 */
const seed = Number(process.env.PROMPTSCOPE_FAULT_SEED ?? 20261201);
const rng = createRng(seed);
const TOTAL = 4 * (8 + 3); // 2 seeds x 2 orders, 8 test examples + 3 content-free inputs each
let dir: string;
let studyFile: string;
let reference: { conditions: unknown[]; aggregate: unknown };

function stored(dbFile: string): number {
  if (!fs.existsSync(dbFile)) return 0;
  try {
    const db = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT (SELECT COUNT(*) FROM predictions) + (SELECT COUNT(*) FROM content_free_results)').pluck().get() as number) ?? 0;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** Live child processes of `pid` (the engine worker of a CLI process), from /proc; zombies left out. */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const [state, parent] = fs.readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ');
        return Number(parent) === pid && state !== 'Z';
      } catch {
        return false;
      }
    })
    .map(Number);
}

interface Step {
  /** Called every 20 ms with the child and the stored row count; return true when done acting. */
  act(child: ChildProcess, rows: number): boolean;
}

/** The CLI as a child process, with `steps` applied in turn as rows arrive. */
function cliWithFaults(args: string[], dbFile: string, steps: Step[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(appRoot, 'bin', 'promptscope.js'), ...args], { cwd: appRoot, env: { ...process.env, PROMPTSCOPE_HOME: path.join(dir, 'home') } });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    const timer = setInterval(() => {
      while (steps.length > 0 && steps[0].act(child, stored(dbFile))) steps.shift();
    }, 20);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearInterval(timer);
      resolve({ code, signal, stderr });
    });
  });
}

const afterRows = (n: number, action: (child: ChildProcess) => boolean | void): Step => ({ act: (child, rows) => rows >= n && action(child) !== false });
const killedWorkers = new Set<number>();
const killWorker = (child: ChildProcess): boolean => {
  const workers = childrenOf(child.pid!).filter((pid) => !killedWorkers.has(pid));
  for (const pid of workers) {
    killedWorkers.add(pid);
    process.kill(pid, 'SIGKILL');
  }
  return workers.length > 0;
};

/** The CLI in process (`main` returns the exit code); stderr captured. */
async function inProcess(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((c: string | Uint8Array) => ((stdout += String(c)), true)) as typeof process.stdout.write;
  process.stderr.write = ((c: string | Uint8Array) => ((stderr += String(c)), true)) as typeof process.stderr.write;
  try {
    return { code: await main(argv), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

function rowsOnce(dbFile: string, runId: string): void {
  const db = new BetterSqlite3(dbFile, { readonly: true });
  try {
    const keys = db.prepare('SELECT seed, order_index, example_id FROM predictions WHERE run_id = ?').all(runId) as { seed: number; order_index: number; example_id: string }[];
    expect(keys).toHaveLength(4 * 8);
    expect(new Set(keys.map((k) => `${k.seed}/${k.order_index}/${k.example_id}`)).size).toBe(4 * 8);
    expect(db.prepare('SELECT COUNT(*) FROM content_free_results WHERE run_id = ?').pluck().get(runId)).toBe(4 * 3);
    expect(db.prepare('SELECT stored_prompts FROM run_stats WHERE run_id = ?').pluck().get(runId)).toBe(TOTAL);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
}

/** A copy of the database (with its WAL, as copying the folder would take it) as another machine sees it. */
function copyToOtherHost(from: string, to: string, runId: string, leaseExpiresMs: number): void {
  for (const suffix of ['', '-wal']) if (fs.existsSync(from + suffix)) fs.copyFileSync(from + suffix, to + suffix);
  const db = new BetterSqlite3(to);
  db.prepare("UPDATE runs SET status = 'running', owner_host = ?, owner_pid = 1, lease_owner = 'gpu-session', lease_expires_ms = ? WHERE id = ?").run(`gpu-box-${seed}`, leaseExpiresMs, runId);
  db.close();
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-faults-'));
  process.env.PROMPTSCOPE_HOME = path.join(dir, 'home');
  const model = await tinyModel(dir);
  studyFile = writeStudyFile(dir, 'faults', { model, shots: 2, seeds: [0, 1], sample: 8, calibration: ['none', 'contextual'], extra: { batchSize: 3 } });
  const clean = await inProcess(['run', studyFile, '--db', path.join(dir, 'clean.db'), '--json']);
  expect(clean.code, clean.stderr).toBe(0);
  reference = JSON.parse(clean.stdout);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe(`seeded faults (PROMPTSCOPE_FAULT_SEED=${seed})`, () => {
  it('SIGKILL, engine crashes, SIGTERM and a copy to another host all end in the uninterrupted result', async () => {
    const db = path.join(dir, 'faults.db');
    const point = (from: number) => Math.min(TOTAL - 2, from + 1 + rng.int(8));

    // 1. The CLI is killed outright.
    const k1 = point(0);
    const first = await cliWithFaults(['run', studyFile, '--db', db], db, [afterRows(k1, (c) => void c.kill('SIGKILL'))]);
    expect(first.signal).toBe('SIGKILL');
    const runId = /run (\S+) \(/.exec(first.stderr)?.[1];
    expect(runId, first.stderr).toBeTruthy();
    expect(stored(db)).toBeLessThan(TOTAL);

    // 2. Resumed; its engine worker is killed once (the batch is retried), then SIGTERM stops it like Ctrl+C.
    const k2 = point(stored(db));
    const second = await cliWithFaults(['run', '--resume', runId!, '--db', db], db, [afterRows(k2, killWorker), afterRows(Math.min(TOTAL - 1, k2 + 3), (c) => void c.kill('SIGTERM'))]);
    const secondLines = second.stderr.trim().split('\n');
    expect(second.stderr).toMatch(/promptscope: warning: run \S+: the engine worker exited \(SIGKILL\); retrying the batch once/);
    expect(second.code, second.stderr).toBe(143);
    expect(secondLines.at(-1)).toBe(`promptscope: run ${runId} was stopped by SIGTERM; finish it with: promptscope run --resume ${runId}`);

    // 3. Resumed; the worker and its replacement both die: the run fails, saying how to resume.
    let killed = 0;
    const third = await cliWithFaults(['run', '--resume', runId!, '--db', db], db, [
      afterRows(Math.min(TOTAL - 1, stored(db) + 1), (c) => {
        if (killWorker(c)) killed++;
        return killed >= 2;
      }),
    ]);
    expect(third.code, third.stderr).toBe(1);
    expect(third.stderr.trim().split('\n').at(-1)).toMatch(new RegExp(`^promptscope: run ${runId} failed: .*; finish it with: promptscope run --resume ${runId}$`));

    // 4. Copied to another machine while that machine's lease still runs: refused without --force, taken with it.
    const live = path.join(dir, 'copy-live.db');
    copyToOtherHost(db, live, runId!, Date.now() + 10 * 60_000);
    const refused = await inProcess(['run', '--resume', runId!, '--db', live]);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^promptscope: run ${runId} is being scored by process 1 on gpu-box-${seed}; its lease runs until .*--force$`))]);
    const forced = await inProcess(['run', '--resume', runId!, '--db', live, '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stderr).toMatch(new RegExp(`warning: taking run ${runId} over from process 1 on gpu-box-${seed} \\(--force\\)`));
    expect({ ...JSON.parse(forced.stdout), runId: undefined }).toEqual({ ...reference, runId: undefined });
    rowsOnce(live, runId!);

    // 5. The original, as a copy whose machine is gone (its lease ran out): resumed without --force.
    const gone = path.join(dir, 'copy-gone.db');
    copyToOtherHost(db, gone, runId!, Date.now() - 1);
    const listed = await inProcess(['runs', 'list', '--db', gone, '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([expect.objectContaining({ runId, status: 'interrupted' })]);
    const resumed = await inProcess(['run', '--resume', runId!, '--db', gone, '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect({ ...JSON.parse(resumed.stdout), runId: undefined }).toEqual({ ...reference, runId: undefined });
    rowsOnce(gone, runId!);
  });
});
