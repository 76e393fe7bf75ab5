import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthGpt2, type SynthResult } from '../synth/gpt2.ts';
import { gpt2Reference } from '../synth/gpt2-reference.ts';
import { GraphBuilder, tensorInfo } from './graph-builder.ts';
import { DataType, OnnxError, decodeModel, encodeModel, tensorFloats } from './model-io.ts';
import { exposeAttention } from './rewrite.ts';
import { maxAbsDiff, openSession, runDecoder, type Outputs } from './testing/run-decoder.ts';

const HEADS = 2;
const HEAD_DIM = 16;
let dir: string;
let built: SynthResult;
let plainBytes: Uint8Array;
let mergedBytes: Uint8Array;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rewrite-attn-'));
  built = await synthGpt2({ outDir: dir, layers: 3, hidden: 32, heads: HEADS, vocab: 600, ctx: 32, seed: 11, merged: true });
  plainBytes = await readFile(join(dir, 'onnx', 'model.onnx'));
  mergedBytes = await readFile(join(dir, 'onnx', 'decoder_model_merged.onnx'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Checks [batch, heads, query, key] probabilities: rows sum to 1, nothing above the diagonal or on padding. */
function checkDistributions(att: Outputs[string], mask: number[][], pastLength: number) {
  const [batch, heads, queries, keys] = att.dims;
  const data = att.data as Float32Array;
  for (let b = 0; b < batch; b++) {
    for (let h = 0; h < heads; h++) {
      for (let q = 0; q < queries; q++) {
        if (mask[b][pastLength + q] === 0) continue; // a padded query's row is not used
        const row = data.subarray(((b * heads + h) * queries + q) * keys, ((b * heads + h) * queries + q + 1) * keys);
        expect(Math.abs(row.reduce((a, v) => a + v, 0) - 1)).toBeLessThan(1e-5);
        for (let k = 0; k < keys; k++) {
          if (k > pastLength + q || mask[b][k] === 0) expect(row[k]).toBe(0);
        }
      }
    }
  }
}

describe('exposeAttention', () => {
  it('adds attentions.{layer} equal to a plain-JS reference, leaving logits bit-identical', async () => {
    const { bytes, outputs } = exposeAttention(plainBytes);
    expect(outputs).toEqual(['attentions.0', 'attentions.1', 'attentions.2']);
    const original = await openSession(plainBytes);
    const rewritten = await openSession(bytes);
    expect(rewritten.outputNames).toEqual([...original.outputNames, ...outputs]);

    const ids = [[31, 400, 77, 12, 580, 9, 3], [0, 0, 55, 210, 64, 5, 99]];
    const mask = [[1, 1, 1, 1, 1, 1, 1], [0, 0, 1, 1, 1, 1, 1]];
    const before = await runDecoder(original, { ids, mask }, HEADS, HEAD_DIM);
    const after = await runDecoder(rewritten, { ids, mask }, HEADS, HEAD_DIM);
    expect(after.logits.data).toEqual(before.logits.data);
    expect(after['attentions.0'].dims).toEqual([2, HEADS, 7, 7]);
    for (const name of outputs) checkDistributions(after[name], mask, 0);

    const weights = new Map(decodeModel(plainBytes).graph.initializer.filter((t) => t.dataType === DataType.FLOAT).map((t) => [t.name, tensorFloats(t)]));
    const reference = gpt2Reference(built.shape, weights, ids[0], ids[0].map((_, i) => i), mask[0]);
    for (let layer = 0; layer < 3; layer++) {
      const got = (after[`attentions.${layer}`].data as Float32Array).subarray(0, HEADS * 49);
      expect(maxAbsDiff(got, reference.attentions[layer].flat(2))).toBeLessThan(1e-5);
    }
    await original.release();
    await rewritten.release();
  });

  it('covers past keys when decoding with the cache', async () => {
    const session = await openSession(exposeAttention(plainBytes).bytes);
    const first = await runDecoder(session, { ids: [[5, 6, 7, 8]], mask: [[0, 1, 1, 1]] }, HEADS, HEAD_DIM);
    const next = await runDecoder(session, { ids: [[9, 10]], mask: [[0, 1, 1, 1, 1, 1]], past: first }, HEADS, HEAD_DIM);
    expect(next['attentions.2'].dims).toEqual([1, HEADS, 2, 6]);
    for (const layer of [0, 1, 2]) checkDistributions(next[`attentions.${layer}`], [[0, 1, 1, 1, 1, 1]], 4);
    await session.release();
  });

  it('rewrites both branches of a legacy merged decoder', async () => {
    const { bytes, outputs } = exposeAttention(mergedBytes);
    expect(outputs).toEqual(['attentions.0', 'attentions.1', 'attentions.2']);
    const merged = await openSession(bytes);
    const plain = await openSession(exposeAttention(plainBytes).bytes);
    const ids = [[1, 2, 3, 4, 5]];
    const fromMerged = await runDecoder(merged, { ids }, HEADS, HEAD_DIM);
    const fromPlain = await runDecoder(plain, { ids }, HEADS, HEAD_DIM);
    const cachedMerged = await runDecoder(merged, { ids: [[6]], past: fromMerged }, HEADS, HEAD_DIM);
    const cachedPlain = await runDecoder(plain, { ids: [[6]], past: fromPlain }, HEADS, HEAD_DIM);
    for (const name of outputs) {
      expect(maxAbsDiff(fromMerged[name].data as Float32Array, fromPlain[name].data as Float32Array)).toBeLessThan(1e-6);
      expect(maxAbsDiff(cachedMerged[name].data as Float32Array, cachedPlain[name].data as Float32Array)).toBeLessThan(1e-6);
    }
    await merged.release();
    await plain.release();
  });

  it('ignores softmaxes that are not attention, and is idempotent', async () => {
    const model = decodeModel(plainBytes);
    model.graph.node.push({ opType: 'Softmax', name: '/head/Softmax', input: ['logits'], output: ['probs'] });
    model.graph.output.push(tensorInfo('probs', DataType.FLOAT));
    const { bytes, outputs } = exposeAttention(encodeModel(model));
    expect(outputs).toHaveLength(3);
    expect(exposeAttention(bytes).outputs).toEqual(outputs);
  });

  it('numbers layers by graph order when scope names are missing', () => {
    const model = decodeModel(plainBytes);
    const softmaxes = model.graph.node.filter((n) => n.opType === 'Softmax');
    softmaxes.forEach((node, i) => {
      node.name = `sm_${'cba'[i]}`;
      const renamed = `sm_${'cba'[i]}_out`;
      for (const consumer of model.graph.node) consumer.input = consumer.input.map((v) => (v === node.output[0] ? renamed : v));
      node.output = [renamed];
    });
    const decoded = decodeModel(exposeAttention(encodeModel(model)).bytes);
    const castOf = (name: string) => decoded.graph.node.find((n) => n.output[0] === name)?.input[0];
    expect(['attentions.0', 'attentions.1', 'attentions.2'].map(castOf)).toEqual(['sm_c_out', 'sm_b_out', 'sm_a_out']);
  });

  it('refuses fused attention ops with ATTENTION_FUSED', () => {
    const b = new GraphBuilder();
    b.nodes.push({ opType: 'Attention', domain: 'com.microsoft', name: 'Attention_0', input: ['x', 'w', 'bias'], output: ['y'] });
    const model = encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }, { domain: 'com.microsoft', version: 1 }],
      graph: { name: 'g', node: b.nodes, initializer: [], input: [tensorInfo('x', DataType.FLOAT, [1, 2, 4])], output: [tensorInfo('y', DataType.FLOAT)] },
    });
    let error: unknown;
    try {
      exposeAttention(model);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(OnnxError);
    expect((error as OnnxError).code).toBe('ATTENTION_FUSED');
    expect((error as OnnxError).message).toMatch(/com\.microsoft::Attention/);
  });

  it('rejects bytes that are not an ONNX model', () => {
    expect(() => exposeAttention(new TextEncoder().encode('not a model at all'))).toThrow(/not a valid ONNX model/);
  });
});
