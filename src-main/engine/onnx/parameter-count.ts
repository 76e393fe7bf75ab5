/**
 * How many weights a graph holds, counted from initializer shapes (external data is never read).
 *
 * 4-bit MatMulNBits weights are stored packed with their scales; they count as the K x N matrix
 * they stand for, so a q4 file reports the same parameter count as its fp32 twin.
 */
import { allNodes } from './graph-walk.ts';
import { toNumber, type OnnxModel } from './model-io.ts';

const intAttr = (node: { attribute?: { name: string; i?: unknown }[] }, name: string) => {
  const a = node.attribute?.find((x) => x.name === name);
  return a ? toNumber(a.i as number) : 0;
};

export function countParameters(model: OnnxModel): number {
  const quantized = new Set<string>();
  let total = 0;
  for (const node of allNodes(model.graph)) {
    if (node.opType !== 'MatMulNBits') continue;
    for (const input of node.input.slice(1, 4)) if (input) quantized.add(input);
    total += intAttr(node, 'K') * intAttr(node, 'N');
  }
  for (const tensor of model.graph.initializer) {
    if (quantized.has(tensor.name)) continue;
    const elements = tensor.dims.reduce<number>((product, d) => product * toNumber(d), 1);
    // Scalars and short shape constants are not weights.
    if (tensor.dims.length === 0 || elements < 2 || tensor.dataType === 7 || tensor.dataType === 6) continue;
    total += elements;
  }
  return total;
}
