import type { Database } from 'better-sqlite3';

/** Raw label probabilities by class id: the sum over the class's label words, not normalised. */
export type LabelProbs = Record<string, number>;

export interface PredictionRecord {
  seed: number;
  /** The design cell; 0 without design axes. */
  cell: number;
  orderIndex: number;
  exampleId: string;
  probs: LabelProbs;
  promptTokens: number;
}

export type PriorKind = 'content-free' | 'domain';

export interface PriorInputRecord {
  seed: number;
  cell: number;
  orderIndex: number;
  kind: PriorKind;
  inputIndex: number;
  inputText: string;
  probs: LabelProbs;
}

/**
 * Write one batch of results in one transaction.
 *
 * INSERT OR IGNORE against the primary keys makes a re-written batch (a resume that recomputes
 * it) a no-op instead of a duplicate. The run's stored-prompt count (run_stats, for run lists)
 * grows by the rows actually inserted, in the same transaction, so it never drifts from the rows.
 */
export function insertResultBatch(db: Database, runId: string, batch: { predictions: PredictionRecord[]; priors: PriorInputRecord[] }): void {
  const prediction = db.prepare('INSERT OR IGNORE INTO predictions (run_id, seed, cell, order_index, example_id, label_probs_json, prompt_tokens) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const prior = db.prepare(
    'INSERT OR IGNORE INTO content_free_results (run_id, seed, cell, order_index, kind, input_index, input_text, label_probs_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const stats = db.prepare('INSERT INTO run_stats (run_id, stored_prompts) VALUES (?, ?) ON CONFLICT (run_id) DO UPDATE SET stored_prompts = stored_prompts + excluded.stored_prompts');
  db.transaction(() => {
    let inserted = 0;
    for (const p of batch.predictions) inserted += prediction.run(runId, p.seed, p.cell, p.orderIndex, p.exampleId, JSON.stringify(p.probs), p.promptTokens).changes;
    for (const p of batch.priors) inserted += prior.run(runId, p.seed, p.cell, p.orderIndex, p.kind, p.inputIndex, p.inputText, JSON.stringify(p.probs)).changes;
    if (inserted > 0) stats.run(runId, inserted);
  })();
}

/** Keys already stored for one condition: example ids and `kind:index` of prior inputs. */
export function storedKeys(db: Database, runId: string, condition: { seed: number; cell: number; orderIndex: number }): { examples: Set<string>; priors: Set<string> } {
  const { seed, cell, orderIndex } = condition;
  const examples = db.prepare('SELECT example_id FROM predictions WHERE run_id = ? AND seed = ? AND cell = ? AND order_index = ?').pluck().all(runId, seed, cell, orderIndex) as string[];
  const priors = db
    .prepare("SELECT kind || ':' || input_index FROM content_free_results WHERE run_id = ? AND seed = ? AND cell = ? AND order_index = ?")
    .pluck()
    .all(runId, seed, cell, orderIndex) as string[];
  return { examples: new Set(examples), priors: new Set(priors) };
}

export function countResults(db: Database, runId: string): { predictions: number; priors: number } {
  const predictions = db.prepare('SELECT COUNT(*) FROM predictions WHERE run_id = ?').pluck().get(runId) as number;
  const priors = db.prepare('SELECT COUNT(*) FROM content_free_results WHERE run_id = ?').pluck().get(runId) as number;
  return { predictions, priors };
}

/** Ordered by seed, order index, example id. */
export function listPredictions(db: Database, runId: string): PredictionRecord[] {
  const rows = db
    .prepare('SELECT seed, cell, order_index, example_id, label_probs_json, prompt_tokens FROM predictions WHERE run_id = ? ORDER BY seed, cell, order_index, example_id')
    .all(runId) as { seed: number; cell: number; order_index: number; example_id: string; label_probs_json: string; prompt_tokens: number }[];
  return rows.map((r) => ({ seed: r.seed, cell: r.cell, orderIndex: r.order_index, exampleId: r.example_id, probs: JSON.parse(r.label_probs_json), promptTokens: r.prompt_tokens }));
}

/** Ordered by seed, order index, kind, input index. */
export function listPriorInputs(db: Database, runId: string): PriorInputRecord[] {
  const rows = db
    .prepare('SELECT seed, cell, order_index, kind, input_index, input_text, label_probs_json FROM content_free_results WHERE run_id = ? ORDER BY seed, cell, order_index, kind, input_index')
    .all(runId) as { seed: number; cell: number; order_index: number; kind: PriorKind; input_index: number; input_text: string; label_probs_json: string }[];
  return rows.map((r) => ({ seed: r.seed, cell: r.cell, orderIndex: r.order_index, kind: r.kind, inputIndex: r.input_index, inputText: r.input_text, probs: JSON.parse(r.label_probs_json) }));
}
