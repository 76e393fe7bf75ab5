/**
 * The external data files a graph names (TensorProto.external_data `location`), read from the graph.
 *
 * Exporters name these files differently (`model.onnx_data`, `model.onnx.data`, numbered chunks,
 * or one file per tensor from torch.onnx.export), so the graph's own references are the truth.
 */
import fs from 'node:fs';
import { allNodes, subgraphsOf } from './graph-walk.ts';
import { decodeModel, type OnnxGraph, type OnnxTensor } from './model-io.ts';

/**
 * Graph files larger than this keep their weights inline (a graph with external data is small),
 * so they are not decoded just to find references.
 */
const MAX_DECODED_BYTES = 256 * 1024 * 1024;

function graphsOf(graph: OnnxGraph): OnnxGraph[] {
  const out = [graph];
  for (const node of allNodes(graph)) for (const sub of subgraphsOf(node)) out.push(sub.graph);
  return out;
}

function location(tensor: OnnxTensor): string | undefined {
  if (tensor.dataLocation !== 1) return undefined;
  return tensor.externalData?.find((e) => e.key === 'location')?.value;
}

/** Distinct `location`s in graph order, or undefined when the file is too large to be worth decoding. */
export function externalReferences(onnxPath: string): string[] | undefined {
  if (fs.statSync(onnxPath).size > MAX_DECODED_BYTES) return undefined;
  const model = decodeModel(fs.readFileSync(onnxPath), onnxPath);
  const seen = new Set<string>();
  for (const graph of graphsOf(model.graph)) {
    for (const tensor of graph.initializer) {
      const loc = location(tensor);
      if (loc) seen.add(loc);
    }
  }
  return [...seen];
}
