/**
 * Turning an fp32 model into the dtype variants transformers.js loads: `fp16` (every float weight,
 * input and output in half precision, as onnx-community's model_fp16.onnx) and `q4` (MatMul
 * weights as com.microsoft MatMulNBits 4-bit blocks, activations in fp32, as model_q4.onnx);
 * `q4f16` is both.
 */
import { attribute } from '../onnx/graph-builder.ts';
import { DataType, tensorFloats, type OnnxModel, type OnnxTensor } from '../onnx/model-io.ts';

export type SynthDtype = 'fp32' | 'fp16' | 'q4' | 'q4f16';
export const SYNTH_DTYPES: readonly SynthDtype[] = ['fp32', 'fp16', 'q4', 'q4f16'];

/** 4-bit block size: ORT needs a power of two >= 16. */
export const Q4_BLOCK = 16;
const FP16_MAX = 65504;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE half bits of a float, round to nearest even, clamped to the finite range. */
export function floatToHalf(value: number): number {
  f32[0] = Math.max(-FP16_MAX, Math.min(FP16_MAX, value));
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  const mant = x & 0x7fffff;
  if (exp <= 0) {
    if (exp < -10) return sign;
    const m = (mant | 0x800000) >>> (1 - exp);
    return sign | ((m + 0xfff + ((m >>> 13) & 1)) >>> 13);
  }
  const rounded = mant + 0xfff + ((mant >>> 13) & 1);
  if (rounded & 0x800000) return exp + 1 >= 31 ? sign | 0x7bff : sign | ((exp + 1) << 10);
  return sign | (exp << 10) | (rounded >>> 13);
}

function halfTensor(t: OnnxTensor): OnnxTensor {
  const values = tensorFloats(t);
  const half = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) half[i] = floatToHalf(values[i]);
  return { name: t.name, dims: t.dims, dataType: DataType.FLOAT16, rawData: new Uint8Array(half.buffer) };
}

/** Every float weight, graph input/output and Cast-to-float becomes float16. */
export function toFloat16(model: OnnxModel): OnnxModel {
  const g = model.graph;
  g.initializer = g.initializer.map((t) => (t.dataType === DataType.FLOAT ? halfTensor(t) : t));
  for (const info of [...g.input, ...g.output]) {
    const tt = info.type?.tensorType;
    if (tt && tt.elemType === DataType.FLOAT) tt.elemType = DataType.FLOAT16;
  }
  for (const node of g.node) {
    if (node.opType !== 'Cast') continue;
    const to = node.attribute?.find((a) => a.name === 'to');
    if (to && Number(to.i) === DataType.FLOAT) to.i = DataType.FLOAT16;
  }
  return model;
}

/**
 * MatMuls by a [K, N] float weight become MatMulNBits (bits 4, symmetric blocks of Q4_BLOCK along
 * K, zero point 8): B is [N, K / block, block / 2] bytes, low nibble first; scales [N * K / block].
 */
export function toQ4(model: OnnxModel): OnnxModel {
  const g = model.graph;
  const byName = new Map(g.initializer.map((t) => [t.name, t]));
  const replaced = new Set<string>();
  for (const node of g.node) {
    if (node.opType !== 'MatMul') continue;
    const w = byName.get(node.input[1]);
    if (!w || w.dataType !== DataType.FLOAT || w.dims.length !== 2) continue;
    const [K, N] = w.dims.map(Number);
    if (K % Q4_BLOCK !== 0) continue;
    const values = tensorFloats(w);
    const blocks = K / Q4_BLOCK;
    const packed = new Uint8Array(N * blocks * (Q4_BLOCK / 2));
    const scales = new Float32Array(N * blocks);
    for (let n = 0; n < N; n++) {
      for (let b = 0; b < blocks; b++) {
        let max = 0;
        for (let i = 0; i < Q4_BLOCK; i++) max = Math.max(max, Math.abs(values[(b * Q4_BLOCK + i) * N + n]));
        const scale = max > 0 ? max / 7 : 1;
        scales[n * blocks + b] = scale;
        for (let i = 0; i < Q4_BLOCK; i += 2) {
          const q = (k: number) => Math.max(0, Math.min(15, Math.round(values[k * N + n] / scale) + 8));
          packed[(n * blocks + b) * (Q4_BLOCK / 2) + i / 2] = q(b * Q4_BLOCK + i) | (q(b * Q4_BLOCK + i + 1) << 4);
        }
      }
    }
    const bName = `${w.name}_Q4`;
    const sName = `${w.name}_scales`;
    if (!byName.has(bName)) {
      g.initializer.push({ name: bName, dims: [N, blocks, Q4_BLOCK / 2], dataType: DataType.UINT8, rawData: packed });
      g.initializer.push({ name: sName, dims: [N * blocks], dataType: DataType.FLOAT, rawData: new Uint8Array(scales.buffer) });
      byName.set(bName, g.initializer[g.initializer.length - 2]);
    }
    replaced.add(w.name);
    node.opType = 'MatMulNBits';
    node.domain = 'com.microsoft';
    node.input = [node.input[0], bName, sName];
    node.attribute = [attribute('K', K), attribute('N', N), attribute('bits', 4), attribute('block_size', Q4_BLOCK)];
  }
  const stillUsed = new Set(g.node.flatMap((n) => n.input));
  g.initializer = g.initializer.filter((t) => !replaced.has(t.name) || stillUsed.has(t.name));
  if (!model.opsetImport.some((o) => o.domain === 'com.microsoft')) model.opsetImport.push({ domain: 'com.microsoft', version: 1 });
  return model;
}

export function convertDtype(model: OnnxModel, dtype: SynthDtype): OnnxModel {
  if (dtype === 'fp32') return model;
  if (dtype === 'fp16') return toFloat16(model);
  if (dtype === 'q4') return toQ4(model);
  return toFloat16(toQ4(model));
}
