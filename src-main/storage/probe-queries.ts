import type { Database } from 'better-sqlite3';
import type { ProbeSetReport } from '../../src-shared/experiments/summary-types.ts';
import type { LabelProbs } from './result-queries.ts';

/** One input of a generated probing set (Lu et al. 2022), with the generation it came from. */
export interface ProbeInputRecord {
  seed: number;
  probeIndex: number;
  /** The template's fields as parsed from the generated text. */
  fields: Record<string, string>;
  /** The order whose prompt generated it, and the n-gram blocking of that generation. */
  sourceOrderIndex: number;
  noRepeatNgram: number;
}

/** One order's raw label probabilities on one probing input. */
export interface ProbeResultRecord {
  seed: number;
  orderIndex: number;
  probeIndex: number;
  probs: LabelProbs;
}

export interface ProbeSetRecord {
  seed: number;
  report: ProbeSetReport;
  inputs: ProbeInputRecord[];
}

/**
 * Store a seed's probing set whole and add its prompts (every order of the seed on every input)
 * to the run's total, in one transaction: a set is there complete or not at all. False, and nothing
 * written, when the seed has a set already (another session, taking the run over, stored it first).
 */
export function insertProbeSet(db: Database, runId: string, set: ProbeSetRecord, orders: number): boolean {
  const head = db.prepare('INSERT OR IGNORE INTO probe_sets (run_id, seed, report_json) VALUES (?, ?, ?)');
  const input = db.prepare('INSERT INTO probe_inputs (run_id, seed, probe_index, fields_json, source_order_index, no_repeat_ngram) VALUES (?, ?, ?, ?, ?, ?)');
  const total = db.prepare('UPDATE runs SET total_prompts = total_prompts + ? WHERE id = ?');
  return db.transaction(() => {
    if (head.run(runId, set.seed, JSON.stringify(set.report)).changes === 0) return false;
    for (const p of set.inputs) input.run(runId, set.seed, p.probeIndex, JSON.stringify(p.fields), p.sourceOrderIndex, p.noRepeatNgram);
    total.run(orders * set.inputs.length, runId);
    return true;
  })();
}

/** Stored probing sets, by seed; inputs by probe index. */
export function listProbeSets(db: Database, runId: string): ProbeSetRecord[] {
  const heads = db.prepare('SELECT seed, report_json FROM probe_sets WHERE run_id = ? ORDER BY seed').all(runId) as { seed: number; report_json: string }[];
  const inputs = db
    .prepare('SELECT seed, probe_index, fields_json, source_order_index, no_repeat_ngram FROM probe_inputs WHERE run_id = ? ORDER BY seed, probe_index')
    .all(runId) as { seed: number; probe_index: number; fields_json: string; source_order_index: number; no_repeat_ngram: number }[];
  return heads.map((h) => ({
    seed: h.seed,
    report: JSON.parse(h.report_json),
    inputs: inputs
      .filter((r) => r.seed === h.seed)
      .map((r) => ({ seed: r.seed, probeIndex: r.probe_index, fields: JSON.parse(r.fields_json), sourceOrderIndex: r.source_order_index, noRepeatNgram: r.no_repeat_ngram })),
  }));
}

/** Idempotent (INSERT OR IGNORE), counted in run_stats like the other results; call inside the batch's transaction. */
export function insertProbeResults(db: Database, runId: string, rows: readonly ProbeResultRecord[]): number {
  const insert = db.prepare('INSERT OR IGNORE INTO probe_results (run_id, seed, order_index, probe_index, label_probs_json) VALUES (?, ?, ?, ?, ?)');
  const stats = db.prepare('INSERT INTO run_stats (run_id, stored_prompts) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET stored_prompts = stored_prompts + excluded.stored_prompts');
  let inserted = 0;
  for (const r of rows) inserted += insert.run(runId, r.seed, r.orderIndex, r.probeIndex, JSON.stringify(r.probs)).changes;
  if (inserted > 0) stats.run(runId, inserted);
  return inserted;
}

/** Probe indices already scored for one condition. */
export function storedProbeIndices(db: Database, runId: string, seed: number, orderIndex: number): Set<number> {
  return new Set(db.prepare('SELECT probe_index FROM probe_results WHERE run_id = ? AND seed = ? AND order_index = ?').pluck().all(runId, seed, orderIndex) as number[]);
}

export function countProbeResults(db: Database, runId: string): number {
  return db.prepare('SELECT COUNT(*) FROM probe_results WHERE run_id = ?').pluck().get(runId) as number;
}

/** Ordered by seed, order index, probe index. */
export function listProbeResults(db: Database, runId: string): ProbeResultRecord[] {
  const rows = db
    .prepare('SELECT seed, order_index, probe_index, label_probs_json FROM probe_results WHERE run_id = ? ORDER BY seed, order_index, probe_index')
    .all(runId) as { seed: number; order_index: number; probe_index: number; label_probs_json: string }[];
  return rows.map((r) => ({ seed: r.seed, orderIndex: r.order_index, probeIndex: r.probe_index, probs: JSON.parse(r.label_probs_json) }));
}
