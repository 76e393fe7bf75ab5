/**
 * Finding the attention-probability Softmax of each layer in a decoder graph.
 *
 * Exporters (torch.onnx.export, Optimum) keep attention as MatMul -> (scale, mask) -> Softmax ->
 * MatMul, and ONNX Runtime's CPU fusions keep the Softmax too (as measured). Graphs pre-optimized
 * into fused attention kernels have no Softmax to read, which `fusedAttentionOps` detects.
 */
import { allNodes, consumersOf, qualifiedOpType } from './graph-walk.ts';
import type { OnnxGraph, OnnxNode } from './model-io.ts';

/** Fused attention kernels (ONNX Runtime contrib ops and ONNX 23's Attention) that hide the probabilities. */
export const FUSED_ATTENTION_OPS = new Set([
  'Attention', 'MultiHeadAttention', 'GroupQueryAttention', 'PackedAttention', 'PackedMultiHeadAttention',
  'DecoderAttention', 'DecoderMaskedMultiHeadAttention', 'DecoderMaskedSelfAttention', 'SparseAttention',
  'PagedAttention', 'LongformerAttention', 'QAttention', 'QOrderedAttention', 'RelativePositionBias',
  'GatedRelativePositionBias',
]);

/** The fused attention op types used anywhere in `graph` (subgraphs included), as `domain::Op`. */
export function fusedAttentionOps(graph: OnnxGraph): string[] {
  const found = new Set<string>();
  for (const node of allNodes(graph)) {
    if (FUSED_ATTENTION_OPS.has(node.opType)) found.add(qualifiedOpType(node));
  }
  return [...found].sort();
}

/** Ops that may sit between the attention Softmax and the MatMul with the values. */
const PASS_THROUGH = new Set(['Cast', 'Identity', 'Dropout', 'Where', 'Reshape', 'Expand']);

/** Whether `value` reaches the left input of a MatMul through at most `hops` pass-through ops. */
function feedsValueMatMul(graph: OnnxGraph, value: string, hops = 3): boolean {
  for (const consumer of consumersOf(graph, value)) {
    if (consumer.opType === 'MatMul' && consumer.input[0] === value) return true;
    if (hops > 0 && PASS_THROUGH.has(consumer.opType) && feedsValueMatMul(graph, consumer.output[0], hops - 1)) return true;
  }
  return false;
}

/** `h.3`, `layers.3`, `layer.3`, `blocks.3`, `block_3` in a node or value name (torch scope names). */
const LAYER_PATTERN = /(?:^|[/._:])(?:h|layers?|blocks?)[._](\d+)(?=[/._:]|$)/i;

function layerFromName(node: OnnxNode): number | undefined {
  for (const text of [node.name ?? '', node.output[0]]) {
    const match = LAYER_PATTERN.exec(text);
    if (match) return Number(match[1]);
  }
  return undefined;
}

export interface AttentionSoftmax {
  layer: number;
  node: OnnxNode;
}

/**
 * The attention Softmax nodes of one graph (not its subgraphs), with their layer index.
 *
 * A Softmax counts as attention when its output is the probabilities operand of a MatMul (through
 * casts, dropout or masking), which leaves out classifier or router softmaxes. Layers come from
 * scope names when every candidate has a distinct one; otherwise from graph order, which ONNX
 * requires to be topological and exporters emit layer by layer.
 */
export function attentionSoftmaxes(graph: OnnxGraph): AttentionSoftmax[] {
  const nodes = graph.node.filter((n) => n.opType === 'Softmax' && (!n.domain || n.domain === 'ai.onnx') && feedsValueMatMul(graph, n.output[0]));
  const named = nodes.map(layerFromName);
  const distinct = new Set(named);
  const useNames = named.every((l) => l !== undefined) && distinct.size === nodes.length;
  return nodes
    .map((node, i) => ({ node, layer: useNames ? (named[i] as number) : i }))
    .sort((a, b) => a.layer - b.layer);
}
