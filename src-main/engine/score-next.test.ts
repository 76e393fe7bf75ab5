import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleDataFile } from '../../test/support/sample-data.ts';
import { logitsRow, logSoftmax } from './forward.ts';
import { ModelSession } from './model-session.ts';
import { scoreLabels } from './label-scores.ts';
import { PrefixCache } from './prefix-cache.ts';
import { SCORE_BATCH_TOKENS, scoreBatches, scoreNext } from './score-next.ts';
import { synthGpt2 } from './synth/gpt2.ts';

/**
 * Prefix reuse must not change a single score ("label probabilities with reuse equal
 * those without it within 1e-5 on every prompt of a study").
 */

let root: string;
let model: ModelSession;
let demos: string[];
let queries: string[];
let labelIds: number[];

const format = (text: string, label?: string) => `Review: ${text}\nSentiment:${label === undefined ? '' : ` ${label}`}`;

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-score-'));
  // GPT-2's tokenizer cut to its first 4096 ids: real merges ("\n\n" is one token) at a fraction of the lm_head cost.
  await synthGpt2({ outDir: root, layers: 2, hidden: 32, heads: 2, vocab: 4096, seed: 3 });
  model = await ModelSession.load('m1', 'tiny', root, { provider: 'cpu', prefixCacheBytes: 8 * 1024 * 1024 });
  const lines = (file: string) => fs.readFileSync(sampleDataFile('sst2', file), 'utf8').split('\n').filter(Boolean);
  const train = lines('stsa.binary.train').slice(0, 4);
  demos = train.map((line) => `${format(line.slice(2), line[0] === '1' ? 'Positive' : 'Negative')}\n\n`);
  queries = [...lines('stsa.binary.test').slice(0, 3).map((l) => format(l.slice(2))), format('N/A'), format(''), format('[MASK]')];
  labelIds = [' Negative', ' Positive'].map((w) => model.tokenizer.encode(w, false)[0]);
});

afterAll(async () => {
  await model?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

function maxDiff(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i][j])))));
  return max;
}

