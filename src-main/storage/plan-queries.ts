import type { Database } from 'better-sqlite3';

/** One (seed, order) condition of a run. */
export interface ConditionRecord {
  seed: number;
  orderIndex: number;
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
  const condition = db.prepare('INSERT OR IGNORE INTO conditions (run_id, seed, order_index, order_ids_json, dropped_demos) VALUES (?, ?, ?, ?, ?)');
  for (const c of plan.conditions) condition.run(runId, c.seed, c.orderIndex, JSON.stringify(c.order), c.droppedDemos);
}

export function listDemoSets(db: Database, runId: string): DemoSetRecord[] {
  const rows = db.prepare('SELECT seed, demo_ids_json FROM demo_sets WHERE run_id = ? ORDER BY seed').all(runId) as { seed: number; demo_ids_json: string }[];
  return rows.map((r) => ({ seed: r.seed, demoIds: JSON.parse(r.demo_ids_json) }));
}

/** Ordered by seed, then order index. */
export function listConditions(db: Database, runId: string): ConditionRecord[] {
  const rows = db
    .prepare('SELECT seed, order_index, order_ids_json, dropped_demos FROM conditions WHERE run_id = ? ORDER BY seed, order_index')
    .all(runId) as { seed: number; order_index: number; order_ids_json: string; dropped_demos: number }[];
  return rows.map((r) => ({ seed: r.seed, orderIndex: r.order_index, order: JSON.parse(r.order_ids_json), droppedDemos: r.dropped_demos }));
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
