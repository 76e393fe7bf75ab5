/**
 * The fused graph ONNX Runtime's model builder writes (what onnx-community ships for recent Llama,
 * Qwen2 and Phi-3 models), over the same parameters as the plain graph of decoder-graph.ts.
 *
 * ONNX Runtime's ops: SimplifiedLayerNormalization (default domain) for the first RMSNorm,
 * com.microsoft SkipSimplifiedLayerNormalization for every later one (it also returns the residual sum),
 * GroupQueryAttention with rotary inside (cos/sin caches, `seqlens_k` = mask sum - 1 and
 * `total_sequence_length` computed from attention_mask) for Llama and Qwen2, and for Phi-3 the
 * packed q/k/v split, turned by RotaryEmbedding ops and given to GroupQueryAttention without rotary.
 * No position_ids input: the op takes positions from the mask, as the model builder's graphs do.
 */
import { DataType, type OnnxModel, type OnnxValueInfo } from '../onnx/model-io.ts';
import { GraphBuilder, floatTensor, int64Tensor, tensorInfo } from '../onnx/graph-builder.ts';
import type { Param } from './gpt2-weights.ts';
import { TRAITS, decoderParamNames, topParamNames, type DecoderShape } from './decoder-spec.ts';

const MS = 'com.microsoft';
const C = { axes1: '/const/axes_1', one: '/const/one', oneI: '/const/one_i', cos: '/const/cos_cache', sin: '/const/sin_cache', splitQkv: '/const/split_qkv', splitGateUp: '/const/split_gate_up', zero: '/const/zero' };

/** cos/sin caches [ctx, rot/2] as the model builder precomputes them: cos(p * inv_freq_i). */
function caches(s: DecoderShape): { cos: Float32Array; sin: Float32Array } {
  const half = s.rotaryDim / 2;
  const cos = new Float32Array(s.ctx * half);
  const sin = new Float32Array(s.ctx * half);
  for (let p = 0; p < s.ctx; p++) {
    for (let i = 0; i < half; i++) {
      const angle = p * (1 / s.ropeTheta ** ((2 * i) / s.rotaryDim));
      cos[p * half + i] = Math.cos(angle);
      sin[p * half + i] = Math.sin(angle);
    }
  }
  return { cos, sin };
}

export function supportsFused(family: string): boolean {
  return family === 'llama' || family === 'qwen2' || family === 'phi3';
}

