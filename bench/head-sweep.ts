/**
 * `npx tsx bench/head-sweep.ts [--examples N]`: the cost of a head-ablation sweep (one head removed at
 * a time, every head of the GPT-2-small shape: 12 x 12 = 144) over one 4-shot SST-2 condition, and how
 * the prefix cache is reused across heads where it can be. Prints a markdown section for RESULTS.md.
 *
 * Ways, all through EngineHost.probe on the same prompts:
 * - clean: one pass without a mask (what the study runner pays for the condition), the unit;
 * - (s) scope suffix: the head is removed at the query tokens only, so the clean prefix state is
 *   computed once and reused by all 144 heads;
 * - (a) scope all: removed at every token; the prefix state depends on the mask, so it is computed once
 *   per head and shared by that head's examples;
 * - (b) scope all without reuse: every prompt run whole, for a subset of heads (one per layer), scaled
 *   to 144 (every head costs the same: the mask is an input, the graph and shapes do not change).
 */
import { EngineHost } from '../src-main/engine/host.ts';
import path from 'node:path';
import { sampleDataDir } from '../test/support/sample-data.ts';
import { ensureBenchModel } from './bench-model.ts';
import { describeMachine, loadAverage } from './machine.ts';
import { buildBenchStudy } from './study-prompts.ts';

const examplesArg = process.argv.indexOf('--examples');
const EXAMPLES = examplesArg > 0 ? Number(process.argv[examplesArg + 1]) : 4;
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

    const timed = async (name: string, cells: [number, number][], request: (l: number, h: number) => Parameters<EngineHost['probe']>[0]) => {
      const started = performance.now();
      let computed = 0;
      let reused = 0;
      const logprobs = new Map<string, number[][]>();
      for (const [l, h] of cells) {
        const out = await host.probe(request(l, h));
        computed += out.computedTokens;
        reused += out.reusedTokens;
        logprobs.set(`${l}/${h}`, out.logprobs);
      }
      const seconds = (performance.now() - started) / 1000;
      log(`${name}: ${cells.length} heads, ${seconds.toFixed(1)} s`);
      return { name, heads: cells.length, seconds, computed, reused, logprobs };
    };
    const all: [number, number][] = [];
    for (let l = 0; l < layers; l++) for (let h = 0; h < heads; h++) all.push([l, h]);
    const subset: [number, number][] = Array.from({ length: layers }, (_, l) => [l, l % heads]);

    const cleanStart = performance.now();
    const clean = await host.probe({ ...base, reuse: false });
    const cleanSeconds = (performance.now() - cleanStart) / 1000;
    const promptTokens = clean.promptTokens.reduce((a, b) => a + b, 0);
    const s = await timed('(s) scope suffix, clean prefix reused across heads', all, (l, h) => ({ ...base, headMask: maskOf(l, h), maskScope: 'suffix' }));
    const a = await timed('(a) scope all, prefix once per head', all, (l, h) => ({ ...base, headMask: maskOf(l, h), maskScope: 'all' }));
    const b = await timed('(b) scope all, every prompt whole (subset)', subset, (l, h) => ({ ...base, headMask: maskOf(l, h), maskScope: 'all', reuse: false }));
    let maxDiff = 0;
    for (const [l, h] of subset) {
      const x = a.logprobs.get(`${l}/${h}`) as number[][];
      const y = b.logprobs.get(`${l}/${h}`) as number[][];
      x.forEach((row, i) => row.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - y[i][j])))));
    }
    const scale = all.length / subset.length;
    const bSeconds = b.seconds * scale;
    const machine = describeMachine();
    const rows = [
      ['clean pass, no mask, every prompt whole (the unit)', 1, cleanSeconds, promptTokens, 0],
      [s.name, s.heads, s.seconds, s.computed, s.reused],
      [a.name, a.heads, a.seconds, a.computed, a.reused],
      [`${b.name}, x${scale} to 144`, all.length, bSeconds, b.computed * scale, b.reused * scale],
    ] as const;
    const out: string[] = [];
    out.push(`## Head-ablation sweep (\`npx tsx bench/head-sweep.ts --examples ${EXAMPLES}\`)`, '');
    out.push(`Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machine.cpu}, ${machine.logicalCpus} logical CPUs, onnxruntime-node ${machine.onnxruntimeNode}, CPU provider; 1-minute load average ${loadStart.toFixed(2)} at the start, ${loadAverage().toFixed(2)} at the end (shared machine: absolute times are noisy, ratios less so).`, '');
    out.push(`GPT-2-small shape (${layers} layers x ${heads} heads, 768 wide, random weights, GPT-2's tokenizer); one 4-shot SST-2 condition (balanced demonstrations, seed 0), ${suffixes.length} test examples, ${promptTokens} prompt tokens in all (prefix ${prefixTokens} tokens, ${Math.round(promptTokens / suffixes.length)} tokens a prompt on average). Each way removes one head at a time for all ${layers * heads} heads.`, '');
    out.push('| way | heads | seconds | x clean pass | tokens run | tokens reused |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [name, n, seconds, computed, reused] of rows) out.push(`| ${name} | ${n} | ${seconds.toFixed(1)} | ${(seconds / cleanSeconds).toFixed(1)} | ${Math.round(computed)} | ${Math.round(reused)} |`);
    out.push('');
    out.push(`- (b)/(a): **${(bSeconds / a.seconds).toFixed(2)}x**, (b)/(s): **${(bSeconds / s.seconds).toFixed(2)}x** (time); tokens run (b)/(a) ${(b.computed * scale / a.computed).toFixed(2)}, (b)/(s) ${(b.computed * scale / s.computed).toFixed(2)}.`);
    out.push(`- Per head: (s) ${(s.seconds / s.heads).toFixed(2)} s, (a) ${(a.seconds / a.heads).toFixed(2)} s, (b) ${(b.seconds / b.heads).toFixed(2)} s; one clean pass ${cleanSeconds.toFixed(2)} s.`);
    out.push(`- (a) against (b) on the ${subset.length} heads both ran: max |label log-prob diff| ${maxDiff.toExponential(2)}.`);
    out.push('');
    process.stdout.write(`${out.join('\n')}\n`);
  } finally {
    await host.dispose();
  }
}

await main();
