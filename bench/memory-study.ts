/**
 * Child process of `npm run bench`: runs one real 4-shot SST-2 study of 300 test examples through
 * the study runner (prepare, SQLite store, EngineHost.scoreNext with reuse, as shipped) and prints
 * its own peak RSS as the last line of stdout, JSON.
 *
 * Why a separate process: process.resourceUsage().maxRSS is a high-water mark for the whole
 * process (main thread and engine worker together) and cannot be reset, so only a fresh process
 * measures one study alone.
 *
 * Arguments: <model folder> <sst2 folder> <test examples> <orders: all | a number to sample>.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineHost } from '../src-main/engine/host.ts';
import { ExperimentSpecSchema, normalizeSpec } from '../src-main/experiments/spec/experiment-schema.ts';
import { runStudy } from '../src-main/experiments/study-runner.ts';
import { openDatabase } from '../src-main/storage/database.ts';
import { SST2_TASK } from './study-prompts.ts';

const [modelDir, sst2Dir, examplesArg, ordersArg] = process.argv.slice(2);
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-bench-'));
const host = new EngineHost();
const db = openDatabase(path.join(temp, 'bench.db'));
try {
  const spec = normalizeSpec(
    ExperimentSpecSchema.parse({
      name: 'bench memory',
      model: modelDir,
      data: {
        train: { path: path.join(sst2Dir, 'stsa.binary.train'), format: 'sst2' },
        test: { path: path.join(sst2Dir, 'stsa.binary.test'), format: 'sst2', sample: Number(examplesArg), seed: 0 },
      },
      task: { template: SST2_TASK.template, separator: SST2_TASK.separator, labels: SST2_TASK.labels },
      shots: 4,
      seeds: [0],
      sampling: 'balanced',
      orders: ordersArg === 'all' ? 'all' : { sample: Number(ordersArg), seed: 0 },
    }),
  );
  const started = performance.now();
  let prompts = 0;
  await runStudy(spec, { db, engine: host, onProgress: (p) => (prompts = p.done) });
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024, prompts, seconds }));
} finally {
  await host.dispose();
  db.close();
  fs.rmSync(temp, { recursive: true, force: true });
}
