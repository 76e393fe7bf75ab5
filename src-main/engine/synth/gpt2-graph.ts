/**
 * The ONNX graph of a GPT-2 decoder with past key/values, in the layout Optimum exports.
 *
 * Mirrors what torch.onnx.export makes of Hugging Face's GPT2LMHeadModel (opset 17): token and
 * position embeddings, pre-LayerNorm blocks with a fused QKV projection, a causal-and-padding mask
 * applied with Where, an explicit Softmax per layer (the attention rewrite relies on it, as it does
 * on real exports), tanh-GELU MLPs, a final LayerNorm and an lm_head tied to the token embedding.
 * Node names follow torch's scopes (`/transformer/h.0/attn/Softmax`).
 */
import { DataType, type OnnxGraph, type OnnxModel, type OnnxValueInfo } from '../onnx/model-io.ts';
import { GraphBuilder, floatTensor, int64Tensor, tensorInfo } from '../onnx/graph-builder.ts';
import { LNF_BIAS, LNF_WEIGHT, WPE, WTE, layerParamNames, type Gpt2Shape, type Param } from './gpt2-weights.ts';

/** Which decoder file to build: `model.onnx`, or the legacy merged file with a `use_cache_branch` If. */
export type Gpt2Variant = 'model' | 'merged';

/** GPT-2's layer_norm_epsilon. */
export const LAYER_NORM_EPSILON = 1e-5;
/** What HF's GPT-2 writes into masked scores: torch.finfo(float32).min. */
export const MASK_VALUE = -3.4028234663852886e38;

const C = {
  zero: '/const/zero',
  one: '/const/one',
  axes1: '/const/axes_1',
  axes12: '/const/axes_1_2',
  splitQkv: '/const/split_qkv',
  headsShape: '/const/heads_shape',
  mergeShape: '/const/merge_shape',
  attnScale: '/const/attn_scale',
  maskValue: '/const/mask_value',
  geluCubic: '/const/gelu_cubic',
  geluScale: '/const/gelu_sqrt_2_over_pi',
  oneF: '/const/one_f',
  half: '/const/half',
};

function constants({ hidden: d, heads: h }: Gpt2Shape) {
  const f = (name: string, value: number) => floatTensor(name, [], new Float32Array([value]));
  return [
    int64Tensor(C.zero, [], [0]),
    int64Tensor(C.one, [], [1]),
    int64Tensor(C.axes1, [1], [1]),
    int64Tensor(C.axes12, [2], [1, 2]),
    int64Tensor(C.splitQkv, [3], [d, d, d]),
    int64Tensor(C.headsShape, [4], [0, 0, h, d / h]),
    int64Tensor(C.mergeShape, [3], [0, 0, d]),
    f(C.attnScale, Math.sqrt(d / h)),
    f(C.maskValue, MASK_VALUE),
    f(C.geluCubic, 0.044715),
    f(C.geluScale, Math.sqrt(2 / Math.PI)),
    f(C.oneF, 1),
    f(C.half, 0.5),
  ];
}

