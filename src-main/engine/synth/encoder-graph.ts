/**
 * The ONNX graph of a masked-language-model encoder, as Optimum exports `*ForMaskedLM` for fill-mask.
 *
 * Inputs `input_ids`, `attention_mask` and, for BERT and ALBERT, `token_type_ids` (all int64
 * [batch_size, sequence_length]); output `logits` [batch_size, sequence_length, vocab]. Post-LN
 * blocks as in BERT: embeddings summed and normalized, then per layer self-attention with an
 * additive padding mask ((1 - mask) * float32 min, Hugging Face's extended attention mask) and an
 * explicit Softmax (no causal mask: every query sees every real key), residual + LayerNorm, a GELU
 * feed-forward, residual + LayerNorm; the MLM head (dense, GELU, LayerNorm, decoder tied to the
 * word embeddings plus a bias). ALBERT maps its E-wide embeddings to the hidden size first, runs
 * one set of layer weights `layers` times, and its head projects back to E.
 */
import { DataType, type OnnxModel } from '../onnx/model-io.ts';
import { GraphBuilder, floatTensor, int64Tensor, tensorInfo } from '../onnx/graph-builder.ts';
import { MASK_VALUE } from './gpt2-graph.ts';
import { FAMILY_TRAITS, ROBERTA_PAD_ID, type EncoderShape } from './encoder-shape.ts';
import { encoderNames, type Param } from './encoder-weights.ts';

const C = {
  zero: '/const/zero',
  one: '/const/one',
  oneI: '/const/one_i64',
  axis1: '/const/axes_1',
  axes12: '/const/axes_1_2',
  padId: '/const/pad_id',
  headsShape: '/const/heads_shape',
  mergeShape: '/const/merge_shape',
  scale: '/const/attn_scale',
  maskValue: '/const/mask_value',
  oneF: '/const/one_f',
  half: '/const/half',
  sqrt2: '/const/sqrt_2',
  geluCubic: '/const/gelu_cubic',
  geluScale: '/const/gelu_sqrt_2_over_pi',
};

function constants({ hidden: d, heads: h }: EncoderShape) {
  const f = (name: string, value: number) => floatTensor(name, [], new Float32Array([value]));
  return [
    int64Tensor(C.zero, [], [0]),
    int64Tensor(C.one, [], [1]),
    int64Tensor(C.oneI, [], [1]),
    int64Tensor(C.axis1, [], [1]),
    int64Tensor(C.axes12, [2], [1, 2]),
    int64Tensor(C.padId, [], [ROBERTA_PAD_ID]),
    int64Tensor(C.headsShape, [4], [0, 0, h, d / h]),
    int64Tensor(C.mergeShape, [3], [0, 0, d]),
    f(C.scale, Math.sqrt(d / h)),
    f(C.maskValue, MASK_VALUE),
    f(C.oneF, 1),
    f(C.half, 0.5),
    f(C.sqrt2, Math.SQRT2),
    f(C.geluCubic, 0.044715),
    f(C.geluScale, Math.sqrt(2 / Math.PI)),
  ];
}

