import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { floatTensor } from '../runtime.ts';
import { synthGpt2 } from '../synth/gpt2.ts';
import { LAYER_NORM_EPSILON } from '../synth/gpt2-graph.ts';
import { LNF_BIAS, LNF_WEIGHT, WPE, WTE, layerParamNames } from '../synth/gpt2-weights.ts';
import { floatTensor as floatInit } from './graph-builder.ts';
import { decodeModel, encodeModel, tensorFloats, type OnnxModel } from './model-io.ts';
import { HEAD_MASK_INPUT, KNOCKOUT_INPUT, KNOCKOUT_VALUE, addInterventions } from './rewrite-interventions.ts';
import { LENS_INDEX_INPUT, exposeLens } from './rewrite-lens.ts';
import { keepLastLogits } from './rewrite.ts';
import { int64Vector, maxAbsDiff, openSession, rowAt, runDecoder } from './testing/run-decoder.ts';

const LAYERS = 3;
const HEADS = 4;
const HIDDEN = 32;
const HEAD_DIM = HIDDEN / HEADS;
const VOCAB = 400;
let dir: string;
let plainBytes: Uint8Array;

const ids = [[17, 300, 42, 8, 99, 123, 7], [64, 250, 33, 280, 0, 0, 0]];
const mask = [[1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 0, 0, 0]];

const ones = () => floatTensor(new Float32Array(LAYERS * HEADS).fill(1), [LAYERS, HEADS]);
const noKnockout = () => floatTensor(new Float32Array(LAYERS), [LAYERS, 1, 1, 1, 1]);
const headMask = (off: [number, number][]) => {
  const data = new Float32Array(LAYERS * HEADS).fill(1);
  for (const [l, h] of off) data[l * HEADS + h] = 0;
  return floatTensor(data, [LAYERS, HEADS]);
};

