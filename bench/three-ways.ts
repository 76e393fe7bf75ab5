import type { EngineHost } from '../src-main/engine/host.ts';
import { DEFAULT_PREFIX_CACHE_BYTES } from '../src-main/engine/model-session.ts';
import { countTokens, firstSuffixes, type TokenCounts } from './distinct-tokens.ts';
import type { RawThroughput } from './raw-throughput.ts';
import type { TransformersScorer } from './score-transformers.ts';
import { byQueryLength } from '../src-main/experiments/scoring-order.ts';
import { SST2_TASK, type BenchCondition, type BenchStudy } from './study-prompts.ts';

/** Prompts per scoreNext call, as the study runner sends them (its default batchSize). */
export const RUNNER_BATCH = 32;

/** Time and work of one way of scoring. */
export interface WayResult {
  seconds: number;
  prompts: number;
  /** Whole-prompt tokens of the prompts scored (the same measure for every way). */
  promptTokens: number;
  /** Tokens actually run through the model (engine's computedTokens; whole prompts for (c)). */
  computedTokens: number;
}

export interface StudyBenchResult {
  name: string;
  orders: number;
  suffixesPerOrder: number;
  baselineSuffixesPerOrder: number;
  /** (a) on the whole study, its prefix cache shared across the orders as shipped. */
  shipped: WayResult;
  /** (a) again on the baselines' subset only, from an empty prefix cache. */
  shippedSubset: WayResult;
  reuseOff: WayResult;
  transformers: WayResult;
  counts: TokenCounts;
  subsetCounts: TokenCounts;
  rawTokensPerSec: number;
  rawSamples: number;
  /**
   * Largest |p(a) - p(b)| over every label of every prompt both scored, p normalised over the labels
   * as the study stores it (with random weights exp(logprob) alone is ~1/50257 and says little).
   */
  maxProbDiffReuse: number;
  maxLogprobDiffReuse: number;
  /** Same against transformers.js, for information (a different runtime path: not bit-equal). */
  maxProbDiffTransformers: number;
}

export interface ThreeWaysInput {
  study: BenchStudy;
  host: EngineHost;
  modelDir: string;
  tokenIds: number[];
  transformers: TransformersScorer;
  raw: RawThroughput;
  /** Position of this study in the run (0 first): picks its own model instances. */
  studyIndex: number;
  /** Suffixes per order that (b) and (c) score: the first n of each order's list. */
  baselineSuffixes: number;
  log: (line: string) => void;
}

const emptyWay = (): WayResult => ({ seconds: 0, prompts: 0, promptTokens: 0, computedTokens: 0 });

/**
 * Scores one study three ways, interleaved order by order so machine load hits all of them alike.
 *
 * For each order: one raw-throughput sample, then (a) Promptscope as shipped over every suffix in
 * the study runner's batches, (b) reuse off and (c) transformers.js over the order's first
 * `baselineSuffixes` suffixes. Afterwards (a) runs once more on exactly (b)'s and (c)'s prompts
 * on a second instance of the model whose prefix cache held none of them, for a same-prompts ratio.
 */
