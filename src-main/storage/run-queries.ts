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
  /** The session scoring it while it runs: host name and pid (for messages) and its lease. */
  owner: { host: string; pid: number; leaseOwner: string | null; leaseExpiresMs: number | null } | null;
}

/** How long a lease lasts without a heartbeat; the study runner renews it well within this. */
export const LEASE_MS = 30_000;

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
  lease_owner: string | null;
  lease_expires_ms: number | null;
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

/**
 * A running run is interrupted once its lease has expired (its session stopped renewing it: killed,
 * crashed, frozen, or the database was copied elsewhere). On the owner's own host a dead pid says
 * so at once, without waiting for the lease; a live pid proves nothing (pids are reused), so the
 * lease decides. A run without a lease (written before leases) is judged by its pid on its own
 * host and is interrupted anywhere else.
 */
function displayStatus(row: RunRow, nowMs = Date.now()): RunDisplayStatus {
  if (row.status !== 'running') return row.status;
  const sameHost = row.owner_host === os.hostname();
  if (sameHost && row.owner_pid != null && !processAlive(row.owner_pid)) return 'interrupted';
  if (row.lease_expires_ms != null) return row.lease_expires_ms > nowMs ? 'running' : 'interrupted';
  return sameHost && row.owner_pid != null ? 'running' : 'interrupted';
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
    owner: row.owner_host != null && row.owner_pid != null ? { host: row.owner_host, pid: row.owner_pid, leaseOwner: row.lease_owner, leaseExpiresMs: row.lease_expires_ms } : null,
  };
}

export function insertRun(db: Database, run: NewRun): void {
  db.prepare(
    `INSERT INTO runs (id, name, spec_json, model_name, model_sha256, tokenizer_hash, model_info_json, status, total_prompts, created_at, owner_host, owner_pid)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?)`,
  ).run(run.id, run.name, JSON.stringify(run.spec), run.modelName, run.modelSha256, run.tokenizerHash, JSON.stringify(run.modelInfo), run.totalPrompts, run.createdAt, os.hostname(), process.pid);
  db.prepare('INSERT OR IGNORE INTO run_stats (run_id, stored_prompts) VALUES (?, 0)').run(run.id);
}

export function getRun(db: Database, id: string): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRecord(row) : undefined;
}

/** A stored run row that cannot be read (damaged JSON, say), reported instead of breaking the list. */
export interface BadRunRow {
  id: string;
  problem: string;
}

/** What a run list shows of a run: no JSON is parsed, so a list reads one narrow row per run. */
export interface RunHead {
  id: string;
  name: string;
  modelName: string;
  modelSha256: string;
  status: RunDisplayStatus;
  totalPrompts: number;
  createdAt: string;
  finishedAt: string | null;
  /** Why it failed (its stored error), or null. */
  error: string | null;
  /** The few spec fields a runs table shows, read by SQLite's JSON functions (null when absent). */
  trainPath: string | null;
  testPath: string | null;
  shots: number | null;
  template: string | null;
}

/** The spec fields of RunHead, each read only from valid JSON. */
const HEAD_SPEC_FIELDS = [
  ['train_path', '$.data.train.path'],
  ['test_path', '$.data.test.path'],
  ['shots', '$.shots'],
  ['template', '$.task.template'],
]
  .map(([name, at]) => `CASE WHEN json_valid(spec_json) THEN json_extract(spec_json, '${at}') END AS ${name}`)
  .join(', ');

/**
 * Newest first, without the stored spec and model info (a list needs neither). A row whose JSON
 * is damaged is passed to `onBadRow` and left out (it could be listed but not opened), so one bad
 * run never hides the rest.
 */
export function listRunHeads(db: Database, onBadRow: (bad: BadRunRow) => void = () => {}): RunHead[] {
  const rows = db
    .prepare(
      `SELECT id, name, model_name, model_sha256, status, total_prompts, created_at, finished_at, error, owner_host, owner_pid, lease_owner, lease_expires_ms,
         json_valid(spec_json) AND json_valid(model_info_json) AND json_valid(timings_json) AS readable, ${HEAD_SPEC_FIELDS}
       FROM runs ORDER BY created_at DESC, id`,
    )
    .all() as (RunRow & { readable: number; train_path: unknown; test_path: unknown; shots: unknown; template: unknown })[];
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const now = Date.now();
  const out: RunHead[] = [];
  for (const row of rows) {
    if (!row.readable) {
      onBadRow({ id: String(row.id), problem: 'its stored experiment or model description is not valid JSON' });
      continue;
    }
    out.push({
      id: row.id, name: row.name, modelName: row.model_name, modelSha256: row.model_sha256, status: displayStatus(row, now), totalPrompts: row.total_prompts,
      createdAt: row.created_at, finishedAt: row.finished_at, error: row.error,
      trainPath: text(row.train_path), testPath: text(row.test_path), shots: typeof row.shots === 'number' ? row.shots : null, template: text(row.template),
    });
  }
  return out;
}