function emit(b: GraphBuilder, s: DecoderShape): void {
  const t = TRAITS[s.family];
  const top = topParamNames(s.family);
  const ms = (opType: string, inputs: string[], name: string, outputs: number, attrs: Record<string, number | { float: number }>) => {
    const out = b.nodeN(opType, inputs, name, outputs, attrs);
    (b.nodes[b.nodes.length - 1] as { domain?: string }).domain = MS;
    return out;
  };
  const linear = (x: string, base: string, bias: boolean, scope: string) => {
    const mm = b.op('MatMul', [x, `${base}.weight`], `${scope}/MatMul`);
    return bias ? b.op('Add', [mm, `${base}.bias`], `${scope}/Add`) : mm;
  };
  // seqlens_k = sum(mask) - 1 (int32 [batch]); total_sequence_length = mask width (int32 scalar).
  const maskSum = b.op('ReduceSum', ['attention_mask', C.axes1], '/model/attn_mask_reformat/ReduceSum', { keepdims: 0 });
  const seqlens = b.op('Cast', [b.op('Sub', [maskSum, C.oneI], '/model/attn_mask_reformat/Sub')], '/model/attn_mask_reformat/Cast', { to: DataType.INT32 });
  const total = b.op('Cast', [b.op('Gather', [b.op('Shape', ['attention_mask'], '/model/attn_mask_reformat/Shape'), C.one], '/model/attn_mask_reformat/Gather', { axis: 0 })], '/model/attn_mask_reformat/Cast_1', { to: DataType.INT32 });
  let positions = '';
  if (s.family === 'phi3') {
    // RotaryEmbedding needs positions: the query's part of cumsum(mask) - 1.
    const cum = b.op('Sub', [b.op('CumSum', ['attention_mask', C.oneI], '/model/pos_ids_reformat/CumSum'), C.oneI], '/model/pos_ids_reformat/Sub');
    const seq = b.op('Gather', [b.op('Shape', ['input_ids'], '/model/pos_ids_reformat/Shape'), C.one], '/model/pos_ids_reformat/Gather', { axis: 0 });
    const start = b.op('Sub', [b.op('Gather', [b.op('Shape', ['attention_mask'], '/model/pos_ids_reformat/Shape_1'), C.one], '/model/pos_ids_reformat/Gather_1', { axis: 0 }), seq], '/model/pos_ids_reformat/Sub_1');
    const reshape = (x: string, n: string) => b.op('Reshape', [x, C.axes1], `/model/pos_ids_reformat/Reshape_${n}`);
    const end = b.op('Gather', [b.op('Shape', ['attention_mask'], '/model/pos_ids_reformat/Shape_2'), C.one], '/model/pos_ids_reformat/Gather_2', { axis: 0 });
    positions = b.op('Slice', [cum, reshape(start, 'start'), reshape(end, 'end'), C.axes1], '/model/pos_ids_reformat/Slice');
  }
  let residual = b.op('Gather', [top.embed, 'input_ids'], '/model/embed_tokens/Gather', { axis: 0 });
  // SimplifiedLayerNormalization lives in the default domain (ONNX Runtime registers it there).
  let hidden = b.op('SimplifiedLayerNormalization', [residual, `${decoderParamNames(s.family, 0).ln1}.weight`], '/model/layers.0/input_layernorm/LayerNorm', { axis: -1, epsilon: { float: s.eps }, stash_type: 1 });
  const skipNorm = (x: string, weight: string, scope: string) => {
    const out = ms('SkipSimplifiedLayerNormalization', [x, residual, weight], `${scope}/SkipLayerNorm`, 4, { epsilon: { float: s.eps } });
    residual = out[3];
    return out[0];
  };
  for (let i = 0; i < s.layers; i++) {
    const n = decoderParamNames(s.family, i);
    const a = `/model/layers.${i}/attn`;
    let q: string;
    let k: string;
    let v: string;
    let rotaryInside = 1;
    if (s.family === 'phi3') {
      [q, k, v] = b.nodeN('Split', [linear(hidden, n.qkv, false, `${a}/qkv_proj`), C.splitQkv], `${a}/Split`, 3, { axis: 2 });
      q = ms('RotaryEmbedding', [q, positions, C.cos, C.sin], `${a}/q_rotary/RotaryEmbedding`, 1, { interleaved: 0, num_heads: s.heads })[0];
      k = ms('RotaryEmbedding', [k, positions, C.cos, C.sin], `${a}/k_rotary/RotaryEmbedding`, 1, { interleaved: 0, num_heads: s.kvHeads })[0];
      rotaryInside = 0;
    } else {
      [q, k, v] = [linear(hidden, n.q, t.qkvBias, `${a}/q_proj`), linear(hidden, n.k, t.qkvBias, `${a}/k_proj`), linear(hidden, n.v, t.qkvBias, `${a}/v_proj`)];
    }
    const gqaInputs = [q, k, v, `past_key_values.${i}.key`, `past_key_values.${i}.value`, seqlens, total, rotaryInside ? C.cos : '', rotaryInside ? C.sin : ''];
    b.nodes.push({
      opType: 'GroupQueryAttention', domain: MS, name: `${a}/GroupQueryAttention`, input: gqaInputs,
      output: [`${a}/GroupQueryAttention_output_0`, `present.${i}.key`, `present.${i}.value`],
      attribute: [
        { name: 'num_heads', type: 2, i: s.heads }, { name: 'kv_num_heads', type: 2, i: s.kvHeads }, { name: 'do_rotary', type: 2, i: rotaryInside },
        { name: 'rotary_interleaved', type: 2, i: 0 }, { name: 'local_window_size', type: 2, i: -1 }, { name: 'scale', type: 1, f: 1 / Math.sqrt(s.headDim) },
      ],
    });
    const attn = linear(`${a}/GroupQueryAttention_output_0`, n.out, false, `${a}/o_proj`);
    const x2 = skipNorm(attn, `${n.ln2}.weight`, `/model/layers.${i}/post_attention_layernorm`);
    const m = `/model/layers.${i}/mlp`;
    let gate: string;
    let up: string;
    if (s.family === 'phi3') [gate, up] = b.nodeN('Split', [linear(x2, n.up, false, `${m}/gate_up_proj`), C.splitGateUp], `${m}/Split`, 2, { axis: 2 });
    else [gate, up] = [linear(x2, n.gate, false, `${m}/gate_proj`), linear(x2, n.up, false, `${m}/up_proj`)];
    const silu = b.op('Mul', [gate, b.op('Sigmoid', [gate], `${m}/act_fn/Sigmoid`)], `${m}/act_fn/Mul`);
    const down = linear(b.op('Mul', [silu, up], `${m}/Mul`), n.down, false, `${m}/down_proj`);
    const nextNorm = i + 1 < s.layers ? `${decoderParamNames(s.family, i + 1).ln1}.weight` : `${top.finalNorm}.weight`;
    hidden = skipNorm(down, nextNorm, i + 1 < s.layers ? `/model/layers.${i + 1}/input_layernorm` : '/model/norm');
  }
  const head = s.tie ? b.op('Transpose', [top.embed], '/lm_head/Transpose', { perm: [1, 0] }) : top.head;
  b.opTo('logits', 'MatMul', [hidden, head], '/lm_head/MatMul');
}

