import fs from 'node:fs';
import os from 'node:os';
import * as ort from 'onnxruntime-node';
import type { ProviderName } from './protocol.ts';
import { providerCandidates } from './providers.ts';
import { EngineFailure } from './engine-failure.ts';

/**
 * The one runtime adapter: the only module that imports onnxruntime-node.
 *
 * Modelled on transformers.js `backends/onnx.js`: a frozen platform -> execution-provider table,
 * sessions created with a fallback to CPU when the preferred provider cannot load, and tensor
 * helpers so no other module needs the runtime's types.
 */

export type OrtSession = ort.InferenceSession;
export type OrtTensor = ort.Tensor;
export type OrtFeeds = Record<string, ort.Tensor>;

export { PROVIDER_TABLE, parseProvider, providerCandidates } from './providers.ts';

// ORT's own logger would print a multi-line error whenever an optional provider (CUDA) is absent;
// failures reach the user through our one-line messages and ModelInfo.providerFallback instead.
ort.env.logLevel = 'fatal';

/**
 * Physical core count.
 *
 * Why: intraOpNumThreads = physical cores measured as the best default; hyperthreads
 * slow matrix kernels down. Linux exposes the core ids; elsewhere Node only knows logical CPUs.
 */
export function physicalCores(): number {
  const logical = os.availableParallelism?.() ?? os.cpus().length;
  try {
    const info = fs.readFileSync('/proc/cpuinfo', 'utf8');
    const cores = new Set<string>();
    let physical = '0';
    for (const line of info.split('\n')) {
      const [key, value] = line.split(':').map((s) => s?.trim());
      if (key === 'physical id') physical = value;
      if (key === 'core id') cores.add(`${physical}:${value}`);
    }
    return cores.size > 0 ? Math.min(cores.size, logical) : logical;
  } catch {
    return Math.max(1, logical);
  }
}

export interface CreatedSession {
  session: OrtSession;
  provider: string;
  /** Why the first choice was not used, when the engine fell back to another provider. */
  providerFallback?: string;
}

export interface SessionRequest {
  provider?: ProviderName;
  threads?: number;
  /** For a model given as bytes: the folder its external data locations are relative to. */
  externalDataFolder?: string;
}

/**
 * Creates a session from a file path or serialized model bytes, trying providers in table order.
 *
 * A failure on the CPU provider is the model's fault (truncated, not ONNX, unsupported op), so it is
 * reported as such; failures of other providers are recorded and the next one is tried.
 */
export async function createSession(model: string | Uint8Array, request: SessionRequest, label: string): Promise<CreatedSession> {
  const candidates = providerCandidates(request.provider ?? 'auto');
  const failures: string[] = [];
  for (const provider of candidates) {
    try {
      const options: ort.InferenceSession.SessionOptions = {
        executionProviders: [provider],
        intraOpNumThreads: request.threads ?? physicalCores(),
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        // Idle intra-op threads sleep instead of spinning: on a machine shared with other work,
        // spinning threads fight for the cores and short runs (a suffix over a cached prefix) slowed
        // down 1.7x in bench/ (95 -> 167 tokens/s, 2 threads, 28 tokens over a 130-token past).
        extra: {
          session: {
            intra_op: { allow_spinning: '0' },
            ...(request.externalDataFolder ? { model_external_initializers_file_folder_path: request.externalDataFolder } : {}),
          },
        },
        // A missing optional provider is expected (CUDA files are opt-in): report it ourselves, once.
        logSeverityLevel: provider === 'cpu' ? 3 : 4,
      };
      const session = typeof model === 'string' ? await ort.InferenceSession.create(model, options) : await ort.InferenceSession.create(model, options);
      const fallback = failures.length > 0 ? failures.join('; ') : undefined;
      return { session, provider, ...(fallback ? { providerFallback: fallback } : {}) };
    } catch (error) {
      const reason = firstLine(error);
      if (provider === 'cpu') {
        const op = unsupportedOp(reason);
        if (op) throw new EngineFailure('UNSUPPORTED_OP', `${label} uses op ${op}, which this onnxruntime-node (${ort.env.versions.common}) does not implement: a fused op of another runtime or a newer release; re-export with plain ops (Optimum, torch.onnx.export)`);
        throw new EngineFailure('MODEL_FILE', `${label} could not be loaded as an ONNX model (truncated or not ONNX?): ${reason}`);
      }
      failures.push(`${provider} unavailable: ${reason}`);
    }
  }
  throw new EngineFailure('PROVIDER', `no execution provider could load ${label}: ${failures.join('; ')}`);
}

/** The op named by ORT's "not a registered function/op" or "Could not find an implementation" errors. */
function unsupportedOp(reason: string): string | undefined {
  const registered = /([\w.]*):(\w+)\(-?\d+\) is not a registered function\/op/.exec(reason);
  if (registered) return registered[1] ? `${registered[1]}::${registered[2]}` : registered[2];
  const implementation = /Could not find an implementation for (\w+)\(\d+\) node with name '([^']*)'/.exec(reason);
  return implementation ? `${implementation[1]} (node ${implementation[2]})` : undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0].slice(0, 300);
}

export function int64Tensor(values: ArrayLike<number> | BigInt64Array, dims: number[]): OrtTensor {
  const data = values instanceof BigInt64Array ? values : BigInt64Array.from(Array.from(values as ArrayLike<number>, (v) => BigInt(v)));
  return new ort.Tensor('int64', data, dims);
}

export function floatTensor(values: Float32Array, dims: number[]): OrtTensor {
  return new ort.Tensor('float32', values, dims);
}

/** fp16 data as raw bits, for the past inputs of `_fp16` variants. */
export function float16Tensor(values: Uint16Array, dims: number[]): OrtTensor {
  return new ort.Tensor('float16', values, dims);
}

export function boolTensor(values: boolean[], dims: number[]): OrtTensor {
  return new ort.Tensor('bool', Uint8Array.from(values, (v) => (v ? 1 : 0)), dims);
}

/** A tensor's data as float32, converting fp16 outputs (from `_fp16` variants) when needed. */
export function tensorFloats(tensor: OrtTensor): Float32Array {
  if (tensor.type === 'float32') return tensor.data as Float32Array;
  if (tensor.type === 'float16') {
    const half = tensor.data as Uint16Array;
    const out = new Float32Array(half.length);
    for (let i = 0; i < half.length; i++) out[i] = halfToFloat(half[i]);
    return out;
  }
  throw new EngineFailure('MODEL_FILE', `unexpected output type ${tensor.type}`);
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

/** The providers this onnxruntime-node build knows, and whether their files ship with it. */
export function listProviders(): { name: string; bundled: boolean }[] {
  return ort.listSupportedBackends().map((b) => ({ name: b.name, bundled: b.bundled }));
}

/** Input metadata (name, element type, shape) as the graph declares it. */
export function inputSpecs(session: OrtSession): { name: string; type?: string; shape: (number | string)[] }[] {
  return session.inputMetadata.map((m) => (m.isTensor ? { name: m.name, type: m.type, shape: [...m.shape] } : { name: m.name, shape: [] }));
}
