/**
 * `npx tsx bench/engine-ab.ts --other CHECKOUT [--rounds 3] [--examples 30]`: the study-throughput
 * row of `npm run bench` ((a), Promptscope as shipped: EngineHost.scoreNext in the study runner's
 * batches and order, prefix cache shared across orders) for this checkout and another one (an
 * older commit, checked out elsewhere), side by side. Not a test; nothing is asserted.
 *
 * Each side runs its own engine host and worker from its own sources. On a shared machine absolute
 * rates drift with load, so the sides are interleaved order by order (this side's order k, then the
 * other's, the first side alternating by round) and compared as a ratio per round; the rounds give
 * the spread. Every round loads the model anew on both sides (empty prefix caches). The label
 * log-probabilities of the two sides are compared too: the same prompts must score the same.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import * as thisHost from '../src-main/engine/host.ts';
import { sampleDataDir } from '../test/support/sample-data.ts';
import { ensureBenchModel } from './bench-model.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { buildBenchStudy } from './study-prompts.ts';
import { scoreWithEngine, warmUp, type WayResult } from './three-ways.ts';

const { values: opts } = parseArgs({
  options: {
    other: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    examples: { type: 'string', default: '30' },
    model: { type: 'string' },
  },
});
if (!opts.other) throw new Error('--other: the root of the other checkout is required');
const log = (line: string): void => console.log(line);
const machine = describeMachine();
log(`machine: ${machine.cpu}, ${machine.logicalCpus} CPUs, ${machine.ramGiB} GiB; node ${machine.node}, onnxruntime-node ${machine.onnxruntimeNode}; load ${loadAverage()}`);

// The other checkout's engine host, from its own sources (typed as this one's: the same public surface).
const otherHost = (await import(pathToFileURL(path.resolve(opts.other, 'src-main/engine/host.ts')).href)) as typeof thisHost;
const sides = [
  { name: 'this checkout', host: new thisHost.EngineHost() },
  { name: `other (${path.basename(path.resolve(opts.other))})`, host: new otherHost.EngineHost() },
];
const modelDir = opts.model ? path.resolve(opts.model) : await ensureBenchModel(log);
const study = buildBenchStudy(path.join(sampleDataDir, 'sst2'), { name: '4-shot, all 24 orders', shots: 4, orders: 'all', testExamples: Number(opts.examples), seed: 0 });
log(`${study.name}: ${study.conditions.length} orders x ${study.conditions[0].suffixes.length} suffixes, ${Number(opts.rounds)} rounds`);

const rounds: { ways: WayResult[]; loadStart: number; loadEnd: number; maxDiff: number }[] = [];
try {
  const probe = await sides[0].host.load(modelDir);
  const tokenIds = await Promise.all(['Negative', 'Positive'].map(async (w) => (await sides[0].host.tokenize(probe.modelId, ` ${w}`))[0].id));
  await sides[0].host.unload(probe.modelId);
  for (let r = 0; r < Number(opts.rounds); r++) {
    const loadStart = loadAverage();
    const order = r % 2 === 0 ? [0, 1] : [1, 0];
    const ids = await Promise.all(sides.map(async (s) => (await s.host.load(modelDir)).modelId));
    for (const i of order) await warmUp(sides[i].host, ids[i], tokenIds);
    const ways: WayResult[] = sides.map(() => ({ seconds: 0, prompts: 0, promptTokens: 0, computedTokens: 0 }));
    let maxDiff = 0;
    for (const condition of study.conditions) {
      const scored: number[][][] = [];
      for (const i of order) scored[i] = await scoreWithEngine(sides[i].host, ids[i], condition, tokenIds, true, ways[i]);
      scored[0].forEach((row, s) => row.forEach((lp, t) => (maxDiff = Math.max(maxDiff, Math.abs(lp - scored[1][s][t])))));
    }
    await Promise.all(sides.map((s, i) => s.host.unload(ids[i])));
    rounds.push({ ways, loadStart, loadEnd: loadAverage(), maxDiff });
    const rates = ways.map((w) => w.promptTokens / w.seconds);
    log(`round ${r + 1} (${sides[order[0]].name} first): ${sides.map((s, i) => `${s.name} ${ways[i].seconds.toFixed(1)} s, ${rates[i].toFixed(0)} prompt tokens/s`).join('; ')}; this/other ${(rates[0] / rates[1]).toFixed(3)}; max |logprob diff| ${maxDiff.toExponential(1)}; load ${loadStart} -> ${loadAverage()}`);
  }
} finally {
  await Promise.all(sides.map((s) => s.host.dispose()));
}

const ratios = rounds.map((r) => r.ways[0].promptTokens / r.ways[0].seconds / (r.ways[1].promptTokens / r.ways[1].seconds)).sort((a, b) => a - b);
const median = ratios.length % 2 ? ratios[(ratios.length - 1) / 2] : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
log('');
log('| round | first | this: s | this: prompt tokens/s | other: s | other: prompt tokens/s | this/other | max logprob diff | load (1 min) |');
log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
rounds.forEach((r, i) => {
  const rate = (w: WayResult) => w.promptTokens / w.seconds;
  log(`| ${i + 1} | ${i % 2 === 0 ? 'this' : 'other'} | ${r.ways[0].seconds.toFixed(1)} | ${rate(r.ways[0]).toFixed(0)} | ${r.ways[1].seconds.toFixed(1)} | ${rate(r.ways[1]).toFixed(0)} | ${(rate(r.ways[0]) / rate(r.ways[1])).toFixed(3)} | ${r.maxDiff.toExponential(1)} | ${r.loadStart} -> ${r.loadEnd} |`);
});
log('');
log(`this/other prompt tokens/s: median ${median.toFixed(3)}, range ${ratios[0].toFixed(3)}-${ratios[ratios.length - 1].toFixed(3)} over ${ratios.length} rounds`);
