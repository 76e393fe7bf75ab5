import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeModel, tensorFloats } from '../onnx/model-io.ts';
import { maxAbsDiff, openSession, rowAt, runDecoder, type Outputs } from '../onnx/testing/run-decoder.ts';
import { synthGpt2, type SynthResult } from './gpt2.ts';
import { gpt2Reference } from './gpt2-reference.ts';

const HEADS = 4;
const HEAD_DIM = 8;

let dir: string;
let built: SynthResult;
let weights: Map<string, Float32Array>;

async function loadTokenizer(folder: string): Promise<Tokenizer> {
  const json = JSON.parse(await readFile(join(folder, 'tokenizer.json'), 'utf8'));
  const config = JSON.parse(await readFile(join(folder, 'tokenizer_config.json'), 'utf8'));
  return new Tokenizer(json, config);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'synth-gpt2-'));
  built = await synthGpt2({ outDir: dir, layers: 2, hidden: 32, heads: HEADS, ctx: 64, seed: 7, merged: true });
  const model = decodeModel(await readFile(join(dir, 'onnx', 'model.onnx')));
  weights = new Map(model.graph.initializer.filter((t) => t.dataType === 1).map((t) => [t.name, tensorFloats(t)]));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('synthGpt2', () => {
  it('writes the Hugging Face layout with a GPT-2 config', async () => {
    expect(built.files.sort()).toEqual([
      'config.json', 'generation_config.json', 'onnx/decoder_model_merged.onnx', 'onnx/model.onnx',
      'special_tokens_map.json', 'tokenizer.json', 'tokenizer_config.json',
    ]);
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ model_type: 'gpt2', vocab_size: 50257, n_embd: 32, n_head: 4, n_layer: 2, n_positions: 64, eos_token_id: 50256 });
    expect(built.parameters).toBe([...weights.entries()].filter(([n]) => n.startsWith('transformer.')).reduce((s, [, w]) => s + w.length, 0));
  });

  it('tokenizes with GPT-2 ids', async () => {
    const tokenizer = await loadTokenizer(dir);
    expect(tokenizer.encode('Hello world').ids).toEqual([15496, 995]);
    expect(tokenizer.encode(' Positive').ids).toEqual([33733]);
    expect(tokenizer.decode(tokenizer.encode('naïve 🙂 text').ids)).toBe('naïve 🙂 text');
  });

  it('has the Optimum inputs and outputs', async () => {
    const session = await openSession(join(dir, 'onnx', 'model.onnx'));
    expect(session.inputNames).toEqual(['input_ids', 'attention_mask', 'position_ids',
      'past_key_values.0.key', 'past_key_values.0.value', 'past_key_values.1.key', 'past_key_values.1.value']);
    expect(session.outputNames).toEqual(['logits', 'present.0.key', 'present.0.value', 'present.1.key', 'present.1.value']);
    await session.release();
  });

  it('matches a plain-JS forward pass within 1e-4', async () => {
    const tokenizer = await loadTokenizer(dir);
    const ids = tokenizer.encode('Review: a gripping, funny film.\nSentiment:').ids;
    const session = await openSession(join(dir, 'onnx', 'model.onnx'));
    const out = await runDecoder(session, { ids: [ids] }, HEADS, HEAD_DIM);
    const reference = gpt2Reference(built.shape, weights, ids, ids.map((_, i) => i), ids.map(() => 1)).logits;
    expect(out.logits.dims).toEqual([1, ids.length, 50257]);
    for (let t = 0; t < ids.length; t++) expect(maxAbsDiff(rowAt(out.logits, 0, t), reference[t])).toBeLessThan(1e-4);
    const last = reference[ids.length - 1];
    const spread = Math.max(...last) - Math.min(...last);
    expect(spread).toBeGreaterThan(4); // logits are not degenerate
    await session.release();
  });

  it('decodes with the KV cache exactly as a full pass, and masks left padding', async () => {
    const ids = [464, 2068, 7586, 21831, 18045, 625, 262, 16931, 3290];
    const session = await openSession(join(dir, 'onnx', 'model.onnx'));
    const full = await runDecoder(session, { ids: [ids] }, HEADS, HEAD_DIM);
    const first = await runDecoder(session, { ids: [ids.slice(0, 5)] }, HEADS, HEAD_DIM);
    const second = await runDecoder(session, { ids: [ids.slice(5)], past: first }, HEADS, HEAD_DIM);
    expect(second['present.1.value'].dims).toEqual([1, HEADS, ids.length, HEAD_DIM]);
    for (let t = 5; t < ids.length; t++) expect(maxAbsDiff(rowAt(second.logits, 0, t - 5), rowAt(full.logits, 0, t))).toBeLessThan(1e-4);

    const padded = await runDecoder(session, { ids: [ids, [0, 0, 0, ...ids.slice(3)]], mask: [ids.map(() => 1), [0, 0, 0, ...ids.slice(3).map(() => 1)]] }, HEADS, HEAD_DIM);
    const alone = await runDecoder(session, { ids: [ids.slice(3)] }, HEADS, HEAD_DIM);
    for (let t = 3; t < ids.length; t++) expect(maxAbsDiff(rowAt(padded.logits, 1, t), rowAt(alone.logits, 0, t - 3))).toBeLessThan(1e-4);
    for (let t = 0; t < ids.length; t++) expect(maxAbsDiff(rowAt(padded.logits, 0, t), rowAt(full.logits, 0, t))).toBeLessThan(1e-4);
    await session.release();
  });

  it('writes a merged decoder whose If branches give the same logits as model.onnx', async () => {
    const ids = [15496, 995, 11, 428, 318, 257];
    const plain = await openSession(join(dir, 'onnx', 'model.onnx'));
    const merged = await openSession(join(dir, 'onnx', 'decoder_model_merged.onnx'));
    expect(merged.inputNames.at(-1)).toBe('use_cache_branch');
    const check = (a: Outputs, b: Outputs) => {
      for (const name of plain.outputNames) expect(maxAbsDiff(a[name].data as Float32Array, b[name].data as Float32Array)).toBeLessThan(1e-6);
    };
    const plainFirst = await runDecoder(plain, { ids: [ids.slice(0, 4)] }, HEADS, HEAD_DIM);
    const mergedFirst = await runDecoder(merged, { ids: [ids.slice(0, 4)] }, HEADS, HEAD_DIM);
    check(plainFirst, mergedFirst);
    const plainNext = await runDecoder(plain, { ids: [ids.slice(4)], past: plainFirst }, HEADS, HEAD_DIM);
    const mergedNext = await runDecoder(merged, { ids: [ids.slice(4)], past: mergedFirst }, HEADS, HEAD_DIM);
    check(plainNext, mergedNext);
    await plain.release();
    await merged.release();
  });

  it('builds a small byte-level vocabulary that still tokenizes any text', async () => {
    const small = await mkdtemp(join(tmpdir(), 'synth-gpt2-small-'));
    try {
      const result = await synthGpt2({ outDir: small, layers: 1, hidden: 16, heads: 2, vocab: 1000, ctx: 32 });
      expect(result.shape.vocab).toBe(1000);
      const tokenizer = await loadTokenizer(small);
      const text = 'Hello world, the movie was great! ünïcode 🙂';
      const ids = tokenizer.encode(text).ids;
      expect(Math.max(...ids)).toBeLessThan(999);
      expect(tokenizer.decode(ids)).toBe(text);
      expect(tokenizer.encode('<|endoftext|>').ids).toEqual([999]);
      const session = await openSession(join(small, 'onnx', 'model.onnx'));
      const out = await runDecoder(session, { ids: [ids] }, 2, 8);
      expect(out.logits.dims).toEqual([1, ids.length, 1000]);
      await session.release();
    } finally {
      await rm(small, { recursive: true, force: true });
    }
  });

  it('rejects bad options with a message naming the field', async () => {
    await expect(synthGpt2({ outDir: dir, hidden: 30, heads: 4 })).rejects.toThrow(/hidden \(30\) must be divisible by heads \(4\)/);
    await expect(synthGpt2({ outDir: dir, vocab: 100 })).rejects.toThrow(/vocab must be an integer >= 257/);
    await expect(synthGpt2({ outDir: dir, layers: 0 })).rejects.toThrow(/layers must be an integer >= 1/);
  });
});
