import type { MachineInfo } from './machine.ts';
import { RAW_TOKENS } from './raw-throughput.ts';
import type { StudyBenchResult, WayResult } from './three-ways.ts';

export interface MemoryResult {
  testExamples: number;
  orders: string;
  prompts: number;
  seconds: number;
  maxRssBytes: number;
  /** The engine child process's part of maxRssBytes. */
  engineProcessBytes?: number;
}

export interface BenchReport {
  date: string;
  machine: MachineInfo;
  loadBefore: number;
  loadAfter: number;
  totalSeconds: number;
  studies: { result: StudyBenchResult; targetSpeedup: number }[];
  memory?: MemoryResult;
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const promptsPerSec = (w: WayResult): number => w.prompts / w.seconds;
const tokensPerSec = (w: WayResult): number => w.promptTokens / w.seconds;

/** Derived figures of one study: ratios on prompt-token rates, so subsets of different lengths compare. */
export function studyFigures(r: StudyBenchResult) {
  const idealSeconds = r.counts.distinctTokens / r.rawTokensPerSec;
  const idealSubsetSeconds = r.subsetCounts.distinctTokens / r.rawTokensPerSec;
  return {
    speedupVsTransformers: tokensPerSec(r.shipped) / tokensPerSec(r.transformers),
    speedupVsTransformersSamePrompts: tokensPerSec(r.shippedSubset) / tokensPerSec(r.transformers),
    speedupVsReuseOff: tokensPerSec(r.shipped) / tokensPerSec(r.reuseOff),
    idealSeconds,
    fractionOfIdeal: idealSeconds / r.shipped.seconds,
    fractionOfIdealSubset: idealSubsetSeconds / r.shippedSubset.seconds,
    engineTokensPerSec: r.shipped.computedTokens / r.shipped.seconds,
  };
}

function wayRow(label: string, w: WayResult): string {
  return `| ${label} | ${w.prompts} | ${fmt(w.seconds)} | ${fmt(promptsPerSec(w), 2)} | ${fmt(tokensPerSec(w), 0)} | ${w.computedTokens} |`;
}

function studySection(r: StudyBenchResult, target: number): string[] {
  const f = studyFigures(r);
  const pass = (ok: boolean): string => (ok ? 'met' : '**not met**');
  return [
    `### ${r.name}`,
    '',
    `${r.orders} orders x ${r.suffixesPerOrder} suffixes (3 content-free + ${r.suffixesPerOrder - 3} test examples) = ${r.shipped.prompts} prompts for (a);`,
    `(b) and (c) score the first ${r.baselineSuffixesPerOrder} suffixes of every order (${r.transformers.prompts} prompts).`,
    '',
    '| way | prompts | seconds | prompts/s | prompt tokens/s | tokens run |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    wayRow('(a) Promptscope as shipped, whole study', r.shipped),
    wayRow('(a) same, on the (b)/(c) prompts only, empty cache', r.shippedSubset),
    wayRow('(b) Promptscope, reuse off', r.reuseOff),
    wayRow('(c) transformers.js, one forward per prompt', r.transformers),
    '',
    `- (a)/(c): **${fmt(f.speedupVsTransformers)}x** (target >= ${target}x: ${pass(f.speedupVsTransformers >= target)}); on the same prompts only: ${fmt(f.speedupVsTransformersSamePrompts)}x`,
    `- (a)/(b): ${fmt(f.speedupVsReuseOff)}x`,
    `- Tokens that must be computed: ${r.counts.prefixTrieTokens} prefix-trie + ${r.counts.suffixTokens} suffix = ${r.counts.prefixPlusSuffixTokens}; trie of the whole prompts (the ideal used): ${r.counts.distinctTokens}; whole prompts: ${r.counts.wholeTokens}; the engine ran ${r.shipped.computedTokens}.`,
    `- Raw onnxruntime-node: ${fmt(r.rawTokensPerSec, 0)} tokens/s (median of ${r.rawSamples} ${RAW_TOKENS}-token runs); ideal time ${fmt(f.idealSeconds)} s; (a) took ${fmt(r.shipped.seconds)} s: **${fmt(f.fractionOfIdeal, 2)} of the ideal** (within 2x: ${pass(f.fractionOfIdeal >= 0.5)}); same-prompts run: ${fmt(f.fractionOfIdealSubset, 2)}.`,
    `- (a) ran its tokens at ${fmt(f.engineTokensPerSec, 0)} tokens/s.`,
    `- Label probabilities (normalised over the labels), (a) against (b), every prompt both scored: max |diff| ${r.maxProbDiffReuse.toExponential(2)} (label logprobs ${r.maxLogprobDiffReuse.toExponential(2)}; limit 1e-5: ${pass(r.maxProbDiffReuse <= 1e-5)}); (a) against (c): ${r.maxProbDiffTransformers.toExponential(2)}.`,
    '',
  ];
}

/** The console summary and bench/RESULTS.md body (Markdown). */
export function renderReport(report: BenchReport): string {
  const m = report.machine;
  const lines = [
    '# Benchmark results (`npm run bench`)',
    '',
    `Measured ${report.date}, ${fmt(report.totalSeconds / 60)} minutes in all.`,
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpu}, ${m.logicalCpus} logical CPUs (${m.physicalCores} physical cores used as threads), ${m.ramGiB} GiB RAM, ${m.os}`,
    `- Node ${m.node}, onnxruntime-node ${m.onnxruntimeNode}, @huggingface/transformers ${m.transformersJs}`,
    `- Shared with other work: 1-minute load average ${report.loadBefore} at the start, ${report.loadAfter} at the end. The three ways run`,
    '  interleaved order by order (raw sample, (a), (b), (c) for each order), so load changes hit them alike; absolute rates are noisy.',
    '',
    '## Method',
    '',
    '- Model: GPT-2-small shape (12 layers, 768 wide, 12 heads, 124M parameters, fp32) with random weights, built by synthGpt2',
    "  into bench/models/; GPT-2's real tokenizer. SST-2 (stsa.binary.*) with the study runner's prompts: template",
    '  `Review: {{input}}\\nSentiment: {{label}}`, separator `\\n\\n`, labels Negative/Positive, balanced demonstrations (seed 0),',
    '  seeded test sample, content-free inputs N/A, "" and [MASK] first, as the runner scores them.',
    '- (a) `EngineHost.scoreNext` as the study runner calls it (32 suffixes a call, test examples ordered by query length,',
    '  prefix cache shared across orders; the engine runs each call in length-sorted batches of up to 8 over one tiled prefix);',
    '  (b) the same with `reuse: false`; (c) transformers.js `model(inputs)` per prompt, last-position logits, `log_softmax`,',
    '  label ids. One untimed warm-up prompt per way first, and again before each way\'s turn in every order (a session\'s',
    '  first run after another session ran is up to 2x slower). Ratios use prompt tokens/s (whole-prompt tokens over seconds),',
    '  which corrects for the (b)/(c) subset having slightly different lengths than the whole study.',
    `- Ideal: distinct tokens (nodes of the token trie of all prompts: shared prefixes over the orders once, and the query`,
    '  tokens every suffix shares once; the issue\'s "prefix trie + every suffix token" is shown too) / raw throughput: a plain',
    `  onnxruntime-node session over the model rewritten to compute last-position logits only, ${RAW_TOKENS}-token input, empty past,`,
    '  same threads and optimisation level as the engine, one timed run (after an untimed one) before each order (median).',
    '',
    '## Results',
    '',
    ...report.studies.flatMap((s) => studySection(s.result, s.targetSpeedup)),
  ];
  if (report.memory) {
    const mem = report.memory;
    const gb = mem.maxRssBytes / 1e9;
    lines.push(
      '### Peak memory',
      '',
      `A real study through the study runner (SQLite store, EngineHost with reuse) in its own process: 4-shot, ${mem.testExamples} test examples,`,
      `orders ${mem.orders}, ${mem.prompts} prompts in ${fmt(mem.seconds)} s. Peak RSS: the study process's VmHWM plus the engine process's`,
      `VmHWM (${fmt((mem.engineProcessBytes ?? 0) / 1e9, 2)} GB of it): **${fmt(gb, 2)} GB** (limit 3 GB: ${gb < 3 ? 'met' : '**not met**'}).`,
      '',
    );
  }
  return `${lines.join('\n')}\n`;
}
