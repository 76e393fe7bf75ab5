/**
 * Child process of `npm run bench`: runs one real 4-shot SST-2 study of 300 test examples through
 * the study runner (prepare, SQLite store, EngineHost.scoreNext with reuse, as shipped) and prints
 * its own peak RSS (VmHWM) as the last line of stdout, JSON.
 *
 * Why a separate process: a peak RSS is a high-water mark for the process and
 * cannot be reset, so only a fresh process measures one study alone. The engine runs in a child
 * process of its own (EngineHost forks it), whose peak (VmHWM in /proc, read before the engine is
 * disposed) is added: the sum bounds the study's peak from above.
 *
 * Arguments: <model folder> <sst2 folder> <test examples> <orders: all | a number to sample>.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EngineHost } from '../src-main/engine/host.ts';
import { ExperimentSpecSchema, normalizeSpec } from '../src-shared/experiments/experiment-schema.ts';
import { prepareStudy } from '../src-main/experiments/prepare-study.ts';
import { createStudyRun, executePreparedRun } from '../src-main/experiments/study-runner.ts';
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
  const prepared = await prepareStudy(spec, host);
  await executePreparedRun(createStudyRun(db, prepared), prepared, { db, engine: host, onProgress: (p) => (prompts = p.done) });
  const seconds = (performance.now() - started) / 1000;
  const engineBytes = childPeakRssBytes();
  const maxRssBytes = ownPeakRssBytes() + engineBytes;
  console.log(JSON.stringify({ maxRssBytes, engineProcessBytes: engineBytes, prompts, seconds }));
} finally {
  await host.dispose();
  db.close();
  fs.rmSync(temp, { recursive: true, force: true });
}

/**
 * This process's peak RSS: VmHWM where /proc exists, else maxRSS.
 *
 * Why not maxRSS alone: Linux carries a parent's peak into a child it spawns (getrusage's maxrss
 * survives fork and exec), so under `npm run bench`, whose own process holds transformers.js and the
 * raw session, maxRSS reported the bench's 1.2 GB as this study's (3.43 GB in all against 2.26 GB
 * for the same study run alone). VmHWM belongs to the address space, which exec replaces.
 */
function ownPeakRssBytes(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // No /proc: fall back below.
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Sum of the peak RSS (VmHWM) of this process's live child processes; 0 where /proc is absent. */
function childPeakRssBytes(): number {
  let total = 0;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (hwm) total += Number(hwm[1]) * 1024;
    } catch {
      // The process ended while being read.
    }
  }
  return total;
}
