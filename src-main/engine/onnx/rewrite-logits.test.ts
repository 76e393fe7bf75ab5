import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthGpt2 } from '../synth/gpt2.ts';
import { WTE } from '../synth/gpt2-weights.ts';
import { GraphBuilder, floatTensor, tensorInfo } from './graph-builder.ts';
import { DataType, OnnxError, decodeModel, encodeModel, tensorFloats } from './model-io.ts';
import { exposeHiddenState, keepLastLogits } from './rewrite.ts';
import { int64Vector, maxAbsDiff, openSession, rowAt, runDecoder } from './testing/run-decoder.ts';

const HEADS = 2;
const HEAD_DIM = 8;
const VOCAB = 500;
let dir: string;
let plainBytes: Uint8Array;
let mergedBytes: Uint8Array;

const lastIndex = (values: number[]) => ({ last_index: int64Vector(values) });

// Right-padded batch: row 1 has 4 real tokens then padding, as the engine batches label suffixes.
const ids = [[17, 300, 42, 8, 99, 123, 7], [64, 250, 33, 480, 0, 0, 0]];
const mask = [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0]];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rewrite-logits-'));
  await synthGpt2({ outDir: dir, layers: 2, hidden: 16, heads: HEADS, vocab: VOCAB, ctx: 32, seed: 5, merged: true });
  plainBytes = await readFile(join(dir, 'onnx', 'model.onnx'));
  mergedBytes = await readFile(join(dir, 'onnx', 'decoder_model_merged.onnx'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('keepLastLogits', () => {
  it('returns each row\'s logits at last_index, equal to the full logits there', async () => {
    const full = await runDecoder(await openSession(plainBytes), { ids, mask }, HEADS, HEAD_DIM);
    const result = keepLastLogits(plainBytes);
    expect(result).toMatchObject({ mode: 'last_index', input: 'last_index' });
    const session = await openSession(result.bytes);
    expect(session.inputNames).toContain('last_index');
    const kept = await runDecoder(session, { ids, mask, extra: lastIndex([6, 3]) }, HEADS, HEAD_DIM);
    expect(kept.logits.dims).toEqual([2, 1, VOCAB]);
    expect(maxAbsDiff(rowAt(kept.logits, 0, 0), rowAt(full.logits, 0, 6))).toBeLessThan(1e-5);
    expect(maxAbsDiff(rowAt(kept.logits, 1, 0), rowAt(full.logits, 1, 3))).toBeLessThan(1e-5);
    expect(kept['present.1.key'].data).toEqual(full['present.1.key'].data);

    const fromEnd = await runDecoder(session, { ids, mask, extra: lastIndex([-1, -4]) }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(rowAt(fromEnd.logits, 1, 0), rowAt(full.logits, 1, 3))).toBeLessThan(1e-5);
    await session.release();
  });

  it('can always take the last position, also when decoding with the cache', async () => {
    const result = keepLastLogits(plainBytes, { lastIndex: false });
    expect(result.mode).toBe('last_position');
    const session = await openSession(result.bytes);
    const fullSession = await openSession(plainBytes);
    const first = await runDecoder(session, { ids: [ids[0].slice(0, 4)] }, HEADS, HEAD_DIM);
    const next = await runDecoder(session, { ids: [ids[0].slice(4)], past: first }, HEADS, HEAD_DIM);
    const full = await runDecoder(fullSession, { ids: [ids[0]] }, HEADS, HEAD_DIM);
    expect(next.logits.dims).toEqual([1, 1, VOCAB]);
    expect(maxAbsDiff(rowAt(next.logits, 0, 0), rowAt(full.logits, 0, 6))).toBeLessThan(1e-4);
    await session.release();
    await fullSession.release();
  });

  it('rewrites both branches of a legacy merged decoder', async () => {
    const session = await openSession(keepLastLogits(mergedBytes).bytes);
    const full = await runDecoder(await openSession(plainBytes), { ids, mask }, HEADS, HEAD_DIM);
    const kept = await runDecoder(session, { ids, mask, extra: lastIndex([6, 3]) }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(rowAt(kept.logits, 1, 0), rowAt(full.logits, 1, 3))).toBeLessThan(1e-5);
    const cached = await runDecoder(session, { ids: [[5], [6]], mask: [[...mask[0], 1], [...mask[1], 1]], past: kept, extra: lastIndex([0, 0]) }, HEADS, HEAD_DIM);
    expect(cached.logits.dims).toEqual([2, 1, VOCAB]);
    await session.release();
  });

  it('handles a torch-style lm_head: an untied [hidden, vocab] initializer and a Cast before logits', async () => {
    const model = decodeModel(plainBytes);
    const graph = model.graph;
    const wte = tensorFloats(graph.initializer.find((t) => t.name === WTE)!);
    const hidden = wte.length / VOCAB;
    const transposed = new Float32Array(wte.length);
    for (let v = 0; v < VOCAB; v++) for (let j = 0; j < hidden; j++) transposed[j * VOCAB + v] = wte[v * hidden + j];
    graph.initializer.push(floatTensor('onnx::MatMul_999', [hidden, VOCAB], transposed));
    graph.node = graph.node.filter((n) => n.opType !== 'Transpose' || n.input[0] !== WTE);
    const lmHead = graph.node.find((n) => n.output[0] === 'logits')!;
    lmHead.input[1] = 'onnx::MatMul_999';
    lmHead.output = ['/lm_head/MatMul_output_0'];
    graph.node.push({ opType: 'Cast', name: '/Cast', input: ['/lm_head/MatMul_output_0'], output: ['logits'], attribute: [{ name: 'to', type: 2, i: 1 }] });
    const session = await openSession(keepLastLogits(encodeModel(model)).bytes);
    const full = await runDecoder(await openSession(plainBytes), { ids, mask }, HEADS, HEAD_DIM);
    const kept = await runDecoder(session, { ids, mask, extra: lastIndex([6, 3]) }, HEADS, HEAD_DIM);
    expect(kept.logits.dims).toEqual([2, 1, VOCAB]);
    expect(maxAbsDiff(rowAt(kept.logits, 1, 0), rowAt(full.logits, 1, 3))).toBeLessThan(1e-4);
    await session.release();
  });

  it('leaves a model with num_logits_to_keep alone and reports it', () => {
    const model = decodeModel(plainBytes);
    model.graph.input.push(tensorInfo('num_logits_to_keep', DataType.INT64, []));
    const bytes = encodeModel(model);
    const result = keepLastLogits(bytes);
    expect(result).toMatchObject({ mode: 'num_logits_to_keep', input: 'num_logits_to_keep' });
    expect(result.bytes).toBe(bytes);
  });

  it('explains a Gemm lm_head it cannot rewrite', () => {
    const b = new GraphBuilder();
    b.opTo('logits', 'Gemm', ['hidden', 'w'], '/lm_head/Gemm', { transB: 1 });
    const bytes = encodeModel({
      irVersion: 8,
      opsetImport: [{ domain: '', version: 17 }],
      graph: {
        name: 'g', node: b.nodes, initializer: [floatTensor('w', [3, 4], new Float32Array(12))],
        input: [tensorInfo('hidden', DataType.FLOAT, [2, 4])], output: [tensorInfo('logits', DataType.FLOAT, [2, 3])],
      },
    });
    expect(() => keepLastLogits(bytes)).toThrow(OnnxError);
    expect(() => keepLastLogits(bytes)).toThrow(/Gemm/);
  });
});

describe('exposeHiddenState', () => {
  const wte = () => tensorFloats(decodeModel(plainBytes).graph.initializer.find((t) => t.name === WTE)!);
  const project = (hidden: Float32Array, weights: Float32Array) =>
    Array.from({ length: VOCAB }, (_, v) => hidden.reduce((sum, h, j) => sum + h * weights[v * hidden.length + j], 0));

  it('outputs the lm_head input: last_hidden_state x lm_head weight = logits', async () => {
    const { bytes, output } = exposeHiddenState(plainBytes);
    expect(output).toBe('last_hidden_state');
    const session = await openSession(bytes);
    const out = await runDecoder(session, { ids, mask }, HEADS, HEAD_DIM);
    expect(out.last_hidden_state.dims).toEqual([2, 7, 16]);
    const weights = wte();
    for (const [row, pos] of [[0, 0], [0, 6], [1, 3]]) {
      expect(maxAbsDiff(project(rowAt(out.last_hidden_state, row, pos), weights), rowAt(out.logits, row, pos))).toBeLessThan(1e-4);
    }
    await session.release();
  });

  it('composes with keepLastLogits and with merged decoders', async () => {
    const session = await openSession(exposeHiddenState(keepLastLogits(mergedBytes).bytes).bytes);
    const out = await runDecoder(session, { ids, mask, extra: lastIndex([6, 3]) }, HEADS, HEAD_DIM);
    expect(out.last_hidden_state.dims).toEqual([2, 1, 16]);
    expect(maxAbsDiff(project(rowAt(out.last_hidden_state, 1, 0), wte()), rowAt(out.logits, 1, 0))).toBeLessThan(1e-4);
    await session.release();
  });
});
