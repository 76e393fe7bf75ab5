/**
 * Attention probabilities for graphs whose attention runs inside com.microsoft GroupQueryAttention,
 * which never materializes them: the rewrite exposes what each op receives (query, key, and the
 * rotary cos/sin caches when it rotates them itself) and `fusedAttentionProbs` recomputes the
 * probabilities as the op does: rotary as the op applies it (half-split or interleaved, over the
 * caches' rotary dimension), its scale (default 1/sqrt(head size)), softcap, causal mask and local
 * window, each query head reading key head floor(h / (heads / kv heads)).
 *
 * For a single unpadded row with no past, which is what the attention viewer runs.
 */
import { attribute, tensorInfo } from './graph-builder.ts';
import { DataType, OnnxError, decodeModel, toNumber, type OnnxNode } from './model-io.ts';
import { encodeModelFast as encodeModel } from './model-writer.ts';

export interface FusedAttentionLayer {
  layer: number;
  numHeads: number;
  kvNumHeads: number;
  scale: number;
  doRotary: boolean;
  interleaved: boolean;
  softcap: number;
  localWindow: number;
  /** q, k and v arrive packed in the query input. */
  packed: boolean;
  queryOutput: string;
  keyOutput?: string;
  cosOutput?: string;
  sinOutput?: string;
}

const attr = (node: OnnxNode, name: string): { i?: number; f?: number } | undefined => {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? { i: a.i !== undefined ? toNumber(a.i) : undefined, f: a.f } : undefined;
};

/** Names the fused attention ops Promptscope can recompute. */
export const RECOMPUTABLE_FUSED_OPS = new Set(['GroupQueryAttention']);

/** Adds float32 outputs for each GroupQueryAttention's query, key and rotary caches. */
export function exposeFusedAttentionInputs(model: Uint8Array): { bytes: Uint8Array; layers: FusedAttentionLayer[] } {
  const decoded = decodeModel(model);
  const graph = decoded.graph;
  const nodes = graph.node.filter((n) => n.opType === 'GroupQueryAttention' && n.domain === 'com.microsoft');
  if (nodes.length === 0) throw new OnnxError('ATTENTION_NOT_FOUND', 'no GroupQueryAttention op in the main graph');
  const exposed = new Map<string, string>();
  const expose = (value: string, name: string): string => {
    const known = exposed.get(value);
    if (known) return known;
    graph.node.push({ opType: 'Cast', name: `/promptscope/Cast_${name}`, input: [value], output: [name], attribute: [attribute('to', DataType.FLOAT)] });
    graph.output.push(tensorInfo(name, DataType.FLOAT));
    exposed.set(value, name);
    return name;
  };
  const layers = nodes.map((node, layer) => {
    const headCount = attr(node, 'num_heads')?.i ?? 0;
    const packed = !node.input[1];
    const doRotary = (attr(node, 'do_rotary')?.i ?? 0) === 1;
    if (doRotary && (!node.input[7] || !node.input[8])) throw new OnnxError('ATTENTION_FUSED', `${node.name || 'GroupQueryAttention'} rotates without cos/sin caches; its attention cannot be recomputed`);
    return {
      layer,
      numHeads: headCount,
      kvNumHeads: attr(node, 'kv_num_heads')?.i ?? headCount,
      scale: attr(node, 'scale')?.f ?? 0,
      doRotary,
      interleaved: (attr(node, 'rotary_interleaved')?.i ?? 0) === 1,
      softcap: attr(node, 'softcap')?.f ?? 0,
      localWindow: attr(node, 'local_window_size')?.i ?? -1,
      packed,
      queryOutput: expose(node.input[0], `fused_attention.${layer}.query`),
      ...(packed ? {} : { keyOutput: expose(node.input[1], `fused_attention.${layer}.key`) }),
      ...(doRotary ? { cosOutput: expose(node.input[7], `fused_attention.${layer}.cos`), sinOutput: expose(node.input[8], `fused_attention.${layer}.sin`) } : {}),
    };
  });
  return { bytes: encodeModel(decoded), layers };
}

function rotate(x: Float32Array, offset: number, position: number, cos: Float32Array, sin: Float32Array, half: number, interleaved: boolean): void {
  const c = position * half;
  for (let i = 0; i < half; i++) {
    const [a, b] = interleaved ? [offset + 2 * i, offset + 2 * i + 1] : [offset + i, offset + i + half];
    const x1 = x[a];
    const x2 = x[b];
    x[a] = x1 * cos[c + i] - x2 * sin[c + i];
    x[b] = x2 * cos[c + i] + x1 * sin[c + i];
  }
}

/**
 * [head][query * n + key] probabilities of one layer for a single row of n tokens at positions 0..n-1.
 * `query` is [n, heads * head] (or packed [n, (heads + 2 kv) * head]), `key` [n, kv * head];
 * `cos`/`sin` are the caches [positions, cosWidth] (cosWidth = rotary dimension / 2).
 */
export function fusedAttentionProbs(spec: FusedAttentionLayer, n: number, query: Float32Array, key: Float32Array | undefined, cos?: Float32Array, sin?: Float32Array, cosWidth = 0): Float32Array[] {
  const { numHeads: h, kvNumHeads: kv } = spec;
  const rowWidth = query.length / n;
  const headSize = spec.packed ? rowWidth / (h + 2 * kv) : rowWidth / h;
  const q = new Float32Array(n * h * headSize);
  const k = new Float32Array(n * kv * headSize);
  for (let t = 0; t < n; t++) {
    q.set(query.subarray(t * rowWidth, t * rowWidth + h * headSize), t * h * headSize);
    if (spec.packed) k.set(query.subarray(t * rowWidth + h * headSize, t * rowWidth + (h + kv) * headSize), t * kv * headSize);
    else k.set((key as Float32Array).subarray(t * kv * headSize, (t + 1) * kv * headSize), t * kv * headSize);
  }
  if (spec.doRotary && cos && sin) {
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < h; j++) rotate(q, (t * h + j) * headSize, t, cos, sin, cosWidth, spec.interleaved);
      for (let j = 0; j < kv; j++) rotate(k, (t * kv + j) * headSize, t, cos, sin, cosWidth, spec.interleaved);
    }
  }
  const scale = spec.scale || 1 / Math.sqrt(headSize);
  const group = h / kv;
  return Array.from({ length: h }, (_, head) => {
    const kvHead = Math.floor(head / group);
    const probs = new Float32Array(n * n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const first = spec.localWindow > 0 ? Math.max(0, i - spec.localWindow) : 0;
      let max = -Infinity;
      for (let j = first; j <= i; j++) {
        let dot = 0;
        for (let d = 0; d < headSize; d++) dot += q[(i * h + head) * headSize + d] * k[(j * kv + kvHead) * headSize + d];
        let s = dot * scale;
        if (spec.softcap > 0) s = spec.softcap * Math.tanh(s / spec.softcap);
        scores[j] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let j = first; j <= i; j++) sum += (scores[j] = Math.exp(scores[j] - max));
      for (let j = first; j <= i; j++) probs[i * n + j] = scores[j] / sum;
    }
    return probs;
  });
}