function emitEncoder(b: GraphBuilder, shape: EncoderShape): void {
  const traits = FAMILY_TRAITS[shape.family];
  const names = encoderNames(shape);
  const top = names.scope;
  const layerNorm = (x: string, weight: string, bias: string, scope: string) =>
    b.op('LayerNormalization', [x, weight, bias], `${scope}/LayerNormalization`, { axis: -1, epsilon: { float: traits.layerNormEps } });
  const linear = (x: string, weight: string, bias: string, scope: string) =>
    b.op('Add', [b.op('MatMul', [x, weight], `${scope}/MatMul`), bias], `${scope}/Add`);
  const gelu = (x: string, scope: string) => {
    if (traits.activation === 'gelu') {
      // 0.5 x (1 + erf(x / sqrt 2)): torch's exact GELU.
      const erf = b.op('Erf', [b.op('Div', [x, C.sqrt2], `${scope}/Div`)], `${scope}/Erf`);
      return b.op('Mul', [b.op('Mul', [x, b.op('Add', [erf, C.oneF], `${scope}/Add`)], `${scope}/Mul`), C.half], `${scope}/Mul_1`);
    }
    // gelu_new: 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
    const cube = b.op('Mul', [b.op('Mul', [x, x], `${scope}/Mul`), x], `${scope}/Mul_1`);
    const inner = b.op('Mul', [b.op('Add', [x, b.op('Mul', [cube, C.geluCubic], `${scope}/Mul_2`)], `${scope}/Add`), C.geluScale], `${scope}/Mul_3`);
    const gate = b.op('Add', [b.op('Tanh', [inner], `${scope}/Tanh`), C.oneF], `${scope}/Add_1`);
    return b.op('Mul', [b.op('Mul', [x, gate], `${scope}/Mul_4`), C.half], `${scope}/Mul_5`);
  };

  // Additive mask [batch, 1, 1, key]: 0 on real keys, float32 min on padding.
  const maskF = b.op('Cast', ['attention_mask'], `${top}/Cast`, { to: DataType.FLOAT });
  const inverted = b.op('Sub', [C.oneF, b.op('Unsqueeze', [maskF, C.axes12], `${top}/Unsqueeze`)], `${top}/Sub`);
  const additive = b.op('Mul', [inverted, C.maskValue], `${top}/Mul`);

  const e = `${top}/embeddings`;
  let positions: string;
  if (traits.paddingPositions) {
    // create_position_ids_from_input_ids: cumsum(ids != pad) * (ids != pad) + padding_idx.
    const real = b.op('Cast', [b.op('Not', [b.op('Equal', ['input_ids', C.padId], `${e}/Equal`)], `${e}/Not`)], `${e}/Cast`, { to: DataType.INT64 });
    const counted = b.op('Mul', [b.op('CumSum', [real, C.axis1], `${e}/CumSum`), real], `${e}/Mul`);
    positions = b.op('Add', [counted, C.padId], `${e}/Add_pos`);
  } else {
    const seq = b.op('Gather', [b.op('Shape', ['input_ids'], `${e}/Shape`), C.oneI], `${e}/Gather_len`, { axis: 0 });
    positions = b.op('Range', [C.zero, seq, C.one], `${e}/Range`);
  }
  let embedded = b.op('Add', [
    b.op('Gather', [names.word, 'input_ids'], `${e}/word_embeddings/Gather`, { axis: 0 }),
    b.op('Gather', [names.position, positions], `${e}/position_embeddings/Gather`, { axis: 0 }),
  ], `${e}/Add`);
  if (names.tokenType && traits.typeVocab > 0) {
    const types = traits.tokenTypeInput ? 'token_type_ids' : C.zero;
    embedded = b.op('Add', [embedded, b.op('Gather', [names.tokenType, types], `${e}/token_type_embeddings/Gather`, { axis: 0 })], `${e}/Add_1`);
  }
  let hidden = layerNorm(embedded, names.embNorm, names.embNormBias, `${e}/LayerNorm`);
  if (names.mapping && names.mappingBias) hidden = linear(hidden, names.mapping, names.mappingBias, `${top}/encoder/embedding_hidden_mapping_in`);

  for (let i = 0; i < shape.layers; i++) {
    const s = names.layerScope(i);
    const n = names.layer(i);
    const heads = (x: string, tag: string) =>
      b.op('Transpose', [b.op('Reshape', [x, C.headsShape], `${s}/attention/Reshape_${tag}`)], `${s}/attention/Transpose_${tag}`, { perm: [0, 2, 1, 3] });
    const q = heads(linear(hidden, n.query, n.queryBias, `${s}/attention/query`), 'q');
    const k = heads(linear(hidden, n.key, n.keyBias, `${s}/attention/key`), 'k');
    const v = heads(linear(hidden, n.value, n.valueBias, `${s}/attention/value`), 'v');
    const kT = b.op('Transpose', [k], `${s}/attention/Transpose_kT`, { perm: [0, 1, 3, 2] });
    const scores = b.op('Div', [b.op('MatMul', [q, kT], `${s}/attention/MatMul`), C.scale], `${s}/attention/Div`);
    const probs = b.op('Softmax', [b.op('Add', [scores, additive], `${s}/attention/Add_mask`)], `${s}/attention/Softmax`, { axis: -1 });
    const context = b.op('MatMul', [probs, v], `${s}/attention/MatMul_1`);
    const merged = b.op('Reshape', [b.op('Transpose', [context], `${s}/attention/Transpose_ctx`, { perm: [0, 2, 1, 3] }), C.mergeShape], `${s}/attention/Reshape_ctx`);
    const attended = b.op('Add', [linear(merged, n.attnOut, n.attnOutBias, `${s}/attention/output`), hidden], `${s}/attention/Add_res`);
    hidden = layerNorm(attended, n.attnNorm, n.attnNormBias, `${s}/attention/LayerNorm`);
    const ffn = linear(gelu(linear(hidden, n.ffnIn, n.ffnInBias, `${s}/ffn/in`), `${s}/ffn/act`), n.ffnOut, n.ffnOutBias, `${s}/ffn/out`);
    hidden = layerNorm(b.op('Add', [ffn, hidden], `${s}/Add_res`), n.outNorm, n.outNormBias, `${s}/output/LayerNorm`);
  }
  const h = '/head';
  const transformed = layerNorm(gelu(linear(hidden, names.headDense, names.headDenseBias, `${h}/dense`), `${h}/act`), names.headNorm, names.headNormBias, `${h}/LayerNorm`);
  const decoder = b.op('Transpose', [names.word], `${h}/decoder/Transpose`, { perm: [1, 0] });
  b.opTo('logits', 'Add', [b.op('MatMul', [transformed, decoder], `${h}/decoder/MatMul`), names.headBias], `${h}/decoder/Add`);
}

/** A complete encoder ModelProto over `params` (IR 8, opset 17). */
export function buildEncoderModel(shape: EncoderShape, params: Param[]): OnnxModel {
  const traits = FAMILY_TRAITS[shape.family];
  const b = new GraphBuilder();
  emitEncoder(b, shape);
  const dims = ['batch_size', 'sequence_length'];
  const input = [tensorInfo('input_ids', DataType.INT64, dims), tensorInfo('attention_mask', DataType.INT64, dims)];
  if (traits.tokenTypeInput) input.push(tensorInfo('token_type_ids', DataType.INT64, dims));
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'promptscope',
    producerVersion: '0.1.0',
    graph: {
      name: 'main_graph',
      node: b.nodes,
      initializer: [...params.map((p) => floatTensor(p.name, p.dims, p.data)), ...constants(shape)],
      input,
      output: [tensorInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', shape.vocab])],
    },
  };
}
