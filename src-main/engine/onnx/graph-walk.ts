/**
 * Read-only queries over a decoded ONNX graph: producers, consumers, subgraphs, op types.
 *
 * The rewrites find what they change by following data flow (the node that produces `logits`, the
 * MatMul that consumes a Softmax) rather than by node names, which differ between exporters.
 */
import type { OnnxGraph, OnnxNode } from './model-io.ts';

/** The node that produces `value` in `graph` (not in subgraphs), if any. */
export function producerOf(graph: OnnxGraph, value: string): OnnxNode | undefined {
  return graph.node.find((n) => n.output.includes(value));
}

/** The nodes of `graph` that read `value`. */
export function consumersOf(graph: OnnxGraph, value: string): OnnxNode[] {
  return graph.node.filter((n) => n.input.includes(value));
}

/** The graph-valued attributes of a node (If branches, Loop and Scan bodies). */
export function subgraphsOf(node: OnnxNode): { attr: string; graph: OnnxGraph }[] {
  const found: { attr: string; graph: OnnxGraph }[] = [];
  for (const a of node.attribute ?? []) {
    if (a.g) found.push({ attr: a.name, graph: a.g });
    for (const g of a.graphs ?? []) found.push({ attr: a.name, graph: g });
  }
  return found;
}

/** Every node of `graph` and of its subgraphs, depth first. */
export function allNodes(graph: OnnxGraph): OnnxNode[] {
  const out: OnnxNode[] = [];
  for (const node of graph.node) {
    out.push(node);
    for (const sub of subgraphsOf(node)) out.push(...allNodes(sub.graph));
  }
  return out;
}

/** `domain::OpType` for custom domains, plain `OpType` for the default one. */
export function qualifiedOpType(node: OnnxNode): string {
  return node.domain && node.domain !== 'ai.onnx' ? `${node.domain}::${node.opType}` : node.opType;
}