/** Emits the whole decoder into `b`; with `usePast` false the past inputs are ignored (Optimum's no-cache branch). */
function emitDecoder(b: GraphBuilder, shape: Gpt2Shape, usePast: boolean): void {
  const layerNorm = (x: string, weight: string, bias: string, scope: string) =>
    b.op('LayerNormalization', [x, weight, bias], `${scope}/LayerNormalization`, { axis: -1, epsilon: { float: LAYER_NORM_EPSILON } });
  const linear = (x: string, weight: string, bias: string, scope: string) =>
    b.op('Add', [b.op('MatMul', [x, weight], `${scope}/MatMul`), bias], `${scope}/Add`);

  // Mask [batch, 1, query, key]: key k is visible to query q (absolute position past+q) when k <= past+q
  // and attention_mask marks k as real.
  const total = b.op('Gather', [b.op('Shape', ['attention_mask'], '/transformer/Shape'), C.one], '/transformer/Gather', { axis: 0 });
  const seq = b.op('Gather', [b.op('Shape', ['input_ids'], '/transformer/Shape_1'), C.one], '/transformer/Gather_1', { axis: 0 });
  const past = b.op('Sub', [total, seq], '/transformer/Sub');
  const keyPos = b.op('Range', [C.zero, total, C.one], '/transformer/Range');
  const queryPos = b.op('Unsqueeze', [b.op('Range', [past, total, C.one], '/transformer/Range_1'), C.axes1], '/transformer/Unsqueeze');
  const causal = b.op('LessOrEqual', [keyPos, queryPos], '/transformer/LessOrEqual');
  const padding = b.op('Unsqueeze', [b.op('Cast', ['attention_mask'], '/transformer/Cast', { to: DataType.BOOL }), C.axes12], '/transformer/Unsqueeze_1');
  const mask = b.op('And', [causal, padding], '/transformer/And');

  const tokens = b.op('Gather', [WTE, 'input_ids'], '/transformer/wte/Gather', { axis: 0 });
  const positions = b.op('Gather', [WPE, 'position_ids'], '/transformer/wpe/Gather', { axis: 0 });
  let hidden = b.op('Add', [tokens, positions], '/transformer/Add');

  for (let i = 0; i < shape.layers; i++) {
    const s = `/transformer/h.${i}`;
    const n = layerParamNames(i);
    const ln1 = layerNorm(hidden, n.ln1Weight, n.ln1Bias, `${s}/ln_1`);
    const qkv = linear(ln1, n.qkvWeight, n.qkvBias, `${s}/attn/c_attn`);
    const [q, k, v] = b.nodeN('Split', [qkv, C.splitQkv], `${s}/attn/Split`, 3, { axis: 2 });
    const splitHeads = (x: string, tag: string) =>
      b.op('Transpose', [b.op('Reshape', [x, C.headsShape], `${s}/attn/Reshape_${tag}`)], `${s}/attn/Transpose_${tag}`, { perm: [0, 2, 1, 3] });
    const cache = (x: string, kind: 'key' | 'value') =>
      usePast
        ? b.opTo(`present.${i}.${kind}`, 'Concat', [`past_key_values.${i}.${kind}`, x], `${s}/attn/Concat_${kind}`, { axis: 2 })
        : b.opTo(`present.${i}.${kind}`, 'Identity', [x], `${s}/attn/Identity_${kind}`);
    const query = splitHeads(q, 'q');
    const keys = cache(splitHeads(k, 'k'), 'key');
    const values = cache(splitHeads(v, 'v'), 'value');
    const keysT = b.op('Transpose', [keys], `${s}/attn/Transpose_kT`, { perm: [0, 1, 3, 2] });
    const scores = b.op('Div', [b.op('MatMul', [query, keysT], `${s}/attn/MatMul`), C.attnScale], `${s}/attn/Div`);
    const masked = b.op('Where', [mask, scores, C.maskValue], `${s}/attn/Where`);
    const probs = b.op('Softmax', [masked], `${s}/attn/Softmax`, { axis: -1 });
    const context = b.op('MatMul', [probs, values], `${s}/attn/MatMul_1`);
    const mergedHeads = b.op('Reshape', [b.op('Transpose', [context], `${s}/attn/Transpose_ctx`, { perm: [0, 2, 1, 3] }), C.mergeShape], `${s}/attn/Reshape_ctx`);
    hidden = b.op('Add', [hidden, linear(mergedHeads, n.attnProjWeight, n.attnProjBias, `${s}/attn/c_proj`)], `${s}/Add`);

    const fc = linear(layerNorm(hidden, n.ln2Weight, n.ln2Bias, `${s}/ln_2`), n.fcWeight, n.fcBias, `${s}/mlp/c_fc`);
    // gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    const a = `${s}/mlp/act`;
    const cube = b.op('Mul', [b.op('Mul', [fc, fc], `${a}/Mul`), fc], `${a}/Mul_1`);
    const inner = b.op('Mul', [b.op('Add', [fc, b.op('Mul', [cube, C.geluCubic], `${a}/Mul_2`)], `${a}/Add`), C.geluScale], `${a}/Mul_3`);
    const gate = b.op('Add', [b.op('Tanh', [inner], `${a}/Tanh`), C.oneF], `${a}/Add_1`);
    const act = b.op('Mul', [b.op('Mul', [fc, gate], `${a}/Mul_4`), C.half], `${a}/Mul_5`);
    hidden = b.op('Add', [hidden, linear(act, n.mlpProjWeight, n.mlpProjBias, `${s}/mlp/c_proj`)], `${s}/Add_1`);
  }
  const final = layerNorm(hidden, LNF_WEIGHT, LNF_BIAS, '/transformer/ln_f');
  const lmHead = b.op('Transpose', [WTE], '/lm_head/Transpose', { perm: [1, 0] });
  b.opTo('logits', 'MatMul', [final, lmHead], '/lm_head/MatMul');
}