/** The model with some weights changed: an independent way to remove a head's or layer's attention. */
function withWeights(change: (weights: Map<string, Float32Array>) => void): Uint8Array {
  const model: OnnxModel = decodeModel(plainBytes);
  const weights = new Map(model.graph.initializer.filter((t) => t.dataType === 1).map((t) => [t.name, tensorFloats(t)]));
  change(weights);
  model.graph.initializer = model.graph.initializer.map((t) => (weights.has(t.name) ? floatInit(t.name, t.dims.map(Number), weights.get(t.name)!) : t));
  return encodeModel(model);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'rewrite-inside-'));
  await synthGpt2({ outDir: dir, layers: LAYERS, hidden: HIDDEN, heads: HEADS, vocab: VOCAB, ctx: 32, seed: 11 });
  plainBytes = await readFile(join(dir, 'onnx', 'model.onnx'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('addInterventions', () => {
  it('leaves logits and key/values bit-identical with a mask of ones and an empty knockout', async () => {
    const { bytes, layers } = addInterventions(plainBytes, HEADS);
    expect(layers).toBe(LAYERS);
    const plain = await runDecoder(await openSession(plainBytes), { ids, mask }, HEADS, HEAD_DIM);
    const session = await openSession(bytes);
    expect(session.inputNames).toEqual(expect.arrayContaining([HEAD_MASK_INPUT, KNOCKOUT_INPUT]));
    const out = await runDecoder(session, { ids, mask, extra: { [HEAD_MASK_INPUT]: ones(), [KNOCKOUT_INPUT]: noKnockout() } }, HEADS, HEAD_DIM);
    expect(Array.from(out.logits.data as Float32Array)).toEqual(Array.from(plain.logits.data as Float32Array));
    expect(Array.from(out['present.2.value'].data as Float32Array)).toEqual(Array.from(plain['present.2.value'].data as Float32Array));
  });

  it('masking every head of a layer equals zeroing that layer\'s attention output projection', async () => {
    const session = await openSession(addInterventions(plainBytes, HEADS).bytes);
    const reference = await openSession(withWeights((w) => w.get(layerParamNames(1).attnProjWeight)!.fill(0)));
    const expected = await runDecoder(reference, { ids, mask }, HEADS, HEAD_DIM);
    const all = Array.from({ length: HEADS }, (_, h) => [1, h] as [number, number]);
    const out = await runDecoder(session, { ids, mask, extra: { [HEAD_MASK_INPUT]: headMask(all), [KNOCKOUT_INPUT]: noKnockout() } }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(out.logits.data as Float32Array, expected.logits.data as Float32Array)).toBeLessThan(1e-5);
    const clean = await runDecoder(session, { ids, mask, extra: { [HEAD_MASK_INPUT]: ones(), [KNOCKOUT_INPUT]: noKnockout() } }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(out.logits.data as Float32Array, clean.logits.data as Float32Array)).toBeGreaterThan(1e-3);
  });

  it('masking one head equals zeroing its rows of the output projection', async () => {
    const session = await openSession(addInterventions(plainBytes, HEADS).bytes);
    const head = 2;
    const reference = await openSession(withWeights((w) => w.get(layerParamNames(0).attnProjWeight)!.fill(0, head * HEAD_DIM * HIDDEN, (head + 1) * HEAD_DIM * HIDDEN)));
    const expected = await runDecoder(reference, { ids, mask }, HEADS, HEAD_DIM);
    const out = await runDecoder(session, { ids, mask, extra: { [HEAD_MASK_INPUT]: headMask([[0, head]]), [KNOCKOUT_INPUT]: noKnockout() } }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(out.logits.data as Float32Array, expected.logits.data as Float32Array)).toBeLessThan(1e-5);
  });

  it('knocking the last query out of some keys equals hiding those keys from it with the attention mask', async () => {
    const session = await openSession(addInterventions(plainBytes, HEADS).bytes);
    const row = ids[0];
    const blocked = [1, 3];
    // Reference: the prefix runs normally; the last token runs over it with the blocked keys masked.
    const plain = await openSession(plainBytes);
    const prefix = await runDecoder(plain, { ids: [row.slice(0, -1)] }, HEADS, HEAD_DIM);
    const refMask = row.map((_, k) => (blocked.includes(k) ? 0 : 1));
    const expected = await runDecoder(plain, { ids: [row.slice(-1)], past: prefix, mask: [refMask], positions: [[row.length - 1]] }, HEADS, HEAD_DIM);
    const knock = new Float32Array(LAYERS * row.length * row.length);
    for (let l = 0; l < LAYERS; l++) for (const k of blocked) knock[(l * row.length + row.length - 1) * row.length + k] = KNOCKOUT_VALUE;
    const out = await runDecoder(session, { ids: [row], extra: { [HEAD_MASK_INPUT]: ones(), [KNOCKOUT_INPUT]: floatTensor(knock, [LAYERS, 1, 1, row.length, row.length]) } }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(rowAt(out.logits, 0, row.length - 1), rowAt(expected.logits, 0, 0))).toBeLessThan(1e-5);
    // Earlier positions are untouched.
    const clean = await runDecoder(plain, { ids: [row] }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(rowAt(out.logits, 0, 4), rowAt(clean.logits, 0, 4))).toBe(0);
  });

  it('refuses fused attention with the op\'s name', () => {
    const model = decodeModel(plainBytes);
    model.graph.node.push({ opType: 'GroupQueryAttention', domain: 'com.microsoft', name: 'gqa', input: ['x'], output: ['y'] });
    expect(() => addInterventions(encodeModel(model), HEADS)).toThrow(/fused attention ops \(com\.microsoft::GroupQueryAttention\)/);
  });
});

describe('exposeLens', () => {
  it('reads every block; its last layer equals the model\'s own logits, its first the embeddings through ln_f and the unembedding', async () => {
    const { bytes, outputs } = exposeLens(plainBytes, LAYERS);
    expect(outputs).toEqual(['lens.0', 'lens.1', 'lens.2', 'lens.3']);
    const session = await openSession(bytes);
    const out = await runDecoder(session, { ids, mask, extra: { [LENS_INDEX_INPUT]: int64Vector([6, 3]) } }, HEADS, HEAD_DIM);
    expect(out['lens.3'].dims).toEqual([2, 1, VOCAB]);
    expect(maxAbsDiff(rowAt(out['lens.3'], 0, 0), rowAt(out.logits, 0, 6))).toBeLessThan(1e-5);
    expect(maxAbsDiff(rowAt(out['lens.3'], 1, 0), rowAt(out.logits, 1, 3))).toBeLessThan(1e-5);

    const init = (name: string) => tensorFloats(decodeModel(plainBytes).graph.initializer.find((t) => t.name === name)!);
    const [wte, wpe, gamma, beta] = [init(WTE), init(WPE), init(LNF_WEIGHT), init(LNF_BIAS)];
    const x = Array.from({ length: HIDDEN }, (_, j) => wte[ids[1][3] * HIDDEN + j] + wpe[3 * HIDDEN + j]);
    const mean = x.reduce((a, b) => a + b, 0) / HIDDEN;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / HIDDEN;
    const normed = x.map((v, j) => ((v - mean) / Math.sqrt(variance + LAYER_NORM_EPSILON)) * gamma[j] + beta[j]);
    const expected = Array.from({ length: VOCAB }, (_, v) => normed.reduce((s, h, j) => s + h * wte[v * HIDDEN + j], 0));
    expect(maxAbsDiff(rowAt(out['lens.0'], 1, 0), expected)).toBeLessThan(1e-4);
    // Middle layers differ from both ends.
    expect(maxAbsDiff(rowAt(out['lens.1'], 0, 0), rowAt(out['lens.3'], 0, 0))).toBeGreaterThan(1e-3);
    await session.release();
  });

  it('follows an RMS norm (SimplifiedLayerNormalization) and an untied lm_head read from the graph', async () => {
    const model = decodeModel(plainBytes);
    const graph = model.graph;
    const lnf = graph.node.find((n) => n.opType === 'LayerNormalization' && n.input[1] === LNF_WEIGHT)!;
    lnf.opType = 'SimplifiedLayerNormalization';
    lnf.input = lnf.input.slice(0, 2);
    const wte = tensorFloats(graph.initializer.find((t) => t.name === WTE)!);
    const untied = Float32Array.from({ length: HIDDEN * VOCAB }, (_, i) => Math.sin(i) * 0.1 + wte[(i % VOCAB) * HIDDEN + Math.floor(i / VOCAB)]);
    graph.initializer.push(floatInit('lm_head.weight', [HIDDEN, VOCAB], untied));
    graph.node.find((n) => n.output[0] === 'logits')!.input[1] = 'lm_head.weight';
    const bytes = encodeModel(model);
    const session = await openSession(exposeLens(bytes, LAYERS).bytes);
    const out = await runDecoder(session, { ids, mask, extra: { [LENS_INDEX_INPUT]: int64Vector([-1, 3]) } }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(rowAt(out['lens.3'], 0, 0), rowAt(out.logits, 0, 6))).toBeLessThan(1e-5);
    expect(maxAbsDiff(rowAt(out['lens.3'], 1, 0), rowAt(out.logits, 1, 3))).toBeLessThan(1e-5);
    await session.release();
  });

  it('copies a plain-op RMSNorm (Pow, ReduceMean, Add, Sqrt, Div, Mul) as the final norm', async () => {
    const model = decodeModel(plainBytes);
    const graph = model.graph;
    const at = graph.node.findIndex((n) => n.opType === 'LayerNormalization' && n.input[1] === LNF_WEIGHT);
    const lnf = graph.node[at];
    const [x, out] = [lnf.input[0], lnf.output[0]];
    const c = (name: string, value: number) => floatInit(name, [], new Float32Array([value]));
    graph.initializer.push(c('/rms/two', 2), c('/rms/eps', 1e-6), c('/rms/one', 1));
    const n = (opType: string, input: string[], output: string, attribute: OnnxModel['graph']['node'][number]['attribute'] = []) => ({ opType, name: `/rms/${output}`, input, output: [output], attribute });
    graph.node.splice(at, 1,
      n('Pow', [x, '/rms/two'], '/rms/sq'),
      n('ReduceMean', ['/rms/sq'], '/rms/mean', [{ name: 'axes', type: 7, ints: [-1] }, { name: 'keepdims', type: 2, i: 1 }]),
      n('Add', ['/rms/mean', '/rms/eps'], '/rms/var'),
      n('Sqrt', ['/rms/var'], '/rms/std'),
      n('Div', ['/rms/one', '/rms/std'], '/rms/inv'),
      n('Mul', [x, '/rms/inv'], '/rms/normed'),
      n('Mul', ['/rms/normed', LNF_WEIGHT], out),
    );
    const session = await openSession(exposeLens(encodeModel(model), LAYERS).bytes);
    const out2 = await runDecoder(session, { ids, mask, extra: { [LENS_INDEX_INPUT]: int64Vector([6, 3]) } }, HEADS, HEAD_DIM);
    expect(maxAbsDiff(rowAt(out2['lens.3'], 0, 0), rowAt(out2.logits, 0, 6))).toBeLessThan(1e-5);
    expect(maxAbsDiff(rowAt(out2['lens.3'], 1, 0), rowAt(out2.logits, 1, 3))).toBeLessThan(1e-5);
    await session.release();
  });

  it('refuses a final norm fused with the residual add, naming the op', () => {
    const model = decodeModel(plainBytes);
    const lnf = model.graph.node.find((n) => n.opType === 'LayerNormalization' && n.input[1] === LNF_WEIGHT)!;
    lnf.opType = 'SkipSimplifiedLayerNormalization';
    lnf.domain = 'com.microsoft';
    expect(() => exposeLens(encodeModel(model), LAYERS)).toThrow(/fused with the residual add \(SkipSimplifiedLayerNormalization\)/);
  });

  it('composes with the interventions and keepLastLogits: logits bit-identical to keepLastLogits alone', async () => {
    const combined = keepLastLogits(addInterventions(exposeLens(plainBytes, LAYERS).bytes, HEADS).bytes).bytes;
    const session = await openSession(combined);
    const last = await openSession(keepLastLogits(plainBytes).bytes);
    const extra = { last_index: int64Vector([6, 3]) };
    const expected = await runDecoder(last, { ids, mask, extra }, HEADS, HEAD_DIM);
    const out = await runDecoder(session, { ids, mask, extra: { ...extra, [LENS_INDEX_INPUT]: int64Vector([6, 3]), [HEAD_MASK_INPUT]: ones(), [KNOCKOUT_INPUT]: noKnockout() } }, HEADS, HEAD_DIM);
    expect(Array.from(out.logits.data as Float32Array)).toEqual(Array.from(expected.logits.data as Float32Array));
    expect(maxAbsDiff(out['lens.3'].data as Float32Array, out.logits.data as Float32Array)).toBeLessThan(1e-5);
    await session.release();
    await last.release();
  });
});
