/**
 * The architecture of each family the builder writes, as Hugging Face's modeling code defines it:
 * which norm, how q/k/v are projected, the MLP, the residual wiring, positions, the lm_head.
 *
 * One table instead of one builder per family, so the graph emitter (decoder-graph.ts) and the
 * weights (decoder-weights.ts) read the same facts. Parameter names are the families' state-dict
 * names, as torch.onnx.export keeps them for initializers.
 */
import type { BuiltFamily } from '../model-families.ts';

export type DecoderFamily = Exclude<BuiltFamily, 'gpt2'>;

export interface DecoderShape {
  family: DecoderFamily;
  layers: number;
  hidden: number;
  heads: number;
  kvHeads: number;
  headDim: number;
  /** MLP width. */
  inter: number;
  vocab: number;
  ctx: number;
  /** Dimensions of each head that rotary embedding turns (NeoX: rotary_pct x head_dim); 0 for OPT. */
  rotaryDim: number;
  ropeTheta: number;
  /** lm_head shares the token embedding. */
  tie: boolean;
  eps: number;
}

export interface FamilyTraits {
  norm: 'layer' | 'rms';
  qkv: 'neox' | 'separate' | 'phi3';
  qkvBias: boolean;
  outBias: boolean;
  mlp: 'gelu' | 'relu' | 'swiglu' | 'phi3';
  mlpBias: boolean;
  parallelResidual: boolean;
  positions: 'rotary' | 'learned';
  /** The graph takes position_ids (Optimum's OPT export computes positions from the mask instead). */
  positionIdsInput: boolean;
  /** Prefix of layer parameter names and torch scope names. */
  layerPrefix: string;
  scope: string;
}

export const TRAITS: Record<DecoderFamily, FamilyTraits> = {
  gpt_neox: { norm: 'layer', qkv: 'neox', qkvBias: true, outBias: true, mlp: 'gelu', mlpBias: true, parallelResidual: true, positions: 'rotary', positionIdsInput: true, layerPrefix: 'gpt_neox.layers', scope: '/gpt_neox' },
  opt: { norm: 'layer', qkv: 'separate', qkvBias: true, outBias: true, mlp: 'relu', mlpBias: true, parallelResidual: false, positions: 'learned', positionIdsInput: false, layerPrefix: 'model.decoder.layers', scope: '/model/decoder' },
  llama: { norm: 'rms', qkv: 'separate', qkvBias: false, outBias: false, mlp: 'swiglu', mlpBias: false, parallelResidual: false, positions: 'rotary', positionIdsInput: true, layerPrefix: 'model.layers', scope: '/model' },
  qwen2: { norm: 'rms', qkv: 'separate', qkvBias: true, outBias: false, mlp: 'swiglu', mlpBias: false, parallelResidual: false, positions: 'rotary', positionIdsInput: true, layerPrefix: 'model.layers', scope: '/model' },
  phi3: { norm: 'rms', qkv: 'phi3', qkvBias: false, outBias: false, mlp: 'phi3', mlpBias: false, parallelResidual: false, positions: 'rotary', positionIdsInput: true, layerPrefix: 'model.layers', scope: '/model' },
};

/** OPT's learned positions start at index 2 (OPTLearnedPositionalEmbedding's offset). */
export const OPT_POSITION_OFFSET = 2;

/** State-dict names of layer i's parameters for `family`. */
export function decoderParamNames(family: DecoderFamily, i: number) {
  const p = `${TRAITS[family].layerPrefix}.${i}`;
  if (family === 'gpt_neox') {
    return {
      ln1: `${p}.input_layernorm`, ln2: `${p}.post_attention_layernorm`, qkv: `${p}.attention.query_key_value`,
      q: '', k: '', v: '', out: `${p}.attention.dense`, up: `${p}.mlp.dense_h_to_4h`, gate: '', down: `${p}.mlp.dense_4h_to_h`,
    };
  }
  if (family === 'opt') {
    return {
      ln1: `${p}.self_attn_layer_norm`, ln2: `${p}.final_layer_norm`, qkv: '',
      q: `${p}.self_attn.q_proj`, k: `${p}.self_attn.k_proj`, v: `${p}.self_attn.v_proj`, out: `${p}.self_attn.out_proj`,
      up: `${p}.fc1`, gate: '', down: `${p}.fc2`,
    };
  }
  return {
    ln1: `${p}.input_layernorm`, ln2: `${p}.post_attention_layernorm`, qkv: family === 'phi3' ? `${p}.self_attn.qkv_proj` : '',
    q: `${p}.self_attn.q_proj`, k: `${p}.self_attn.k_proj`, v: `${p}.self_attn.v_proj`, out: `${p}.self_attn.o_proj`,
    up: family === 'phi3' ? `${p}.mlp.gate_up_proj` : `${p}.mlp.up_proj`, gate: `${p}.mlp.gate_proj`, down: `${p}.mlp.down_proj`,
  };
}

/** Names of the embedding, final norm and head. */
export function topParamNames(family: DecoderFamily) {
  switch (family) {
    case 'gpt_neox':
      return { embed: 'gpt_neox.embed_in.weight', positions: '', finalNorm: 'gpt_neox.final_layer_norm', head: 'embed_out.weight' };
    case 'opt':
      return { embed: 'model.decoder.embed_tokens.weight', positions: 'model.decoder.embed_positions.weight', finalNorm: 'model.decoder.final_layer_norm', head: 'lm_head.weight' };
    default:
      return { embed: 'model.embed_tokens.weight', positions: '', finalNorm: 'model.norm', head: 'lm_head.weight' };
  }
}
