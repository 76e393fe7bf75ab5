/**
 * `npm run bench`: the issue-6 benchmark suite (not a test).
 *
 * Two SST-2 studies on a 124M-shaped GPT-2, each scored three ways in one run — Promptscope as
 * shipped, Promptscope with reuse off, transformers.js one prompt at a time — against the ideal
 * set by raw onnxruntime-node throughput, then the peak memory of a 300-example study in a child
 * process. Writes bench/RESULTS.md.
 *
 * The default sizes are the study: 300 test examples (plus the 3 content-free inputs) in every
 * order, all 24 orders at 4 shots, 4 sampled orders at 8 shots; the baselines, which take ~0.4 s a
 * prompt, score the first 2 prompts of every order and are compared as rates. Sizes are options so
 * a quick look is cheap: `npm run bench -- --quick`, or e.g.
 * `--examples4 100 --baseline4 8 --examples8 100 --orders8 8 --baseline8 6 --memory-orders all`.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EngineHost } from '../src-main/engine/host.ts';
import { sampleDataDir } from '../test/support/sample-data.ts';
import { ensureBenchModel } from './bench-model.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { RawThroughput } from './raw-throughput.ts';
import { renderReport, studyFigures, type BenchReport, type MemoryResult } from './report.ts';
import { TransformersScorer } from './score-transformers.ts';
import { buildBenchStudy } from './study-prompts.ts';
import { benchThreeWays } from './three-ways.ts';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const { values: opts } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    /** Another model folder instead of the generated 124M-shaped one (e.g. a tiny one to check the bench itself). */
    model: { type: 'string' },
    examples4: { type: 'string' },
    baseline4: { type: 'string' },
    examples8: { type: 'string' },
    orders8: { type: 'string' },
    baseline8: { type: 'string' },
    'memory-examples': { type: 'string' },
    'memory-orders': { type: 'string' },
    'no-memory': { type: 'boolean', default: false },
    'no-write': { type: 'boolean', default: false },
  },
});
const num = (value: string | undefined, full: number, quick: number): number => (value !== undefined ? Number(value) : opts.quick ? quick : full);
const log = (line: string): void => console.log(line);

const started = performance.now();
const loadBefore = loadAverage();
const machine = describeMachine();
log(`machine: ${machine.cpu}, ${machine.logicalCpus} CPUs, ${machine.ramGiB} GiB; node ${machine.node}, onnxruntime-node ${machine.onnxruntimeNode}; load ${loadBefore}`);
const modelDir = opts.model ? path.resolve(opts.model) : await ensureBenchModel(log);
const sst2Dir = path.join(sampleDataDir, 'sst2');

const host = new EngineHost();
const raw = await RawThroughput.open(modelDir);
const transformers = await TransformersScorer.load(modelDir);
const studies: BenchReport['studies'] = [];
try {
  const probe = await host.load(modelDir);
  const tokenIds = await Promise.all(['Negative', 'Positive'].map(async (w) => (await host.tokenize(probe.modelId, ` ${w}`))[0].id));
  await host.unload(probe.modelId);
  const plans = [
    { spec: { name: '4-shot, all 24 orders', shots: 4, orders: 'all' as const, testExamples: num(opts.examples4, 300, 6), seed: 0 }, baseline: num(opts.baseline4, 2, 2), target: 6 },
    { spec: { name: '8-shot, sampled orders', shots: 8, orders: { sample: num(opts.orders8, 4, 2), seed: 0 }, testExamples: num(opts.examples8, 300, 6), seed: 0 }, baseline: num(opts.baseline8, 2, 2), target: 10 },
  ];
  for (const [studyIndex, plan] of plans.entries()) {
    const study = buildBenchStudy(sst2Dir, plan.spec);
    log(`${study.name}: ${study.conditions.length} orders x ${study.conditions[0].suffixes.length} suffixes; baselines on ${plan.baseline} per order`);
    const result = await benchThreeWays({ study, host, modelDir, tokenIds, transformers, raw, studyIndex, baselineSuffixes: plan.baseline, log });
    const f = studyFigures(result);
    log(`  => (a)/(c) ${f.speedupVsTransformers.toFixed(1)}x (same prompts ${f.speedupVsTransformersSamePrompts.toFixed(1)}x), (a)/(b) ${f.speedupVsReuseOff.toFixed(1)}x, ${f.fractionOfIdeal.toFixed(2)} of ideal, max prob diff ${result.maxProbDiffReuse.toExponential(2)}`);
    studies.push({ result, targetSpeedup: plan.target });
  }
} finally {
  await transformers.dispose();
  await raw.release();
  await host.dispose();
}

let memory: MemoryResult | undefined;
if (!opts['no-memory']) {
  const testExamples = num(opts['memory-examples'], 300, 30);
  const orders = opts['memory-orders'] ?? '1';
  log(`memory: a 4-shot study of ${testExamples} test examples, orders ${orders}, in a child process...`);
  memory = { testExamples, orders: orders === 'all' ? 'all 24' : `${orders} sampled`, ...(await memoryStudy(modelDir, sst2Dir, testExamples, orders)) };
  log(`  => peak RSS ${(memory.maxRssBytes / 1e9).toFixed(2)} GB, ${memory.prompts} prompts in ${memory.seconds.toFixed(1)} s`);
}

const report: BenchReport = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  machine,
  loadBefore,
  loadAfter: loadAverage(),
  totalSeconds: (performance.now() - started) / 1000,
  studies,
  ...(memory ? { memory } : {}),
};
const markdown = renderReport(report);
log('');
log(markdown);
if (!opts['no-write']) {
  fs.writeFileSync(path.join(benchDir, 'RESULTS.md'), markdown);
  log('written: bench/RESULTS.md');
}

/** Runs bench/memory-study.ts in a fresh Node process and reads its last stdout line. */
function memoryStudy(model: string, sst2: string, examples: number, orders: string): Promise<Omit<MemoryResult, 'testExamples' | 'orders'>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(benchDir, 'memory-study.ts'), model, sst2, String(examples), orders], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`memory study exited with code ${code}: ${last}`));
      try {
        resolve(JSON.parse(last) as Omit<MemoryResult, 'testExamples' | 'orders'>);
      } catch {
        reject(new Error(`memory study printed no result: ${last}`));
      }
    });
  });
}
