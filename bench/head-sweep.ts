/**
 * `npx tsx bench/head-sweep.ts [--examples N] [--heads N]`: the cost of a head-ablation sweep (one head removed at
 * a time, every head of the GPT-2-small shape: 12 x 12 = 144) over one 4-shot SST-2 condition, and how
 * the prefix cache is reused across heads where it can be. Prints a markdown section for RESULTS.md.
 *
 * Ways, all through EngineHost.probe on the same prompts:
 * - clean: one pass without a mask (what the study runner pays for the condition), the unit;
 * - (s) scope suffix: the head is removed at the query tokens only, so the clean prefix state is
 *   computed once and reused by all 144 heads;
 * - (a) scope all: removed at every token; the prefix state depends on the mask, so it is computed once
 *   per head and shared by that head's examples;
 * - (b) scope all without reuse: every prompt run whole (the baseline).
 * `--heads N` times N heads spread over the layers and scales to 144 (every head costs the same).
 */
import { EngineHost } from '../src-main/engine/host.ts';
import path from 'node:path';
import { sampleDataDir } from '../test/support/sample-data.ts';
import { ensureBenchModel } from './bench-model.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { buildBenchStudy } from './study-prompts.ts';

const examplesArg = process.argv.indexOf('--examples');
const EXAMPLES = examplesArg > 0 ? Number(process.argv[examplesArg + 1]) : 4;
const headsArg = process.argv.indexOf('--heads');
const HEADS = headsArg > 0 ? Number(process.argv[headsArg + 1]) : 144;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const dir = await ensureBenchModel(log);
  const study = buildBenchStudy(path.join(sampleDataDir, 'sst2'), { name: 'head-sweep', shots: 4, orders: 'first', testExamples: EXAMPLES, seed: 0 });
  const { prefixParts } = study.conditions[0];
  const suffixes = study.conditions[0].suffixes.slice(3); // test examples only
  const host = new EngineHost({ timeoutMs: 60 * 60 * 1000 });
  const loadStart = loadAverage();
  try {
    const model = await host.load(dir, { provider: 'cpu' });
    const tokenIds = [];
    for (const word of study.labelWords) tokenIds.push((await host.tokenize(model.modelId, ` ${word}`))[0].id);
    const { nLayer: layers, nHead: heads } = model;
    const prefixTokens = (await host.tokenize(model.modelId, prefixParts.join(''))).length;
    const base = { modelId: model.modelId, prefixParts, suffixes, tokenIds };
    const maskOf = (layer: number, head: number) => Array.from({ length: layers }, (_, l) => Array.from({ length: heads }, (_, h) => (l === layer && h === head ? 0 : 1)));
    // Untimed warm-up: builds the probe session and runs each path once.
    await host.probe({ ...base, headMask: maskOf(0, 0), maskScope: 'all' });
    await host.probe({ ...base, headMask: maskOf(0, 0), maskScope: 'suffix' });

    const all: [number, number][] = [];
    for (let l = 0; l < layers; l++) for (let h = 0; h < heads; h++) all.push([l, h]);
    // --heads N: every (layers*heads/N)-th head, spread over the layers; every head costs the same
    // (the mask is an input: same graph, same shapes), so N heads times 144/N is the sweep's cost.
    const step = Math.max(1, Math.floor(all.length / HEADS));
    const cells = all.filter((_, i) => i % step === 0).slice(0, HEADS);
    const ways = [
      { name: '(s) scope suffix: clean prefix computed once, reused by every head', request: (l: number, h: number) => ({ ...base, headMask: maskOf(l, h), maskScope: 'suffix' as const }) },
      { name: '(a) scope all: prefix under the mask once per head, shared by its examples', request: (l: number, h: number) => ({ ...base, headMask: maskOf(l, h), maskScope: 'all' as const }) },
      { name: '(b) scope all, reuse off: every prompt run whole', request: (l: number, h: number) => ({ ...base, headMask: maskOf(l, h), maskScope: 'all' as const, reuse: false }) },
    ].map((w) => ({ ...w, seconds: 0, computed: 0, reused: 0, logprobs: new Map<string, number[][]>() }));
    // The unit: one clean pass over the prompts (no mask, every prompt whole). It is timed inside the
    // interleaved loop, once per timed head, so a change of the shared machine's load hits the unit and
    // the ways alike; an untimed pass first (a path's first run is slower).
    await host.probe({ ...base, reuse: false });
    let cleanTotal = 0;
    let promptTokens = 0;
    // Interleaved head by head, so changes in the shared machine's load hit the three ways alike.
    for (const [done, [l, h]] of cells.entries()) {
      const cleanStart = performance.now();
      const clean = await host.probe({ ...base, reuse: false });
      cleanTotal += (performance.now() - cleanStart) / 1000;
      promptTokens = clean.promptTokens.reduce((x, y) => x + y, 0);
      for (const way of ways) {
        const started = performance.now();
        const out = await host.probe(way.request(l, h));
        way.seconds += (performance.now() - started) / 1000;
        way.computed += out.computedTokens;
        way.reused += out.reusedTokens;
        way.logprobs.set(`${l}/${h}`, out.logprobs);
      }
      log(`head ${done + 1}/${cells.length}: clean ${cleanTotal.toFixed(1)} / ${ways.map((w) => w.seconds.toFixed(1)).join(' / ')} s`);
    }
    const cleanSeconds = cleanTotal / cells.length;
    const [s, a, b] = ways;
    let maxDiff = 0;
    for (const [l, h] of cells) {
      const x = a.logprobs.get(`${l}/${h}`) as number[][];
      const y = b.logprobs.get(`${l}/${h}`) as number[][];
      x.forEach((row, i) => row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - y[i][j])))));
    }
    const scale = all.length / cells.length;
    const machine = describeMachine();
    const rows = [
      ['clean pass, no mask, every prompt whole (the unit; mean of one per timed head)', 1, cleanSeconds, promptTokens, 0],
      ...ways.map((w) => [w.name, all.length, w.seconds * scale, w.computed * scale, w.reused * scale] as const),
    ] as const;
    const out: string[] = [];
    out.push(`## Head-ablation sweep (\`npx tsx bench/head-sweep.ts --examples ${EXAMPLES} --heads ${cells.length}\`)`, '');
    out.push(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpu}, ${machine.logicalCpus} logical CPUs, onnxruntime-node ${machine.onnxruntimeNode}, CPU provider; 1-minute load average ${loadStart.toFixed(2)} at the start, ${loadAverage().toFixed(2)} at the end (a shared machine: absolute times are slow and noisy; the ways run interleaved head by head, so ratios hold better).`, '');
    out.push(`GPT-2-small shape (${layers} layers x ${heads} heads, 768 wide, random weights, GPT-2's tokenizer); one 4-shot SST-2 condition (balanced demonstrations, seed 0), ${suffixes.length} test examples; the prefix is ${prefixTokens} tokens, a whole prompt ${Math.round(promptTokens / suffixes.length)} on average. ${cells.length} of the ${all.length} heads were timed (every ${step}th, spread over all layers) and their totals scaled by ${scale} to the full sweep: every head costs the same, since the mask is an input and the graph and shapes never change.`, '');
    out.push('| way | heads | seconds | x clean pass | tokens run | tokens reused |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, n, seconds, computed, reused] of rows) out.push(`| ${name} | ${n} | ${seconds.toFixed(1)} | ${(seconds / cleanSeconds).toFixed(1)} | ${Math.round(computed)} | ${Math.round(reused)} |`);
    out.push('');
    out.push(`- Time (b)/(a): **${(b.seconds / a.seconds).toFixed(2)}x**, (b)/(s): **${(b.seconds / s.seconds).toFixed(2)}x**; tokens run (b)/(a) ${(b.computed / a.computed).toFixed(2)}, (b)/(s) ${(b.computed / s.computed).toFixed(2)}.`);
    out.push(`- Per head: (s) ${(s.seconds / cells.length).toFixed(2)} s, (a) ${(a.seconds / cells.length).toFixed(2)} s, (b) ${(b.seconds / cells.length).toFixed(2)} s; one clean pass ${cleanSeconds.toFixed(2)} s.`);
    out.push(`- (a) against (b), same masks: max |label log-prob diff| ${maxDiff.toExponential(2)}.`);
    out.push('');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await host.dispose();
  }
}

await main();
