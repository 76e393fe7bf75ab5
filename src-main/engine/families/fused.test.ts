import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AutoModelForCausalLM, AutoTokenizer, env } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attention } from '../attention.ts';
import { logitsRow, logSoftmax } from '../forward.ts';
import { generate } from '../generate.ts';
import { hiddenStates } from '../hidden-states.ts';
import { ModelSession } from '../model-session.ts';
import { nextToken } from '../next-token.ts';
import { scoreNext } from '../score-next.ts';
import { synthModel } from '../synth/synth-model.ts';
import { lastLogSoftmax } from './testing/family-fixtures.ts';

/**
 * The fused style (ONNX Runtime model-builder graphs: GroupQueryAttention with rotary inside or
 * after RotaryEmbedding, SimplifiedLayerNormalization / SkipSimplifiedLayerNormalization,
 * MatMulNBits, fp16 KV cache) against its plain twin with the same weights and against
 * transformers.js: every operation, including attention recomputed from the op's query and key.
 */

const FAMILIES = ['llama', 'qwen2', 'phi3'] as const;
const DTYPES = ['fp32', 'fp16', 'q4'] as const;
const TEXT = 'Review: a gripping, funny film about the sea.\nSentiment:';

let root: string;
const sessions = new Map<string, ModelSession>();
const get = (family: string, style: string, dtype: string) => sessions.get(`${family}-${style}/${dtype}`) as ModelSession;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'promptscope-fused-'));
  for (const [i, family] of FAMILIES.entries()) {
    for (const style of ['plain', 'fused'] as const) {
      const dir = path.join(root, `${family}-${style}`);
      await synthModel({ outDir: dir, arch: family, style, dtypes: [...DTYPES], seed: 21 + i, hidden: 64, heads: 4, ctx: 256 });
      for (const dtype of DTYPES) sessions.set(`${family}-${style}/${dtype}`, await ModelSession.load(`${family}-${style}-${dtype}`, family, dir, { provider: 'cpu', dtype, prefixCacheBytes: 4 * 2 ** 20 }));
    }
  }
  env.allowRemoteModels = false;
  env.localModelPath = `${root}/`;
}, 120_000);

afterAll(async () => {
  for (const s of sessions.values()) await s.dispose();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
};

describe.each(FAMILIES)('fused %s', (family) => {
  it('the fp32 fused graph gives its plain twin\'s logits, hidden states and attention (within 1e-5)', async () => {
    const plain = get(family, 'plain', 'fp32');
    const fused = get(family, 'fused', 'fp32');
    const ids = plain.encodePrompt(TEXT);
    const a = await plain.forward({ rows: [ids] });
    const b = await fused.forward({ rows: [ids] });
    expect(maxAbsDiff(a.logits, b.logits)).toBeLessThan(1e-4);
    const [ha, hb] = [await hiddenStates(plain, [TEXT], 'mean'), await hiddenStates(fused, [TEXT], 'mean')];
    expect(maxAbsDiff(ha.vectors[0], hb.vectors[0])).toBeLessThan(1e-4);
    const [pa, pb] = [await attention(plain, TEXT), await attention(fused, TEXT)];
    expect([pb.layers, pb.heads]).toEqual([pa.layers, pa.heads]);
    expect(pb.tokens).toEqual(pa.tokens);
    for (let l = 0; l < pa.layers; l++) for (let h = 0; h < pa.heads; h++) expect(maxAbsDiff(pa.weights[l][h], pb.weights[l][h])).toBeLessThan(1e-5);
  });

  it.each(DTYPES)('%s: next-token log-probs equal transformers.js on the fused folder; greedy generation agrees', async (dtype) => {
    const fused = get(family, 'fused', dtype);
    const tokenizer = await AutoTokenizer.from_pretrained(`${family}-fused`);
    const reference = await AutoModelForCausalLM.from_pretrained(`${family}-fused`, { dtype, device: 'cpu' });
    try {
      const ours = await nextToken(fused, TEXT, 10);
      const inputs = tokenizer(TEXT);
      const theirs = lastLogSoftmax((await reference(inputs)).logits);
      expect(ours.tokens).toEqual((inputs.input_ids.tolist() as bigint[][])[0].map(Number));
      for (const top of ours.top) expect(Math.abs(top.logprob - theirs[top.id])).toBeLessThan(dtype === 'fp32' ? 1e-4 : 1e-2);
      const ids: number[] = [];
      await generate(fused, 'The movie was', { maxNewTokens: 4 }, (t) => ids.push(t.tokenId));
      const prompt = tokenizer('The movie was');
      const generated = ((await reference.generate({ ...prompt, max_new_tokens: 4, do_sample: false })) as { tolist(): bigint[][] }).tolist()[0].map(Number);
      expect(ids).toEqual(generated.slice((prompt.input_ids.dims as number[])[1]));
    } finally {
      await reference.dispose();
    }
  });

  it.each(DTYPES)('%s: KV-cache decoding, last-position logits and a study over a cached prefix (suffixes of different lengths) equal whole-prompt runs', async (dtype) => {
    const fused = get(family, 'fused', dtype);
    const tolerance = dtype === 'fp32' ? 1e-4 : 2e-2;
    const ids = fused.encodePrompt(TEXT);
    const full = await fused.forward({ rows: [ids] });
    const state = await fused.extendState(ids.slice(0, 5));
    const rest = await fused.forward({ rows: [ids.slice(5)], past: state });
    for (let t = 5; t < ids.length; t++) expect(maxAbsDiff(logitsRow(rest, 0, t - 5), logitsRow(full, 0, t))).toBeLessThan(tolerance);
    const [last] = await fused.forwardLast({ rows: [ids] });
    expect(maxAbsDiff(last, logitsRow(full, 0, ids.length - 1))).toBeLessThan(tolerance);
    const demos = ['Review: warm\nSentiment: good\n\n', 'Review: a dull and empty film\nSentiment: bad\n\n', 'Review: fine\nSentiment: good\n\n', 'Review: no\nSentiment: bad\n\n'];
    const queries = ['Review: moving\nSentiment:', 'Review: a long, slow and tired story\nSentiment:', 'Review: N/A\nSentiment:'];
    const labels = [' good', ' bad'].map((w) => fused.tokenizer.encode(w, false)[0]);
    for (const reuse of [true, false]) {
      const result = await scoreNext(fused, { modelId: fused.info.modelId, prefixParts: demos, suffixes: queries, tokenIds: labels, reuse });
      for (const [i, q] of queries.entries()) {
        const whole = fused.encodePrompt(demos.join('') + q);
        const expected = logSoftmax(logitsRow(await fused.forward({ rows: [whole] }), 0, whole.length - 1));
        labels.forEach((id, j) => expect(Math.abs(result.logprobs[i][j] - expected[id])).toBeLessThan(tolerance));
      }
    }
  });
});
