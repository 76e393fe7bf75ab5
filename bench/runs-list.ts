/**
 * `npx tsx bench/runs-list.ts [--runs 10,1000] [--examples 50]`: what `runs.list` costs with few
 * and with many stored runs (not a test; timings are printed, never asserted).
 *
 * Each synthetic run is stored through the same query modules the study runner uses (plan, result
 * batches, run_stats), finished, with 2 seeds x 2 orders x EXAMPLES test predictions plus 3
 * content-free inputs per condition. `runs.list` (the API handler) is timed as the median of 15
 * calls; beside it, the cost of what it used to do — load and summarise every stored row of every
 * finished run — for the smaller count, to show what the summary table saves.
 *
 * On a 2-core machine under a load average of ~19: 10 runs 0.18 ms, 1,000 runs 28 ms (one narrow
 * row per run; 154x for 100x the runs), against 149 ms for reloading every row of just 10 runs.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FileAccess } from '../src-main/api/file-access.ts';
import { runHandlers } from '../src-main/api/run-handlers.ts';
import type { ApiServices } from '../src-main/api/services.ts';
import type { EngineHost } from '../src-main/engine/host.ts';
import { loadRunData } from '../src-main/experiments/run-data.ts';
import { computeSummary } from '../src-main/experiments/summary.ts';
import { openDatabase, type Database } from '../src-main/storage/database.ts';
import { insertPlan } from '../src-main/storage/plan-queries.ts';
import { insertResultBatch } from '../src-main/storage/result-queries.ts';
import { insertRun, listRuns, setRunStatus } from '../src-main/storage/run-queries.ts';
import { setRunMeanAccuracy } from '../src-main/storage/run-stats-queries.ts';
import { createRng } from '../src-shared/rng/seeded.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '10,1000' }, examples: { type: 'string', default: '50' } } });
const counts = values.runs.split(',').map(Number);
const examples = Number(values.examples);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ps-bench-list-'));

const spec = {
  name: 'bench',
  model: 'default',
  data: { train: { path: 'train', format: 'sst2' }, test: { path: 'test', format: 'sst2' } },
  task: { instruction: '', template: '{{input}} {{label}}', separator: '\n\n', labels: { '0': ['Negative'], '1': ['Positive'] } },
  classes: ['0', '1'],
  shots: 2,
  seeds: [0, 1],
  sampling: 'uniform',
  orders: 'all',
  calibration: ['none', 'contextual'],
  contentFree: ['N/A', '', '[MASK]'],
  batchSize: 32,
};

function storeRun(db: Database, index: number): void {
  const rng = createRng(index);
  const id = `run-${String(index).padStart(5, '0')}`;
  const tests = Array.from({ length: examples }, (_, i) => ({ role: 'test' as const, exampleId: `t:${i}`, position: i, gold: String(i % 2), fields: { input: `text ${i}` } }));
  const train = ['d:1', 'd:2', 'd:3', 'd:4'].map((exampleId, position) => ({ role: 'train' as const, exampleId, position, gold: String(position % 2), fields: { input: exampleId } }));
  const demoSets = [{ seed: 0, demoIds: ['d:1', 'd:2'] }, { seed: 1, demoIds: ['d:3', 'd:4'] }];
  const conditions = demoSets.flatMap(({ seed, demoIds }) => [0, 1].map((orderIndex) => ({ seed, cell: 0, orderIndex, order: orderIndex ? [...demoIds].reverse() : demoIds, droppedDemos: 0, levels: {}, corrupted: [] })));
  db.transaction(() => {
    insertRun(db, { id, name: `bench ${index}`, spec, modelName: 'default', modelSha256: 'x'.repeat(64), tokenizerHash: 'y', modelInfo: {}, totalPrompts: conditions.length * (examples + 3), createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString() });
    insertPlan(db, id, { examples: [...tests, ...train], demoSets, conditions });
  })();
  for (const c of conditions) {
    const probs = () => {
      const p = rng.next();
      return { '0': p, '1': 1 - p };
    };
    insertResultBatch(db, id, {
      predictions: tests.map((t) => ({ seed: c.seed, cell: 0, orderIndex: c.orderIndex, exampleId: t.exampleId, probs: probs(), promptTokens: 20 })),
      priors: spec.contentFree.map((text, inputIndex) => ({ seed: c.seed, cell: 0, orderIndex: c.orderIndex, kind: 'content-free' as const, inputIndex, inputText: text, probs: probs() })),
    });
  }
  setRunStatus(db, id, 'done');
  // As the study runner does when a run finishes.
  const summary = computeSummary(loadRunData(db, id));
  setRunMeanAccuracy(db, id, Object.fromEntries(Object.entries(summary.aggregate).map(([m, s]) => [m, s.mean])));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timeMs(calls: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const results: { runs: number; listMs: number; reloadAllMs?: number }[] = [];
for (const count of counts) {
  const file = path.join(dir, `runs-${count}.db`);
  const db = openDatabase(file);
  const t0 = performance.now();
  for (let i = 0; i < count; i++) storeRun(db, i);
  const storeSec = (performance.now() - t0) / 1000;
  // runs.list never touches the engine: an empty stand-in.
  const services = { db: () => db, engine: {} as EngineHost, env: {}, home: dir, defaultModelDir: dir, mode: 'browser', files: new FileAccess([], ''), version: 'bench', broadcast: () => {} } satisfies ApiServices;
  const handlers = runHandlers(services);
  const listMs = await timeMs(15, () => handlers['runs.list']({}, { emit: () => {} }));
  const row: (typeof results)[number] = { runs: count, listMs };
  // The old way, for the smaller count only (it grows with every stored row).
  if (count === Math.min(...counts)) row.reloadAllMs = await timeMs(5, () => listRuns(db).map((r) => computeSummary(loadRunData(db, r.id))));
  results.push(row);
  console.log(`${count} runs (${count * 4 * (examples + 3)} stored prompts, stored in ${storeSec.toFixed(1)} s): runs.list ${listMs.toFixed(2)} ms${row.reloadAllMs !== undefined ? `; reloading every row instead: ${row.reloadAllMs.toFixed(1)} ms` : ''}`);
  db.close();
}
if (results.length >= 2) {
  const [few, many] = [results[0], results.at(-1)!];
  console.log(`runs.list with ${many.runs} runs / with ${few.runs}: ${(many.listMs / few.listMs).toFixed(1)}x for ${(many.runs / few.runs).toFixed(0)}x the runs`);
}
fs.rmSync(dir, { recursive: true, force: true });