describe('scoreNext with prefix reuse', () => {
  it('equals whole-prompt scoring on every prompt of a 4-shot all-orders study, at batch 1, 4 and the default', async () => {
    let reusedWork = 0;
    let plainWork = 0;
    let prompts = 0;
    const orders = permutations(demos);
    expect(orders).toHaveLength(24);
    for (const order of orders) {
      const request = { modelId: 'm1', prefixParts: order, suffixes: queries, tokenIds: labelIds };
      const plain = await scoreNext(model, { ...request, reuse: false });
      const reused = await scoreNext(model, request);
      const batched = await scoreNext(model, { ...request, batchSize: 4 });
      const single = await scoreNext(model, { ...request, batchSize: 1 });
      expect(maxDiff(reused.logprobs, plain.logprobs)).toBeLessThan(1e-5);
      expect(maxDiff(batched.logprobs, plain.logprobs)).toBeLessThan(1e-5);
      expect(maxDiff(single.logprobs, plain.logprobs)).toBeLessThan(1e-5);
      expect(batched.computedTokens).toBe(single.computedTokens);
      expect(reused.promptTokens).toEqual(plain.promptTokens);
      expect(plain.computedTokens).toBe(plain.promptTokens.reduce((a, b) => a + b, 0));
      reusedWork += reused.computedTokens;
      plainWork += plain.computedTokens;
      prompts += queries.length;
    }
    expect(prompts).toBe(144);
    // Only the work that is new: far fewer tokens run than prompts hold.
    expect(reusedWork).toBeLessThan(plainWork / 3);
    expect(model.prefixCache.bytes).toBeLessThanOrEqual(model.prefixCache.budgetBytes);
  });

  it('orders sharing their first demonstrations start from the shared state', async () => {
    model.prefixCache.clear();
    const suffixes = queries.slice(0, 2);
    const first = await scoreNext(model, { modelId: 'm1', prefixParts: [demos[0], demos[1], demos[2], demos[3]], suffixes, tokenIds: labelIds });
    const sibling = await scoreNext(model, { modelId: 'm1', prefixParts: [demos[0], demos[1], demos[3], demos[2]], suffixes, tokenIds: labelIds });
    const again = await scoreNext(model, { modelId: 'm1', prefixParts: [demos[0], demos[1], demos[2], demos[3]], suffixes, tokenIds: labelIds });
    expect(sibling.computedTokens).toBeLessThan(first.computedTokens);
    expect(again.computedTokens).toBeLessThan(sibling.computedTokens);
    expect(again.logprobs).toEqual(first.logprobs);
    // Everything shared is cached now: only the tokens after the prompts' common prefix run.
    const whole = suffixes.map((suffix) => model.encodePrompt(demos.join('') + suffix));
    let common = 0;
    while (whole.every((ids) => ids[common] === whole[0][common])) common++;
    expect(common).toBeGreaterThan(model.encodePrompt(demos.join('')).length - 3);
    expect(again.computedTokens).toBe(whole.reduce((sum, ids) => sum + ids.length - common, 0));
  });

  it('parts whose tokens merge across the boundary still score exactly the whole string', async () => {
    // Split inside a word and inside "\n\n": the parts' own tokens differ from the whole prompt's.
    const parts = ['Review: a wonderf', 'ul film\nSentiment: Positive\n', '\nReview: dull\nSentiment: Negative\n\n'];
    const request = { modelId: 'm1', prefixParts: parts, suffixes: queries, tokenIds: labelIds };
    const reused = await scoreNext(model, request);
    const plain = await scoreNext(model, { ...request, reuse: false });
    expect(maxDiff(reused.logprobs, plain.logprobs)).toBeLessThan(1e-5);
  });

  it('agrees with the full-vocabulary distribution and with scoreLabels', async () => {
    const prompt = demos.join('') + queries[0];
    const ids = model.encodePrompt(prompt);
    const full = logSoftmax(logitsRow(await model.forward({ rows: [ids] }), 0, ids.length - 1));
    const scored = await scoreNext(model, { modelId: 'm1', prefixParts: demos, suffixes: [queries[0]], tokenIds: labelIds });
    const labels = await scoreLabels(model, prompt, ['Negative', 'Positive'], 'first-token');
    for (let j = 0; j < labelIds.length; j++) {
      expect(Math.abs(scored.logprobs[0][j] - full[labelIds[j]])).toBeLessThan(1e-5);
      expect(Math.abs(labels.labels[j].logprob - full[labelIds[j]])).toBeLessThan(1e-5);
    }
  });

  it('runs batches of different widths over one tiled prefix state and still equals whole-prompt scoring', async () => {
    model.prefixCache.clear();
    // 20 suffixes from 1 to ~60 words: sorted runs of 8, then narrower ones under the token budget.
    const many = Array.from({ length: 20 }, (_, i) => `Review: ${'a fine and moving film '.repeat(Math.ceil((i * i) / 40) + 1).slice(0, 2 + i * 14)}\nSentiment:`);
    const request = { modelId: 'm1', prefixParts: demos, suffixes: many, tokenIds: labelIds };
    const plain = await scoreNext(model, { ...request, reuse: false });
    const reused = await scoreNext(model, request);
    expect(maxDiff(reused.logprobs, plain.logprobs)).toBeLessThan(1e-5);
    // The tile is kept: a narrower batch is a view of the same buffer, a new state gets a new tile.
    const state = await model.extendState(model.encodePrompt(demos.join('')));
    const wide = model.tiledPast(state, 8);
    const narrow = model.tiledPast(state, 3);
    expect(wide.batch).toBe(8);
    expect(narrow.batch).toBe(3);
    expect(narrow.keys[0].buffer).toBe(wide.keys[0].buffer);
    expect(narrow.keys[0].length * 8).toBe(wide.keys[0].length * 3);
    expect(Array.from(narrow.values[1].subarray(0, state.values[1].length))).toEqual(Array.from(state.values[1]));
    expect(model.tiledPast(state, 1)).toBe(state);
    const other = await model.extendState(model.encodePrompt(demos[0]));
    expect(model.tiledPast(other, 2).keys[0].buffer).not.toBe(wide.keys[0].buffer);
  });

  it('refuses token ids outside the vocabulary', async () => {
    await expect(scoreNext(model, { modelId: 'm1', prefixParts: demos, suffixes: queries, tokenIds: [4096] })).rejects.toThrow(/token id 4096 is outside the vocabulary/);
  });
});