/**
 * Newest first. A row that cannot be read is passed to `onBadRow` (default: skipped) and the
 * others are listed, so one damaged run never hides the rest.
 */
export function listRuns(db: Database, onBadRow: (bad: BadRunRow) => void = () => {}): RunRecord[] {
  const out: RunRecord[] = [];
  for (const row of db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id').all() as RunRow[]) {
    try {
      out.push(toRecord(row));
    } catch (error) {
      onBadRow({ id: String(row.id), problem: (error as Error).message.split('\n')[0] });
    }
  }
  return out;
}

/**
 * Mark a run's state; `finishedAt` is set for terminal states and cleared when it runs again.
 * `running` records this process as the owner (claimRun adds the lease); other states clear both.
 */
export function setRunStatus(db: Database, id: string, status: RunStatus, error: string | null = null): void {
  const finishedAt = status === 'running' ? null : new Date().toISOString();
  const [host, pid] = status === 'running' ? [os.hostname(), process.pid] : [null, null];
  db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ?, owner_host = ?, owner_pid = ?, lease_owner = NULL, lease_expires_ms = NULL WHERE id = ?').run(status, finishedAt, error, host, pid, id);
}

/** Who holds a run that could not be claimed. */
export interface RunHolder {
  host: string | null;
  pid: number | null;
  leaseExpiresMs: number | null;
}

export type ClaimResult = { claimed: true; tookFrom: RunHolder | null } | { claimed: false; holder: RunHolder };

/**
 * Take a run for the session `leaseOwner`, atomically, with a lease of LEASE_MS: refused while
 * another session holds it (its lease is live), unless `force`, which takes it anyway and says
 * from whom. A run that is not running, or whose lease ran out, is simply taken.
 */
export function claimRun(db: Database, id: string, leaseOwner: string, options: { force?: boolean; nowMs?: number } = {}): ClaimResult {
  const nowMs = options.nowMs ?? Date.now();
  return db.transaction((): ClaimResult => {
    const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
    if (!row) return { claimed: false, holder: { host: null, pid: null, leaseExpiresMs: null } };
    const held = heldByAnother(row, leaseOwner, nowMs);
    const holder: RunHolder = { host: row.owner_host, pid: row.owner_pid, leaseExpiresMs: row.lease_expires_ms };
    if (held && !options.force) return { claimed: false, holder };
    db.prepare('UPDATE runs SET status = ?, finished_at = NULL, error = NULL, owner_host = ?, owner_pid = ?, lease_owner = ?, lease_expires_ms = ? WHERE id = ?').run(
      'running',
      os.hostname(),
      process.pid,
      leaseOwner,
      nowMs + LEASE_MS,
      id,
    );
    return { claimed: true, tookFrom: held ? holder : null };
  }).immediate();
}

/** Running under another session's live lease (a run this process just created, without a lease yet, is its own). */
function heldByAnother(row: RunRow, leaseOwner: string | null, nowMs: number): boolean {
  if (displayStatus(row, nowMs) !== 'running') return false;
  if (row.lease_owner == null) return !(row.owner_host === os.hostname() && row.owner_pid === process.pid);
  return row.lease_owner !== leaseOwner;
}

/** Who holds a run now, if another session does: a cheap look before loading a model to resume it. */
export function runHolder(db: Database, id: string, nowMs = Date.now()): RunHolder | null {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  if (!row || !heldByAnother(row, null, nowMs)) return null;
  return { host: row.owner_host, pid: row.owner_pid, leaseExpiresMs: row.lease_expires_ms };
}

/**
 * Extend this session's lease (the heartbeat). False when another session has taken the run
 * (`run --resume --force`): the caller must stop scoring it.
 */
export function renewLease(db: Database, id: string, leaseOwner: string, nowMs = Date.now()): boolean {
  const changed = db.prepare("UPDATE runs SET lease_expires_ms = ? WHERE id = ? AND lease_owner = ? AND status = 'running'").run(nowMs + LEASE_MS, id, leaseOwner).changes;
  return changed === 1;
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
