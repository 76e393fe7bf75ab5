/**
 * Small helpers for writing ONNX graphs by hand: nodes, attributes, tensors and value infos.
 *
 * Value names follow torch.onnx.export's convention (`<node name>_output_<k>`) so built graphs read
 * like real exports in Netron and exercise the same name-based matching the rewrites rely on.
 */
import { AttrType, DataType, type OnnxAttribute, type OnnxGraph, type OnnxNode, type OnnxTensor, type OnnxValueInfo } from './model-io.ts';

/** An attribute value: numbers become INT unless marked as floats; arrays become INTS. */
export type AttrValue = number | number[] | { float: number } | { floats: number[] } | { graph: OnnxGraph } | { tensor: OnnxTensor };

/** Builds an AttributeProto from a JS value. */
export function attribute(name: string, value: AttrValue): OnnxAttribute {
  if (typeof value === 'number') return { name, type: AttrType.INT, i: value };
  if (Array.isArray(value)) return { name, type: AttrType.INTS, ints: value };
  if ('float' in value) return { name, type: AttrType.FLOAT, f: value.float };
  if ('floats' in value) return { name, type: AttrType.FLOATS, floats: value.floats };
  if ('graph' in value) return { name, type: AttrType.GRAPH, g: value.graph };
  return { name, type: AttrType.TENSOR, t: value.tensor };
}

/** The bytes of a typed array as little-endian raw_data, without copying on little-endian hosts. */
export function littleEndianBytes(data: Float32Array | BigInt64Array | Int32Array): Uint8Array {
  const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const width = data.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += width) {
    for (let j = 0; j < width; j++) swapped[i + j] = bytes[i + width - 1 - j];
  }
  return swapped;
}

/** A float32 initializer. */
export function floatTensor(name: string, dims: number[], data: Float32Array): OnnxTensor {
  return { name, dims, dataType: DataType.FLOAT, rawData: littleEndianBytes(data) };
}

/** An int64 initializer. */
export function int64Tensor(name: string, dims: number[], values: number[]): OnnxTensor {
  return { name, dims, dataType: DataType.INT64, rawData: littleEndianBytes(BigInt64Array.from(values.map(BigInt))) };
}

/** A tensor value info; a string dim is symbolic, a number fixed, and `dims` undefined leaves the shape unknown. */
export function tensorInfo(name: string, elemType: number, dims?: (number | string)[]): OnnxValueInfo {
  const shape = dims && { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) };
  return { name, type: { tensorType: shape ? { elemType, shape } : { elemType } } };
}

/**
 * Accumulates nodes of one graph (the main graph or an If branch).
 *
 * `prefix` is prepended to every node and value name so that two branches built from the same code
 * never define the same name (ONNX forbids a subgraph from redefining an outer name).
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];

  constructor(readonly prefix = '') {}

  /** Adds a node with `outputCount` outputs named after the node; returns the output names. */
  nodeN(opType: string, inputs: string[], name: string, outputCount: number, attrs: Record<string, AttrValue> = {}): string[] {
    const nodeName = this.prefix + name;
    const outputs = Array.from({ length: outputCount }, (_, k) => `${nodeName}_output_${k}`);
    this.nodes.push({
      opType,
      name: nodeName,
      input: inputs,
      output: outputs,
      attribute: Object.entries(attrs).map(([key, value]) => attribute(key, value)),
    });
    return outputs;
  }

  /** Adds a single-output node; returns its output name. */
  op(opType: string, inputs: string[], name: string, attrs: Record<string, AttrValue> = {}): string {
    return this.nodeN(opType, inputs, name, 1, attrs)[0];
  }

  /** Adds a single-output node whose output has a fixed name (`logits`; `<prefix>/logits` in a branch). */
  opTo(output: string, opType: string, inputs: string[], name: string, attrs: Record<string, AttrValue> = {}): string {
    const outputName = this.prefix ? `${this.prefix}/${output}` : output;
    this.nodes.push({
      opType,
      name: this.prefix + name,
      input: inputs,
      output: [outputName],
      attribute: Object.entries(attrs).map(([key, value]) => attribute(key, value)),
    });
    return outputName;
  }
}