function inputInfos({ layers, hidden, heads }: Gpt2Shape, merged: boolean): OnnxValueInfo[] {
  const inputs = [
    tensorInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
    tensorInfo('attention_mask', DataType.INT64, ['batch_size', 'past_sequence_length + sequence_length']),
    tensorInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']),
  ];
  for (let i = 0; i < layers; i++) {
    for (const kind of ['key', 'value']) {
      inputs.push(tensorInfo(`past_key_values.${i}.${kind}`, DataType.FLOAT, ['batch_size', heads, 'past_sequence_length', hidden / heads]));
    }
  }
  if (merged) inputs.push(tensorInfo('use_cache_branch', DataType.BOOL, [1]));
  return inputs;
}

function outputInfos({ layers, hidden, heads, vocab }: Gpt2Shape, rename: (name: string) => string): OnnxValueInfo[] {
  const outputs = [tensorInfo(rename('logits'), DataType.FLOAT, ['batch_size', 'sequence_length', vocab])];
  for (let i = 0; i < layers; i++) {
    for (const kind of ['key', 'value']) {
      outputs.push(tensorInfo(rename(`present.${i}.${kind}`), DataType.FLOAT, ['batch_size', heads, 'past_sequence_length + sequence_length', hidden / heads]));
    }
  }
  return outputs;
}

/**
 * A complete GPT-2 ModelProto over `params` (IR 8, opset 17).
 *
 * The merged variant wraps two copies of the decoder in an If on `use_cache_branch`, as Optimum's
 * `decoder_model_merged.onnx` did: the then-branch concatenates the past, the else-branch ignores it.
 */
export function buildGpt2Model(shape: Gpt2Shape, params: Param[], variant: Gpt2Variant = 'model'): OnnxModel {
  if (shape.hidden % shape.heads !== 0) throw new Error(`hidden size ${shape.hidden} is not divisible by heads ${shape.heads}`);
  const initializer = [...params.map((p) => floatTensor(p.name, p.dims, p.data)), ...constants(shape)];
  let graph: OnnxGraph;
  if (variant === 'model') {
    const b = new GraphBuilder();
    emitDecoder(b, shape, true);
    graph = { name: 'main_graph', node: b.nodes, initializer, input: inputInfos(shape, false), output: outputInfos(shape, (n) => n) };
  } else {
    const branch = (name: string, usePast: boolean): OnnxGraph => {
      const b = new GraphBuilder(`/${name}`);
      emitDecoder(b, shape, usePast);
      return { name, node: b.nodes, initializer: [], input: [], output: outputInfos(shape, (n) => `/${name}/${n}`) };
    };
    const outputs = outputInfos(shape, (n) => n);
    graph = {
      name: 'main_graph',
      node: [{
        opType: 'If',
        name: 'optimum::if',
        input: ['use_cache_branch'],
        output: outputs.map((o) => o.name),
        attribute: [
          { name: 'then_branch', type: 5, g: branch('then_branch', true) },
          { name: 'else_branch', type: 5, g: branch('else_branch', false) },
        ],
      }],
      initializer,
      input: inputInfos(shape, true),
      output: outputs,
    };
  }
  return { irVersion: 8, opsetImport: [{ domain: '', version: 17 }], producerName: 'promptscope', producerVersion: '0.1.0', graph };
}
