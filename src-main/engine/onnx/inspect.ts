/**
 * What a model file declares: inputs, outputs, opsets, op types, fused attention, external data.
 *
 * Model validation (`models add`, loading) reads the I/O from the graph rather than assuming it
 * (a model that lacks what the engine feeds fails with one line), and the attention feature must
 * say up front when a graph uses fused attention.
 */
import { fusedAttentionOps } from './attention-softmax.ts';
import { allNodes, qualifiedOpType } from './graph-walk.ts';
import { DataType, decodeModel, toNumber, type OnnxValueInfo } from './model-io.ts';

/** ONNX element types by their numeric code, with the names onnxruntime-node uses. */
const ELEMENT_TYPES: Record<number, string> = {
  [DataType.FLOAT]: 'float32', [DataType.UINT8]: 'uint8', [DataType.INT8]: 'int8', [DataType.UINT16]: 'uint16',
  [DataType.INT16]: 'int16', [DataType.INT32]: 'int32', [DataType.INT64]: 'int64', [DataType.STRING]: 'string',
  [DataType.BOOL]: 'bool', [DataType.FLOAT16]: 'float16', [DataType.DOUBLE]: 'float64', [DataType.UINT32]: 'uint32',
  [DataType.UINT64]: 'uint64', [DataType.BFLOAT16]: 'bfloat16',
};

export interface TensorSignature {
  name: string;
  /** onnxruntime-node's type name (`float32`, `int64`, ...), or `type<N>` for others, `unknown` when undeclared. */
  type: string;
  /** Fixed sizes as numbers, symbolic ones as their names, unknown as null; null when the rank is unknown. */
  dims: (number | string | null)[] | null;
}

export interface ModelInfo {
  irVersion: number;
  /** Opset version per domain ('' is the default ONNX domain). */
  opsets: Record<string, number>;
  producer: string;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  /** Every op type used, subgraphs included, sorted; custom domains as `domain::Op`. */
  opTypes: string[];
  /** Fused attention ops present (empty when attention can be exposed). */
  fusedAttention: string[];
  /** Whether initializers keep their data in external files (model.onnx_data). */
  externalData: boolean;
  /** Number of initializers (weights and constants) in the main graph. */
  initializerCount: number;
}

function signature(info: OnnxValueInfo): TensorSignature {
  const tensor = info.type?.tensorType;
  const code = tensor?.elemType ?? 0;
  const type = tensor ? ELEMENT_TYPES[code] ?? `type${code}` : 'unknown';
  const dims = tensor?.shape
    ? tensor.shape.dim.map((d) => (d.dimParam ? d.dimParam : d.dimValue != null && toNumber(d.dimValue) > 0 ? toNumber(d.dimValue) : null))
    : null;
  return { name: info.name, type, dims };
}

/** Reads the declarations of model bytes; throws OnnxError('ONNX_INVALID') naming `label` for non-models. */
export function inspectModel(bytes: Uint8Array, label = 'model'): ModelInfo {
  const model = decodeModel(bytes, label);
  const { graph } = model;
  const initializerNames = new Set(graph.initializer.map((t) => t.name));
  const opsets: Record<string, number> = {};
  for (const entry of model.opsetImport) opsets[entry.domain && entry.domain !== 'ai.onnx' ? entry.domain : ''] = toNumber(entry.version);
  return {
    irVersion: toNumber(model.irVersion),
    opsets,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    // Inputs that are also initializers are constants with defaults, not something a caller feeds.
    inputs: graph.input.filter((i) => !initializerNames.has(i.name)).map(signature),
    outputs: graph.output.map(signature),
    opTypes: [...new Set(allNodes(graph).map(qualifiedOpType))].sort(),
    fusedAttention: fusedAttentionOps(graph),
    externalData: graph.initializer.some((t) => t.dataLocation === 1),
    initializerCount: graph.initializer.length,
  };
}