export async function benchThreeWays(input: ThreeWaysInput): Promise<StudyBenchResult> {
  const { study, host, tokenIds, transformers, raw, log } = input;
  const subset = firstSuffixes(study.conditions, input.baselineSuffixes);
  // Each study gets its own instances of the model, so no prefix state of an earlier study helps it
  // (demonstrations drawn with the same seed can coincide). Options that differ make the host load
  // anew; the budget stays the shipped one to within a few bytes. The second instance's empty cache
  // serves the same-prompts run of (a). Loaded up front: nothing is unloaded during the bench.
  const budget = DEFAULT_PREFIX_CACHE_BYTES - 2 * input.studyIndex;
  const modelId = (await host.load(input.modelDir, input.studyIndex === 0 ? {} : { prefixCacheBytes: budget })).modelId;
  const freshId = (await host.load(input.modelDir, { prefixCacheBytes: budget - 1 })).modelId;
  await warmUp(host, modelId, tokenIds, transformers);
  await warmUp(host, freshId, tokenIds);
  const shipped = emptyWay();
  const reuseOff = emptyWay();
  const tjs = emptyWay();
  const diffs = { prob: 0, logprob: 0, tjsProb: 0 };
  for (const [c, condition] of study.conditions.entries()) {
    await raw.sample();
    // Each way's first run after another way ran is up to 2x slower (measured: 2.1 s against 1.0-1.2 s
    // a prompt for reuse-off right after reuse-on), an artifact of interleaving: one untimed prompt
    // of each way comes first. (a)'s uses a prefix no study has, so it primes nothing.
    await warmUp(host, modelId, tokenIds, undefined, 'reuse');
    const a = await scoreWithEngine(host, modelId, condition, tokenIds, true, shipped);
    await host.scoreNext({ modelId, prefixParts: condition.prefixParts, suffixes: subset[c].suffixes.slice(0, 1), tokenIds, reuse: false });
    const b = await scoreWithEngine(host, modelId, subset[c], tokenIds, false, reuseOff);
    const prefix = condition.prefixParts.join('');
    await transformers.score(prefix + subset[c].suffixes[0], tokenIds);
    for (const [s, suffix] of subset[c].suffixes.entries()) {
      const started = performance.now();
      const scored = await transformers.score(prefix + suffix, tokenIds);
      tjs.seconds += (performance.now() - started) / 1000;
      tjs.prompts++;
      tjs.promptTokens += scored.tokens;
      tjs.computedTokens += scored.tokens;
      const [pa, pb, pc] = [a[s], b[s], scored.logprobs].map(labelProbabilities);
      for (let t = 0; t < tokenIds.length; t++) {
        diffs.tjsProb = Math.max(diffs.tjsProb, Math.abs(pc[t] - pa[t]));
        diffs.prob = Math.max(diffs.prob, Math.abs(pb[t] - pa[t]));
        diffs.logprob = Math.max(diffs.logprob, Math.abs(b[s][t] - a[s][t]));
      }
    }
    log(`  ${study.name} order ${c + 1}/${study.conditions.length}: (a) ${shipped.seconds.toFixed(1)} s, (b) ${reuseOff.seconds.toFixed(1)} s, (c) ${tjs.seconds.toFixed(1)} s so far`);
  }
  const shippedSubset = emptyWay();
  for (const condition of subset) await scoreWithEngine(host, freshId, condition, tokenIds, true, shippedSubset);
  return {
    name: study.name,
    orders: study.conditions.length,
    suffixesPerOrder: study.conditions[0].suffixes.length,
    baselineSuffixesPerOrder: subset[0].suffixes.length,
    shipped,
    shippedSubset,
    reuseOff,
    transformers: tjs,
    counts: countTokens(input.modelDir, study.conditions),
    subsetCounts: countTokens(input.modelDir, subset),
    rawTokensPerSec: raw.tokensPerSec(),
    rawSamples: raw.sampleCount,
    maxProbDiffReuse: diffs.prob,
    maxLogprobDiffReuse: diffs.logprob,
    maxProbDiffTransformers: diffs.tjsProb,
  };
}

/**
 * Scores one condition through EngineHost.scoreNext in the runner's batches and order (content-free
 * inputs first, then the test examples by query length: byQueryLength); returns logprobs per suffix,
 * in the condition's own order.
 */
export async function scoreWithEngine(host: Pick<EngineHost, 'scoreNext'>, modelId: string, condition: BenchCondition, tokenIds: number[], reuse: boolean, way: WayResult): Promise<number[][]> {
  const priors = Math.min(SST2_TASK.contentFree.length, condition.suffixes.length);
  const indices = condition.suffixes.map((_, i) => i);
  const order = [...indices.slice(0, priors), ...byQueryLength(indices.slice(priors), (i) => condition.suffixes[i])];
  const logprobs: number[][] = [];
  for (let start = 0; start < order.length; start += RUNNER_BATCH) {
    const positions = order.slice(start, start + RUNNER_BATCH);
    const suffixes = positions.map((i) => condition.suffixes[i]);
    const started = performance.now();
    const result = await host.scoreNext({ modelId, prefixParts: condition.prefixParts, suffixes, tokenIds, ...(reuse ? {} : { reuse: false }) });
    way.seconds += (performance.now() - started) / 1000;
    way.prompts += suffixes.length;
    way.promptTokens += result.promptTokens.reduce((sum, n) => sum + n, 0);
    way.computedTokens += result.computedTokens;
    positions.forEach((i, k) => (logprobs[i] = result.logprobs[k]));
  }
  return logprobs;
}

/**
 * One untimed prompt per way, on a prefix no study uses: sessions (including the engine's lazily
 * built last-logits session) and allocator arenas are ready before the clock runs.
 */
export async function warmUp(host: Pick<EngineHost, 'scoreNext'>, modelId: string, tokenIds: number[], transformers?: TransformersScorer, only?: 'reuse'): Promise<void> {
  const prefixParts = ['Warm-up line for the benchmark.\n\n'];
  const suffixes = ['Review: a warm-up review of about the length of a test example, neither good nor bad\nSentiment:'];
  await host.scoreNext({ modelId, prefixParts, suffixes, tokenIds });
  if (only === 'reuse') return;
  await host.scoreNext({ modelId, prefixParts, suffixes, tokenIds, reuse: false });
  await transformers?.score(prefixParts[0] + suffixes[0], tokenIds);
}

/** Label probabilities as a study stores them: the label tokens' probabilities normalised to sum to 1. */
function labelProbabilities(logprobs: readonly number[]): number[] {
  const max = Math.max(...logprobs);
  const exps = logprobs.map((lp) => Math.exp(lp - max));
  const sum = exps.reduce((x, y) => x + y, 0);
  return exps.map((e) => e / sum);
}
