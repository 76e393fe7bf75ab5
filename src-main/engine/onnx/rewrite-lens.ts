/**
 * The label-lens rewrite: the model's own final norm and unembedding applied to every block's output
 * at one position per row (the logit lens, nostalgebraist 2020; Halawi et al. 2024 read it for label
 * words).
 *
 * Adds the int64 input `lens_index` [batch] (the position to read, negative counts from the end) and
 * outputs `lens.{k}` [batch, 1, vocab] for k = 0 (the embeddings) .. layers (the last block, equal
 * to the model's own logits there). Hidden states are gathered at the position first, so the copied
 * norm and lm_head run on one vector per row. Logits are unchanged.
 */
import { attribute, int64Tensor, tensorInfo } from './graph-builder.ts';
import { producerOf } from './graph-walk.ts';
import { lmHeadSites } from './lm-head.ts';
import { encodeModelFast as encodeModel } from './model-writer.ts';
import { DataType, OnnxError, decodeModel, type OnnxGraph, type OnnxNode } from './model-io.ts';
import { finalNorm, residualStream } from './residual-stream.ts';

export const LENS_INDEX_INPUT = 'lens_index';
export const lensOutput = (k: number) => `lens.${k}`;

const P = '/promptscope/lens';

/** The nodes from the lm_head MatMul's output to `logits` (bias Add, Cast), in order. */
function lmHeadTail(graph: OnnxGraph, matMulOutput: string, logits: string): OnnxNode[] {
  const tail: OnnxNode[] = [];
  for (let value = logits; value !== matMulOutput;) {
    const node = producerOf(graph, value);
    if (!node) throw new OnnxError('LENS_UNSUPPORTED', `could not follow ${logits} back to the lm_head`);
    tail.unshift(node);
    value = node.input.find((v) => v === matMulOutput || producerOf(graph, v)) ?? '';
  }
  return tail;
}

/** Copies `nodes` with every value they compute renamed by `suffix`, reading `from` as `to`. */
function copyNodes(nodes: OnnxNode[], from: string, to: string, suffix: string): { nodes: OnnxNode[]; rename: (v: string) => string } {
  const computed = new Set(nodes.flatMap((n) => n.output));
  const rename = (v: string) => (v === from ? to : computed.has(v) ? `${v}${suffix}` : v);
  const copies = nodes.map((n) => ({ ...n, name: `${n.name ?? n.output[0]}${suffix}`, input: n.input.map(rename), output: n.output.map(rename) }));
  return { nodes: copies, rename };
}

/**
 * Adds the lens inputs and outputs. `layers` is the model's block count (config.json's n_layer), which
 * the residual values found in the graph must match. Throws OnnxError 'LENS_UNSUPPORTED' naming the
 * op or value when the graph does not expose a residual stream (fused norms, If-branched logits).
 */
export function exposeLens(model: Uint8Array, layers: number): { bytes: Uint8Array; outputs: string[] } {
  const decoded = decodeModel(model);
  const graph = decoded.graph;
  if (graph.input.some((i) => i.name === LENS_INDEX_INPUT)) {
    return { bytes: model, outputs: graph.output.map((o) => o.name).filter((n) => n.startsWith('lens.')) };
  }
  const { ifNode, sites } = lmHeadSites(graph);
  if (ifNode) throw new OnnxError('LENS_UNSUPPORTED', 'the model computes logits inside an If (a legacy merged decoder); use its model.onnx');
  const { matMul, logits } = sites[0];
  const norm = finalNorm(graph, matMul.input[0]);
  const stream = residualStream(graph, norm, layers);
  const tail = lmHeadTail(graph, matMul.output[0], logits);

  graph.input.push(tensorInfo(LENS_INDEX_INPUT, DataType.INT64, ['batch_size']));
  graph.initializer.push(int64Tensor(`${P}/index_shape`, [3], [-1, 1, 1]), int64Tensor(`${P}/shape_mask`, [3], [1, 0, 1]), int64Tensor(`${P}/shape_one`, [3], [0, 1, 0]));
  const added: OnnxNode[] = [{ opType: 'Reshape', name: `${P}/Reshape`, input: [LENS_INDEX_INPUT, `${P}/index_shape`], output: [`${P}/index`] }];
  const outputs: string[] = [];
  stream.forEach((value, k) => {
    const s = `${P}/${k}`;
    const node = (opType: string, inputs: string[], name: string, attrs: OnnxNode['attribute'] = []): string => {
      added.push({ opType, name: `${s}/${name}`, input: inputs, output: [`${s}/${name}_output_0`], attribute: attrs });
      return `${s}/${name}_output_0`;
    };
    // [batch, 1, hidden] = Shape(value) * [1, 0, 1] + [0, 1, 0], then one position per row.
    const target = node('Add', [node('Mul', [node('Shape', [value], 'Shape'), `${P}/shape_mask`], 'Mul'), `${P}/shape_one`], 'Add');
    const gathered = node('GatherElements', [value, node('Expand', [`${P}/index`, target], 'Expand')], 'GatherElements', [attribute('axis', 1)]);
    const normed = copyNodes(norm.nodes, norm.input, gathered, `/lens_${k}`);
    added.push(...normed.nodes);
    const head = copyNodes([matMul, ...tail], norm.output, normed.rename(norm.output), `/lens_${k}`);
    added.push(...head.nodes);
    const name = lensOutput(k);
    added.push({ opType: 'Cast', name: `${s}/Cast`, input: [head.rename(logits)], output: [name], attribute: [attribute('to', DataType.FLOAT)] });
    graph.output.push(tensorInfo(name, DataType.FLOAT));
    outputs.push(name);
  });
  graph.node.push(...added);
  return { bytes: encodeModel(decoded), outputs };
}
