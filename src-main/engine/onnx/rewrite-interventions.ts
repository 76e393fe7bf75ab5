/**
 * The interventions rewrite: a head mask and an attention knockout, fed as inputs at every run.
 *
 * - `head_mask` float [layers, heads]: multiplies each head's attention probabilities (1 keeps the
 *   head, 0 removes its contribution), as Hugging Face's `head_mask` does (Michel et al. 2019,
 *   "Are Sixteen Heads Really Better than One?").
 * - `attention_knockout` float [layers, batch|1, 1, query|1, key|1]: added to each layer's attention
 *   scores before the softmax; the engine writes a large negative value where a query must not see a
 *   key, which renormalizes the query's attention over the keys it keeps (the knockout of Geva et al.
 *   2023, "Dissecting Recall of Factual Associations"; Wang et al. 2023 knock out label words so).
 *
 * With a mask of ones and a knockout of zeros ([layers, 1, 1, 1, 1]) every value is multiplied by 1
 * and has 0 added, so logits are bit-identical to the unmodified graph. Only plain attention graphs
 * (a Softmax feeding the attention-times-values MatMul) can be rewritten; fused kernels are refused
 * with the op's name.
 */
import { attentionSoftmaxes, fusedAttentionOps } from './attention-softmax.ts';
import { attribute, int64Tensor, tensorInfo } from './graph-builder.ts';
import { consumersOf } from './graph-walk.ts';
import { encodeModelFast as encodeModel } from './model-writer.ts';
import { AttrType, DataType, OnnxError, decodeModel, toNumber, type OnnxNode } from './model-io.ts';

export const HEAD_MASK_INPUT = 'head_mask';
export const KNOCKOUT_INPUT = 'attention_knockout';
/**
 * What a knocked-out score gets added: far below any real score, so its exp underflows to 0 next to
 * any kept key, yet finite, so a masked score (float32 min) plus it stays finite and never NaN.
 */
export const KNOCKOUT_VALUE = -1e9;

const P = '/promptscope/interventions';

export interface InterventionsResult {
  bytes: Uint8Array;
  layers: number;
}

function softmaxAxis(node: OnnxNode): number {
  const axis = node.attribute?.find((a) => a.name === 'axis' && a.type === AttrType.INT);
  return axis ? toNumber(axis.i) : -1;
}

/**
 * Adds `head_mask` and `attention_knockout` to a decoder whose main graph holds one attention Softmax
 * per layer. `heads` is the model's head count (the mask's second dimension).
 */
export function addInterventions(model: Uint8Array, heads: number): InterventionsResult {
  const decoded = decodeModel(model);
  const graph = decoded.graph;
  const found = attentionSoftmaxes(graph);
  if (graph.input.some((i) => i.name === HEAD_MASK_INPUT)) return { bytes: model, layers: found.length };
  const fused = fusedAttentionOps(graph);
  if (fused.length) throw new OnnxError('INTERVENTIONS_UNSUPPORTED', `head masks and knockouts need the attention probabilities; the model uses fused attention ops (${fused.join(', ')})`);
  if (found.length === 0) {
    const ifNode = graph.node.find((n) => n.opType === 'If');
    throw new OnnxError('INTERVENTIONS_UNSUPPORTED', ifNode ? 'attention runs inside an If (a legacy merged decoder); use its model.onnx' : 'no attention Softmax found in the model graph');
  }
  for (const { node, layer } of found) {
    const axis = softmaxAxis(node);
    if (axis !== -1 && axis !== 3) throw new OnnxError('INTERVENTIONS_UNSUPPORTED', `the attention Softmax of layer ${layer} (${node.name}) normalizes over axis ${axis}, not the keys`);
  }
  const layers = found.length;
  graph.input.push(tensorInfo(HEAD_MASK_INPUT, DataType.FLOAT, [layers, heads]));
  graph.input.push(tensorInfo(KNOCKOUT_INPUT, DataType.FLOAT, [layers, 'knockout_batch', 1, 'knockout_query', 'knockout_key']));
  graph.initializer.push(int64Tensor(`${P}/head_shape`, [4], [1, -1, 1, 1]));
  for (const { node: softmax, layer } of found) {
    const s = `${P}/${layer}`;
    const index = `${s}/layer`;
    graph.initializer.push(int64Tensor(index, [], [layer]));
    const scores = softmax.input[0];
    const probs = softmax.output[0];
    const knock = `${s}/knockout`;
    const biased = `${s}/scores`;
    const mask = `${s}/mask`;
    const maskShaped = `${s}/mask_shaped`;
    const masked = `${s}/probs`;
    // Every reader of the probabilities reads the masked ones.
    for (const consumer of consumersOf(graph, probs)) consumer.input = consumer.input.map((v) => (v === probs ? masked : v));
    const before: OnnxNode[] = [
      { opType: 'Gather', name: `${s}/GatherKnockout`, input: [KNOCKOUT_INPUT, index], output: [knock], attribute: [attribute('axis', 0)] },
      { opType: 'Add', name: `${s}/AddKnockout`, input: [scores, knock], output: [biased] },
    ];
    const after: OnnxNode[] = [
      { opType: 'Gather', name: `${s}/GatherHeadMask`, input: [HEAD_MASK_INPUT, index], output: [mask], attribute: [attribute('axis', 0)] },
      { opType: 'Reshape', name: `${s}/ReshapeHeadMask`, input: [mask, `${P}/head_shape`], output: [maskShaped] },
      { opType: 'Mul', name: `${s}/MulHeadMask`, input: [probs, maskShaped], output: [masked] },
    ];
    softmax.input[0] = biased;
    const at = graph.node.indexOf(softmax);
    graph.node.splice(at + 1, 0, ...after);
    graph.node.splice(at, 0, ...before);
  }
  return { bytes: encodeModel(decoded), layers };
}
