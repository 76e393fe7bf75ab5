import type { DecoderIo } from './decoder-io.ts';
import { float16Tensor, floatTensor, type OrtFeeds, type OrtTensor } from './runtime.ts';

/** Key/value storage: float32, or raw fp16 bits for `_fp16` variants. */
type KvArray = Float32Array | Uint16Array;

/**
 * The attention key/value state of a batch after some tokens: past_key_values for the next step.
 *
 * Layout per layer is the export's [batch, kv_heads, length, head_dim]. Caches are immutable once
 * built: the prefix cache hands the same object to many suffix runs.
 */
export class KvCache {
  private constructor(
    readonly batch: number,
    readonly length: number,
    private readonly io: DecoderIo,
    readonly keys: KvArray[],
    readonly values: KvArray[],
  ) {}

  static empty(io: DecoderIo, batch = 1): KvCache {
    const make = (): KvArray => (io.kvType === 'float16' ? new Uint16Array(0) : new Float32Array(0));
    return new KvCache(batch, 0, io, Array.from({ length: io.layers }, make), Array.from({ length: io.layers }, make));
  }

  /** The present.* outputs of a run, as the next run's past. */
  static fromOutputs(io: DecoderIo, outputs: Record<string, OrtTensor>, batch: number): KvCache {
    const first = outputs[io.presentKey[0]];
    const length = Number(first.dims[2]);
    const keys = io.presentKey.map((n) => outputs[n].data as KvArray);
    const values = io.presentValue.map((n) => outputs[n].data as KvArray);
    return new KvCache(batch, length, io, keys, values);
  }

  get bytes(): number {
    let total = 0;
    for (let i = 0; i < this.keys.length; i++) total += this.keys[i].byteLength + this.values[i].byteLength;
    return total;
  }

  feeds(): OrtFeeds {
    const feeds: OrtFeeds = {};
    const dims = [this.batch, this.io.kvHeads, this.length, this.io.headDim];
    for (let i = 0; i < this.keys.length; i++) {
      feeds[this.io.pastKey[i]] = tensorOf(this.keys[i], dims);
      feeds[this.io.pastValue[i]] = tensorOf(this.values[i], dims);
    }
    return feeds;
  }

  /**
   * This batch-1 cache repeated for `batch` rows, so several suffixes can run over one prefix.
   *
   * Copies: memory is batch x the prefix cache, released when the batch finishes.
   */
  tile(batch: number): KvCache {
    if (batch === 1) return this;
    if (this.batch !== 1) throw new Error('only a batch-1 cache can be tiled');
    const rep = (a: KvArray): KvArray => {
      const out = a instanceof Float32Array ? new Float32Array(a.length * batch) : new Uint16Array(a.length * batch);
      for (let b = 0; b < batch; b++) out.set(a, b * a.length);
      return out;
    };
    return new KvCache(batch, this.length, this.io, this.keys.map(rep), this.values.map(rep));
  }

  /** The first `rows` batch rows, as views over this cache's arrays (no copy: rows are contiguous). */
  firstRows(rows: number): KvCache {
    if (rows === this.batch) return this;
    if (!Number.isInteger(rows) || rows < 1 || rows > this.batch) throw new Error(`cannot take ${rows} rows of a batch-${this.batch} cache`);
    const view = (a: KvArray): KvArray => a.subarray(0, (a.length / this.batch) * rows);
    return new KvCache(rows, this.length, this.io, this.keys.map(view), this.values.map(view));
  }

}

function tensorOf(data: KvArray, dims: number[]): OrtTensor {
  return data instanceof Float32Array ? floatTensor(data, dims) : float16Tensor(data, dims);
}
