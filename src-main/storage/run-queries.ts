import os from 'node:os';
import type { Database } from 'better-sqlite3';

import type { RunDisplayStatus, RunStatus } from '../../src-shared/experiments/run-status.ts';

export type { RunDisplayStatus, RunStatus } from '../../src-shared/experiments/run-status.ts';

/** A stored run as the CLI and UI see it. */
export interface RunRecord {
  id: string;
  name: string;
  /** The validated experiment spec (JSON-parsed). */
  spec: unknown;
  modelName: string;
  modelSha256: string;
  tokenizerHash: string;
  modelInfo: unknown;
  status: RunDisplayStatus;
  totalPrompts: number;
  createdAt: string;
  finishedAt: string | null;
  timings: Record<string, number>;
  error: string | null;
  /** The process scoring it (host name and pid) while it runs. */
  owner: { host: string; pid: number } | null;
}

/** What a new run is stored with; status, timings, finish and owner are set as it runs. */
export type NewRun = Pick<RunRecord, 'id' | 'name' | 'spec' | 'modelName' | 'modelSha256' | 'tokenizerHash' | 'modelInfo' | 'totalPrompts' | 'createdAt'>;

interface RunRow {
  id: string;
  name: string;
  spec_json: string;
  model_name: string;
  model_sha256: string;
  tokenizer_hash: string;
  model_info_json: string;
  status: RunStatus;
  total_prompts: number;
  created_at: string;
  finished_at: string | null;
  timings_json: string;
  error: string | null;
  owner_host: string | null;
  owner_pid: number | null;
}

/** Whether a process is alive on this machine (EPERM: alive, owned by someone else). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A running run whose owner process on this host has died was interrupted (killed, crashed). */
function displayStatus(row: RunRow): RunDisplayStatus {
  if (row.status !== 'running' || row.owner_pid == null) return row.status;
  if (row.owner_host !== os.hostname()) return row.status;
  return processAlive(row.owner_pid) ? 'running' : 'interrupted';
}

function toRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    name: row.name,
    spec: JSON.parse(row.spec_json),
    modelName: row.model_name,
    modelSha256: row.model_sha256,
    tokenizerHash: row.tokenizer_hash,
    modelInfo: JSON.parse(row.model_info_json),
    status: displayStatus(row),
    totalPrompts: row.total_prompts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    timings: JSON.parse(row.timings_json),
    error: row.error,
    owner: row.owner_host != null && row.owner_pid != null ? { host: row.owner_host, pid: row.owner_pid } : null,
  };
}

export function insertRun(db: Database, run: NewRun): void {
  db.prepare(
    `INSERT INTO runs (id, name, spec_json, model_name, model_sha256, tokenizer_hash, model_info_json, status, total_prompts, created_at, owner_host, owner_pid)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
  ).run(run.id, run.name, JSON.stringify(run.spec), run.modelName, run.modelSha256, run.tokenizerHash, JSON.stringify(run.modelInfo), run.totalPrompts, run.createdAt, os.hostname(), process.pid);
}

export function getRun(db: Database, id: string): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRecord(row) : undefined;
}

/** Newest first. */
export function listRuns(db: Database): RunRecord[] {
  return (db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id').all() as RunRow[]).map(toRecord);
}

/**
 * Mark a run's state; `finishedAt` is set for terminal states and cleared when it runs again.
 * `running` records this process as the owner; other states clear it.
 */
export function setRunStatus(db: Database, id: string, status: RunStatus, error: string | null = null): void {
  const finishedAt = status === 'running' ? null : new Date().toISOString();
  const [host, pid] = status === 'running' ? [os.hostname(), process.pid] : [null, null];
  db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ?, owner_host = ?, owner_pid = ? WHERE id = ?').run(status, finishedAt, error, host, pid, id);
}

/**
 * Take a run for this process, atomically: refused (false) while another live process on this
 * host is scoring it, so two sessions never run the same study at once.
 */
export function claimRun(db: Database, id: string): boolean {
  return db.transaction(() => {
    const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) return false;
    if (displayStatus(row) === 'running' && row.owner_pid != null && row.owner_pid !== process.pid) return false;
    setRunStatus(db, id, 'running');
    return true;
  }).immediate();
}

/** Add to the run's accumulated timings (milliseconds by phase); resumed sessions add up. */
export function addRunTimings(db: Database, id: string, timingsMs: Record<string, number>): void {
  db.transaction(() => {
    const row = db.prepare('SELECT timings_json FROM runs WHERE id = ?').get(id) as { timings_json: string } | undefined;
    if (!row) return;
    const current = JSON.parse(row.timings_json) as Record<string, number>;
    for (const [key, value] of Object.entries(timingsMs)) current[key] = (current[key] ?? 0) + value;
    db.prepare('UPDATE runs SET timings_json = ? WHERE id = ?').run(JSON.stringify(current), id);
  })();
}
