/**
 * Decoding and encoding ONNX model bytes, with the few plain types the builders and rewrites use.
 *
 * protobufjs with the schema text in onnx-schema.ts, rather than a generated module: one reflection
 * root covers every message, tensor payloads decode as views into the file's buffer (no copy), and
 * re-encoding a decoded model keeps every field the file had.
 */
import protobuf from 'protobufjs';
import { ONNX_PROTO } from './onnx-schema.ts';

/** A 64-bit integer as protobufjs decodes it: a number, or a Long when the `long` package is present. */
export type Int64 = number | { toNumber(): number };

export interface OnnxDim { dimValue?: Int64 | null; dimParam?: string | null }
export interface OnnxTensorType { elemType: number; shape?: { dim: OnnxDim[] } | null }
export interface OnnxValueInfo { name: string; type?: { tensorType?: OnnxTensorType | null } | null }

export interface OnnxTensor {
  name: string;
  dims: Int64[];
  dataType: number;
  rawData?: Uint8Array | null;
  floatData?: number[];
  int32Data?: number[];
  int64Data?: Int64[];
  dataLocation?: number;
  externalData?: { key: string; value: string }[];
}

export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: Int64;
  s?: Uint8Array;
  t?: OnnxTensor | null;
  g?: OnnxGraph | null;
  floats?: number[];
  ints?: Int64[];
  graphs?: OnnxGraph[];
}

export interface OnnxNode {
  input: string[];
  output: string[];
  name?: string;
  opType: string;
  domain?: string;
  attribute?: OnnxAttribute[];
}

export interface OnnxGraph {
  name: string;
  node: OnnxNode[];
  initializer: OnnxTensor[];
  input: OnnxValueInfo[];
  output: OnnxValueInfo[];
  valueInfo?: OnnxValueInfo[];
}

export interface OnnxModel {
  irVersion: Int64;
  opsetImport: { domain?: string; version: Int64 }[];
  producerName?: string;
  producerVersion?: string;
  graph: OnnxGraph;
}

/** TensorProto.DataType values used here. */
export const DataType = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, BFLOAT16: 16,
} as const;

/** AttributeProto.AttributeType values used here. */
export const AttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, GRAPH: 5, FLOATS: 6, INTS: 7, GRAPHS: 10 } as const;

let root: protobuf.Root | undefined;

/** A message type of the ONNX schema (`ModelProto`, `GraphProto`, `TensorProto`, ...). */
export function onnxType(name: string): protobuf.Type {
  root ??= protobuf.parse(ONNX_PROTO, { keepCase: false }).root;
  return root.lookupType(`onnx.${name}`);
}

const modelProto = () => onnxType('ModelProto');

/** An ONNX problem with a stable code the engine can pass on (`ONNX_INVALID`, `ATTENTION_FUSED`, ...). */
export class OnnxError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'OnnxError';
  }
}

/**
 * Decodes model bytes; throws OnnxError('ONNX_INVALID') naming `label` when they are not an ONNX model.
 *
 * Protobuf has no magic number, so random bytes can decode "successfully": a model must also have a
 * graph and an IR version to count as one.
 */
export function decodeModel(bytes: Uint8Array, label = 'model'): OnnxModel {
  let decoded: protobuf.Message;
  try {
    decoded = modelProto().decode(bytes);
  } catch (err) {
    throw new OnnxError('ONNX_INVALID', `${label} is not a valid ONNX model (truncated or not protobuf: ${(err as Error).message})`);
  }
  if (!isModel(decoded)) {
    throw new OnnxError('ONNX_INVALID', `${label} is not a valid ONNX model (no graph or IR version)`);
  }
  return decoded;
}

function isModel(message: object): message is OnnxModel {
  const { graph, irVersion } = message as Partial<OnnxModel>;
  return graph !== undefined && graph !== null && irVersion !== undefined && toNumber(irVersion) > 0;
}

/** Encodes a model; tensors with raw data are copied once into the result. */
export function encodeModel(model: OnnxModel): Uint8Array {
  return modelProto().encode({ ...model }).finish();
}

/** A protobuf int64 (number or Long) as a JS number. */
export function toNumber(value: Int64 | null | undefined): number {
  if (value == null) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/** The opset version the model imports for the default ONNX domain. */
export function defaultOpset(model: OnnxModel): number {
  const entry = model.opsetImport.find((o) => !o.domain || o.domain === 'ai.onnx');
  return entry ? toNumber(entry.version) : 0;
}

/** A float32 tensor's values (raw_data or float_data); throws for other types and external data. */
export function tensorFloats(tensor: OnnxTensor): Float32Array {
  if (tensor.dataType !== DataType.FLOAT) throw new OnnxError('ONNX_UNSUPPORTED', `tensor ${tensor.name} is not float32 (data type ${tensor.dataType})`);
  if (tensor.dataLocation === 1) throw new OnnxError('ONNX_UNSUPPORTED', `tensor ${tensor.name} keeps its data in an external file`);
  if (tensor.rawData && tensor.rawData.length > 0) {
    const raw = tensor.rawData;
    const copy = new Uint8Array(raw.length);
    copy.set(raw);
    const view = new DataView(copy.buffer);
    const out = new Float32Array(raw.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
    return out;
  }
  return Float32Array.from(tensor.floatData ?? []);
}
