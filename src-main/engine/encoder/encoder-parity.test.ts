import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AutoModelForMaskedLM, AutoTokenizer, env, pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineCore } from '../engine-core.ts';
import { decodeModel, encodeModel } from '../onnx/model-io.ts';
import type { ModelInfo } from '../protocol.ts';
import { synthGpt2 } from '../synth/gpt2.ts';
import { synthEncoder } from '../synth/encoder.ts';
import { ENCODER_FAMILIES, type EncoderFamily } from '../synth/encoder-shape.ts';
import type { EncoderAttentionResult } from './encoder-attention.ts';
import type { FillMaskResult } from './encoder-protocol.ts';
import { EncoderSession } from './encoder-session.ts';

// transformers.js is the reference for how these folders are tokenized and fed: the same synthetic
// folder must give the same ids, segment ids and logits (within 1e-4) through both.
let root: string;
const core = new EngineCore(() => undefined);
const load = (name: string, dir = join(root, name)) => core.handle({ op: 'load', ref: dir, dir, name, options: { provider: 'cpu', threads: 1 } }) as Promise<ModelInfo>;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'encoders-'));
  for (const family of ENCODER_FAMILIES) {
    await synthEncoder({ family, outDir: join(root, family), layers: 2, hidden: 32, heads: 4, vocab: 1000, ctx: 64, seed: 5 });
  }
  await synthEncoder({ family: 'distilbert', outDir: join(root, 'distilbert-flat'), layers: 1, hidden: 16, heads: 2, vocab: 400, ctx: 32, layout: 'flat' });
  // A dtype variant by file name, as transformers.js names them (the bytes are the fp32 graph's).
  await copyFile(join(root, 'bert', 'onnx', 'model.onnx'), join(root, 'bert', 'onnx', 'model_quantized.onnx'));
  await synthGpt2({ outDir: join(root, 'gpt2'), layers: 1, hidden: 16, heads: 2, vocab: 300, ctx: 32 });
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = `${root}/`;
}, 60_000);

afterAll(async () => {
  await core.dispose();
  await rm(root, { recursive: true, force: true });
});

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

describe.each(ENCODER_FAMILIES)('%s against transformers.js', (family: EncoderFamily) => {
  it('tokenizes, feeds and predicts as transformers.js does', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(family);
    const mask = tokenizer.mask_token as string;
    const text = `Paris is the ${mask} of France, a ${mask} country.`;
    const pair = 'It has a good film industry.';
    const inputs = tokenizer(text, { text_pair: pair });
    const reference = await AutoModelForMaskedLM.from_pretrained(family, { dtype: 'fp32' });
    const expected = (await reference(inputs)).logits;

    const info = await load(family);
    expect(info).toMatchObject({ kind: 'encoder', modelType: family, maskToken: mask, tokenTypeInput: family === 'bert' || family === 'albert' });
    const session = await EncoderSession.load('ref', family, join(root, family), { provider: 'cpu', threads: 1 });
    const encoded = session.tokenizer.encode(text, pair);
    expect(encoded.ids).toEqual((inputs.input_ids.tolist() as bigint[][])[0].map(Number));
    if (inputs.token_type_ids) expect(encoded.typeIds).toEqual((inputs.token_type_ids!.tolist() as bigint[][])[0].map(Number));
    if (family === 'bert') expect(new Set(encoded.typeIds)).toEqual(new Set([0, 1]));
    const ours = await session.forward([encoded]);
    expect([1, ours.seq, ours.vocab]).toEqual(expected.dims);
    expect(maxAbsDiff(ours.logits, expected.data as Float32Array)).toBeLessThan(1e-4);
    if (family === 'bert') {
      // token_type_ids reach the graph: segment B as zeros changes the logits.
      const flat = await session.forward([{ ids: encoded.ids, typeIds: encoded.ids.map(() => 0) }]);
      expect(maxAbsDiff(flat.logits, ours.logits)).toBeGreaterThan(1e-3);
    }
    await session.dispose();

    const fill = (await core.handle({ op: 'fill', modelId: info.modelId, text: text.split(mask).join('[MASK]'), top: 5 })) as FillMaskResult;
    expect(fill.masks).toHaveLength(2);
    const pipe = await pipeline('fill-mask', family, { dtype: 'fp32' });
    const first = (await pipe(text.replace(`${mask} country`, 'big country'), { top_k: 5 })) as { score: number; token: number }[];
    const single = (await core.handle({ op: 'fill', modelId: info.modelId, text: text.replace(`${mask} country`, 'big country'), top: 5 })) as FillMaskResult;
    expect(single.masks[0].top.map((p) => p.id)).toEqual(first.map((p) => p.token));
    expect(maxAbsDiff(single.masks[0].top.map((p) => p.prob), first.map((p) => p.score))).toBeLessThan(1e-4);
    await pipe.dispose();
    await reference.dispose();
  }, 60_000);
});

