import type { EngineHost } from '../src-main/engine/host.ts';
import { DEFAULT_PREFIX_CACHE_BYTES } from '../src-main/engine/model-session.ts';
import { countTokens, firstSuffixes, type TokenCounts } from './distinct-tokens.ts';
import type { RawThroughput } from './raw-throughput.ts';
import type { TransformersScorer } from './score-transformers.ts';
import type { BenchCondition, BenchStudy } from './study-prompts.ts';

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
  /** Largest |p(a) - p(b)| over every label of every prompt both scored (p = exp(logprob)). */
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
  const modelId = (await host.load(input.modelDir)).modelId;
  // A second instance of the model (options differ, so the host loads it anew) with its own, empty
  // prefix cache, for the same-prompts run of (a). Loaded up front: no unload between runs.
  const freshId = (await host.load(input.modelDir, { prefixCacheBytes: DEFAULT_PREFIX_CACHE_BYTES })).modelId;
  await warmUp(host, modelId, tokenIds, transformers);
  await warmUp(host, freshId, tokenIds);
  const shipped = emptyWay();
  const reuseOff = emptyWay();
  const tjs = emptyWay();
  const diffs = { prob: 0, logprob: 0, tjsProb: 0 };
  for (const [c, condition] of study.conditions.entries()) {
    await raw.sample();
    const a = await scoreWithEngine(host, modelId, condition, tokenIds, true, shipped);
    const b = await scoreWithEngine(host, modelId, subset[c], tokenIds, false, reuseOff);
    const prefix = condition.prefixParts.join('');
    for (const [s, suffix] of subset[c].suffixes.entries()) {
      const started = performance.now();
      const scored = await transformers.score(prefix + suffix, tokenIds);
      tjs.seconds += (performance.now() - started) / 1000;
      tjs.prompts++;
      tjs.promptTokens += scored.tokens;
      tjs.computedTokens += scored.tokens;
      for (const [t, lp] of scored.logprobs.entries()) {
        diffs.tjsProb = Math.max(diffs.tjsProb, Math.abs(Math.exp(lp) - Math.exp(a[s][t])));
        diffs.prob = Math.max(diffs.prob, Math.abs(Math.exp(b[s][t]) - Math.exp(a[s][t])));
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

/** Scores one condition through EngineHost.scoreNext in the runner's batches; returns logprobs per suffix. */
async function scoreWithEngine(host: EngineHost, modelId: string, condition: BenchCondition, tokenIds: number[], reuse: boolean, way: WayResult): Promise<number[][]> {
  const logprobs: number[][] = [];
  for (let start = 0; start < condition.suffixes.length; start += RUNNER_BATCH) {
    const suffixes = condition.suffixes.slice(start, start + RUNNER_BATCH);
    const started = performance.now();
    const result = await host.scoreNext({ modelId, prefixParts: condition.prefixParts, suffixes, tokenIds, ...(reuse ? {} : { reuse: false }) });
    way.seconds += (performance.now() - started) / 1000;
    way.prompts += suffixes.length;
    way.promptTokens += result.promptTokens.reduce((sum, n) => sum + n, 0);
    way.computedTokens += result.computedTokens;
    logprobs.push(...result.logprobs);
  }
  return logprobs;
}

/**
 * One untimed prompt per way, on a prefix no study uses: sessions (including the engine's lazily
 * built last-logits session) and allocator arenas are ready before the clock runs.
 */
async function warmUp(host: EngineHost, modelId: string, tokenIds: number[], transformers?: TransformersScorer): Promise<void> {
  const prefixParts = ['Warm-up line for the benchmark.\n\n'];
  const suffixes = ['Review: a warm-up review\nSentiment:'];
  await host.scoreNext({ modelId, prefixParts, suffixes, tokenIds });
  await host.scoreNext({ modelId, prefixParts, suffixes, tokenIds, reuse: false });
  await transformers?.score(prefixParts[0] + suffixes[0], tokenIds);
}
