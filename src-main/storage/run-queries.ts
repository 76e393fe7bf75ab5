import type { Database } from 'better-sqlite3';

export type RunStatus = 'running' | 'done' | 'failed' | 'cancelled';

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
  status: RunStatus;
  totalPrompts: number;
  createdAt: string;
  finishedAt: string | null;
  timings: Record<string, number>;
  error: string | null;
}

export interface NewRun {
  id: string;
  name: string;
  spec: unknown;
  modelName: string;
  modelSha256: string;
  tokenizerHash: string;
  modelInfo: unknown;
  totalPrompts: number;
  createdAt: string;
}

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
    status: row.status,
    totalPrompts: row.total_prompts,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
    timings: JSON.parse(row.timings_json),
    error: row.error,
  };
}

export function insertRun(db: Database, run: NewRun): void {
  db.prepare(
    `INSERT INTO runs (id, name, spec_json, model_name, model_sha256, tokenizer_hash, model_info_json, status, total_prompts, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?)`,
  ).run(run.id, run.name, JSON.stringify(run.spec), run.modelName, run.modelSha256, run.tokenizerHash, JSON.stringify(run.modelInfo), run.totalPrompts, run.createdAt);
}

export function getRun(db: Database, id: string): RunRecord | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow | undefined;
  return row ? toRecord(row) : undefined;
}

/** Newest first. */
export function listRuns(db: Database): RunRecord[] {
  return (db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id').all() as RunRow[]).map(toRecord);
}

/** Mark a run's state; `finishedAt` is set for terminal states and cleared when it runs again. */
export function setRunStatus(db: Database, id: string, status: RunStatus, error: string | null = null): void {
  const finishedAt = status === 'running' ? null : new Date().toISOString();
  db.prepare('UPDATE runs SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, finishedAt, error, id);
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
