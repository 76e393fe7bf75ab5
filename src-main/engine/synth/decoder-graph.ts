/**
 * The plain-op ONNX graph of a GPT-NeoX, OPT, Llama, Qwen2 or Phi-3 decoder with past key/values.
 *
 * What torch.onnx.export / Optimum make of Hugging Face's modeling code (opset 17): attention as
 * MatMul -> scale -> Where(mask) -> Softmax -> MatMul, rotary embedding as ops (rotate_half, with
 * a partial rotary dimension for NeoX), grouped-query attention by repeating key/value heads,
 * RMSNorm as Pow/ReduceMean/Sqrt/Div. Node names follow torch's scopes
 * (`/model/layers.0/self_attn/Softmax`) so the rewrites meet the names real exports have.
 */
import { DataType, type OnnxModel, type OnnxValueInfo } from '../onnx/model-io.ts';
import { GraphBuilder, floatTensor, int64Tensor, tensorInfo } from '../onnx/graph-builder.ts';
import type { Param } from './gpt2-weights.ts';
import { MASK_VALUE } from './gpt2-graph.ts';
import { OPT_POSITION_OFFSET, TRAITS, decoderParamNames, topParamNames, type DecoderShape } from './decoder-spec.ts';

const C = {
  zero: '/const/zero', one: '/const/one', axes1: '/const/axes_1', axes2: '/const/axes_2', axes12: '/const/axes_1_2',
  qHeads: '/const/q_heads_shape', kvHeads: '/const/kv_heads_shape', neoxHeads: '/const/neox_heads_shape',
  repeatShape: '/const/repeat_kv_shape', merge: '/const/merge_shape', scale: '/const/attn_scale', maskValue: '/const/mask_value',
  invFreq: '/const/inv_freq', two: '/const/two_f', eps: '/const/rms_eps', oneF: '/const/one_f', half: '/const/half',
  sqrtHalf: '/const/sqrt_half', posOffset: '/const/position_offset', oneI: '/const/one_i',
  splitHead: '/const/split_head', splitPartial: '/const/split_partial', splitRot: '/const/split_rotary', splitPhi3Qkv: '/const/split_phi3_qkv', splitGateUp: '/const/split_gate_up',
};

function constants(s: DecoderShape) {
  const f = (name: string, value: number) => floatTensor(name, [], new Float32Array([value]));
  const rot = s.rotaryDim;
  const list = [
    int64Tensor(C.zero, [], [0]), int64Tensor(C.one, [], [1]), int64Tensor(C.axes1, [1], [1]), int64Tensor(C.axes2, [1], [2]),
    int64Tensor(C.axes12, [2], [1, 2]), int64Tensor(C.qHeads, [4], [0, 0, s.heads, s.headDim]), int64Tensor(C.kvHeads, [4], [0, 0, s.kvHeads, s.headDim]),
    int64Tensor(C.neoxHeads, [4], [0, 0, s.heads, 3 * s.headDim]), int64Tensor(C.repeatShape, [4], [0, s.heads, -1, s.headDim]),
    int64Tensor(C.merge, [3], [0, 0, s.heads * s.headDim]), f(C.scale, 1 / Math.sqrt(s.headDim)), f(C.maskValue, MASK_VALUE),
    f(C.two, 2), f(C.eps, s.eps), f(C.oneF, 1), f(C.half, 0.5), f(C.sqrtHalf, Math.SQRT1_2),
    int64Tensor(C.posOffset, [], [OPT_POSITION_OFFSET]), int64Tensor(C.oneI, [], [1]),
    int64Tensor(C.splitHead, [3], [s.headDim, s.headDim, s.headDim]),
    int64Tensor(C.splitPhi3Qkv, [3], [s.heads * s.headDim, s.kvHeads * s.headDim, s.kvHeads * s.headDim]),
    int64Tensor(C.splitGateUp, [2], [s.inter, s.inter]),
  ];
  if (rot > 0) {
    list.push(int64Tensor(C.splitRot, [2], [rot / 2, rot / 2]));
    if (rot < s.headDim) list.push(int64Tensor(C.splitPartial, [2], [rot, s.headDim - rot]));
    list.push(floatTensor(C.invFreq, [rot / 2], Float32Array.from({ length: rot / 2 }, (_, i) => 1 / s.ropeTheta ** ((2 * i) / rot))));
  }
  return list;
}