describe('encoder models in the engine', () => {
  it('loads the flat layout (model.onnx beside config.json) and dtype variants by suffix', async () => {
    const variant = (await core.handle({ op: 'load', ref: 'q', dir: join(root, 'bert'), name: 'bert-q', options: { provider: 'cpu', threads: 1, variant: '_quantized' } })) as ModelInfo;
    expect(variant.onnxFile).toBe('onnx/model_quantized.onnx');
    const info = await load('distilbert-flat');
    expect(info).toMatchObject({ kind: 'encoder', onnxFile: 'model.onnx', tokenTypeInput: false });
    const fill = (await core.handle({ op: 'fill', modelId: info.modelId, text: 'the [MASK] is good', top: 3 })) as FillMaskResult;
    expect(fill.masks[0].top).toHaveLength(3);
    expect(fill.masks[0].top[0].prob).toBeGreaterThanOrEqual(fill.masks[0].top[1].prob);
  });

  it('loads a graph whose weights are external data (model.onnx_data), for predictions and attention', async () => {
    // The BERT folder's graph with every large initializer moved into model.onnx_data, as exporters write models past 2 GB.
    const ext = join(root, 'bert-external');
    await mkdir(join(ext, 'onnx'), { recursive: true });
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) await copyFile(join(root, 'bert', f), join(ext, f));
    const model = decodeModel(await readFile(join(root, 'bert', 'onnx', 'model.onnx')));
    const chunks: Uint8Array[] = [];
    let offset = 0;
    for (const t of model.graph.initializer) {
      if (!t.rawData || t.rawData.length < 1024) continue;
      chunks.push(t.rawData);
      t.externalData = [{ key: 'location', value: 'model.onnx_data' }, { key: 'offset', value: String(offset) }, { key: 'length', value: String(t.rawData.length) }];
      t.dataLocation = 1;
      offset += t.rawData.length;
      t.rawData = new Uint8Array(0);
    }
    await writeFile(join(ext, 'onnx', 'model.onnx_data'), Buffer.concat(chunks));
    await writeFile(join(ext, 'onnx', 'model.onnx'), encodeModel(model));
    const plain = await load('bert');
    const external = await load('bert-external');
    expect(external.sha256).not.toBe(plain.sha256);
    const text = 'the [MASK] was good';
    const a = (await core.handle({ op: 'fill', modelId: plain.modelId, text, top: 5 })) as FillMaskResult;
    const b = (await core.handle({ op: 'fill', modelId: external.modelId, text, top: 5 })) as FillMaskResult;
    expect(b.masks).toEqual(a.masks);
    const attention = (await core.handle({ op: 'attention', modelId: external.modelId, text })) as EncoderAttentionResult;
    expect(attention.layers).toBe(2);
  });

  it('ALBERT shares one layer of weights and embeds at a smaller width', async () => {
    const info = await load('albert');
    expect(info).toMatchObject({ sharedLayers: true, embeddingSize: 16, hiddenSize: 32, nLayer: 2 });
    const attention = (await core.handle({ op: 'attention', modelId: info.modelId, text: 'a fine film' })) as EncoderAttentionResult;
    expect(attention.layers).toBe(2);
  });

  it('gives bidirectional attention rows that are distributions over all keys, with segments and [CLS]/[SEP] marked', async () => {
    const info = await load('bert');
    const result = (await core.handle({ op: 'attention', modelId: info.modelId, text: 'the film was good', pair: 'i liked it' })) as EncoderAttentionResult;
    const n = result.tokens.length;
    expect(result.tokens[0]).toBe('[CLS]');
    expect(result.special).toEqual([0, result.typeIds.indexOf(1) - 1, n - 1]);
    expect(result.typeIds[0]).toBe(0);
    expect(result.typeIds[n - 1]).toBe(1);
    expect(result.typeIds.every((t, i) => i === 0 || t >= result.typeIds[i - 1])).toBe(true);
    expect([result.layers, result.heads]).toEqual([2, 4]);
    let aboveDiagonal = 0;
    for (const layer of result.weights) {
      for (const m of layer) {
        for (let q = 0; q < n; q++) {
          const row = m.subarray(q * n, (q + 1) * n);
          expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
          for (let k = q + 1; k < n; k++) aboveDiagonal += row[k];
        }
      }
    }
    expect(aboveDiagonal).toBeGreaterThan(1);
  });

  it('refuses, in one line each, a decoder given to fill, a text without a mask and an encoder given to next', async () => {
    const gpt2 = await load('gpt2');
    const bert = await load('bert');
    await expect(core.handle({ op: 'fill', modelId: gpt2.modelId, text: 'a [MASK]', top: 3 })).rejects.toThrow(/gpt2 decoder .* fill-mask needs an encoder/);
    await expect(core.handle({ op: 'fill', modelId: bert.modelId, text: 'no mask here', top: 3 })).rejects.toThrow(/no mask token: write \[MASK\]/);
    await expect(core.handle({ op: 'next', modelId: bert.modelId, text: 'a', top: 3 })).rejects.toThrow(/bert encoder \(masked LM\)/);
    await expect(core.handle({ op: 'generate', modelId: bert.modelId, prompt: 'a', options: { maxNewTokens: 2 }, streamId: 's' })).rejects.toThrow(/not the next one/);
  });
});
