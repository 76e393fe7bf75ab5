/**
 * Reading a decoder's residual stream from its graph: the hidden state after each block, and the
 * final norm that turns the last one into the lm_head's input.
 *
 * The label lens (the logit lens of nostalgebraist 2020, restricted to label words as in Halawi et
 * al. 2024) applies the model's own final norm and unembedding to every block's output. Rather than
 * reimplementing LayerNorm / RMSNorm in JavaScript, the rewrite copies the nodes between the last
 * residual value and the lm_head, whatever they are (one LayerNormalization, one
 * SimplifiedLayerNormalization, or the Pow/ReduceMean/Sqrt/Div/Mul chain of a plain-op RMSNorm), so
 * the kind of norm and a tied or untied lm_head come from the graph itself.
 */
import { attentionSoftmaxes, FUSED_ATTENTION_OPS } from './attention-softmax.ts';
import { consumersOf, producerOf } from './graph-walk.ts';
import { OnnxError, type OnnxGraph, type OnnxNode } from './model-io.ts';

/** The final norm: the nodes from `input` (the last block's output) to `output` (the lm_head's input). */
export interface FinalNorm {
  input: string;
  output: string;
  /** In graph order. */
  nodes: OnnxNode[];
}

/** Fused norms that swallow the residual Add, leaving no per-block hidden state to read. */
const FUSED_RESIDUAL = /^Skip.*Normalization$/;
/** Most nodes a final norm may have (a plain-op LayerNorm is about 10). */
const NORM_NODE_LIMIT = 32;

function isConstant(graph: OnnxGraph, value: string): boolean {
  if (value === '' || graph.initializer.some((t) => t.name === value)) return true;
  const producer = producerOf(graph, value);
  if (!producer) return !graph.input.some((i) => i.name === value);
  return producer.opType === 'Constant';
}

/** An Add of two computed values: a residual connection (bias and epsilon Adds have a constant side). */
function isResidualAdd(graph: OnnxGraph, node: OnnxNode | undefined): boolean {
  return node?.opType === 'Add' && node.input.length === 2 && node.input.every((v) => !isConstant(graph, v));
}

/**
 * The final norm before `lmHeadInput`: walks back from it to the first residual Add and checks that
 * the nodes in between read nothing computed but that Add's output.
 */
export function finalNorm(graph: OnnxGraph, lmHeadInput: string): FinalNorm {
  const region: OnnxNode[] = [];
  const pending = [lmHeadInput];
  let residual: string | undefined;
  const seen = new Set<string>();
  while (pending.length > 0) {
    const value = pending.pop() as string;
    if (seen.has(value) || isConstant(graph, value)) continue;
    seen.add(value);
    const node = producerOf(graph, value);
    if (!node) throw new OnnxError('LENS_UNSUPPORTED', `the final norm reads the graph input ${value}; no residual stream to read`);
    if (FUSED_RESIDUAL.test(node.opType)) {
      throw new OnnxError('LENS_UNSUPPORTED', `the final norm is fused with the residual add (${node.opType}); per-layer hidden states are not in the graph`);
    }
    if (isResidualAdd(graph, node)) {
      if (residual !== undefined && residual !== value) throw new OnnxError('LENS_UNSUPPORTED', `the final norm reads two residual values (${residual}, ${value})`);
      residual = value;
      continue;
    }
    if (!region.includes(node)) region.push(node);
    if (region.length > NORM_NODE_LIMIT) throw new OnnxError('LENS_UNSUPPORTED', `no residual Add within ${NORM_NODE_LIMIT} nodes before the lm_head; cannot isolate the final norm`);
    pending.push(...node.input);
  }
  if (residual === undefined || region.length === 0) throw new OnnxError('LENS_UNSUPPORTED', 'could not find the final norm between the last residual Add and the lm_head');
  const order = new Map(graph.node.map((n, i) => [n, i]));
  region.sort((a, b) => (order.get(a) as number) - (order.get(b) as number));
  return { input: residual, output: lmHeadInput, nodes: region };
}

/**
 * Nodes that mark a layer's attention, in layer order: the attention Softmaxes of plain graphs, or
 * the fused attention nodes in graph order.
 */
function attentionMarkers(graph: OnnxGraph): OnnxNode[] {
  const softmaxes = attentionSoftmaxes(graph);
  if (softmaxes.length > 0) return softmaxes.map((s) => s.node);
  return graph.node.filter((n) => FUSED_ATTENTION_OPS.has(n.opType));
}

/** For each value, how many layers' attention lie upstream of it (0 for the embeddings). */
function attentionDepths(graph: OnnxGraph): Map<string, number> {
  const markers = new Map(attentionMarkers(graph).map((node, layer) => [node, layer + 1]));
  const depth = new Map<string, number>();
  for (const node of graph.node) {
    let d = markers.get(node) ?? 0;
    for (const input of node.input) d = Math.max(d, depth.get(input) ?? 0);
    for (const output of node.output) depth.set(output, d);
  }
  return depth;
}

/**
 * The residual stream at each block boundary: `values[0]` the embeddings (block 0's input),
 * `values[l]` the output of block l (1-based), `values[layers]` the final norm's input.
 *
 * Walks back from the final norm's input along residual Adds, taking at each the operand that more
 * nodes read (the skip connection feeds a norm and the next Add; a block's output feeds only the
 * Add). A value's block is the number of attention layers upstream of it; the most downstream
 * value of each block is that block's output, which also covers parallel blocks (GPT-NeoX).
 */
export function residualStream(graph: OnnxGraph, norm: FinalNorm, layers: number): string[] {
  const chain = [norm.input];
  for (let node = producerOf(graph, norm.input); node && isResidualAdd(graph, node); node = producerOf(graph, chain[chain.length - 1])) {
    const [a, b] = node.input.map((v) => consumersOf(graph, v).length);
    if (a === b) break;
    chain.push(a > b ? node.input[0] : node.input[1]);
  }
  const depth = attentionDepths(graph);
  const values: (string | undefined)[] = new Array(layers + 1).fill(undefined);
  for (const value of chain) {
    const d = depth.get(value) ?? 0;
    if (d <= layers && values[d] === undefined) values[d] = value;
  }
  const missing = values.findIndex((v) => v === undefined);
  if (missing >= 0) {
    throw new OnnxError('LENS_UNSUPPORTED', `could not find the residual stream ${missing === 0 ? 'at the embeddings' : `after block ${missing}`} (${chain.length} residual values for ${layers} layers)`);
  }
  return values as string[];
}
