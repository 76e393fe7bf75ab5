/**
 * Seeded random parameters for the families of decoder-spec.ts.
 *
 * Linear weights are stored [in, out], the layout the graph MatMuls directly (as torch.onnx.export
 * writes a transposed initializer for nn.Linear). Scales follow gpt2-weights.ts: std 1/sqrt(fan_in)
 * keeps activations and logits of order one at any width, so tiny models are not degenerate.
 */
import type { Param } from './gpt2-weights.ts';
import { NormalStream } from './random-weights.ts';
import { OPT_POSITION_OFFSET, TRAITS, decoderParamNames, topParamNames, type DecoderShape } from './decoder-spec.ts';

export function randomDecoderParams(shape: DecoderShape, seed: number): Param[] {
  const { family, layers, hidden: d, heads, kvHeads, headDim, inter, vocab, ctx } = shape;
  const t = TRAITS[family];
  const rng = new NormalStream(seed);
  const params: Param[] = [];
  const add = (name: string, dims: number[], std: number, mean = 0) => {
    params.push({ name, dims, data: rng.fill(dims.reduce((a, b) => a * b, 1), std, mean) });
  };
  const inv = (fanIn: number) => 1 / Math.sqrt(fanIn);
  const norm = (base: string) => {
    add(`${base}.weight`, [d], 0.1, 1);
    if (t.norm === 'layer') add(`${base}.bias`, [d], 0.05);
  };
  const linear = (base: string, fanIn: number, out: number, bias: boolean, scale = 1) => {
    add(`${base}.weight`, [fanIn, out], scale * inv(fanIn));
    if (bias) add(`${base}.bias`, [out], 0.05);
  };
  const top = topParamNames(family);
  add(top.embed, [vocab, d], 1.5 * inv(d));
  if (t.positions === 'learned') add(top.positions, [ctx + OPT_POSITION_OFFSET, d], inv(d));
  const qDim = heads * headDim;
  const kvDim = kvHeads * headDim;
  for (let i = 0; i < layers; i++) {
    const n = decoderParamNames(family, i);
    norm(n.ln1);
    norm(n.ln2);
    if (t.qkv === 'neox' || t.qkv === 'phi3') linear(n.qkv, d, qDim + 2 * kvDim, t.qkvBias);
    else {
      linear(n.q, d, qDim, t.qkvBias);
      linear(n.k, d, kvDim, t.qkvBias);
      linear(n.v, d, kvDim, t.qkvBias);
    }
    linear(n.out, qDim, d, t.outBias, 0.5);
    if (t.mlp === 'swiglu') {
      linear(n.gate, d, inter, false);
      linear(n.up, d, inter, false);
    } else if (t.mlp === 'phi3') linear(n.up, d, 2 * inter, false);
    else linear(n.up, d, inter, t.mlpBias);
    linear(n.down, inter, d, t.mlpBias, 0.5);
  }
  norm(top.finalNorm);
  if (!shape.tie) add(top.head, [d, vocab], 1.5 * inv(d));
  return params;
}