function emit(b: GraphBuilder, s: DecoderShape): void {
  const t = TRAITS[s.family];
  const top = topParamNames(s.family);
  const sc = t.scope;
  const norm = (x: string, base: string, scope: string): string => {
    if (t.norm === 'layer') return b.op('LayerNormalization', [x, `${base}.weight`, `${base}.bias`], `${scope}/LayerNormalization`, { axis: -1, epsilon: { float: s.eps } });
    const variance = b.op('ReduceMean', [b.op('Pow', [x, C.two], `${scope}/Pow`)], `${scope}/ReduceMean`, { axes: [-1], keepdims: 1 });
    const denom = b.op('Sqrt', [b.op('Add', [variance, C.eps], `${scope}/Add`)], `${scope}/Sqrt`);
    return b.op('Mul', [`${base}.weight`, b.op('Div', [x, denom], `${scope}/Div`)], `${scope}/Mul`);
  };
  const linear = (x: string, base: string, bias: boolean, scope: string) => {
    const mm = b.op('MatMul', [x, `${base}.weight`], `${scope}/MatMul`);
    return bias ? b.op('Add', [mm, `${base}.bias`], `${scope}/Add`) : mm;
  };

  // Mask [batch, 1, query, key]: key k is visible to query q (at absolute position past + q) when
  // k <= past + q and attention_mask marks k as real.
  const total = b.op('Gather', [b.op('Shape', ['attention_mask'], `${sc}/Shape`), C.one], `${sc}/Gather`, { axis: 0 });
  const seq = b.op('Gather', [b.op('Shape', ['input_ids'], `${sc}/Shape_1`), C.one], `${sc}/Gather_1`, { axis: 0 });
  const past = b.op('Sub', [total, seq], `${sc}/Sub`);
  const keyPos = b.op('Range', [C.zero, total, C.one], `${sc}/Range`);
  const queryPos = b.op('Unsqueeze', [b.op('Range', [past, total, C.one], `${sc}/Range_1`), C.axes1], `${sc}/Unsqueeze`);
  const causal = b.op('LessOrEqual', [keyPos, queryPos], `${sc}/LessOrEqual`);
  const padding = b.op('Unsqueeze', [b.op('Cast', ['attention_mask'], `${sc}/Cast`, { to: DataType.BOOL }), C.axes12], `${sc}/Unsqueeze_1`);
  const mask = b.op('And', [causal, padding], `${sc}/And`);

  let hidden = b.op('Gather', [top.embed, 'input_ids'], `${sc}/embed_tokens/Gather`, { axis: 0 });
  let cos = '';
  let sin = '';
  if (t.positions === 'learned') {
    // OPT: positions = cumsum(mask) * mask - 1 over past + query, the query's part, + 2.
    const cum = b.op('CumSum', ['attention_mask', C.oneI], `${sc}/embed_positions/CumSum`);
    const positions = b.op('Sub', [b.op('Mul', [cum, 'attention_mask'], `${sc}/embed_positions/Mul`), C.oneI], `${sc}/embed_positions/Sub`);
    const starts = b.op('Reshape', [past, C.axes1], `${sc}/embed_positions/Reshape_start`);
    const ends = b.op('Reshape', [total, C.axes1], `${sc}/embed_positions/Reshape_end`);
    const query = b.op('Slice', [positions, starts, ends, C.axes1], `${sc}/embed_positions/Slice`);
    const index = b.op('Add', [query, C.posOffset], `${sc}/embed_positions/Add`);
    hidden = b.op('Add', [hidden, b.op('Gather', [top.positions, index], `${sc}/embed_positions/Gather`, { axis: 0 })], `${sc}/Add_positions`);
  } else {
    const r = `${sc}/rotary_emb`;
    const pos = b.op('Unsqueeze', [b.op('Cast', ['position_ids'], `${r}/Cast`, { to: DataType.FLOAT }), C.axes2], `${r}/Unsqueeze`);
    const freqs = b.op('Mul', [pos, C.invFreq], `${r}/Mul`);
    const emb = b.op('Concat', [freqs, freqs], `${r}/Concat`, { axis: -1 });
    cos = b.op('Unsqueeze', [b.op('Cos', [emb], `${r}/Cos`), C.axes1], `${r}/Unsqueeze_cos`);
    sin = b.op('Unsqueeze', [b.op('Sin', [emb], `${r}/Sin`), C.axes1], `${r}/Unsqueeze_sin`);
  }
  const rope = (x: string, scope: string): string => {
    const rot = s.rotaryDim;
    let xr = x;
    let xp = '';
    if (rot < s.headDim) {
      const [a, c] = b.nodeN('Split', [x, C.splitPartial], `${scope}/Split_partial`, 2, { axis: 3 });
      xr = a;
      xp = c;
    }
    const [x1, x2] = b.nodeN('Split', [xr, C.splitRot], `${scope}/Split`, 2, { axis: 3 });
    const rotated = b.op('Concat', [b.op('Neg', [x2], `${scope}/Neg`), x1], `${scope}/Concat`, { axis: 3 });
    const out = b.op('Add', [b.op('Mul', [xr, cos], `${scope}/Mul`), b.op('Mul', [rotated, sin], `${scope}/Mul_1`)], `${scope}/Add`);
    return xp ? b.op('Concat', [out, xp], `${scope}/Concat_pass`, { axis: 3 }) : out;
  };
  const heads = (x: string, shapeConst: string, scope: string) =>
    b.op('Transpose', [b.op('Reshape', [x, shapeConst], `${scope}/Reshape`)], `${scope}/Transpose`, { perm: [0, 2, 1, 3] });

  for (let i = 0; i < s.layers; i++) {
    const n = decoderParamNames(s.family, i);
    const ls = `${sc}/layers.${i}`;
    const a = s.family === 'gpt_neox' ? `${ls}/attention` : `${ls}/self_attn`;
    const x1 = norm(hidden, n.ln1, `${ls}/${s.family === 'opt' ? 'self_attn_layer_norm' : 'input_layernorm'}`);
    let q: string;
    let k: string;
    let v: string;
    if (t.qkv === 'neox') {
      const qkv = b.op('Reshape', [linear(x1, n.qkv, true, `${a}/query_key_value`), C.neoxHeads], `${a}/Reshape_qkv`);
      const [qs, ks, vs] = b.nodeN('Split', [qkv, C.splitHead], `${a}/Split`, 3, { axis: 3 });
      const tr = (x: string, tag: string) => b.op('Transpose', [x], `${a}/Transpose_${tag}`, { perm: [0, 2, 1, 3] });
      [q, k, v] = [tr(qs, 'q'), tr(ks, 'k'), tr(vs, 'v')];
    } else {
      let qf: string;
      let kf: string;
      let vf: string;
      if (t.qkv === 'phi3') [qf, kf, vf] = b.nodeN('Split', [linear(x1, n.qkv, false, `${a}/qkv_proj`), C.splitPhi3Qkv], `${a}/Split`, 3, { axis: 2 });
      else [qf, kf, vf] = [linear(x1, n.q, t.qkvBias, `${a}/q_proj`), linear(x1, n.k, t.qkvBias, `${a}/k_proj`), linear(x1, n.v, t.qkvBias, `${a}/v_proj`)];
      [q, k, v] = [heads(qf, C.qHeads, `${a}/q`), heads(kf, C.kvHeads, `${a}/k`), heads(vf, C.kvHeads, `${a}/v`)];
    }
    if (t.positions === 'rotary') {
      q = rope(q, `${a}/rotary_q`);
      k = rope(k, `${a}/rotary_k`);
    }
    const keys = b.opTo(`present.${i}.key`, 'Concat', [`past_key_values.${i}.key`, k], `${a}/Concat_key`, { axis: 2 });
    const values = b.opTo(`present.${i}.value`, 'Concat', [`past_key_values.${i}.value`, v], `${a}/Concat_value`, { axis: 2 });
    const repeat = (x: string, tag: string) => {
      if (s.kvHeads === s.heads) return x;
      const u = b.op('Unsqueeze', [x, C.axes2], `${a}/repeat_kv_${tag}/Unsqueeze`);
      const tiled = b.op('Concat', Array.from({ length: s.heads / s.kvHeads }, () => u), `${a}/repeat_kv_${tag}/Concat`, { axis: 2 });
      return b.op('Reshape', [tiled, C.repeatShape], `${a}/repeat_kv_${tag}/Reshape`);
    };
    const keysT = b.op('Transpose', [repeat(keys, 'k')], `${a}/Transpose_kT`, { perm: [0, 1, 3, 2] });
    const scores = b.op('Mul', [b.op('MatMul', [q, keysT], `${a}/MatMul`), C.scale], `${a}/Mul_scale`);
    const probs = b.op('Softmax', [b.op('Where', [mask, scores, C.maskValue], `${a}/Where`)], `${a}/Softmax`, { axis: -1 });
    const ctx = b.op('MatMul', [probs, repeat(values, 'v')], `${a}/MatMul_1`);
    const merged = b.op('Reshape', [b.op('Transpose', [ctx], `${a}/Transpose_ctx`, { perm: [0, 2, 1, 3] }), C.merge], `${a}/Reshape_ctx`);
    const attnOut = linear(merged, n.out, t.outBias, `${a}/${s.family === 'gpt_neox' ? 'dense' : s.family === 'opt' ? 'out_proj' : 'o_proj'}`);

    const mlp = (x: string): string => {
      const m = `${ls}/mlp`;
      if (t.mlp === 'gelu') {
        const up = linear(x, n.up, true, `${m}/dense_h_to_4h`);
        const erf = b.op('Erf', [b.op('Mul', [up, C.sqrtHalf], `${m}/act/Mul`)], `${m}/act/Erf`);
        const act = b.op('Mul', [b.op('Mul', [up, b.op('Add', [erf, C.oneF], `${m}/act/Add`)], `${m}/act/Mul_1`), C.half], `${m}/act/Mul_2`);
        return linear(act, n.down, true, `${m}/dense_4h_to_h`);
      }
      if (t.mlp === 'relu') return linear(b.op('Relu', [linear(x, n.up, true, `${ls}/fc1`)], `${ls}/activation_fn/Relu`), n.down, true, `${ls}/fc2`);
      const silu = (g: string) => b.op('Mul', [g, b.op('Sigmoid', [g], `${m}/act_fn/Sigmoid`)], `${m}/act_fn/Mul`);
      let gate: string;
      let up: string;
      if (t.mlp === 'phi3') [gate, up] = b.nodeN('Split', [linear(x, n.up, false, `${m}/gate_up_proj`), C.splitGateUp], `${m}/Split`, 2, { axis: 2 });
      else [gate, up] = [linear(x, n.gate, false, `${m}/gate_proj`), linear(x, n.up, false, `${m}/up_proj`)];
      return linear(b.op('Mul', [silu(gate), up], `${m}/Mul`), n.down, false, `${m}/down_proj`);
    };
    const ln2Scope = `${ls}/${s.family === 'opt' ? 'final_layer_norm' : 'post_attention_layernorm'}`;
    if (t.parallelResidual) {
      const m = mlp(norm(hidden, n.ln2, ln2Scope));
      hidden = b.op('Add', [b.op('Add', [hidden, attnOut], `${ls}/Add`), m], `${ls}/Add_1`);
    } else {
      hidden = b.op('Add', [hidden, attnOut], `${ls}/Add`);
      hidden = b.op('Add', [hidden, mlp(norm(hidden, n.ln2, ln2Scope))], `${ls}/Add_1`);
    }
  }
  const final = norm(hidden, top.finalNorm, `${sc}/${s.family === 'gpt_neox' ? 'final_layer_norm' : s.family === 'opt' ? 'final_layer_norm' : 'norm'}`);
  const head = s.tie ? b.op('Transpose', [top.embed], '/lm_head/Transpose', { perm: [1, 0] }) : top.head;
  b.opTo('logits', 'MatMul', [final, head], s.family === 'gpt_neox' ? '/embed_out/MatMul' : '/lm_head/MatMul');
}