function io(s: DecoderShape): { inputs: OnnxValueInfo[]; outputs: OnnxValueInfo[] } {
  const inputs = [tensorInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']), tensorInfo('attention_mask', DataType.INT64, ['batch_size', 'total_sequence_length'])];
  const outputs = [tensorInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', s.vocab])];
  for (let i = 0; i < s.layers; i++) {
    for (const kind of ['key', 'value']) {
      inputs.push(tensorInfo(`past_key_values.${i}.${kind}`, DataType.FLOAT, ['batch_size', s.kvHeads, 'past_sequence_length', s.headDim]));
      outputs.push(tensorInfo(`present.${i}.${kind}`, DataType.FLOAT, ['batch_size', s.kvHeads, 'total_sequence_length', s.headDim]));
    }
  }
  return { inputs, outputs };
}

/** The fused ModelProto (IR 8, opset 17 + com.microsoft 1) over the plain graph's parameters. */
export function buildFusedDecoderModel(shape: DecoderShape, params: Param[]): OnnxModel {
  if (!supportsFused(shape.family)) throw new Error(`synth: the fused style is written for llama, qwen2 and phi3 (ONNX Runtime's model builder families), not ${shape.family}`);
  if (shape.rotaryDim !== shape.headDim) throw new Error('synth: the fused style rotates whole heads');
  const b = new GraphBuilder();
  emit(b, shape);
  const { cos, sin } = caches(shape);
  const q = shape.heads * shape.headDim;
  const kv = shape.kvHeads * shape.headDim;
  const initializer = [
    ...params.map((p) => floatTensor(p.name, p.dims, p.data)),
    floatTensor(C.cos, [shape.ctx, shape.rotaryDim / 2], cos), floatTensor(C.sin, [shape.ctx, shape.rotaryDim / 2], sin),
    int64Tensor(C.axes1, [1], [1]), int64Tensor(C.one, [], [1]), int64Tensor(C.oneI, [], [1]), int64Tensor(C.zero, [], [0]),
    int64Tensor(C.splitQkv, [3], [q, kv, kv]), int64Tensor(C.splitGateUp, [2], [shape.inter, shape.inter]),
  ];
  const { inputs, outputs } = io(shape);
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }, { domain: MS, version: 1 }],
    producerName: 'promptscope',
    producerVersion: '0.1.0',
    graph: { name: 'main_graph', node: b.nodes, initializer, input: inputs, output: outputs },
  };
}
