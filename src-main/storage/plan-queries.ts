import type { Database } from 'better-sqlite3';

/** One demonstration shown with a label other than its gold one (labelCorruption). */
export interface CorruptedDemoRecord {
  exampleId: string;
  gold: string;
  shown: string;
}

/** One (seed, cell, order) condition of a run; cell 0 is the only cell of a study without design axes. */
export interface ConditionRecord {
  seed: number;
  /** The design cell (src-shared/experiments/design.ts); 0 without design axes. */
  cell: number;
  orderIndex: number;
  /** The cell's axis levels (axis -> index of its value); empty without design axes. */
  levels: Record<string, number>;
  /** Demonstrations of this condition whose shown label was replaced (labelCorruption); empty otherwise. */
  corrupted: CorruptedDemoRecord[];
  /** Train example ids in prompt order (oldest first). */
  order: string[];
  /** Oldest demonstrations left out to fit the context (contextPolicy: drop-oldest). */
  droppedDemos: number;
}

export interface DemoSetRecord {
  seed: number;
  demoIds: string[];
}

export interface RunExampleRecord {
  role: 'train' | 'test';
  exampleId: string;
  position: number;
  gold: string;
  fields: Record<string, string>;
}

/** Store the run's plan (examples, demo sets, conditions) idempotently. Call inside a transaction. */
export function insertPlan(db: Database, runId: string, plan: { examples: RunExampleRecord[]; demoSets: DemoSetRecord[]; conditions: ConditionRecord[] }): void {
  const example = db.prepare('INSERT OR IGNORE INTO run_examples (run_id, role, example_id, position, gold, fields_json) VALUES (?, ?, ?, ?, ?, ?)');
  for (const e of plan.examples) example.run(runId, e.role, e.exampleId, e.position, e.gold, JSON.stringify(e.fields));
  const demoSet = db.prepare('INSERT OR IGNORE INTO demo_sets (run_id, seed, demo_ids_json) VALUES (?, ?, ?)');
  for (const d of plan.demoSets) demoSet.run(runId, d.seed, JSON.stringify(d.demoIds));
  const condition = db.prepare(
    'INSERT OR IGNORE INTO conditions (run_id, seed, cell, order_index, order_ids_json, dropped_demos, levels_json, corrupted_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const c of plan.conditions) condition.run(runId, c.seed, c.cell, c.orderIndex, JSON.stringify(c.order), c.droppedDemos, JSON.stringify(c.levels), JSON.stringify(c.corrupted));
}

export function listDemoSets(db: Database, runId: string): DemoSetRecord[] {
  const rows = db.prepare('SELECT seed, demo_ids_json FROM demo_sets WHERE run_id = ? ORDER BY seed').all(runId) as { seed: number; demo_ids_json: string }[];
  return rows.map((r) => ({ seed: r.seed, demoIds: JSON.parse(r.demo_ids_json) }));
}

/** Ordered by seed, then cell, then order index. */
export function listConditions(db: Database, runId: string): ConditionRecord[] {
  const rows = db
    .prepare('SELECT seed, cell, order_index, order_ids_json, dropped_demos, levels_json, corrupted_json FROM conditions WHERE run_id = ? ORDER BY seed, cell, order_index')
    .all(runId) as { seed: number; cell: number; order_index: number; order_ids_json: string; dropped_demos: number; levels_json: string; corrupted_json: string }[];
  return rows.map((r) => ({
    seed: r.seed,
    cell: r.cell,
    orderIndex: r.order_index,
    order: JSON.parse(r.order_ids_json),
    droppedDemos: r.dropped_demos,
    levels: JSON.parse(r.levels_json),
    corrupted: JSON.parse(r.corrupted_json),
  }));
}

/** Ordered by role, then position (the test sample's order). */
export function listRunExamples(db: Database, runId: string, role?: 'train' | 'test'): RunExampleRecord[] {
  const rows = (
    role
      ? db.prepare('SELECT * FROM run_examples WHERE run_id = ? AND role = ? ORDER BY position').all(runId, role)
      : db.prepare('SELECT * FROM run_examples WHERE run_id = ? ORDER BY role, position').all(runId)
  ) as { role: 'train' | 'test'; example_id: string; position: number; gold: string; fields_json: string }[];
  return rows.map((r) => ({ role: r.role, exampleId: r.example_id, position: r.position, gold: r.gold, fields: JSON.parse(r.fields_json) }));
}