function io(s: DecoderShape): { inputs: OnnxValueInfo[]; outputs: OnnxValueInfo[] } {
  const inputs = [
    tensorInfo('input_ids', DataType.INT64, ['batch_size', 'sequence_length']),
    tensorInfo('attention_mask', DataType.INT64, ['batch_size', 'past_sequence_length + sequence_length']),
  ];
  if (TRAITS[s.family].positionIdsInput) inputs.push(tensorInfo('position_ids', DataType.INT64, ['batch_size', 'sequence_length']));
  const outputs = [tensorInfo('logits', DataType.FLOAT, ['batch_size', 'sequence_length', s.vocab])];
  for (let i = 0; i < s.layers; i++) {
    for (const kind of ['key', 'value']) {
      inputs.push(tensorInfo(`past_key_values.${i}.${kind}`, DataType.FLOAT, ['batch_size', s.kvHeads, 'past_sequence_length', s.headDim]));
      outputs.push(tensorInfo(`present.${i}.${kind}`, DataType.FLOAT, ['batch_size', s.kvHeads, 'past_sequence_length + sequence_length', s.headDim]));
    }
  }
  return { inputs, outputs };
}

/** A complete ModelProto (IR 8, opset 17) over `params`. */
export function buildDecoderModel(shape: DecoderShape, params: Param[]): OnnxModel {
  const b = new GraphBuilder();
  emit(b, shape);
  const initializer = [...params.map((p) => floatTensor(p.name, p.dims, p.data)), ...constants(shape)];
  const { inputs, outputs } = io(shape);
  return {
    irVersion: 8,
    opsetImport: [{ domain: '', version: 17 }],
    producerName: 'promptscope',
    producerVersion: '0.1.0',
      graph: { name: 'main_graph', node: b.nodes, initializer, input: inputs, output: outputs },
  };
}