describe('scoreBatches', () => {
  it('splits ascending row lengths into batches of at most maxRows rows and SCORE_BATCH_TOKENS padded tokens', () => {
    const lengths = [3, 5, 5, 20, 24, 24, 25, 26, 30, 31, 31, 40, 60, 90, 300];
    const out = scoreBatches(lengths, 8);
    expect(out.flat()).toEqual(lengths.map((_, k) => k));
    for (const batch of out) {
      expect(batch.length).toBeLessThanOrEqual(8);
      const padded = batch.length * Math.max(...batch.map((k) => lengths[k]));
      if (batch.length > 1) expect(padded).toBeLessThanOrEqual(SCORE_BATCH_TOKENS);
    }
    // The 300-token row exceeds the budget by itself and runs alone; batch 1 is one row a run.
    expect(out[out.length - 1]).toEqual([14]);
    expect(out[0]).toHaveLength(8);
    expect(scoreBatches(lengths, 1)).toHaveLength(lengths.length);
  });
});

describe('PrefixCache', () => {
  it('stays within its byte budget, evicting the least recently used state', async () => {
    const ids = model.encodePrompt(demos.join(''));
    const a = await model.extendState(ids.slice(0, 10));
    const b = await model.extendState(ids.slice(0, 12));
    const c = await model.extendState(ids.slice(0, 11));
    const cache = new PrefixCache(a.bytes + b.bytes + 1);
    cache.set(ids, 10, a);
    cache.set(ids, 12, b);
    expect(cache.get(ids, 10)).toBe(a);
    cache.set(ids, 11, c);
    expect(cache.get(ids, 12)).toBeUndefined();
    expect(cache.get(ids, 10)).toBe(a);
    expect(cache.get(ids, 11)).toBe(c);
    expect(cache.bytes).toBe(a.bytes + c.bytes);
    expect(cache.bytes).toBeLessThanOrEqual(cache.budgetBytes);
    // A state larger than the whole budget is not kept at all.
    const tiny = new PrefixCache(a.bytes - 1);
    tiny.set(ids, 10, a);
    expect(tiny.size).toBe(0);
  });
});

describe('label scoring modes', () => {
  it('full-sequence mode sums the log-probabilities of every token of " " + word and warns about the split', async () => {
    const prompt = 'Review: fine\nSentiment:';
    const result = await scoreLabels(model, prompt, ['good', 'antidisestablishmentarianism'], 'full-sequence');
    const split = result.labels[1];
    expect(result.labels[0].tokenIds).toHaveLength(1);
    expect(split.tokenIds.length).toBeGreaterThan(1);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain('antidisestablishmentarianism');
    const promptIds = model.encodePrompt(prompt);
    const all = [...promptIds, ...split.tokenIds];
    const out = await model.forward({ rows: [all] });
    let expected = 0;
    for (let t = 0; t < split.tokenIds.length; t++) expected += logSoftmax(logitsRow(out, 0, promptIds.length - 1 + t))[split.tokenIds[t]];
    expect(Math.abs(split.logprob - expected)).toBeLessThan(1e-4);
    const first = await scoreLabels(model, prompt, ['good', 'antidisestablishmentarianism'], 'first-token');
    expect(Math.abs(first.labels[0].logprob - result.labels[0].logprob)).toBeLessThan(1e-6);
    expect(first.labels[1].logprob).toBeGreaterThan(split.logprob);
  });

  it('scoreNext continuations equal the sum of per-token log-probabilities that score --mode full-sequence gives, with and without prefix reuse', async () => {
    const words = ['good', 'antidisestablishmentarianism', 'Positive', 'unremarkable'];
    const continuations = words.map((w) => model.tokenizer.encode(` ${w}`, false));
    expect(continuations.filter((c) => c.length > 1).length).toBeGreaterThanOrEqual(2);
    const request = { modelId: 'm1', prefixParts: demos.slice(0, 2), suffixes: queries, tokenIds: labelIds, continuations };
    const reused = await scoreNext(model, request, 3);
    const plain = await scoreNext(model, { ...request, reuse: false });
    for (const [i, query] of queries.entries()) {
      const expected = await scoreLabels(model, demos.slice(0, 2).join('') + query, words, 'full-sequence');
      expected.labels.forEach((label, j) => {
        expect(Math.abs(reused.continuationLogprobs![i][j] - label.logprob)).toBeLessThan(1e-4);
        expect(Math.abs(plain.continuationLogprobs![i][j] - label.logprob)).toBeLessThan(1e-4);
      });
    }
    // The next-token answers are unchanged by the continuation rows.
    const bare = await scoreNext(model, { modelId: 'm1', prefixParts: demos.slice(0, 2), suffixes: queries, tokenIds: labelIds });
    expect(maxDiff(reused.logprobs, bare.logprobs)).toBeLessThan(1e-5);
  });
});
