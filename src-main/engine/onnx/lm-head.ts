/**
 * Finding the lm_head MatMul that produces a decoder's `logits`, in the main graph or in If branches.
 *
 * torch.onnx.export and Optimum name the graph output `logits` and compute it with a MatMul of the
 * final hidden states [batch, seq, hidden] by a [hidden, vocab] weight (an initializer, or a
 * Transpose of the tied embedding; a com.microsoft MatMulNBits in 4-bit files), sometimes followed
 * by a Cast or a bias Add. Legacy merged files
 * compute it inside both branches of an If on `use_cache_branch`.
 */
import { producerOf, subgraphsOf } from './graph-walk.ts';
import { OnnxError, type OnnxGraph, type OnnxNode } from './model-io.ts';

/** One place where logits are computed: a graph and its lm_head MatMul. */
export interface LmHeadSite {
  graph: OnnxGraph;
  matMul: OnnxNode;
  /** The name of the logits value in `graph`. */
  logits: string;
  /** For If branches: the branch attribute (`then_branch`, `else_branch`). */
  branch?: string;
}

export interface LmHeadSites {
  /** The If node whose branches compute logits; absent when the main graph does. */
  ifNode?: OnnxNode;
  sites: LmHeadSite[];
}

const LOGITS_PASS_THROUGH = new Set(['Identity', 'Cast']);

function findMatMul(graph: OnnxGraph, logits: string): OnnxNode {
  let value = logits;
  for (let hops = 0; hops < 4; hops++) {
    const node = producerOf(graph, value);
    if (!node) break;
    // MatMulNBits: the 4-bit lm_head of q4 / q4f16 exports; its first input is the hidden states too.
    if (node.opType === 'MatMul' || node.opType === 'MatMulNBits') return node;
    if (node.opType === 'Gemm') {
      throw new OnnxError('LOGITS_UNSUPPORTED', `logits come from a Gemm (${node.name || node.output[0]}) on flattened hidden states; only a MatMul lm_head can be rewritten`);
    }
    if (LOGITS_PASS_THROUGH.has(node.opType)) {
      value = node.input[0];
      continue;
    }
    // A bias Add: follow whichever operand is computed rather than stored.
    const computed = node.opType === 'Add' ? node.input.find((input) => producerOf(graph, input)) : undefined;
    if (computed) {
      value = computed;
      continue;
    }
    break;
  }
  throw new OnnxError('LOGITS_UNSUPPORTED', `could not find the lm_head MatMul that produces ${logits}`);
}

/** The lm_head sites for the graph output `logits`. */
export function lmHeadSites(graph: OnnxGraph, outputName = 'logits'): LmHeadSites {
  if (!graph.output.some((o) => o.name === outputName)) {
    throw new OnnxError('LOGITS_UNSUPPORTED', `the model has no "${outputName}" output`);
  }
  const producer = producerOf(graph, outputName);
  if (producer?.opType === 'If') {
    const index = producer.output.indexOf(outputName);
    const sites = subgraphsOf(producer).map(({ attr, graph: branch }) => {
      const logits = branch.output[index].name;
      return { graph: branch, matMul: findMatMul(branch, logits), logits, branch: attr };
    });
    return { ifNode: producer, sites };
  }
  return { sites: [{ graph, matMul: findMatMul(graph, outputName), logits: outputName }] };
}
