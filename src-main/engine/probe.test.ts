import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelSession } from './model-session.ts';
import { probe } from './probe.ts';
import { scoreNext } from './score-next.ts';
import { synthGpt2 } from './synth/gpt2.ts';

let root: string;
let model: ModelSession;
let labelIds: number[];
const prefixParts = ['Review: a fine film\nSentiment: Positive\n\n', 'Review: dull and long\nSentiment: Negative\n\n'];
const suffixes = ['Review: great acting\nSentiment:', 'Review: a mess\nSentiment:', 'Review: it was fine I guess\nSentiment:'];

function maxDiff(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, j) => (max = Math.max(max, Math.abs(v - b[i][j])))));
  return max;
}

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-probe-'));
  await synthGpt2({ outDir: root, layers: 3, hidden: 32, heads: 4, vocab: 4096, seed: 9 });
  model = await ModelSession.load('m1', 'tiny', root, { provider: 'cpu', threads: 1 });
  labelIds = [' Negative', ' Positive'].map((w) => model.tokenizer.encode(w, false)[0]);
});

afterAll(async () => {
  await model?.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('probe', () => {
  it('without interventions scores as scoreNext does, and the lens\'s last layer equals those scores', async () => {
    const expected = await scoreNext(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds });
    const out = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, lens: true });
    expect(maxDiff(out.logprobs, expected.logprobs)).toBeLessThan(1e-6);
    expect(out.lens).toHaveLength(3);
    for (const [i, layers] of (out.lens ?? []).entries()) {
      expect(layers).toHaveLength(4);
      expect(maxDiff([layers[3].map(Math.exp)], [expected.logprobs[i].map(Math.exp)])).toBeLessThanOrEqual(1e-5);
    }
    // The clean prefix state came from the cache scoreNext filled.
    expect(out.reusedTokens).toBeGreaterThan(0);
  });

  it('gives the same scores with and without reuse under a head mask of either scope', async () => {
    const headMask = [[1, 1, 1, 1], [1, 0, 1, 1], [1, 1, 1, 1]];
    for (const maskScope of ['all', 'suffix'] as const) {
      const reused = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, headMask, maskScope });
      const whole = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, headMask, maskScope, reuse: false });
      expect(maxDiff(reused.logprobs, whole.logprobs)).toBeLessThan(1e-5);
      expect(whole.computedTokens).toBe(whole.promptTokens.reduce((a, b) => a + b, 0));
      expect(reused.computedTokens).toBeLessThan(whole.computedTokens);
    }
    const clean = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds });
    const all = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, headMask, maskScope: 'all' });
    const suffix = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, headMask, maskScope: 'suffix' });
    expect(maxDiff(all.logprobs, clean.logprobs)).toBeGreaterThan(1e-4);
    expect(maxDiff(all.logprobs, suffix.logprobs)).toBeGreaterThan(1e-6);
  });

  it('knocks the last position out of chosen keys, and refuses a query left with none', async () => {
    const clean = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds });
    const empty = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, knockout: { keys: [], queries: 'last' } });
    expect(empty.logprobs).toEqual(clean.logprobs);
    const knocked = await probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, knockout: { keys: [3, 4, 5], queries: 'last' } });
    expect(maxDiff(knocked.logprobs, clean.logprobs)).toBeGreaterThan(1e-5);
    await expect(probe(model, { modelId: 'm1', prefixParts: [], suffixes: ['Hi'], tokenIds: labelIds, knockout: { keys: [0], queries: [0] } })).rejects.toThrow(/leaves query position 0 no key/);
    await expect(probe(model, { modelId: 'm1', prefixParts, suffixes, tokenIds: labelIds, headMask: [[1]] })).rejects.toThrow(/headMask must be 3 layers x 4 heads/);
  });
});
