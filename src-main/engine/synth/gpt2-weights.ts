/**
 * The parameters of a GPT-2-shaped model: names, shapes and seeded random values.
 *
 * Names are those of Hugging Face's GPT2LMHeadModel state dict, as torch.onnx.export keeps them
 * for initializers, and linear weights use GPT-2's Conv1D layout [in, out] so the graph can MatMul
 * them directly, as real exports do.
 */
import { NormalStream } from './random-weights.ts';

/** The size of a GPT-2 model. */
export interface Gpt2Shape {
  layers: number;
  hidden: number;
  heads: number;
  vocab: number;
  ctx: number;
}

/** One parameter tensor. */
export interface Param {
  name: string;
  dims: number[];
  data: Float32Array;
}

/** The names of layer `i`'s parameters. */
export function layerParamNames(i: number) {
  const p = `transformer.h.${i}`;
  return {
    ln1Weight: `${p}.ln_1.weight`,
    ln1Bias: `${p}.ln_1.bias`,
    qkvWeight: `${p}.attn.c_attn.weight`,
    qkvBias: `${p}.attn.c_attn.bias`,
    attnProjWeight: `${p}.attn.c_proj.weight`,
    attnProjBias: `${p}.attn.c_proj.bias`,
    ln2Weight: `${p}.ln_2.weight`,
    ln2Bias: `${p}.ln_2.bias`,
    fcWeight: `${p}.mlp.c_fc.weight`,
    fcBias: `${p}.mlp.c_fc.bias`,
    mlpProjWeight: `${p}.mlp.c_proj.weight`,
    mlpProjBias: `${p}.mlp.c_proj.bias`,
  };
}

export const WTE = 'transformer.wte.weight';
export const WPE = 'transformer.wpe.weight';
export const LNF_WEIGHT = 'transformer.ln_f.weight';
export const LNF_BIAS = 'transformer.ln_f.bias';

/**
 * Draws every parameter from a seeded normal stream.
 *
 * Why not GPT-2's N(0, 0.02) everywhere: at small widths that gives near-uniform next-token
 * distributions and attention, which hide bugs. Matrices use std 1/sqrt(fan_in) so activations,
 * attention scores and logits stay of order one (logits std ~1.5) at any width; residual
 * projections are halved so depth does not blow the stream up.
 */
export function randomGpt2Params(shape: Gpt2Shape, seed: number): Param[] {
  const { layers, hidden: d, vocab, ctx } = shape;
  const rng = new NormalStream(seed);
  const params: Param[] = [];
  const add = (name: string, dims: number[], std: number, mean = 0) => {
    params.push({ name, dims, data: rng.fill(dims.reduce((a, b) => a * b, 1), std, mean) });
  };
  const inv = 1 / Math.sqrt(d);
  add(WTE, [vocab, d], 1.5 * inv);
  add(WPE, [ctx, d], inv);
  for (let i = 0; i < layers; i++) {
    const n = layerParamNames(i);
    add(n.ln1Weight, [d], 0.1, 1);
    add(n.ln1Bias, [d], 0.05);
    add(n.qkvWeight, [d, 3 * d], inv);
    add(n.qkvBias, [3 * d], 0.05);
    add(n.attnProjWeight, [d, d], 0.5 * inv);
    add(n.attnProjBias, [d], 0.02);
    add(n.ln2Weight, [d], 0.1, 1);
    add(n.ln2Bias, [d], 0.05);
    add(n.fcWeight, [d, 4 * d], inv);
    add(n.fcBias, [4 * d], 0.05);
    add(n.mlpProjWeight, [4 * d, d], 0.5 / Math.sqrt(4 * d));
    add(n.mlpProjBias, [d], 0.02);
  }
  add(LNF_WEIGHT, [d], 0.1, 1);
  add(LNF_BIAS, [d], 0.05);
  return params;
}
